import type { Queryable } from './db.ts';
import { isoTimestamp } from './sql.ts';

/** One audit entry to append. `before`/`after` hold changed personal data; `details` anything else. */
export interface AuditEntry {
  at: Date;
  workspaceId: number | null;
  actorId: number | null;
  actorEmail: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  ip?: string | null;
  userAgent?: string | null;
  outcome?: 'success' | 'failure' | 'refused';
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

/** Appends one entry to the append-only audit log (inside the caller's transaction, if any). */
export async function appendAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (at, workspace_id, actor_id, actor_email, action, target_type, target_id, ip, user_agent,
       outcome, before, after, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      e.at.toISOString(),
      e.workspaceId,
      e.actorId,
      e.actorEmail,
      e.action,
      e.targetType ?? null,
      e.targetId === undefined || e.targetId === null ? null : String(e.targetId),
      e.ip ?? null,
      e.userAgent ? e.userAgent.slice(0, 300) : null,
      e.outcome ?? 'success',
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.details === undefined ? null : JSON.stringify(e.details),
    ],
  );
}

/** An audit entry as read back. */
export interface AuditRow {
  id: number;
  at: string;
  workspace_id: number | null;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: string;
  before: unknown;
  after: unknown;
  details: unknown;
}

/** A workspace's audit entries, newest first, filtered; keyset paged by id. Always filtered by workspace. */
export async function listAudit(
  q: Queryable,
  workspaceId: number,
  f: {
    action?: string;
    actor?: string;
    outcome?: string;
    from?: string;
    to?: string;
    before?: number;
    limit: number;
  },
): Promise<AuditRow[]> {
  const params: unknown[] = [workspaceId];
  const where = ['workspace_id = $1'];
  if (f.action) {
    params.push(`${f.action.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`action LIKE $${params.length}`);
  }
  if (f.actor) {
    params.push(`%${f.actor.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    where.push(`lower(actor_email) LIKE $${params.length}`);
  }
  if (f.outcome) {
    params.push(f.outcome);
    where.push(`outcome = $${params.length}`);
  }
  if (f.from) {
    params.push(f.from);
    where.push(`at >= $${params.length}::date`);
  }
  if (f.to) {
    params.push(f.to);
    where.push(`at < ($${params.length}::date + 1)`);
  }
  if (f.before) {
    params.push(f.before);
    where.push(`id < $${params.length}`);
  }
  params.push(f.limit);
  return q.query<AuditRow>(
    `SELECT id::int AS id, ${isoTimestamp('at')} AS at, workspace_id, actor_id,
       actor_email, action, target_type, target_id, ip, user_agent, outcome, before, after, details
     FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
}
