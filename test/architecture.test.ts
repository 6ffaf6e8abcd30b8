import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [
    ...src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => (m[1] ?? m[2])!);
}

const IO_MODULES =
  /^(node:)?(fs|fs\/promises|http|https|net|child_process|dgram|tls|worker_threads|os|process)$|^(pg|@electric-sql\/.*|hono|@hono\/.*|react|react-dom|exceljs|csv-parse|playwright-core)$/;

describe('the dependency rule', () => {
  it('keeps src/core free of I/O: it imports only itself, src/shared and pure libraries', () => {
    const offences: string[] = [];
    for (const f of filesUnder(path.join(SRC, 'core'))) {
      if (f.endsWith('.test.ts')) continue;
      for (const spec of importsOf(f)) {
        if (IO_MODULES.test(spec)) offences.push(`${path.relative(SRC, f)} imports ${spec}`);
        if (spec.startsWith('.')) {
          const target = path.relative(SRC, path.resolve(path.dirname(f), spec));
          if (!target.startsWith('core') && !target.startsWith('shared'))
            offences.push(`${path.relative(SRC, f)} imports ${spec}`);
        }
      }
    }
    expect(offences).toEqual([]);
    expect(filesUnder(path.join(SRC, 'core')).length).toBeGreaterThan(3);
  });

  it('keeps services, storage and core free of server, cli and web code', () => {
    const offences: string[] = [];
    for (const layer of ['core', 'services', 'storage']) {
      for (const f of filesUnder(path.join(SRC, layer))) {
        for (const spec of importsOf(f).filter((s) => s.startsWith('.'))) {
          const target = path.relative(SRC, path.resolve(path.dirname(f), spec));
          if (/^(server|cli|web)\b/.test(target)) offences.push(`${path.relative(SRC, f)} imports ${spec}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it('reads the environment only in src/config.ts', () => {
    const readers = filesUnder(SRC)
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => /process\.env\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f));
    expect(readers).toEqual(['config.ts']);
  });
});
