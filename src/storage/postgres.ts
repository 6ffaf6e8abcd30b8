import pg from 'pg';
import type { Db, Queryable } from './db.ts';

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1082) return (v: string) => v; // date stays YYYY-MM-DD
    if (oid === 20 || oid === 1700) return (v: string) => Number(v); // int8, numeric
    return pg.types.getTypeParser(oid, format);
  },
};

function wrap(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await c.query({ text: sql, values: params as unknown[] | undefined, types: typeParsers });
      return r.rows as T[];
    },
    async exec(sql: string) {
      await c.query({ text: sql, types: typeParsers });
    },
  };
}

/** Connects to a PostgreSQL server at `url` (a pool of up to `max` connections). */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  let role: string | null = null;
  const makePool = () => {
    const p = new pg.Pool({ connectionString: url, max });
    // Every new connection takes the application role before its first query runs.
    p.on('connect', (client) => {
      if (role) void client.query(`SET ROLE ${role}`).catch(() => undefined);
    });
    return p;
  };
  let pool = makePool();
  // Fail now, with the server's own reason, rather than on the first request.
  const c = await pool.connect();
  c.release();
  return {
    engine: 'postgres',
    query: (sql, params) => wrap(pool).query(sql, params),
    exec: (sql) => wrap(pool).exec(sql),
    async switchToAppRole() {
      role = 'atlas_app';
      const old = pool;
      pool = makePool();
      await old.end();
      const probe = await pool.connect();
      try {
        await probe.query('SET ROLE atlas_app');
      } finally {
        probe.release();
      }
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
