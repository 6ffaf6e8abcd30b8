import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where `vite build` puts the web app. */
export const WEB_DIR = path.join(PROJECT_ROOT, 'dist', 'web');

/** What the web build reads: a change to any of these makes the built app stale. */
const WEB_SOURCES = ['src/web', 'src/shared', 'src/core/landscape.ts', 'vite.config.ts'];

function newestChange(p: string): number {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestChange(path.join(p, entry)));
  return newest;
}

/** Builds the web app into dist/web unless a build newer than its sources is already there; returns the folder. */
export function ensureWebBuilt(): string {
  const index = path.join(WEB_DIR, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(
    ...WEB_SOURCES.map((s) => path.join(PROJECT_ROOT, s))
      .filter((p) => fs.existsSync(p))
      .map(newestChange),
  );
  if (built < sources) {
    console.log('[e2e] building the web app (dist/web is missing or older than its sources)');
    execFileSync(
      process.execPath,
      [path.join(PROJECT_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: PROJECT_ROOT,
        stdio: 'inherit',
        // Vitest sets NODE_ENV=test; the app is tested as it ships, in React's production build.
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
  }
  return WEB_DIR;
}
