import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import type { Role } from '../src/core/roles.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import type { Db } from '../src/storage/db.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, freshDb } from './support/db.ts';

const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROLES: Role[] = ['owner', 'admin', 'editor', 'viewer'];
const TARGETS = ['QYG', 'QHG', 'RBT', 'Y56'];

interface Actor {
  token: string;
  workspace: string;
  role: Role;
}

describe.each(ENGINES)(`workspace isolation on %s (fast-check seed ${SEED})`, (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  const actors: Actor[] = [];
  beforeAll(async () => {
    console.log(`[isolation] fast-check seed ${SEED} (rerun with FC_SEED=${SEED})`);
    db = await freshDb(engine);
    const clock = fakeClock('2026-11-24T10:00:00Z');
    app = createApp({ db, clock, log: silentLog });
    for (const workspace of ['Company A', 'Company B', 'Network C']) {
      for (const role of ROLES)
        actors.push({ ...(await buildMember(db, clock, { workspace, role })), workspace, role });
    }
    // One person in two workspaces: each token sees only its own workspace.
    const both = await buildMember(db, clock, {
      workspace: 'Company A',
      role: 'editor',
      email: 'both@example.org',
    });
    actors.push({ token: both.token, workspace: 'Company A', role: 'editor' });
    const again = await buildMember(db, clock, {
      workspace: 'Company B',
      role: 'viewer',
      email: 'both@example.org',
    });
    actors.push({ token: again.token, workspace: 'Company B', role: 'viewer' });
  });
  afterAll(async () => {
    await db.close();
  });

  const call = async (a: Actor, method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${a.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, text: await res.text() };
  };

  const Op = fc.oneof(
    fc.record({
      kind: fc.constant('create' as const),
      target: fc.constantFrom(...TARGETS),
      word: fc.stringMatching(/^[a-z]{3,8}$/),
    }),
    fc.record({ kind: fc.constantFrom('list' as const, 'export' as const, 'audit' as const) }),
    fc.record({ kind: fc.constant('search' as const), word: fc.stringMatching(/^[a-z]{3,8}$/) }),
    fc.record({
      kind: fc.constantFrom('get' as const, 'update' as const, 'delete' as const),
      pick: fc.nat(),
    }),
  );

  it('no read, list, search, export or write crosses a workspace; a viewer never writes', async () => {
    // The model: which workspace owns each note id, and its current version.
    const owner = new Map<number, { workspace: string; version: number; body: string }>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ who: fc.nat({ max: actors.length - 1 }), op: Op }), {
          minLength: 5,
          maxLength: 25,
        }),
        async (steps) => {
          for (const { who, op } of steps) {
            const a = actors[who]!;
            const mine = [...owner].filter(([, n]) => n.workspace === a.workspace).map(([id]) => id);
            if (op.kind === 'create') {
              const r = await call(a, 'POST', '/api/v1/notes', {
                target_type: 'organisation',
                target_code: op.target,
                body: `note ${op.word}`,
              });
              if (a.role === 'viewer') {
                expect(r.status).toBe(403);
              } else {
                expect(r.status).toBe(201);
                const n = JSON.parse(r.text) as { id: number; version: number; body: string };
                owner.set(n.id, { workspace: a.workspace, version: n.version, body: n.body });
              }
            } else if (op.kind === 'list' || op.kind === 'search') {
              const q = op.kind === 'search' ? `&q=${op.word}` : '';
              const r = await call(a, 'GET', `/api/v1/notes?limit=1000${q}`);
              expect(r.status).toBe(200);
              const ids = (JSON.parse(r.text) as { items: { id: number }[] }).items
                .map((n) => n.id)
                .sort((x, y) => x - y);
              const expected = mine
                .filter((id) => op.kind !== 'search' || owner.get(id)!.body.includes(op.word))
                .sort((x, y) => x - y);
              expect(ids).toEqual(expected);
            } else if (op.kind === 'export') {
              const r = await call(a, 'GET', '/api/v1/notes/export?limit=1000');
              expect(r.status).toBe(200);
              const ids = r.text
                .trim()
                .split('\r\n')
                .slice(1)
                .map((l) => Number(l.split(',')[0]))
                .sort((x, y) => x - y);
              expect(ids).toEqual([...mine].sort((x, y) => x - y));
            } else if (op.kind === 'audit') {
              const r = await call(a, 'GET', '/api/v1/audit?limit=500');
              if (a.role === 'owner' || a.role === 'admin') {
                expect(r.status).toBe(200);
                const items = (
                  JSON.parse(r.text) as { items: { target_type: string | null; target_id: string | null }[] }
                ).items;
                for (const e of items.filter((x) => x.target_type === 'note' && x.target_id)) {
                  expect(owner.get(Number(e.target_id))?.workspace ?? a.workspace).toBe(a.workspace);
                }
              } else {
                expect(r.status).toBe(403);
              }
            } else {
              const all = [...owner.keys()];
              if (all.length === 0) continue;
              const id = all[(op as { pick: number }).pick % all.length]!;
              const n = owner.get(id)!;
              const ours = n.workspace === a.workspace;
              if (op.kind === 'get') {
                const r = await call(a, 'GET', `/api/v1/notes?limit=1000`);
                const seen = (JSON.parse(r.text) as { items: { id: number }[] }).items.some(
                  (x) => x.id === id,
                );
                expect(seen).toBe(ours);
              } else if (op.kind === 'update') {
                const r = await call(a, 'PATCH', `/api/v1/notes/${id}`, {
                  body: `${n.body} changed`,
                  version: n.version,
                });
                if (a.role === 'viewer') expect(r.status).toBe(403);
                else if (!ours) expect(r.status).toBe(404);
                else {
                  expect(r.status).toBe(200);
                  owner.set(id, { ...n, version: n.version + 1, body: `${n.body} changed` });
                }
              } else {
                const r = await call(a, 'DELETE', `/api/v1/notes/${id}`);
                if (a.role === 'viewer') expect(r.status).toBe(403);
                else if (!ours) expect(r.status).toBe(404);
                else {
                  expect(r.status).toBe(200);
                  owner.delete(id);
                }
              }
            }
          }
        },
      ),
      { seed: SEED, numRuns: 25, verbose: true },
    );
    // Whatever happened, the database holds exactly the notes the model says, each in its workspace.
    const held = new Map<number, string>();
    for (const w of await db.query<{ id: number; name: string }>('SELECT id, name FROM workspaces')) {
      const rows = await inWorkspace(db, w.id, (tx) => tx.query<{ id: number }>('SELECT id FROM notes'));
      for (const r of rows) held.set(r.id, w.name);
    }
    expect(held).toEqual(new Map([...owner].map(([id, n]) => [id, n.workspace])));
  });

  it('row-level security is a second wall: SQL that forgets the workspace filter sees only its own workspace', async () => {
    const ids = await db.query<{ id: number; name: string }>(
      "SELECT id, name FROM workspaces WHERE name IN ('Company A', 'Company B') ORDER BY name",
    );
    const [a, b] = [ids[0]!.id, ids[1]!.id];
    for (const w of [a, b]) {
      await inWorkspace(db, w, (tx) =>
        tx.query(
          `INSERT INTO notes (workspace_id, target_type, target_code, body, created_at, updated_at) VALUES ($1, 'organisation', 'QYG', 'wall', now(), now())`,
          [w],
        ),
      );
    }
    // No workspace set: no private row at all.
    expect(await db.query('SELECT id FROM notes')).toEqual([]);
    // Inside Company A: every row is Company A's, even with no WHERE clause.
    const seen = await inWorkspace(db, a, (tx) =>
      tx.query<{ workspace_id: number }>('SELECT workspace_id FROM notes'),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.workspace_id === a)).toBe(true);
    // Writing into another workspace is refused.
    await expect(
      inWorkspace(db, a, (tx) =>
        tx.query(
          `INSERT INTO notes (workspace_id, target_type, target_code, body, created_at, updated_at) VALUES ($1, 'organisation', 'QYG', 'x', now(), now())`,
          [b],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    // Moving one's rows into another workspace is refused too.
    await expect(
      inWorkspace(db, a, (tx) => tx.query('UPDATE notes SET workspace_id = $1', [b])),
    ).rejects.toThrow(/row-level security/);
  });

  it('a stale update gets 409 and changes nothing', async () => {
    const a = actors.find((x) => x.role === 'editor')!;
    const created = JSON.parse(
      (
        await call(a, 'POST', '/api/v1/notes', {
          target_type: 'network',
          target_code: await firstNetwork(),
          body: 'first',
        })
      ).text,
    ) as { id: number; version: number };
    expect(
      (await call(a, 'PATCH', `/api/v1/notes/${created.id}`, { body: 'second', version: created.version }))
        .status,
    ).toBe(200);
    const stale = await call(a, 'PATCH', `/api/v1/notes/${created.id}`, {
      body: 'lost update',
      version: created.version,
    });
    expect(stale.status).toBe(409);
    const list = JSON.parse((await call(a, 'GET', '/api/v1/notes?limit=1000')).text) as {
      items: { id: number; body: string }[];
    };
    expect(list.items.find((n) => n.id === created.id)?.body).toBe('second');
  });

  async function firstNetwork(): Promise<string> {
    const [n] = await db.query<{ code: string }>(
      "SELECT code FROM networks WHERE kind = 'cancer_alliance' ORDER BY code LIMIT 1",
    );
    return n!.code;
  }
});
