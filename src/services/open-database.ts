import type { Config } from '../config.ts';
import type { Log } from '../logger.ts';
import type { Db } from '../storage/db.ts';
import { migrate } from '../storage/migrate.ts';
import { openPglite } from '../storage/pglite.ts';
import { openPostgres } from '../storage/postgres.ts';
import { ensureReference } from './load-reference.ts';

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite under the data
 * dir), applies pending migrations and, on an empty landscape, loads the national reference.
 */
export async function openDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  log: Log,
  opts: { handleSignals?: boolean } = {},
): Promise<Db> {
  const db = config.databaseUrl
    ? await openPostgres(config.databaseUrl)
    : await openPglite({ dataDir: config.dataDir, handleSignals: opts.handleSignals ?? false });
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info('migrations applied', { migrations: applied });
    const ref = await ensureReference(db);
    if (ref.loaded) log.info('national reference loaded', { counts: ref.counts });
    // The embedded database has no autovacuum: give the planner fresh statistics at each open.
    await db.exec('ANALYZE');
    await db.switchToAppRole();
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}
