import type { Queryable } from './db.ts';
import { isoTimestamp } from './sql.ts';

/** A workspace's row of influence weights: the overrides as stored (unchecked JSON) and its version. */
export interface WeightsRow {
  overrides: unknown;
  version: number;
  updated_by: number | null;
  updated_at: string;
}

/**
 * The workspace's influence weights row, or null when it has never set any (the defaults). Call inside
 * the workspace's transaction (row-level security).
 */
export async function readWeightsRow(q: Queryable, workspaceId: number): Promise<WeightsRow | null> {
  const [row] = await q.query<WeightsRow>(
    `SELECT overrides, version, updated_by, ${isoTimestamp('updated_at')} AS updated_at
     FROM influence_weights WHERE workspace_id = $1`,
    [workspaceId],
  );
  if (!row) return null;
  const overrides =
    typeof row.overrides === 'string' ? (JSON.parse(row.overrides) as unknown) : row.overrides;
  return { ...row, overrides };
}

/**
 * Writes the overrides if the row is still at `expectedVersion` (0: no row yet), moving the version on;
 * returns the new version, or null when someone else wrote first.
 */
export async function writeWeightsRow(
  q: Queryable,
  workspaceId: number,
  overrides: object,
  expectedVersion: number,
  by: { userId: number | null; at: Date },
): Promise<number | null> {
  const json = JSON.stringify(overrides);
  if (expectedVersion === 0) {
    const [row] = await q.query<{ version: number }>(
      `INSERT INTO influence_weights (workspace_id, overrides, version, updated_by, updated_at)
       VALUES ($1, $2::jsonb, 1, $3, $4) ON CONFLICT (workspace_id) DO NOTHING RETURNING version`,
      [workspaceId, json, by.userId, by.at.toISOString()],
    );
    return row?.version ?? null;
  }
  const [row] = await q.query<{ version: number }>(
    `UPDATE influence_weights SET overrides = $2::jsonb, version = version + 1, updated_by = $3, updated_at = $4
     WHERE workspace_id = $1 AND version = $5 RETURNING version`,
    [workspaceId, json, by.userId, by.at.toISOString(), expectedVersion],
  );
  return row?.version ?? null;
}
