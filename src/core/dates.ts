import { DomainError } from './errors.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Parses a YYYY-MM-DD date for `field`, or throws DomainError('invalid') naming the field. */
export function parseIsoDate(s: string, field = 'date'): string {
  if (!isIsoDate(s))
    throw new DomainError('invalid', `${field}: "${s}" is not a date in the form YYYY-MM-DD`, { field });
  return s;
}

/** Converts an ODS YYYYMMDD date ('' → null) to YYYY-MM-DD; null when not a real date. */
export function odsDate(s: string | undefined): string | null {
  if (!s) return null;
  const t = s.trim();
  if (!/^\d{8}$/.test(t)) return null;
  const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
  return isIsoDate(iso) ? iso : null;
}

/** Today's date (UTC) as YYYY-MM-DD from a clock. */
export function today(clock: { now(): Date }): string {
  return clock.now().toISOString().slice(0, 10);
}

/** The day before an ISO date, as ISO (for closing a period the day before another opens). */
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** True when the inclusive period [from, to] (null = open-ended) contains `at`. */
export function isOpenOn(at: string, from: string | null, to: string | null): boolean {
  return (from === null || from <= at) && (to === null || to >= at);
}
