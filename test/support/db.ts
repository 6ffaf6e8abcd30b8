import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { inject } from 'vitest';
import type { Db } from '../../src/storage/db.ts';
import { openPglite } from '../../src/storage/pglite.ts';
import { openPostgres } from '../../src/storage/postgres.ts';
import { testDatabaseUrl } from './engines.ts';

export type Engine = 'pglite' | 'postgres';

/** The engines this run tests on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const ENGINES: Engine[] = testDatabaseUrl() ? ['pglite', 'postgres'] : ['pglite'];

let snapshot: Blob | undefined;

/** A fresh database, migrated and holding the national reference, on the engine asked for. */
export async function freshDb(engine: Engine = 'pglite'): Promise<Db> {
  if (engine === 'pglite') {
    snapshot ??= new Blob([fs.readFileSync(inject('pgliteSnapshot'))]);
    const db = await openPglite({ loadDataDir: snapshot });
    await db.switchToAppRole();
    return db;
  }
  const url = testDatabaseUrl();
  const template = inject('postgresTemplate');
  if (!url || !template) throw new Error('the PostgreSQL lane needs TEST_DATABASE_URL');
  const name = `atlas_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 4);
  await db.switchToAppRole();
  return {
    ...db,
    async close() {
      await db.close();
      const a = await openPostgres(url, 1);
      await a.exec(`DROP DATABASE IF EXISTS ${name}`);
      await a.close();
    },
  };
}
