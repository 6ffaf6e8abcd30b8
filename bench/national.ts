import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchOptions, BenchSkipped, once, since } from './lib.ts';

/**
 * The national demo on disk, for the benchmarks that need a country's worth of data: a fresh PGlite
 * data dir (temp dir, removed at exit) with the reference and every ODS file of `../shared/data/ods`
 * imported, and `atlas demo --scale national --seed 1` in one workspace (56,798 graph nodes, about
 * 500,000 edges). Built once per benchmark run, however many benchmarks ask for it: about 8 to 12
 * minutes of set-up, never timed. Skipped when `../shared/data/ods` is absent.
 *
 * `BENCH_NATIONAL_DIR` (a data dir built by an earlier run) and `BENCH_NATIONAL_WORKSPACE` (its
 * workspace id) reuse a database instead of building one: it is opened in place and may be changed
 * (the Atlas analyses it at each open, a benchmark may add users), so point them at a copy.
 */
export interface NationalDatabase {
  /** what `openDatabase({ dataDir })` takes: the PGlite files are under its `pglite` folder */
  dataDir: string;
  workspaceId: number;
  /** the date the demo was written as at (YYYY-MM-DD) */
  today: string;
}

const ODS = 'ods';

/** The national demo database: built on the first call of a run, the same one after. */
export const nationalDatabase = once(build);

const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
const n = (x: number) => x.toLocaleString('en-GB');

async function build({ root, log }: BenchOptions): Promise<NationalDatabase> {
  const reuse = process.env.BENCH_NATIONAL_DIR;
  if (reuse) {
    const workspaceId = Number(process.env.BENCH_NATIONAL_WORKSPACE);
    if (!Number.isInteger(workspaceId) || workspaceId < 1)
      throw new Error(
        `BENCH_NATIONAL_WORKSPACE: a workspace id (a whole number) is needed with BENCH_NATIONAL_DIR, not "${process.env.BENCH_NATIONAL_WORKSPACE ?? ''}"`,
      );
    if (!fs.existsSync(path.join(reuse, 'pglite')))
      throw new Error(`BENCH_NATIONAL_DIR: ${reuse} holds no PGlite database (no pglite folder)`);
    log(`national demo: reusing the database of BENCH_NATIONAL_DIR, workspace ${workspaceId}`);
    return { dataDir: reuse, workspaceId, today: new Date().toISOString().slice(0, 10) };
  }
  const data = path.resolve(root, '..', 'shared', 'data');
  if (!fs.existsSync(path.join(data, ODS, 'epraccur_2026-02.csv')))
    throw new BenchSkipped('the shared data files are not next to the repository (../shared/data/ods)');
  const [clock, logger, importFiles, openDatabase, workspaces, demo] = await Promise.all([
    import('../src/core/clock.ts'),
    import('../src/logger.ts'),
    import('../src/services/import-files.ts'),
    import('../src/services/open-database.ts'),
    import('../src/services/workspaces.ts'),
    import('../src/demo/write.ts'),
  ]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-national-'));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  const dataDir = path.join(tmp, 'data');
  const db = await openDatabase.openDatabase({ dataDir, databaseUrl: undefined }, logger.silentLog);
  try {
    let t0 = performance.now();
    await importFiles.importFiles(db, clock.systemClock, [path.join(data, ODS)], {
      group: 'ods',
      via: 'cli',
    });
    log(`national demo: imported the ODS folder in ${s(since(t0))} (set-up, not timed)`);
    const workspaceId = (
      await workspaces
        .workspaceService({ db, clock: clock.systemClock })
        .addWorkspace('Bench national demo', { cli: true })
    ).id;
    const today = new Date().toISOString().slice(0, 10);
    t0 = performance.now();
    const r = await demo.runDemo(db, {
      workspaceId,
      seed: 1,
      scale: 'national',
      today,
      actor: { at: new Date(), actorId: null, actorEmail: 'bench' },
    });
    log(
      `national demo: atlas demo --scale national in ${s(since(t0))} (set-up): ${n(r.people)} people, ` +
        `${n(r.posts)} posts, ${n(r.memberships)} memberships, ${n(r.relationships)} relationships`,
    );
    return { dataDir, workspaceId, today };
  } finally {
    await db.close();
  }
}
