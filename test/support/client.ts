import type { Hono } from 'hono';

/** A browser-like client for in-process requests: keeps the session cookie and sends the CSRF token. */
export class Browser {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    private readonly app: Hono,
    readonly origin = 'http://localhost',
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { host: new URL(this.origin).host, ...extra };
    if (this.cookie) headers.cookie = this.cookie;
    if (method !== 'GET') {
      headers.origin ??= this.origin;
      if (this.csrf) headers['x-csrf-token'] ??= this.csrf;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.app.request(`${this.origin}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = /^(__Host-atlas_session)=([^;]*)/.exec(set);
      if (m) this.cookie = m[2] ? `${m[1]}=${m[2]}` : null;
      if (/Max-Age=0/i.test(set)) this.cookie = null;
    }
    return res;
  }

  /** Signs in; returns the response (the cookie and CSRF token are kept). */
  async signIn(email: string, password: string): Promise<Response> {
    const res = await this.request('POST', '/api/v1/auth/sign-in', { email, password });
    if (res.ok) this.csrf = ((await res.clone().json()) as { csrf_token: string }).csrf_token;
    return res;
  }
}
