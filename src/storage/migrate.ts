import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomainError } from '../core/errors.ts';
import type { Db } from './db.ts';

/** A migration file: `NNNN_name.sql`, forward-only, never changed once landed. */
export interface Migration {
  name: string;
  sql: string;
  sha256: string;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Reads the numbered migrations from `dir`, in order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies every migration not yet recorded, each in its own transaction, recording name and sha256.
 * A landed migration whose file has changed is an error (DomainError 'conflict'). Returns the names applied now.
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const landed = new Map(
    (await db.query<{ name: string; sha256: string }>('SELECT name, sha256 FROM schema_migrations')).map(
      (r) => [r.name, r.sha256],
    ),
  );
  for (const [name, sha] of landed) {
    const m = migrations.find((x) => x.name === name);
    if (m && m.sha256 !== sha) {
      throw new DomainError(
        'conflict',
        `migration ${name} has changed since it was applied (sha256 ${sha.slice(0, 12)}… in the database, ${m.sha256.slice(0, 12)}… on disk); migrations are forward-only: add a new one instead`,
      );
    }
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (landed.has(m.name)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)', [m.name, m.sha256]);
    });
    applied.push(m.name);
  }
  return applied;
}

/** The migrations recorded in the database, oldest first. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const rows = await db
    .query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')
    .catch(() => [] as { name: string }[]);
  return rows.map((r) => r.name);
}
