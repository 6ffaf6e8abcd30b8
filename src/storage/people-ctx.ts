import { DomainError } from '../core/errors.ts';
import { DEFAULT_STALE_AFTER_MONTHS, staleBefore } from '../core/people.ts';
import type { Queryable } from './db.ts';

/** What every people query needs to know: whose records, what today is, and when a record goes stale. */
export interface PeopleCtx {
  workspaceId: number;
  /** today, YYYY-MM-DD, from the app's clock */
  today: string;
  staleAfterMonths: number;
  /** records last verified before this date (or never) are stale */
  staleBefore: string;
}

/** Reads the workspace's freshness setting and builds the context for `today`. */
export async function loadPeopleCtx(q: Queryable, workspaceId: number, today: string): Promise<PeopleCtx> {
  const [w] = await q.query<{ stale_after_months: number }>(
    'SELECT stale_after_months FROM workspaces WHERE id = $1',
    [workspaceId],
  );
  if (!w) throw new DomainError('not_found', `no workspace ${workspaceId}`);
  const months = w.stale_after_months ?? DEFAULT_STALE_AFTER_MONTHS;
  return { workspaceId, today, staleAfterMonths: months, staleBefore: staleBefore(today, months) };
}

/** SQL true when a row's `last_verified_on` column is stale, given the parameter holding ctx.staleBefore. */
export function staleSql(column: string, staleBeforeParam: string): string {
  return `(${column} IS NULL OR ${column} < ${staleBeforeParam}::date)`;
}

/** SQL true when a dated row is open on the date in `dayParam` (inclusive at both ends). */
export function openOnSql(alias: string, dayParam: string): string {
  return `((${alias}.valid_from IS NULL OR ${alias}.valid_from <= ${dayParam}::date) AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${dayParam}::date))`;
}
