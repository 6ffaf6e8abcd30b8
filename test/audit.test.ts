import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import { ensureReference } from '../src/services/load-reference.ts';
import type { Db } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite.ts';
import { buildMember } from './support/auth.ts';
import { Browser } from './support/client.ts';
import { ENGINES, freshDb } from './support/db.ts';

describe.each(ENGINES)('the audit log on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  const clock = fakeClock('2026-11-24T11:00:00Z');
  beforeAll(async () => {
    db = await freshDb(engine);
    app = createApp({ db, clock, log: silentLog });
  });
  afterAll(async () => {
    await db.close();
  });

  const entries = async () =>
    db.query<{
      id: number;
      action: string;
      outcome: string;
      actor_email: string | null;
      before: unknown;
      after: unknown;
    }>('SELECT id::int AS id, action, outcome, actor_email, before, after FROM audit_log ORDER BY id');

  /** Runs `act` and returns the audit entries it wrote. */
  const wrote = async (act: () => Promise<unknown>) => {
    const before = (await entries()).length;
    await act();
    return (await entries()).slice(before);
  };

  it('writes exactly one entry for each audited action, with before and after for changes', async () => {
    const owner = await buildMember(db, clock, { role: 'owner', workspace: 'Audited' });
    const viewer = await buildMember(db, clock, { role: 'viewer', workspace: 'Audited' });
    const b = new Browser(app);

    let e = await wrote(() => b.signIn(owner.email, 'not the password at all'));
    expect(e.map((x) => [x.action, x.outcome])).toEqual([['auth.sign_in', 'failure']]);
    e = await wrote(() => b.signIn(owner.email, owner.password));
    expect(e.map((x) => [x.action, x.outcome])).toEqual([['auth.sign_in', 'success']]);

    let noteId = 0;
    e = await wrote(async () => {
      const r = await b.request('POST', '/api/v1/notes', {
        target_type: 'organisation',
        target_code: 'QYG',
        body: 'Met the programme lead',
      });
      noteId = ((await r.json()) as { id: number }).id;
    });
    expect(e.map((x) => x.action)).toEqual(['note.created']);
    // a note may name a person: the append-only log keeps its length, not its words (docs/data-protection.md)
    expect(e[0]!.after).toEqual({ fields: ['body'], length: 22, target: 'organisation:QYG' });
    expect(JSON.stringify(e)).not.toContain('programme lead');

    e = await wrote(() =>
      b.request('PATCH', `/api/v1/notes/${noteId}`, { body: 'Met the programme lead again', version: 1 }),
    );
    expect(e.map((x) => x.action)).toEqual(['note.updated']);
    expect(e[0]!.before).toEqual({ length: 22 });
    expect(e[0]!.after).toEqual({ fields: ['body'], length: 28 });

    e = await wrote(() => b.request('GET', '/api/v1/notes/export'));
    expect(e.map((x) => x.action)).toEqual(['notes.exported']);

    e = await wrote(() => b.request('DELETE', `/api/v1/notes/${noteId}`));
    expect(e.map((x) => x.action)).toEqual(['note.deleted']);

    e = await wrote(() =>
      b.request('POST', '/api/v1/workspace/invitations', { email: 'new.person@example.org', role: 'editor' }),
    );
    expect(e.map((x) => x.action)).toEqual(['member.invited']);

    e = await wrote(() =>
      b.request('PATCH', `/api/v1/workspace/members/${viewer.userId}`, { role: 'editor' }),
    );
    expect(e.map((x) => x.action)).toEqual(['member.role_changed']);
    expect([e[0]!.before, e[0]!.after]).toEqual([{ role: 'viewer' }, { role: 'editor' }]);

    let tokenId = 0;
    e = await wrote(async () => {
      const r = await b.request('POST', '/api/v1/tokens', { name: 'nightly', expires_in_days: 30 });
      tokenId = ((await r.json()) as { id: number }).id;
    });
    expect(e.map((x) => x.action)).toEqual(['token.created']);
    e = await wrote(() => b.request('DELETE', `/api/v1/tokens/${tokenId}`));
    expect(e.map((x) => x.action)).toEqual(['token.revoked']);

    e = await wrote(async () =>
      app.request('/api/v1/audit', { headers: { authorization: `Bearer ${viewer.token}` } }),
    );
    expect(e.map((x) => [x.action, x.outcome])).toEqual([['permission.refused', 'refused']]);

    e = await wrote(() => b.request('DELETE', `/api/v1/workspace/members/${viewer.userId}`));
    expect(e.map((x) => x.action)).toEqual(['member.removed']);

    e = await wrote(() => b.request('POST', '/api/v1/auth/sign-out'));
    expect(e.map((x) => x.action)).toEqual(['auth.sign_out']);
  });

  it('lets workspace admins read and filter it, and nobody else', async () => {
    const admin = await buildMember(db, clock, { role: 'admin', workspace: 'Audited' });
    const editor = await buildMember(db, clock, { role: 'editor', workspace: 'Audited' });
    const outsider = await buildMember(db, clock, { role: 'owner', workspace: 'Elsewhere' });
    const get = (token: string, q: string) =>
      app.request(`/api/v1/audit${q}`, { headers: { authorization: `Bearer ${token}` } });
    const all = (await (await get(admin.token, '?limit=500')).json()) as {
      items: { action: string; actor_email: string }[];
    };
    expect(all.items.some((i) => i.action === 'note.created')).toBe(true);
    const signIns = (await (await get(admin.token, '?action=auth.&outcome=failure')).json()) as {
      items: { action: string; outcome: string }[];
    };
    expect(signIns.items.length).toBeGreaterThan(0);
    expect(signIns.items.every((i) => i.action.startsWith('auth.') && i.outcome === 'failure')).toBe(true);
    expect((await get(editor.token, '')).status).toBe(403);
    const theirs = (await (await get(outsider.token, '?limit=500')).json()) as {
      items: { action: string }[];
    };
    expect(theirs.items.some((i) => i.action === 'note.created')).toBe(false);
  });

  it("refuses UPDATE and DELETE to the application's database role", async () => {
    await expect(db.query(`UPDATE audit_log SET action = 'tampered'`)).rejects.toThrow(
      /permission denied|append-only/,
    );
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied|append-only/);
    expect((await entries()).some((x) => x.action === 'tampered')).toBe(false);
  });
});

describe('the audit log itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE even to the owner of the table', async () => {
    const db = await openPglite({});
    try {
      await migrate(db);
      await ensureReference(db);
      await db.query(`INSERT INTO audit_log (at, action) VALUES (now(), 'test.entry')`);
      await expect(db.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
      const rows = await db.query<{ action: string }>('SELECT action FROM audit_log');
      expect(rows.map((r) => r.action)).toEqual(['test.entry']);
    } finally {
      await db.close();
    }
  });
});
