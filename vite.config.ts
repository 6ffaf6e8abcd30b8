import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The NHS.UK stylesheet refers to its icons as /assets/images/…; point that at the package so Vite
// bundles (and fingerprints) them rather than expecting hand-copied files.
const nhsukImages = fileURLToPath(
  new URL('./node_modules/nhsuk-frontend/dist/nhsuk/assets/images/', import.meta.url),
);

/**
 * Drops NHS.UK frontend's @font-face rules that load Frutiger from assets.nhs.uk: the Atlas's CSP allows
 * fonts from itself only, and a third-party request on every page would tell that site who reads what.
 * The NHS font stack then falls back to Arial, as NHS.UK itself does when the font is unavailable.
 */
function dropRemoteFonts(): Plugin {
  return {
    name: 'atlas-drop-remote-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!/nhsuk-frontend[^?]*\.css(\?|$)/.test(id)) return null;
      return { code: code.replace(/@font-face\s*\{[^}]*assets\.nhs\.uk[^}]*\}/g, ''), map: null };
    },
  };
}

export default defineConfig({
  root: 'src/web',
  base: '/',
  plugins: [react(), dropRemoteFonts()],
  resolve: {
    alias: [{ find: /^\/assets\/images\//, replacement: nhsukImages }],
  },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // NHS.UK frontend ships minified CSS with old-browser hacks (`@media screen\0`) that lightningcss
    // rejects; it is already small, so leave the CSS as it comes.
    cssMinify: false,
    // Files, never data: URIs, so a CSP of img-src 'self' holds.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    // `npm run dev:web` alongside `npm start`: the API stays on its own port.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
