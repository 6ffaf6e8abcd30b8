import { DomainError } from './errors.ts';

/** A keyset position in a list ordered by (name, id). */
export interface Cursor {
  name: string;
  id: number;
}

/** Encodes a keyset position as an opaque URL-safe string. */
export function encodeCursor(c: Cursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify([c.name, c.id]));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** Decodes a cursor from `encodeCursor`, or throws DomainError('invalid') for anything else. */
export function decodeCursor(s: string): Cursor {
  try {
    const b64 = s.replaceAll('-', '+').replaceAll('_', '/');
    const bin = atob(b64);
    const v: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isInteger(v[1]))
      return { name: v[0], id: v[1] as number };
  } catch {
    // fall through
  }
  throw new DomainError('invalid', 'cursor: not a cursor this API gave out', { field: 'cursor' });
}

/** Splits a search query into lower-case words, LIKE-escaped, at most 8. */
export function searchWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((w) => w.length > 0)
    .slice(0, 8)
    .map((w) => w.replace(/[\\%_]/g, (m) => `\\${m}`));
}

/** Whether a dated record is open on `at`: 'open', 'closed' (after its end), or 'not_yet_open'. */
export function datedStatus(
  at: string,
  from: string | null,
  to: string | null,
): 'open' | 'closed' | 'not_yet_open' {
  if (from !== null && from > at) return 'not_yet_open';
  if (to !== null && to < at) return 'closed';
  return 'open';
}
