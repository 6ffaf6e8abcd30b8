import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from '../src/storage/pglite.ts';
import { HAVE_SHARED, practicesOf, shared } from './support/shared-data.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const KILLS = 20;

/** Starts `atlas import ods FILE` on `dataDir`; resolves with its exit code, or kills it after `killAfterMs`. */
function importProcess(dataDir: string, file: string, killAfterMs: number | null): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/atlas.mjs'), 'import', 'ods', file, '--json'], {
      cwd: ROOT,
      env: { ...process.env, ATLAS_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve(code);
    });
  });
}

async function countPractices(dataDir: string): Promise<{ practices: number; imports: number }> {
  const db = await openPglite({ dataDir });
  try {
    const [p] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM organisations WHERE kind = 'gp_practice'");
    const [i] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM imports WHERE kind = 'epraccur'");
    return { practices: p?.n ?? 0, imports: i?.n ?? 0 };
  } finally {
    await db.close();
  }
}

describe.skipIf(!HAVE_SHARED)('crash safety of an import (PGlite on disk)', () => {
  it(`holds the whole import or none of it after ${KILLS} kills at random points, and a re-run finishes it exactly`, { timeout: 600_000 }, async () => {
    const file = shared('ods', 'epraccur_2026-02.csv');
    const expected = practicesOf(file).size;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-crash-'));
    // Migrate and load the reference first, so the kills land in the import itself.
    (await countPractices(dataDir)).practices;
    // Time one whole import to spread the kills across it.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-crash-time-'));
    await countPractices(scratch);
    const t0 = Date.now();
    expect(await importProcess(scratch, file, null)).toBe(0);
    const whole = Date.now() - t0;
    fs.rmSync(scratch, { recursive: true, force: true });

    let seed = 20261124;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const at = Math.floor(300 + rand() * whole);
      await importProcess(dataDir, file, at);
      const c = await countPractices(dataDir);
      outcomes.push(`${at}ms:${c.practices}`);
      // All or nothing: no practice without its import, no import without all its practices.
      expect([0, expected], `kill ${i + 1} at ${at} ms`).toContain(c.practices);
      expect(c.imports > 0, `kill ${i + 1}`).toBe(c.practices === expected);
      // Once it has landed whole, later kills hit re-imports of the same file: still all or nothing.
    }
    console.log(`[crash] ${outcomes.length} kills: ${outcomes.join(', ')}`);
    expect(await importProcess(dataDir, file, null)).toBe(0);
    expect((await countPractices(dataDir)).practices).toBe(expected);
  });
});
