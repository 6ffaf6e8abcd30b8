import fs from 'node:fs';
import path from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built web app from `dir`: files by path (hashed assets cached for a year), and
 * index.html for any other page path so the browser app can route it. Never leaves `dir`.
 */
export function serveWeb(dir: string) {
  const root = path.resolve(dir);
  return (c: Context): Response => {
    const urlPath = decodeURIComponent(new URL(c.req.url).pathname);
    const file = path.resolve(root, `.${urlPath}`);
    const inside = file === root || file.startsWith(root + path.sep);
    if (inside && fs.existsSync(file) && fs.statSync(file).isFile()) {
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const immutable = urlPath.startsWith('/assets/');
      return new Response(fs.readFileSync(file), {
        headers: {
          'content-type': type,
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        },
      });
    }
    const index = path.join(root, 'index.html');
    if (!fs.existsSync(index)) {
      return new Response(
        'The web app is not built. Run `npm run build` (npm install does this) and restart the Atlas.\n',
        { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } },
      );
    }
    return new Response(fs.readFileSync(index), {
      headers: { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache' },
    });
  };
}
