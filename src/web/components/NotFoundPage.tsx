import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { NotFoundContent } from './Problem.tsx';

/** Any path the app does not know. */
export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return <NotFoundContent />;
}
