import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Queryable } from '../src/storage/db.ts';
import { type Bench, type BenchOptions, BenchSkipped, median, ms, type Samples, since } from './lib.ts';

/**
 * The import benchmarks use the real NHS and ONS files kept beside the repository, in
 * `../shared/data/` (ods/, geography/, population/). Without them the benchmarks are skipped.
 */
const GROUPS = [
  { group: 'ods', folder: 'ods' },
  { group: 'geography', folder: 'geography' },
  { group: 'deprivation', folder: 'population' },
] as const;

/** The epraccur file imported a second time by `reimport`. */
const EPRACCUR = path.join('ods', 'epraccur_2026-02.csv');

/** The organisations columns an ODS import writes, in the order the COPY floor loads them. */
const FLOOR_COLUMNS = ['code', 'name', 'kind', 'opened_on', 'closed_on', 'postcode', 'ods_status', 'source'];

function sharedData(root: string): string {
  const dir = path.resolve(root, '..', 'shared', 'data');
  const missing = [...GROUPS.map((g) => g.folder), EPRACCUR].filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length > 0) {
    throw new BenchSkipped(
      `the shared data files are not next to the repository (../shared/data: missing ${missing.join(', ')})`,
    );
  }
  return dir;
}

function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-import-'));
}

/** Seconds, for the long figures. */
const s = (x: number) => `${(x / 1000).toFixed(1)} s`;

/** The application modules, loaded inside `run()` so other benchmarks do not load them. */
async function loadApp() {
  const [{ systemClock }, { silentLog }, { importFiles }, { openDatabase }, { readImportFile }] =
    await Promise.all([
      import('../src/core/clock.ts'),
      import('../src/logger.ts'),
      import('../src/services/import-files.ts'),
      import('../src/services/open-database.ts'),
      import('../src/importers/read-file.ts'),
    ]);
  return { systemClock, silentLog, importFiles, openDatabase, readImportFile };
}
type App = Awaited<ReturnType<typeof loadApp>>;
type AtlasDb = Awaited<ReturnType<App['openDatabase']>>;

/** Time spent in the database per kind of statement, gathered by `timedDb`. */
type SqlTimes = Map<string, { n: number; ms: number }>;

/** A statement's kind: `INSERT INTO t (…)` without its rows, else its first words. */
function statementKey(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  const values = one.indexOf(' VALUES ');
  return values > 0 && one.startsWith('INSERT') ? `${one.slice(0, values)} VALUES …` : one.slice(0, 90);
}

/**
 * The same database with every statement timed (round trip from Node, so it includes PGlite's
 * protocol work). Used only for the untimed breakdowns, never for the figures judged on a target.
 */
function timedDb(db: AtlasDb, times: SqlTimes): AtlasDb {
  const timeIt = (q: Queryable): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const t0 = performance.now();
      try {
        return await q.query<T>(sql, params);
      } finally {
        const k = statementKey(sql);
        const e = times.get(k) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += since(t0);
        times.set(k, e);
      }
    },
    async exec(sql: string) {
      const t0 = performance.now();
      try {
        await q.exec(sql);
      } finally {
        const k = statementKey(sql);
        const e = times.get(k) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += since(t0);
        times.set(k, e);
      }
    },
  });
  return {
    ...db,
    ...timeIt(db),
    transaction: (fn) => db.transaction((tx) => fn(timeIt(tx))),
  };
}

/** The statements that took the most time in all, for a note. */
function topStatements(times: SqlTimes, k = 4): string {
  const total = [...times.values()].reduce((a, e) => a + e.ms, 0);
  const top = [...times.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, k);
  return `${ms(total)} in ${[...times.values()].reduce((a, e) => a + e.n, 0)} statements; most: ${top
    .map(([sql, e]) => `${ms(e.ms)} ×${e.n} "${sql}"`)
    .join('; ')}`;
}

/** One file's apply step as the imports table records it (started → finished, in its transaction). */
interface AppliedFile {
  file: string;
  kind: string;
  applyMs: number;
  read: number;
  created: number;
  changed: number;
}

interface NationalLoad {
  db: AtlasDb;
  /** Milliseconds of each group's `importFiles` call, in GROUPS order. */
  groupMs: number[];
  totalMs: number;
  /** Rows read, summed over every report. */
  rows: number;
  files: AppliedFile[];
}

/**
 * Opens a fresh database in `dataDir` (migrations and the national reference, not timed), then
 * imports every group's folder as `atlas import <group> <folder>` does, timing each call.
 */
async function loadNational(
  app: App,
  dataDir: string,
  data: string,
  times?: SqlTimes,
): Promise<NationalLoad> {
  const db = await app.openDatabase({ dataDir, databaseUrl: undefined }, app.silentLog);
  const target = times ? timedDb(db, times) : db;
  try {
    const groupMs: number[] = [];
    let rows = 0;
    for (const { group, folder } of GROUPS) {
      const t0 = performance.now();
      const reports = await app.importFiles(target, app.systemClock, [path.join(data, folder)], {
        group,
        via: 'cli',
      });
      groupMs.push(since(t0));
      rows += reports.reduce((n, r) => n + r.read, 0);
    }
    const files = (
      await db.query<{
        file_name: string;
        kind: string;
        apply_ms: number;
        read: number;
        created: number;
        changed: number;
      }>(
        `SELECT file_name, kind, extract(epoch FROM finished_at - started_at)::numeric * 1000 AS apply_ms,
                (counts->>'read')::int AS read, (counts->>'created')::int AS created,
                (counts->>'changed')::int + (counts->>'closed')::int AS changed
         FROM imports ORDER BY id`,
      )
    ).map((r) => ({
      file: r.file_name,
      kind: r.kind,
      applyMs: Number(r.apply_ms),
      read: r.read,
      created: r.created,
      changed: r.changed,
    }));
    return { db, groupMs, totalMs: groupMs.reduce((a, b) => a + b, 0), rows, files };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Reads and checks every file of every group's folder with no database (what importFiles does first). */
async function readAll(app: App, data: string): Promise<number> {
  const t0 = performance.now();
  for (const { folder } of GROUPS) {
    const dir = path.join(data, folder);
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.startsWith('.')) continue;
      try {
        await app.readImportFile(path.join(dir, f));
      } catch {
        // not an import file (READMEs, files of no kind): importFiles passes over them too
      }
    }
  }
  return since(t0);
}

/** Full national load on an empty on-disk database: every ODS file, the ONS geography, IMD and list sizes. */
export const nationalImport: Bench = {
  name: 'import',
  title: 'Full national load (ods, geography, deprivation folders) on an empty on-disk PGlite',
  async run({ runs, root, log }: BenchOptions) {
    const data = sharedData(root);
    const app = await loadApp();
    const measured: Samples = [];
    const baseline: Samples = [];
    const perGroup: Samples[] = GROUPS.map(() => []);
    const rates: number[] = [];
    const closing: Samples = [];
    let last: AppliedFile[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      // The floor under an import: reading and checking the same files, with no database at all.
      baseline.push(await readAll(app, data));
      const dir = tempDataDir();
      try {
        const load = await loadNational(app, path.join(dir, 'data'), data);
        const t0 = performance.now();
        await load.db.close();
        closing.push(since(t0));
        measured.push(load.totalMs);
        load.groupMs.forEach((g, k) => {
          perGroup[k]!.push(g);
        });
        rows = load.rows;
        rates.push(load.rows / (load.totalMs / 1000));
        last = load.files;
        log(
          `run ${i + 1}/${runs}: ${s(load.totalMs)} (${GROUPS.map((g, k) => `${g.group} ${s(load.groupMs[k]!)}`).join(', ')}); ` +
            `reading alone ${s(baseline.at(-1)!)}`,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const applied = last.reduce((n, f) => n + f.applyMs, 0);
    const slowest = [...last].sort((a, b) => b.applyMs - a.applyMs).slice(0, 5);
    return {
      measured: { label: 'importFiles of the three folders, in order', samples: measured },
      baseline: { label: 'readImportFile of every file in them, no database', samples: baseline },
      stat: 'median',
      targetMs: 60_000,
      notes: [
        `per group (median): ${GROUPS.map((g, k) => `${g.group} ${s(median(perGroup[k]!))}`).join(', ')}`,
        `${rows} rows read in ${last.length} files: median ${Math.round(median(rates))} rows/s`,
        `apply steps (started → finished in the imports table, last run): ${s(applied)} of ${s(measured.at(-1)!)}; ` +
          `the rest is reading, checking and hashing the files`,
        `slowest apply steps: ${slowest.map((f) => `${f.file} ${s(f.applyMs)} (${f.read} rows)`).join(', ')}`,
        `close with CHECKPOINT after the load (not counted): median ${ms(median(closing))}`,
      ],
    };
  },
};

/** CSV text for COPY: every field quoted, NULL as an unquoted empty field. */
function csvLine(values: (string | null)[]): string {
  return values.map((v) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`)).join(',');
}

/**
 * The floor: a plain bulk load of the same rows. COPY runs as the database owner (PGlite's
 * superuser: COPY from a file, here PGlite's `/dev/blob`, needs it), in one transaction, as an import does.
 */
async function copyFloor(db: AtlasDb, table: string, csv: Blob): Promise<number> {
  if (db.engine !== 'pglite') throw new BenchSkipped('the COPY floor needs the embedded database');
  const { pg } = db as AtlasDb & { pg: import('@electric-sql/pglite').PGlite };
  await pg.exec(`RESET ROLE; TRUNCATE ${table}`);
  const t0 = performance.now();
  await pg.transaction(async (tx) => {
    await tx.query(`COPY ${table} (${FLOOR_COLUMNS.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
      blob: csv,
    });
  });
  const t = since(t0);
  await pg.exec('SET ROLE atlas_app');
  return t;
}

/** Re-importing an unchanged epraccur into a fully loaded database, against COPY of the same rows. */
export const reimportEpraccur: Bench = {
  name: 'reimport',
  title: 'Re-import of an unchanged epraccur_2026-02.csv into the loaded database, vs COPY of its rows',
  async run({ runs, root, log }: BenchOptions) {
    const data = sharedData(root);
    const app = await loadApp();
    const file = path.join(data, EPRACCUR);
    const dir = tempDataDir();
    const n = Math.max(5, runs);
    const measured: Samples = [];
    const baseline: Samples = [];
    const reading: Samples = [];
    const applying: Samples = [];
    const indexed: Samples = [];
    const counts: string[] = [];
    try {
      // The load before the re-imports is not a sample: its statements are timed for a breakdown.
      const loadTimes: SqlTimes = new Map();
      const load = await loadNational(app, path.join(dir, 'data'), data, loadTimes);
      const { db } = load;
      try {
        const first = load.files.filter((f) => f.kind === 'epraccur');
        log(`statements of the national load: ${topStatements(loadTimes)}`);
        log(
          `loaded the national data in ${s(load.totalMs)}; epraccur apply steps: ${first.map((f) => `${f.file} ${s(f.applyMs)}`).join(', ')}`,
        );
        // The same rows the import applies, as the reader gives them, for the COPY floor.
        const read = await app.readImportFile(file);
        const csv = new Blob([
          `${read.orgs
            .map((r) =>
              csvLine([
                r.code,
                r.name,
                r.kind,
                r.opened_on,
                r.closed_on,
                r.postcode,
                r.status,
                `${path.basename(file)} (ODS, ${read.vintage})`,
              ]),
            )
            .join('\n')}\n`,
        ]);
        const pg = (db as AtlasDb & { pg: import('@electric-sql/pglite').PGlite }).pg;
        await pg.exec(`RESET ROLE;
          CREATE TABLE bench_copy_floor (LIKE organisations INCLUDING DEFAULTS INCLUDING IDENTITY);
          CREATE TABLE bench_copy_indexed (LIKE organisations INCLUDING ALL);
          SET ROLE atlas_app`);
        for (let i = 0; i < n; i++) {
          let t0 = performance.now();
          const [report] = await app.importFiles(db, app.systemClock, [file], { group: 'ods', via: 'cli' });
          measured.push(since(t0));
          const r = report!;
          counts.push(
            `created ${r.created}, changed ${r.changed}, closed ${r.closed}, unchanged ${r.unchanged}`,
          );
          const [step] = await db.query<{ apply_ms: number }>(
            `SELECT extract(epoch FROM finished_at - started_at)::numeric * 1000 AS apply_ms FROM imports WHERE id = $1`,
            [r.id],
          );
          applying.push(Number(step!.apply_ms));
          baseline.push(await copyFloor(db, 'bench_copy_floor', csv));
          t0 = performance.now();
          await app.readImportFile(file);
          reading.push(since(t0));
          indexed.push(await copyFloor(db, 'bench_copy_indexed', csv));
          log(
            `run ${i + 1}/${n}: re-import ${ms(measured.at(-1)!)} (apply ${ms(applying.at(-1)!)}), ` +
              `read alone ${ms(reading.at(-1)!)}, COPY ${ms(baseline.at(-1)!)}, COPY with indexes ${ms(indexed.at(-1)!)}`,
          );
        }
        // One more re-import, not a sample, with its statements timed: the database's share of the apply step.
        const reTimes: SqlTimes = new Map();
        const t0 = performance.now();
        await app.importFiles(timedDb(db, reTimes), app.systemClock, [file], { group: 'ods', via: 'cli' });
        const instrumented = since(t0);
        const rows = read.orgs.length;
        // The re-import's heaviest statement, server side (EXPLAIN ANALYZE) against its round trip from Node.
        const codes = read.orgs.map((r) => r.code);
        const heldSql =
          'SELECT id, code, kind, name, postcode, opened_on, closed_on, ods_status FROM organisations WHERE code = ANY($1::text[])';
        const t1 = performance.now();
        await db.query(heldSql, [codes]);
        const roundTrip = since(t1);
        const [plan] = await db.query<{
          'QUERY PLAN': [{ Plan: { 'Node Type': string }; 'Execution Time': number }];
        }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${heldSql}`, [codes]);
        const p = plan!['QUERY PLAN'][0];
        return {
          measured: { label: `importFiles([${path.basename(file)}]) a second time`, samples: measured },
          baseline: {
            label: `COPY of its ${rows} rows into a plain table with organisations' columns (no indexes)`,
            samples: baseline,
          },
          stat: 'median',
          targetMs: 10_000,
          notes: [
            `report of the re-imports: ${[...new Set(counts)].join('; ')}`,
            `inside the re-import (medians): reading and checking the file ${ms(median(reading))}, ` +
              `the apply step (started → finished) ${ms(median(applying))}`,
            `statements of one more re-import (${ms(instrumented)}): ${topStatements(reTimes)}`,
            `the held-organisations SELECT of ${codes.length} codes: ${ms(roundTrip)} from Node, ${ms(p['Execution Time'])} ` +
              `executing in the database (${p.Plan['Node Type']})`,
            `statements of the national load before the re-imports: ${topStatements(loadTimes)}`,
            `COPY into a copy of organisations with its indexes (unique code, kind, trigram name): median ${ms(median(indexed))} ` +
              `(${(median(indexed) / median(baseline)).toFixed(1)}× the plain COPY)`,
            ...first.map(
              (f) =>
                `during the national load, ${f.file} (${f.read} rows read, ${f.created} created, ${f.changed} changed or closed): ` +
                `apply step ${ms(f.applyMs)}, ${(f.applyMs / median(baseline)).toFixed(1)}× the plain COPY of the 2026-02 rows`,
            ),
          ],
        };
      } finally {
        await db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
