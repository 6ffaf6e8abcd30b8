import type { Db } from '../storage/db.ts';
import { countOpen } from '../storage/landscape-repo.ts';

/** What `atlas stats --json` prints. */
export interface Stats {
  as_at: string;
  organisations: Record<string, number>;
  networks: Record<string, number>;
  people: number;
  database: 'pglite' | 'postgres';
}

/** Counts what is open on `asAt`: organisations and networks by kind, and people (0 before any exist). */
export async function collectStats(db: Db, asAt: string): Promise<Stats> {
  const counts = await countOpen(db, asAt);
  const [reg] = await db.query<{ t: string | null }>(`SELECT to_regclass('people')::text AS t`);
  let people = 0;
  if (reg?.t) {
    const [p] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
    people = p?.n ?? 0;
  }
  return { as_at: asAt, ...counts, people, database: db.engine };
}
