import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLog } from '../src/logger.ts';
import { openDatabase } from '../src/services/open-database.ts';
import { HAVE_SHARED, practicesOf, shared } from './support/shared-data.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const KILLS = 20;

/** Starts `atlas import ods FILE` on `dataDir`; resolves with its exit code, or kills it after `killAfterMs`. */
function importProcess(dataDir: string, file: string, killAfterMs: number | null): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin/atlas.mjs'), 'import', 'ods', file, '--json'],
      {
        cwd: ROOT,
        env: { ...process.env, ATLAS_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      },
    );
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve(code);
    });
  });
}

async function countPractices(dataDir: string): Promise<{ practices: number; imports: number }> {
  const db = await openDatabase({ dataDir, databaseUrl: undefined }, silentLog);
  try {
    const [p] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM organisations WHERE kind = 'gp_practice'",
    );
    const [i] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM imports WHERE kind = 'epraccur'",
    );
    return { practices: p?.n ?? 0, imports: i?.n ?? 0 };
  } finally {
    await db.close();
  }
}

describe.skipIf(!HAVE_SHARED)('crash safety of an import (PGlite on disk)', () => {
  it(`holds the whole import or none of it after ${KILLS} kills at random points, and a re-run finishes it exactly`, {
    timeout: 600_000,
  }, async () => {
    const file = shared('ods', 'epraccur_2026-02.csv');
    const expected = practicesOf(file).size;
    // An empty, migrated data dir with the national reference: every kill starts from a copy of it,
    // so each one lands somewhere in a first import (or before it starts, or after it commits).
    const template = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-crash-template-'));
    expect((await countPractices(template)).practices).toBe(0);
    const copy = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-crash-'));
      fs.cpSync(template, dir, { recursive: true });
      return dir;
    };
    // Time one whole import to spread the kills across it.
    const timing = copy();
    const t0 = Date.now();
    expect(await importProcess(timing, file, null)).toBe(0);
    const whole = Date.now() - t0;
    expect((await countPractices(timing)).practices).toBe(expected);

    let seed = 20261124;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes: string[] = [];
    let last = '';
    for (let i = 0; i < KILLS; i++) {
      last = copy();
      const at = Math.floor(200 + rand() * whole);
      await importProcess(last, file, at);
      const c = await countPractices(last);
      outcomes.push(`${at}ms:${c.practices === expected ? 'all' : c.practices === 0 ? 'none' : c.practices}`);
      // All or nothing: no practice without its import, no import without all its practices.
      expect([0, expected], `kill ${i + 1} at ${at} ms`).toContain(c.practices);
      expect(c.imports > 0, `kill ${i + 1}`).toBe(c.practices === expected);
      if (i < KILLS - 1) fs.rmSync(last, { recursive: true, force: true });
    }
    console.log(`[crash] ${KILLS} kills (import takes ${whole} ms): ${outcomes.join(', ')}`);
    // Re-running on the last killed copy finishes the import exactly.
    expect(await importProcess(last, file, null)).toBe(0);
    expect((await countPractices(last)).practices).toBe(expected);
    for (const d of [template, timing, last]) fs.rmSync(d, { recursive: true, force: true });
  });
});
