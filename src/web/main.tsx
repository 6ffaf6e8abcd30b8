import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// What the NHS.UK page template's inline script does, here because the CSP allows no inline script.
document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
