import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Bench, type BenchOptions, median, ms, type Samples, type Series } from './lib.ts';
import { startAtlas, stopAtlas, timeNode } from './processes.ts';

/** A fresh Node process that opens and closes a bare PGlite: in memory, or on disk in `dir` (created if new). */
function barePglite(root: string, dir?: string): Promise<number> {
  const code = `import { PGlite } from '@electric-sql/pglite';
    const pg = await PGlite.create(${dir ? JSON.stringify(dir) : ''}); await pg.close();`;
  return timeNode(['--input-type=module', '-e', code], root);
}

function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-'));
}

/** First start on an empty data dir: migrations, the national reference load, then serving. */
export const firstStart: Bench = {
  name: 'first-start',
  title: 'First start on an empty data dir until GET /api/v1/health answers 200',
  async run({ runs, root, log }: BenchOptions) {
    const measured: Samples = [];
    const baseline: Samples = [];
    const shutdown: Samples = [];
    for (let i = 0; i < runs; i++) {
      // The floor under a first start: Node plus creating an empty database (PGlite runs initdb).
      baseline.push(await barePglite(root));
      const dir = tempDataDir();
      try {
        const server = await startAtlas(root, path.join(dir, 'data'));
        measured.push(server.readyMs);
        shutdown.push(await stopAtlas(server.child));
        log(`run ${i + 1}/${runs}: serving after ${ms(server.readyMs)} (baseline ${ms(baseline.at(-1)!)})`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    return {
      measured: { label: 'spawn → health 200', samples: measured } satisfies Series,
      baseline: { label: 'node + bare PGlite create/close, empty, in memory', samples: baseline },
      stat: 'median',
      targetMs: 15_000,
      notes: [`SIGTERM → exit: median ${ms(median(shutdown))}`],
    };
  },
};

/** Start on a data dir that already holds a migrated, loaded database (the everyday start). */
export const warmRestart: Bench = {
  name: 'warm-restart',
  title: 'Warm restart on the same data dir until GET /api/v1/health answers 200',
  async run({ runs, root, log }: BenchOptions) {
    const dir = tempDataDir();
    const dataDir = path.join(dir, 'data');
    const measured: Samples = [];
    const baseline: Samples = [];
    const shutdown: Samples = [];
    try {
      const first = await startAtlas(root, dataDir);
      await stopAtlas(first.child);
      // The floor under a warm start: Node plus opening an existing (empty) database from disk.
      const bareDir = path.join(dir, 'bare');
      await barePglite(root, bareDir);
      log(`prepared the data dirs (first start ${ms(first.readyMs)})`);
      for (let i = 0; i < runs; i++) {
        baseline.push(await barePglite(root, bareDir));
        const server = await startAtlas(root, dataDir);
        measured.push(server.readyMs);
        shutdown.push(await stopAtlas(server.child));
        log(`run ${i + 1}/${runs}: serving after ${ms(server.readyMs)} (baseline ${ms(baseline.at(-1)!)})`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return {
      measured: { label: 'spawn → health 200', samples: measured },
      baseline: {
        label: 'node + bare PGlite open/close of an existing empty database on disk',
        samples: baseline,
      },
      stat: 'median',
      targetMs: 3_000,
      notes: [`SIGTERM → exit: median ${ms(median(shutdown))}`],
    };
  },
};
