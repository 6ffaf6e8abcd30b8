/** The stable error codes of the domain; each edge maps every code once (HTTP status, CLI exit). */
export type ErrorCode =
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'forbidden'
  | 'unauthorised'
  | 'locked'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** The one error the domain throws: a code, a message for people, and optional details. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** True when `e` is a DomainError (also across module copies). */
export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (e instanceof Error && e.name === 'DomainError' && 'code' in e);
}
