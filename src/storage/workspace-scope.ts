import type { Db, Queryable } from './db.ts';

/**
 * Runs `fn` in a transaction scoped to one workspace: `atlas.workspace_id` is set for the
 * transaction only, so PostgreSQL's row-level security (migration 0005) shows and accepts that
 * workspace's private rows and no others, whatever SQL `fn` runs.
 */
export function inWorkspace<T>(db: Db, workspaceId: number, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('atlas.workspace_id', $1, true)`, [String(workspaceId)]);
    return fn(tx);
  });
}
