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
    /** Why a 401 or 403 happened: csrf, second_factor_required, second_factor_setup_required. */
    readonly reason?: string,
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }

  /** True when the person must sign in (again) before the API will answer. */
  get needsSignIn(): boolean {
    return this.status === 401 && this.reason !== 'second_factor_required';
  }

  /** True when the person signed in with a password but has still to enter their security code. */
  get needsSecondFactor(): boolean {
    return this.status === 401 && this.reason === 'second_factor_required';
  }

  /** True when the workspace requires a second factor and the person has not set one up. */
  get needsSecondFactorSetup(): boolean {
    return this.status === 403 && this.reason === 'second_factor_setup_required';
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
      problem.detail ?? 'You need to sign in to see this.',
      problem.errors ?? [],
      problem.reason,
    );
  }
  return new ApiError(
    response.status,
    problem.code ?? `http_${response.status}`,
    problem.title ?? response.statusText ?? 'Request failed',
    problem.detail ?? `The server answered ${response.status}.`,
    problem.errors ?? [],
    problem.reason,
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

/**
 * The session's CSRF token: a string once known, null when known to be signed out (public requests
 * need none), undefined when not yet asked.
 */
let csrfToken: string | null | undefined;

/** Remembers the CSRF token from sign-in, set-up or GET /me (null: signed out; undefined: ask again). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token;
}

async function currentCsrfToken(): Promise<string | null> {
  if (csrfToken !== undefined) return csrfToken;
  try {
    const me = await getJson<{ csrf_token: string | null }>(apiUrl('/me'));
    csrfToken = me.csrf_token;
  } catch {
    csrfToken = null;
  }
  return csrfToken;
}

export type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A state-changing request with the session's X-CSRF-Token (read once from GET /api/v1/me and kept);
 * a refused CSRF token is re-read and the request tried once more. Throws ApiError on a problem or a
 * network failure.
 */
async function withCsrf(
  url: string,
  method: Method,
  contentType: string,
  body: BodyInit | undefined,
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const token = await currentCsrfToken();
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': contentType };
    if (token) headers['x-csrf-token'] = token;
    let response: Response;
    try {
      response = await fetch(url, { method, credentials: 'same-origin', headers, body });
    } catch {
      throw new ApiError(0, 'network', 'Cannot reach the Atlas', 'Check your connection and try again.');
    }
    if (response.ok) return response;
    const error = await problemOf(response);
    if (attempt === 0 && error.status === 403 && error.reason === 'csrf') {
      csrfToken = undefined;
      continue;
    }
    throw error;
  }
}

/** Sends a state-changing request to the API with a JSON body (see withCsrf). */
export async function send<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const response = await withCsrf(
    apiUrl(path),
    method,
    'application/json',
    body === undefined ? undefined : JSON.stringify(body),
  );
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : undefined) as T;
}

/** Uploads `file` as the raw request body (`application/octet-stream`), as `send` does its JSON. */
export async function upload<T>(path: string, params: QueryParams, file: Blob): Promise<T> {
  const response = await withCsrf(apiUrl(path, params), 'POST', 'application/octet-stream', file);
  return (await response.json()) as T;
}

/** True for the rejection a fetch gives when its request was aborted. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
