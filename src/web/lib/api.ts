import type { Problem } from '../../shared/schemas.ts';
import { withQuery } from './router.ts';

/** A failed API call, carrying the problem the server described (RFC 9457). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly fieldErrors: readonly { field: string; message: string }[] = [],
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }

  /** True when the person must sign in (again) before the API will answer. */
  get needsSignIn(): boolean {
    return this.status === 401;
  }
}

export type QueryParams = Record<string, string | number | null | undefined>;

/** The API URL for `path` under /api/v1 with the query parameters that are set. */
export function apiUrl(path: string, params: QueryParams = {}): string {
  return withQuery(`/api/v1${path}`, params);
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: Partial<Problem> = {};
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('json')) problem = (await response.json()) as Partial<Problem>;
  } catch {
    // A body that is not JSON still leaves the status to report.
  }
  if (response.status === 401) {
    return new ApiError(
      401,
      problem.code ?? 'unauthenticated',
      'Sign in to continue',
      'You need to sign in to see this.',
    );
  }
  return new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.title ?? response.statusText ?? 'Request failed',
    problem.detail ?? `The server answered ${response.status}.`,
    problem.errors ?? [],
  );
}

/** GETs JSON from the API (same-origin cookies), throwing ApiError on a problem or a network failure. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network', 'Cannot reach the Atlas', 'Check your connection and try again.');
  }
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

/** True for the rejection a fetch gives when its request was aborted. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
