import { appendAudit } from '../storage/audit-repo.ts';
import type { Queryable } from '../storage/db.ts';

/** Who is making a change, and from where: what every audited write needs. */
export interface Actor {
  at: Date;
  workspaceId: number;
  actorId: number | null;
  actorEmail: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** What a change to people's records touched. */
export interface PeopleChange {
  /** e.g. `person.created`, `post.updated`, `membership.deleted`, `person.erased` */
  action: string;
  targetType:
    | 'person'
    | 'post'
    | 'membership'
    | 'relationship'
    | 'persona'
    | 'people_import'
    | 'people_export';
  targetId: number | string | null;
  /** every person the change is about (both ends of a relationship) */
  personIds: number[];
  /** the names of the fields set or changed: never their values */
  fields: string[];
  /** anything else worth keeping that is not personal data (codes, counts, ids) */
  details?: Record<string, unknown>;
}

/**
 * Audits a change to people's records. The audit log is append-only, so it must never hold a
 * person's personal data, or erasure could not be complete: it records which fields changed and the
 * ids of the people concerned (`details.person_ids`), not names, contact details, notes, evidence or
 * declarations. Subject access and the freshness page read these entries back by person id.
 */
export async function auditPeopleChange(q: Queryable, actor: Actor, c: PeopleChange): Promise<void> {
  await appendAudit(q, {
    at: actor.at,
    workspaceId: actor.workspaceId,
    actorId: actor.actorId,
    actorEmail: actor.actorEmail,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    action: c.action,
    targetType: c.targetType,
    targetId: c.targetId,
    details: { person_ids: [...new Set(c.personIds)], fields: [...c.fields].sort(), ...(c.details ?? {}) },
  });
}

/** The keys whose values differ between two records (compared as JSON), among `keys`. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  keys: (keyof T)[],
): string[] {
  return keys
    .filter(
      (k) => k in after && after[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    )
    .map(String);
}
