import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db, Queryable } from './db.ts';
import { acquireLock, type DataDirLock } from './lock.ts';

const parsers = {
  [types.DATE]: (v: string) => v,
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
};

function wrap(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await q.query<T>(sql, params as unknown[] | undefined);
      return r.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

export interface PgliteOptions {
  /** Folder for the database files; undefined = in memory (tests). */
  dataDir?: string | undefined;
  /** A dump from `dumpDataDir` to start from (tests start each database from one migrated snapshot). */
  loadDataDir?: Blob | File | undefined;
  /** Install SIGINT/SIGTERM handlers that CHECKPOINT and close cleanly (servers and long CLI work). */
  handleSignals?: boolean;
}

/** The embedded database with what PGlite does not do itself: a single-writer lock and a clean close. */
export interface PgliteDb extends Db {
  readonly pg: PGlite;
  /** A compressed dump of the whole database, for snapshots. */
  dump(): Promise<Blob>;
}

/** Opens (creating if needed) the embedded PGlite database; takes the data dir's lock first. */
export async function openPglite(opts: PgliteOptions = {}): Promise<PgliteDb> {
  let lock: DataDirLock | undefined;
  let pgDir: string | undefined;
  if (opts.dataDir) {
    lock = acquireLock(opts.dataDir);
    pgDir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(pgDir, { recursive: true });
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      ...(pgDir ? { dataDir: pgDir } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      extensions: { pg_trgm },
      parsers,
    });
  } catch (e) {
    lock?.release();
    throw e;
  }
  let closed = false;
  const onSignal = (signal: NodeJS.Signals) => {
    void db.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  const db: PgliteDb = {
    engine: 'pglite',
    pg,
    ...wrap(pg),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return pg.transaction((tx) => fn(wrap(tx)));
    },
    async switchToAppRole() {
      await pg.exec('SET ROLE atlas_app');
    },
    async dump() {
      return pg.dumpDataDir('gzip');
    },
    async close() {
      if (closed) return;
      closed = true;
      if (opts.handleSignals) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      try {
        if (pgDir) await pg.exec('RESET ROLE; CHECKPOINT');
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
  if (opts.handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return db;
}
