import { createHash } from 'node:crypto';
import { normaliseForMatch } from '../core/people.ts';
import type { Queryable } from '../storage/db.ts';

/** The identifying parts of a person the suppression list matches on. */
export interface Identity {
  given_name: string;
  family_name: string;
  email?: string | null;
}

const hash = (workspaceId: number, kind: string, value: string) =>
  createHash('sha256').update(`atlas-suppression:${workspaceId}:${kind}:${value}`).digest('hex');

/**
 * The hashes the suppression list keeps for an erased person: of the normalised full name and of
 * the normalised email. Salted with the workspace, so the same person's entries differ between
 * workspaces. A hash is not the name, but a guessed name can be checked against it: the list is
 * private to the workspace like the records it replaces.
 */
export function suppressionHashes(
  workspaceId: number,
  p: Identity,
): { nameHash: string; emailHash: string | null } {
  const name = normaliseForMatch(`${p.given_name} ${p.family_name}`);
  const email = p.email ? normaliseForMatch(p.email) : '';
  return {
    nameHash: hash(workspaceId, 'name', name),
    emailHash: email ? hash(workspaceId, 'email', email) : null,
  };
}

/**
 * Whether a person matches the workspace's suppression list: the same email, or (when either side
 * has no email) the same name. Call inside the workspace's transaction (row-level security).
 */
export async function isSuppressed(q: Queryable, workspaceId: number, p: Identity): Promise<boolean> {
  const { nameHash, emailHash } = suppressionHashes(workspaceId, p);
  const rows = await q.query<{ hit: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM person_suppressions
       WHERE workspace_id = $1
         AND (($3::text IS NOT NULL AND email_hash = $3)
              OR (name_hash = $2 AND ($3::text IS NULL OR email_hash IS NULL)))
     ) AS hit`,
    [workspaceId, nameHash, emailHash],
  );
  return rows[0]?.hit === true;
}

/** Adds an erased person to the suppression list; returns the entry's id. */
export async function addSuppression(
  q: Queryable,
  workspaceId: number,
  p: Identity,
  at: Date,
  erasedBy: number | null,
): Promise<number> {
  const { nameHash, emailHash } = suppressionHashes(workspaceId, p);
  const [row] = await q.query<{ id: number }>(
    `INSERT INTO person_suppressions (workspace_id, name_hash, email_hash, erased_at, erased_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [workspaceId, nameHash, emailHash, at.toISOString(), erasedBy],
  );
  return row!.id;
}
