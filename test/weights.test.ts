import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { z } from 'zod';
import { buildGraph, type GraphRows } from '../src/analysis/build.ts';
import { explainNode, influenceFlow, rank } from '../src/analysis/measures.ts';
import { DEFAULT_WEIGHTS, type InfluenceWeights } from '../src/analysis/model.ts';
import {
  changedWeights,
  checkOverrides,
  describeWeights,
  effectiveWeights,
  storedOverrides,
  type WeightOverrides,
} from '../src/analysis/weights.ts';
import { main } from '../src/cli/main.ts';
import type { Io } from '../src/cli/output.ts';
import { fakeClock } from '../src/core/clock.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import { GraphCache } from '../src/services/analysis.ts';
import { createPerson } from '../src/services/people.ts';
import type { Actor } from '../src/services/people-audit.ts';
import { createMembership, createRelationship } from '../src/services/ties.ts';
import { Explanation, Ranking, Weights } from '../src/shared/analysis-schemas.ts';
import { Problem } from '../src/shared/schemas.ts';
import type { Db, Queryable } from '../src/storage/db.ts';
import { loadPeopleCtx } from '../src/storage/people-ctx.ts';
import { openPglite } from '../src/storage/pglite.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, type Engine, freshDb } from './support/db.ts';
import { testDatabaseUrl } from './support/engines.ts';

const TODAY = '2026-11-24';
const ALLIANCE = 'N68'; // Cheshire and Merseyside Cancer Alliance

// ---- pure: merging, checking and describing overrides --------------------------------------------

describe('influence weights, pure', () => {
  it('merges overrides over the defaults into a new object and leaves the defaults untouched', () => {
    const before = JSON.stringify(DEFAULT_WEIGHTS);
    const w = effectiveWeights({ damping: 0.9, edge: { knows: 1.2 }, teleport: { none: 0.5 } });
    expect(w.damping).toBe(0.9);
    expect(w.edge.knows).toBe(1.2);
    expect(w.edge.seat).toBe(DEFAULT_WEIGHTS.edge.seat);
    expect(w.teleport.none).toBe(0.5);
    expect(w.teleport.national).toBe(DEFAULT_WEIGHTS.teleport.national);
    expect(w.edge).not.toBe(DEFAULT_WEIGHTS.edge);
    expect(JSON.stringify(DEFAULT_WEIGHTS)).toBe(before);
    expect(effectiveWeights({})).toEqual(DEFAULT_WEIGHTS);
  });

  it('keeps only the weights that differ from the defaults', () => {
    const r = checkOverrides({ edge: { knows: 0, seat: 1 }, role: { chair: 5 }, damping: 0.85 });
    expect(r).toEqual({ ok: true, overrides: { edge: { knows: 0 } } });
  });

  it('names the field of every bad value and unknown key', () => {
    const fields = (v: unknown) => {
      const r = checkOverrides(v);
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.errors;
    };
    expect(fields({ damping: 1.2 })).toEqual([{ field: 'damping', message: 'must be from 0.5 to 0.95' }]);
    expect(fields({ teleport: { system: 0 } })).toEqual([
      { field: 'teleport.system', message: 'must be more than 0 and at most 100' },
    ]);
    const [unknownEdge] = fields({ edge: { frobs: 1 } });
    expect(unknownEdge!.field).toBe('edge.frobs');
    expect(unknownEdge!.message).toMatch(/^is not a weight of edge: expected one of part_of, has_part/);
    expect(fields({ colour: { knows: 1 } })[0]!.field).toBe('colour');
    expect(fields({ edge: { knows: -1 } })[0]).toEqual({
      field: 'edge.knows',
      message: 'must be from 0 to 100',
    });
    expect(fields({ edge: { knows: '1' } })[0]!.field).toBe('edge.knows');
    // a tie between people may be left out (0); the structure scopes and coverage follow may not
    expect(fields({ edge: { seat: 0 } })).toEqual([
      { field: 'edge.seat', message: 'must be more than 0 and at most 100' },
    ]);
    expect(fields({ role: { observer: 0 } })[0]!.field).toBe('role.observer');
    expect(checkOverrides({ confidence: { possible: 0 } }).ok).toBe(true);
    expect(fields({ voting: 101 })[0]!.field).toBe('voting');
    expect(fields({ edge: 3 })[0]!.field).toBe('edge');
    expect(fields([1])[0]!.field).toBe('overrides');
  });

  it('reads stored overrides leniently: unknown or out-of-range weights are left out, not fatal', () => {
    expect(storedOverrides({ edge: { knows: 2, gone: 1, seat: -4 }, damping: 3, old: 1 })).toEqual({
      edge: { knows: 2 },
    });
    expect(storedOverrides(null)).toEqual({});
    expect(storedOverrides('x')).toEqual({});
  });

  it('describes every weight once, with its group, meaning, default and value', () => {
    const list = describeWeights({ edge: { knows: 1.2 } });
    const count = (g: object) => Object.keys(g).length;
    const w = DEFAULT_WEIGHTS;
    expect(list).toHaveLength(
      2 +
        count(w.edge) +
        count(w.role) +
        count(w.persona) +
        count(w.level) +
        count(w.teleport) +
        count(w.confidence),
    );
    expect(new Set(list.map((x) => x.path)).size).toBe(list.length);
    expect(list.every((x) => x.meaning.length > 10 && x.label.length > 1)).toBe(true);
    const knows = list.find((x) => x.path === 'edge.knows')!;
    expect(knows).toMatchObject({ group: 'edge', key: 'knows', default: 0.3, value: 1.2, overridden: true });
    expect(list.filter((x) => x.overridden).map((x) => x.path)).toEqual(['edge.knows']);
    expect(list.find((x) => x.path === 'damping')).toMatchObject({ group: 'general', min: 0.5, max: 0.95 });
    expect(list.find((x) => x.path === 'teleport.none')).toMatchObject({ min: 0, min_exclusive: true });
  });

  it('lists the weights a change touches with their old and new values', () => {
    expect(changedWeights(DEFAULT_WEIGHTS, effectiveWeights({ edge: { knows: 1.2, seat: 0.05 } }))).toEqual([
      { weight: 'edge.seat', from: 1, to: 0.05 },
      { weight: 'edge.knows', from: 0.3, to: 1.2 },
    ]);
  });
});

// ---- a hand-built graph: who ranks first, worked out by hand ------------------------------------

/**
 * A network NET1 with three seats: Ada, its chair (voting), and Cy and Dee, members (not voting). Cy
 * and Dee each know Ben (strength 5), who holds nothing.
 */
function handRows(): GraphRows {
  const person = (id: number, given: string) => ({
    id,
    honorific: null,
    given_name: given,
    family_name: 'Handmade',
    professions: [],
    engaged: false,
  });
  return {
    organisations: [],
    links: [],
    networks: [
      { id: 10, code: 'NET1', name: 'Network One', kind: 'area_prescribing_committee', host_id: null },
    ],
    footprints: [],
    people: [person(100, 'Ada'), person(101, 'Ben'), person(102, 'Cy'), person(103, 'Dee')],
    posts: [],
    memberships: [
      { network_id: 10, person_id: 100, organisation_id: null, role: 'chair', voting: true },
      { network_id: 10, person_id: 102, organisation_id: null, role: 'member', voting: false },
      { network_id: 10, person_id: 103, organisation_id: null, role: 'member', voting: false },
    ],
    relationships: [102, 103].map((from_person_id) => ({
      from_person_id,
      to_person_id: 101,
      to_organisation_id: null,
      to_network_id: null,
      kind: 'knows' as const,
      strength: 5,
      confidence: 'confirmed' as const,
    })),
  };
}

describe('a workspace that believes relationships matter more than seats, on a hand-built graph', () => {
  const ranked = (w: InfluenceWeights) => {
    const g = buildGraph(handRows(), w);
    const flow = influenceFlow(g, w);
    return { g, flow, people: rank(g, flow.scores, { kinds: ['person'] }).map((r) => r.name) };
  };

  it('ranks Ada first on the defaults and Ben first with knows raised and seats discounted', () => {
    // Defaults: NET1 passes 6.25/8.75 of its flow to Ada (chair 5 × system 1.25, against 1 × 1.25 for
    // each member's seat), and Ada passes all hers back (her only tie): the two keep most of the flow.
    // Ben gets 1.5/2.5 of what Cy and Dee pass on (knows 0.3 × strength 5, against their tie back to
    // NET1, 1), and they get only 1.25/8.75 of NET1's each.
    const defaults = ranked(DEFAULT_WEIGHTS);
    expect(defaults.people[0]).toBe('Ada Handmade');
    // knows 3 and seats at 0.05: Cy and Dee pass 15/16 of theirs to Ben (knows 3 × strength 5 against
    // their tie back to NET1, 1), and Ben half of his back to each. NET1 gets less back from them, so
    // its seats lend Ada less (every seat of NET1 scaled alike leaves its shares as they were): Ben
    // gathers the most.
    const mine = effectiveWeights({ edge: { knows: 3, seat: 0.05 } });
    const { g, flow, people } = ranked(mine);
    expect(people[0]).toBe('Ben Handmade');
    const ada = g.index.get('person:100')!;
    const seat = (x: typeof defaults) =>
      explainNode(x.g, x.flow, ada, 20).reasons.find((r) => r.edge_kind === 'seat')!.amount;
    expect(seat({ g, flow, people })).toBeLessThan(seat(defaults));
    const ben = explainNode(g, flow, g.index.get('person:101')!, 20);
    expect(ben.reasons.map((r) => r.edge_kind)).toEqual(['knows', 'knows', null]);
    // knows 0: the ties are left out, and Ben has his restart share alone.
    const none = effectiveWeights({ edge: { knows: 0 } });
    const without = ranked(none);
    const benAlone = explainNode(without.g, without.flow, without.g.index.get('person:101')!, 20);
    expect(benAlone.reasons.map((r) => r.edge_kind)).toEqual([null]);
    expect(benAlone.score).toBeCloseTo(
      (1 - none.damping + none.damping * without.flow.dangling) * without.flow.teleport[1 + 1]!,
      12,
    );
  });

  it('converges at the highest damping allowed', () => {
    const w = effectiveWeights({ damping: 0.95 });
    const flow = influenceFlow(buildGraph(handRows(), w), w);
    expect(flow.converged).toBe(true);
    expect(flow.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});

// ---- a workspace's weights in the database, the cache, the API and the CLI -----------------------

/** Ada chairs the Cancer Alliance (a voting seat), Cy and Dee are members of it, and each knows Ben. */
async function seedPeople(tx: Queryable, workspaceId: number, actor: Actor): Promise<Record<string, number>> {
  const ctx = await loadPeopleCtx(tx, workspaceId, TODAY);
  const ids: Record<string, number> = {};
  for (const [key, given] of [
    ['ada', 'Ada'],
    ['ben', 'Ben'],
    ['cy', 'Cy'],
    ['dee', 'Dee'],
  ] as const) {
    ids[key] = (
      await createPerson(tx, ctx, actor, { given_name: given, family_name: 'Weightson', source: 'test' })
    ).id;
  }
  for (const [key, role, voting] of [
    ['ada', 'chair', true],
    ['cy', 'member', false],
    ['dee', 'member', false],
  ] as const) {
    await createMembership(tx, ctx, actor, {
      network_code: ALLIANCE,
      person_id: ids[key]!,
      role,
      voting,
      valid_from: '2024-01-01',
    });
  }
  for (const key of ['cy', 'dee']) {
    await createRelationship(tx, ctx, actor, {
      from_person_id: ids[key]!,
      to_person_id: ids.ben!,
      kind: 'knows',
      strength: 5,
      confidence: 'confirmed',
    });
  }
  return ids;
}

/** Relationships count for more than seats here: knows raised, seats all but discounted. */
const RELATIONSHIPS_FIRST: WeightOverrides = { edge: { knows: 3, seat: 0.05 } };

describe.each(ENGINES)('a workspace’s influence weights on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  const clock = fakeClock(`${TODAY}T10:00:00Z`);
  let owner: Awaited<ReturnType<typeof buildMember>>;
  let editor: Awaited<ReturnType<typeof buildMember>>;
  let viewer: Awaited<ReturnType<typeof buildMember>>;
  let other: Awaited<ReturnType<typeof buildMember>>;
  let ids: Record<string, number> = {};

  const call = async (token: string, method: string, url: string, body?: unknown) => {
    const res = await app.request(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null, text };
  };
  const ok = async <T extends z.ZodType>(
    schema: T,
    token: string,
    method: string,
    url: string,
    body?: unknown,
  ) => {
    const r = await call(token, method, url, body);
    expect(r.status, `${method} ${url}: ${r.text}`).toBe(200);
    return schema.parse(r.json) as z.infer<T>;
  };
  const topPerson = async (token: string) =>
    (await ok(Ranking, token, 'GET', '/api/v1/analysis/influence?kind=person&top=3')).items[0]!.name;

  beforeAll(async () => {
    db = await freshDb(engine);
    app = createApp({ db, clock, log: silentLog });
    owner = await buildMember(db, clock, { workspace: 'Weights A', role: 'owner' });
    editor = await buildMember(db, clock, { workspace: 'Weights A', role: 'editor' });
    viewer = await buildMember(db, clock, { workspace: 'Weights A', role: 'viewer' });
    other = await buildMember(db, clock, { workspace: 'Weights B', role: 'owner' });
    const actorOf = (m: typeof owner): Actor => ({
      at: clock.now(),
      workspaceId: m.workspaceId,
      actorId: m.userId,
      actorEmail: m.email,
    });
    ids = await inWorkspace(db, owner.workspaceId, (tx) => seedPeople(tx, owner.workspaceId, actorOf(owner)));
    // Workspace B holds the same shape of people: its ranking must not move when A's weights do.
    await inWorkspace(db, other.workspaceId, (tx) => seedPeople(tx, other.workspaceId, actorOf(other)));
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives every role the weights, on the defaults until an owner changes them', async () => {
    const w = await ok(Weights, viewer.token, 'GET', '/api/v1/analysis/weights');
    expect(w.version).toBe(0);
    expect(w.updated_at).toBeNull();
    expect(w.overrides).toEqual({});
    expect(w.effective).toEqual(DEFAULT_WEIGHTS);
    expect(w.weights.find((x) => x.path === 'edge.knows')).toMatchObject({ default: 0.3, value: 0.3 });
    expect(w.groups.map((g) => g.group)).toContain('teleport');
  });

  it('refuses a change from an editor or a viewer (403), bad values naming the field (400), a stale version (409)', async () => {
    for (const m of [editor, viewer]) {
      const r = await call(m.token, 'PUT', '/api/v1/analysis/weights', {
        overrides: RELATIONSHIPS_FIRST,
        version: 0,
      });
      expect(r.status).toBe(403);
      expect((await call(m.token, 'DELETE', '/api/v1/analysis/weights?version=0')).status).toBe(403);
    }
    for (const [overrides, field] of [
      [{ damping: 1.2 }, 'overrides.damping'],
      [{ teleport: { system: 0 } }, 'overrides.teleport.system'],
      [{ edge: { frobs: 2 } }, 'overrides.edge.frobs'],
    ] as const) {
      const r = await call(owner.token, 'PUT', '/api/v1/analysis/weights', { overrides, version: 0 });
      expect(r.status, JSON.stringify(overrides)).toBe(400);
      const p = Problem.parse(r.json);
      expect(p.errors?.[0]?.field).toBe(field);
      expect(p.detail).toContain(field);
    }
    const stale = await call(owner.token, 'PUT', '/api/v1/analysis/weights', {
      overrides: RELATIONSHIPS_FIRST,
      version: 7,
    });
    expect(stale.status).toBe(409);
    expect(Problem.parse(stale.json).detail).toMatch(/someone else changed the weights/);
    // none of these changed anything
    expect((await ok(Weights, viewer.token, 'GET', '/api/v1/analysis/weights')).version).toBe(0);
  });

  it('recomputes the workspace’s ranking and explanations with its weights, and no other workspace’s', async () => {
    const cache = new GraphCache(db);
    const before = await cache.get(owner.workspaceId, TODAY, { wait: true });
    expect(before.weights).toEqual(DEFAULT_WEIGHTS);
    expect(await topPerson(owner.token)).toBe('Ada Weightson');
    const otherBefore = await ok(Ranking, other.token, 'GET', '/api/v1/analysis/influence?kind=person&top=5');
    expect(otherBefore.items[0]!.name).toBe('Ada Weightson');
    const adaWhy = await ok(
      Explanation,
      owner.token,
      'GET',
      `/api/v1/analysis/explain/person:${ids.ada}?top=20`,
    );
    expect(adaWhy.reasons.map((r) => r.edge_kind)).toContain('seat');

    const saved = await ok(Weights, owner.token, 'PUT', '/api/v1/analysis/weights', {
      overrides: RELATIONSHIPS_FIRST,
      version: 0,
    });
    expect(saved.version).toBe(1);
    expect(saved.overrides).toEqual(RELATIONSHIPS_FIRST);
    expect(saved.effective.edge.knows).toBe(3);
    expect(saved.effective.edge.seat).toBe(0.05);
    expect(saved.updated_at).toMatch(/^\d{4}-\d\d-\d\dT/);

    // The cache sees a change of data: a new stamp, and the graph built with the new weights. A graph
    // built with other weights is never handed out, so this does not wait for a background build.
    const after = await cache.get(owner.workspaceId, TODAY);
    expect(after.stamp).not.toBe(before.stamp);
    expect(after.weights.edge.knows).toBe(3);
    expect(after.weights.edge.seat).toBe(0.05);

    expect(await topPerson(owner.token)).toBe('Ben Weightson');
    const why = await ok(
      Explanation,
      owner.token,
      'GET',
      `/api/v1/analysis/explain/person:${ids.ada}?top=20`,
    );
    // Ada's chair lends her less: the members now pass most of theirs to Ben, not back to the Alliance.
    const seatAmount = (w: typeof why) => w.reasons.find((r) => r.edge_kind === 'seat')?.amount ?? 0;
    expect(why.score).toBeLessThan(adaWhy.score);
    expect(seatAmount(why)).toBeLessThan(seatAmount(adaWhy));

    // Workspace B: the same scores as before, on the defaults.
    const otherAfter = await ok(Ranking, other.token, 'GET', '/api/v1/analysis/influence?kind=person&top=5');
    expect(otherAfter.items.map((i) => [i.name, i.score])).toEqual(
      otherBefore.items.map((i) => [i.name, i.score]),
    );
    expect(otherAfter.data_version).toBe(otherBefore.data_version);
    expect((await cache.get(other.workspaceId, TODAY, { wait: true })).weights).toEqual(DEFAULT_WEIGHTS);
    expect((await cache.get(null, TODAY, { wait: true })).weights).toBe(DEFAULT_WEIGHTS);
    expect((await ok(Weights, other.token, 'GET', '/api/v1/analysis/weights')).version).toBe(0);
  });

  it('audits each change with the weights changed and their old and new values, and resets to the defaults', async () => {
    const [entry] = await db.query<{ action: string; actor_email: string; details: unknown }>(
      `SELECT action, actor_email, details FROM audit_log WHERE workspace_id = $1 AND action LIKE 'analysis.weights%'
       ORDER BY id DESC LIMIT 1`,
      [owner.workspaceId],
    );
    const details = (typeof entry!.details === 'string' ? JSON.parse(entry!.details) : entry!.details) as {
      weights: string[];
      changed: unknown[];
    };
    expect(entry!.action).toBe('analysis.weights_changed');
    expect(entry!.actor_email).toBe(owner.email);
    expect(details.weights).toEqual(['edge.seat', 'edge.knows']);
    expect(details.changed).toEqual([
      { weight: 'edge.seat', from: 1, to: 0.05 },
      { weight: 'edge.knows', from: 0.3, to: 3 },
    ]);

    expect((await call(owner.token, 'DELETE', '/api/v1/analysis/weights?version=0')).status).toBe(409);
    const reset = await ok(Weights, owner.token, 'DELETE', '/api/v1/analysis/weights?version=1');
    expect(reset.version).toBe(2);
    expect(reset.overrides).toEqual({});
    expect(reset.effective).toEqual(DEFAULT_WEIGHTS);
    expect(await topPerson(owner.token)).toBe('Ada Weightson');
    const [last] = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE workspace_id = $1 ORDER BY id DESC LIMIT 1`,
      [owner.workspaceId],
    );
    expect(last!.action).toBe('analysis.weights_reset');
  });

  it('the CLI lists, sets from a file (errors name the file, line and field) and resets', {
    timeout: 240_000,
  }, async () => {
    const cli = await cliDatabase(engine);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-weights-cli-'));
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: Io = {
        out: (s) => out.push(s),
        err: (s) => err.push(s),
        isTty: false,
        readStdin: async () => '',
      };
      const status = await main([...args, ...(cli.dataDir ? ['--data-dir', cli.dataDir] : [])], io);
      return { status, out: out.join('\n'), err: err.join('\n') };
    };
    try {
      // A bad file is refused before the database is opened: one line naming the file, line and field.
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, '{\n  "edge": {\n    "knows": -1\n  }\n}\n');
      const refused = await run(['analyse', 'weights', '--workspace', 'CLI team', '--set', bad]);
      expect(refused.status).toBe(2);
      expect(refused.err.split('\n')).toHaveLength(1);
      expect(refused.err).toContain(`${bad}, line 3: edge.knows: must be from 0 to 100`);
      fs.writeFileSync(bad, '{\n  "edge": {\n    "knows": 2,\n  }\n}\n');
      const notJson = await run(['analyse', 'weights', '--workspace', 'CLI team', '--set', bad]);
      expect(notJson.status).toBe(2);
      expect(notJson.err).toMatch(/bad\.json, line \d: not JSON/);

      // Relationships over seats: the workspace's ranking follows (the analyse commands use its weights).
      const good = path.join(dir, 'relationships-first.json');
      fs.writeFileSync(good, JSON.stringify(RELATIONSHIPS_FIRST));
      const set = await run(['analyse', 'weights', '--workspace', 'CLI team', '--set', good, '--json']);
      expect(set.status, set.err).toBe(0);
      const view = Weights.parse(JSON.parse(set.out));
      expect(view).toMatchObject({ version: 1, overrides: RELATIONSHIPS_FIRST });
      const ranking = await run([
        'analyse',
        'influence',
        '--workspace',
        'CLI team',
        '--kind',
        'person',
        '--json',
      ]);
      expect(ranking.status, ranking.err).toBe(0);
      expect((JSON.parse(ranking.out) as { name: string }[])[0]!.name).toBe('Ben Weightson');

      const reset = await run(['analyse', 'weights', '--workspace', 'CLI team', '--reset']);
      expect(reset.status, reset.err).toBe(0);
      expect(reset.out).toMatch(
        /^Influence weights of workspace "CLI team" \(version 2, changed .*\): the defaults/,
      );
      expect(reset.out).toMatch(/\n\s+edge\.knows\s+0\.3\s+0\.3\s+both ways/);
      expect(reset.out).not.toMatch(/^\*/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await cli.close();
    }
  });
});

/** A database for the CLI (a PGlite data dir, or a PostgreSQL database named by DATABASE_URL) holding "CLI team". */
async function cliDatabase(engine: Engine): Promise<{ dataDir?: string; close(): Promise<void> }> {
  const saved = process.env.DATABASE_URL;
  const seed = async (q: Db) => {
    const [w] = await q.query<{ id: number }>(
      "INSERT INTO workspaces (name) VALUES ('CLI team') RETURNING id",
    );
    const actor = { at: new Date(), workspaceId: w!.id, actorId: null, actorEmail: 'cli' };
    await inWorkspace(q, w!.id, (tx) => seedPeople(tx, w!.id, actor));
  };
  if (engine === 'pglite') {
    delete process.env.DATABASE_URL;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-weights-cli-db-'));
    const seeded = await openPglite({
      dataDir,
      loadDataDir: new Blob([fs.readFileSync(inject('pgliteSnapshot'))]),
    });
    await seed(seeded);
    await seeded.close();
    return {
      dataDir,
      async close() {
        if (saved !== undefined) process.env.DATABASE_URL = saved;
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = testDatabaseUrl()!;
  const name = `atlas_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  const db = await openPostgres(u.toString(), 1);
  await seed(db);
  await db.close();
  return {
    async close() {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      const a = await openPostgres(url, 1);
      await a.exec(`DROP DATABASE IF EXISTS ${name}`);
      await a.close();
    },
  };
}
