import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import { silentLog } from '../src/logger.ts';
import { createApp, MAX_BODY_BYTES } from '../src/server/app.ts';
import { totpCode } from '../src/services/crypto.ts';
import type { Db } from '../src/storage/db.ts';
import { buildMember } from './support/auth.ts';
import { Browser } from './support/client.ts';
import { ENGINES, freshDb } from './support/db.ts';

const PUBLIC = new Set([
  'GET /api/v1/health',
  'GET /api/v1/openapi.json',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/sign-in',
  'POST /api/v1/auth/accept-invitation',
]);

/** A concrete path for a route pattern (path parameters filled with values that exist). */
// `:id{[0-9]+}` (a parameter with its pattern) becomes `1` too
const concrete = (p: string) => p.replace(':code', 'QYG').replace(/:[a-z_]+(\{[^}]*\})?/g, '1');
const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

describe.each(ENGINES)('security on %s', (engine) => {
  let db: Db;
  const clock = fakeClock('2026-11-24T09:00:00Z');
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await freshDb(engine);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(() => {
    clock.set('2026-11-24T09:00:00Z');
    app = createApp({ db, clock, log: silentLog });
  });

  it('route table: every route but the public few answers 401 without a session or token', async () => {
    const routes = app.routes_;
    expect(routes.length).toBeGreaterThan(25);
    expect(
      routes
        .filter((r) => r.access === 'public')
        .map(key)
        .sort(),
    ).toEqual([...PUBLIC].sort());
    for (const r of routes) {
      if (r.access === 'public') continue;
      const res = await app.request(`http://localhost${concrete(r.path)}`, {
        method: r.method.toUpperCase(),
        headers: { 'content-type': 'application/json', origin: 'http://localhost' },
        ...(r.method === 'get' ? {} : { body: '{}' }),
      });
      expect(res.status, key(r)).toBe(401);
      expect(res.headers.get('content-type'), key(r)).toMatch(/problem\+json/);
    }
    // A bad token is refused too.
    const bad = await app.request('/api/v1/summary', {
      headers: { authorization: 'Bearer atlas_nope_nope' },
    });
    expect(bad.status).toBe(401);
  });

  it('route table: every state-changing route refuses a cross-site request, even with a valid session', async () => {
    const m = await buildMember(db, clock, { role: 'owner', workspace: 'CSRF ws' });
    const b = new Browser(app);
    expect((await b.signIn(m.email, m.password)).status).toBe(200);
    const changing = app.routes_.filter((r) => r.method !== 'get');
    expect(changing.length).toBeGreaterThan(10);
    for (const r of changing) {
      const res = await b.request(
        r.method.toUpperCase(),
        concrete(r.path),
        {},
        { origin: 'https://evil.example' },
      );
      expect(res.status, key(r)).toBe(403);
    }
    // Same site but no CSRF token: refused as well.
    const noToken = await b.request(
      'POST',
      '/api/v1/notes',
      { target_type: 'organisation', target_code: 'QYG', body: 'x' },
      { 'x-csrf-token': '' },
    );
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { reason: string }).reason).toBe('csrf');
  });

  it('puts security headers and no-store on every route, and sets a __Host- cookie with every attribute', async () => {
    const m = await buildMember(db, clock, { role: 'viewer' });
    const b = new Browser(app);
    const res = await b.signIn(m.email, m.password);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-atlas_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Domain=/i);
    for (const r of app.routes_) {
      const res = await b.request(
        r.method.toUpperCase(),
        concrete(r.path),
        r.method === 'get' ? undefined : {},
      );
      expect(res.headers.get('content-security-policy'), key(r)).toMatch(
        /script-src 'self'.*frame-ancestors 'none'/,
      );
      expect(res.headers.get('x-content-type-options'), key(r)).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), key(r)).toMatch(/max-age=/);
      expect(res.headers.get('referrer-policy'), key(r)).toBe('no-referrer');
      expect(res.headers.get('cache-control'), key(r)).toBe('no-store');
    }
    const page = await app.request('/');
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  it('sessions: a new id at sign-in, idle expiry at 30 minutes, absolute expiry at 12 hours, sign-out ends it', async () => {
    const m = await buildMember(db, clock, { role: 'viewer' });
    const b = new Browser(app);
    b.cookie = '__Host-atlas_session=attacker-chosen-session-id-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    expect((await b.request('GET', '/api/v1/me')).status).toBe(401);
    await b.signIn(m.email, m.password);
    expect(b.cookie).not.toContain('attacker-chosen');
    expect((await b.request('GET', '/api/v1/me')).status).toBe(200);

    clock.advance(29 * 60_000);
    expect((await b.request('GET', '/api/v1/me')).status).toBe(200);
    clock.advance(29 * 60_000); // 29 minutes after the last request: still alive
    expect((await b.request('GET', '/api/v1/me')).status).toBe(200);
    clock.advance(31 * 60_000); // idle too long
    expect((await b.request('GET', '/api/v1/me')).status).toBe(401);

    await b.signIn(m.email, m.password);
    for (let i = 0; i < 35; i++) {
      clock.advance(20 * 60_000);
      expect((await b.request('GET', '/api/v1/me')).status, `after ${(i + 1) * 20} minutes`).toBe(200);
    }
    clock.advance(20 * 60_000); // 11 h 40 min + 20 min = 12 h
    expect((await b.request('GET', '/api/v1/me')).status).toBe(401);

    await b.signIn(m.email, m.password);
    const stolen = b.cookie;
    expect((await b.request('POST', '/api/v1/auth/sign-out')).status).toBe(200);
    b.cookie = stolen;
    expect((await b.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('disabling a user ends their sessions and tokens at once', async () => {
    const m = await buildMember(db, clock, { role: 'editor' });
    const b = new Browser(app);
    await b.signIn(m.email, m.password);
    expect((await b.request('GET', '/api/v1/me')).status).toBe(200);
    await app.workspaces_.disableUser(m.email, { cli: true });
    expect((await b.request('GET', '/api/v1/me')).status).toBe(401);
    expect(
      (await app.request('/api/v1/me', { headers: { authorization: `Bearer ${m.token}` } })).status,
    ).toBe(401);
    expect((await new Browser(app).signIn(m.email, m.password)).status).toBe(401);
  });

  it('brute force: the 11th failed sign-in within the window gets 429 with Retry-After, even with the right password', async () => {
    const m = await buildMember(db, clock, { role: 'viewer' });
    for (let i = 1; i <= 10; i++) {
      const res = await new Browser(app).signIn(m.email, 'wrong password number x');
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const eleventh = await new Browser(app).signIn(m.email, m.password);
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    clock.advance(15 * 60_000 + 1000);
    expect((await new Browser(app).signIn(m.email, m.password)).status).toBe(200);
  });

  it('refuses a body over the limit', async () => {
    const m = await buildMember(db, clock, { role: 'editor' });
    const res = await app.request('/api/v1/notes', {
      method: 'POST',
      headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        target_type: 'organisation',
        target_code: 'QYG',
        body: 'x'.repeat(MAX_BODY_BYTES + 10),
      }),
    });
    expect(res.status).toBe(413);
  });

  it('second factor: set up, sign out, sign in again needs the code; a recovery code works once', async () => {
    const m = await buildMember(db, clock, { role: 'owner', workspace: 'Two factor ws' });
    const b = new Browser(app);
    await b.signIn(m.email, m.password);
    const setup = (await (await b.request('POST', '/api/v1/me/second-factor')).json()) as {
      secret: string;
      otpauth_uri: string;
    };
    expect(setup.otpauth_uri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await b.request('POST', '/api/v1/me/second-factor/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    const ok = await b.request('POST', '/api/v1/me/second-factor/confirm', {
      code: totpCode(setup.secret, clock.now().getTime()),
    });
    const { recovery_codes } = (await ok.json()) as { recovery_codes: string[] };
    expect(recovery_codes).toHaveLength(10);
    await b.request('POST', '/api/v1/auth/sign-out');

    const b2 = new Browser(app);
    const res = await b2.signIn(m.email, m.password);
    expect(((await res.json()) as { second_factor_required: boolean }).second_factor_required).toBe(true);
    const blocked = await b2.request('GET', '/api/v1/summary');
    expect(blocked.status).toBe(401);
    expect(((await blocked.json()) as { reason: string }).reason).toBe('second_factor_required');
    expect((await b2.request('POST', '/api/v1/auth/second-factor', { code: '123456' })).status).toBe(401);
    clock.advance(31_000);
    expect(
      (
        await b2.request('POST', '/api/v1/auth/second-factor', {
          code: totpCode(setup.secret, clock.now().getTime()),
        })
      ).status,
    ).toBe(200);
    expect((await b2.request('GET', '/api/v1/summary')).status).toBe(200);

    const b3 = new Browser(app);
    await b3.signIn(m.email, m.password);
    expect(
      (await b3.request('POST', '/api/v1/auth/second-factor', { code: recovery_codes[0]! })).status,
    ).toBe(200);
    const b4 = new Browser(app);
    await b4.signIn(m.email, m.password);
    expect(
      (await b4.request('POST', '/api/v1/auth/second-factor', { code: recovery_codes[0]! })).status,
    ).toBe(401);
  });

  it('a workspace that requires a second factor holds members without one to setting it up', async () => {
    const owner = await buildMember(db, clock, { role: 'owner', workspace: 'Strict ws' });
    const member = await buildMember(db, clock, { role: 'viewer', workspace: 'Strict ws' });
    const ob = new Browser(app);
    await ob.signIn(owner.email, owner.password);
    expect((await ob.request('PATCH', '/api/v1/workspace', { require_second_factor: true })).status).toBe(
      200,
    );
    const mb = new Browser(app);
    await mb.signIn(member.email, member.password);
    const res = await mb.request('GET', '/api/v1/summary');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { reason: string }).reason).toBe('second_factor_setup_required');
    expect((await mb.request('POST', '/api/v1/me/second-factor')).status).toBe(200);
  });

  it('first run: nobody signs in until the set-up link makes an owner; the link works once', async () => {
    const empty = await freshDb(engine);
    try {
      const a = createApp({ db: empty, clock, log: silentLog });
      expect(await a.auth_.setupRequired()).toBe(true);
      const token = (await a.auth_.createSetupToken())!;
      const b = new Browser(a);
      const bad = await b.request('POST', '/api/v1/auth/setup', {
        token: 'x'.repeat(40),
        email: 'owner@example.org',
        password: 'a very long password 1',
        workspace: 'First',
      });
      expect(bad.status).toBe(403);
      const ok = await b.request('POST', '/api/v1/auth/setup', {
        token,
        email: 'Owner@Example.org',
        password: 'a very long password 1',
        display_name: 'Owner',
        workspace: 'First',
      });
      expect(ok.status).toBe(201);
      b.csrf = ((await ok.json()) as { csrf_token: string }).csrf_token;
      const me = (await (await b.request('GET', '/api/v1/me')).json()) as {
        user: { email: string };
        role: string;
        workspace: { name: string };
      };
      expect(me).toMatchObject({
        user: { email: 'owner@example.org' },
        role: 'owner',
        workspace: { name: 'First' },
      });
      const again = await new Browser(a).request('POST', '/api/v1/auth/setup', {
        token,
        email: 'second@example.org',
        password: 'a very long password 2',
        workspace: 'Second',
      });
      expect(again.status).toBe(403);
      expect(await a.auth_.createSetupToken()).toBeNull();
    } finally {
      await empty.close();
    }
  });

  it('expires a set-up link after 30 minutes', async () => {
    const empty = await freshDb(engine);
    try {
      const a = createApp({ db: empty, clock, log: silentLog });
      const token = (await a.auth_.createSetupToken())!;
      clock.advance(31 * 60_000);
      const res = await new Browser(a).request('POST', '/api/v1/auth/setup', {
        token,
        email: 'late@example.org',
        password: 'a very long password 1',
        workspace: 'Late',
      });
      expect(res.status).toBe(403);
    } finally {
      await empty.close();
    }
  });

  it('no stack trace reaches a client, even on a broken request', async () => {
    const m = await buildMember(db, clock, { role: 'editor' });
    const res = await app.request('/api/v1/notes', {
      method: 'POST',
      headers: { authorization: `Bearer ${m.token}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/\.ts:\d+|at async|node_modules/);
  });
});
