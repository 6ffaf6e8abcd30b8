import type { ErrorCode } from '../core/errors.ts';
import type { Problem } from '../shared/schemas.ts';

/** How each domain error code reaches an HTTP client: status and title. Exhaustive by type. */
export const HTTP_ERRORS: Record<ErrorCode, { status: number; title: string }> = {
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  invalid: { status: 400, title: 'Invalid request' },
  forbidden: { status: 403, title: 'Forbidden' },
  unauthorised: { status: 401, title: 'Sign in required' },
  locked: { status: 423, title: 'Locked' },
  rate_limited: { status: 429, title: 'Too many requests' },
  unavailable: { status: 503, title: 'Unavailable' },
  internal: { status: 500, title: 'Internal error' },
};

/** An RFC 9457 problem body for a code; `detail` is for people, `code` for programs. */
export function problem(
  code: ErrorCode,
  detail: string,
  extra: { instance?: string; errors?: { field: string; message: string }[] } = {},
): Problem {
  const { status, title } = HTTP_ERRORS[code];
  return {
    type: `https://clinical-network-atlas.org/problems/${code}`,
    title,
    status,
    detail,
    code,
    ...extra,
  };
}
