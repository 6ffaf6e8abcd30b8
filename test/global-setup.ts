import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureReference } from '../src/services/load-reference.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { POSTGRES_TEMPLATE, testDatabaseUrl } from './support/engines.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string | null;
  }
}

/**
 * Builds one migrated database with the national reference, once per run: a PGlite dump that every
 * test loads afresh, and (when TEST_DATABASE_URL is set) a PostgreSQL template database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if ((major ?? 0) < 20 || (major === 20 && (minor ?? 0) < 19)) {
    throw new Error(`Node.js >= 20.19 is required (this is ${process.versions.node})`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-test-'));
  const db = await openPglite({});
  await migrate(db);
  await ensureReference(db);
  const file = path.join(dir, 'snapshot.tar.gz');
  fs.writeFileSync(file, Buffer.from(await (await db.dump()).arrayBuffer()));
  await db.close();
  project.provide('pgliteSnapshot', file);

  const url = testDatabaseUrl();
  let template: string | null = null;
  if (url) {
    const admin = await openPostgres(url, 1);
    await admin.exec(`DROP DATABASE IF EXISTS ${POSTGRES_TEMPLATE}`);
    await admin.exec(`CREATE DATABASE ${POSTGRES_TEMPLATE}`);
    await admin.close();
    const u = new URL(url);
    u.pathname = `/${POSTGRES_TEMPLATE}`;
    const tdb = await openPostgres(u.toString(), 1);
    await migrate(tdb);
    await ensureReference(tdb);
    await tdb.close();
    template = POSTGRES_TEMPLATE;
    console.log('[atlas tests] PostgreSQL lane: on (TEST_DATABASE_URL is set)');
  } else {
    console.log('[atlas tests] PostgreSQL lane: skipped — TEST_DATABASE_URL is not set (CI sets it)');
  }
  project.provide('postgresTemplate', template);
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
