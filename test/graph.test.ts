import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGexf, toGraphml, toJson } from '../src/analysis/export.ts';
import { explainNode, rank, scoresOf } from '../src/analysis/measures.ts';
import { DEFAULT_WEIGHTS } from '../src/analysis/model.ts';
import type { Profession } from '../src/core/people.ts';
import { GraphCache, scoped } from '../src/services/analysis.ts';
import {
  createPerson,
  createPersona,
  createPost,
  deletePerson,
  deletePost,
  updatePerson,
} from '../src/services/people.ts';
import type { Actor } from '../src/services/people-audit.ts';
import {
  createMembership,
  createRelationship,
  deleteMembership,
  deleteRelationship,
} from '../src/services/ties.ts';
import type { Db } from '../src/storage/db.ts';
import { graphDataStamp } from '../src/storage/graph-repo.ts';
import { loadPeopleCtx } from '../src/storage/people-ctx.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { ENGINES, freshDb } from './support/db.ts';

const TODAY = '2026-11-24';
const ICB = 'QYG'; // NHS Cheshire and Merseyside ICB, in the national reference
const ALLIANCE = 'N68'; // Cheshire and Merseyside Cancer Alliance, covering QYG

/** networkx, where the machine has it: the tests then check the exports against it too. */
const python = (() => {
  const r = spawnSync('python3', ['-c', 'import networkx'], { encoding: 'utf8' });
  return r.status === 0 ? 'python3' : null;
})();

describe.each(ENGINES)('the stakeholder graph from the database on %s', (engine) => {
  let db: Db;
  let wsA = 0;
  let wsB = 0;
  const ids: Record<string, number> = {};

  const make = async (
    ws: number,
    fn: (
      tx: Parameters<Parameters<typeof inWorkspace>[2]>[0],
      ctx: Awaited<ReturnType<typeof loadPeopleCtx>>,
      actor: Actor,
    ) => Promise<void>,
  ) =>
    inWorkspace(db, ws, async (tx) => {
      const ctx = await loadPeopleCtx(tx, ws, TODAY);
      await fn(tx, ctx, {
        at: new Date(`${TODAY}T10:00:00Z`),
        workspaceId: ws,
        actorId: null,
        actorEmail: 'test@example.test',
      });
    });

  beforeAll(async () => {
    db = await freshDb(engine);
    const [a] = await db.query<{ id: number }>(
      `INSERT INTO workspaces (name) VALUES ('Graph A') RETURNING id`,
    );
    const [b] = await db.query<{ id: number }>(
      `INSERT INTO workspaces (name) VALUES ('Graph B') RETURNING id`,
    );
    wsA = a!.id;
    wsB = b!.id;
    await make(wsA, async (tx, ctx, actor) => {
      const person = async (key: string, given: string, family: string, professions: Profession[]) => {
        ids[key] = (
          await createPerson(tx, ctx, actor, {
            given_name: given,
            family_name: family,
            professions,
            source: 'test',
          })
        ).id;
      };
      await person('chair', 'Ada', 'Testwell', ['pharmacist']);
      await person('member', 'Ben', 'Sampleton', ['gp']);
      await person('deputy', 'Cora', 'Fictive', ['nurse']);
      await person('mover', 'Dee', 'Madeup', ['manager']);
      await createPost(tx, ctx, actor, {
        person_id: ids.chair!,
        organisation_code: ICB,
        title: 'Chief Pharmacist',
        persona_code: 'ics_chief_pharmacist',
        valid_from: '2024-01-01',
      });
      await createPost(tx, ctx, actor, {
        person_id: ids.deputy!,
        organisation_code: ICB,
        title: 'Deputy Chief Pharmacist',
        valid_from: '2024-01-01',
      });
      // a post that ended on 2025-06-30: counted before, not after
      await createPost(tx, ctx, actor, {
        person_id: ids.mover!,
        organisation_code: ICB,
        title: 'Programme Lead',
        persona_code: 'ics_programme_lead',
        valid_from: '2023-01-01',
        valid_to: '2025-06-30',
      });
      await createMembership(tx, ctx, actor, {
        network_code: ALLIANCE,
        person_id: ids.chair!,
        role: 'chair',
        voting: true,
        valid_from: '2024-01-01',
      });
      await createMembership(tx, ctx, actor, {
        network_code: ALLIANCE,
        person_id: ids.member!,
        role: 'member',
        voting: true,
        valid_from: '2024-01-01',
      });
      await createRelationship(tx, ctx, actor, {
        from_person_id: ids.deputy!,
        to_person_id: ids.chair!,
        kind: 'reports_to',
        strength: 5,
        confidence: 'confirmed',
      });
    });
    await make(wsB, async (tx, ctx, actor) => {
      const p = await createPerson(tx, ctx, actor, {
        given_name: 'Gus',
        family_name: 'Otherspace',
        source: 'test',
      });
      await createPost(tx, ctx, actor, {
        person_id: p.id,
        organisation_code: ICB,
        title: 'Medical Director',
        valid_from: '2024-01-01',
      });
    });
  });
  afterAll(async () => {
    await db.close();
  });

  it("includes the workspace's own people and ties, never another workspace's, none without a workspace", async () => {
    const cache = new GraphCache(db);
    const a = await cache.get(wsA, TODAY, { wait: true });
    const people = a.graph.ids.filter((id) => id.startsWith('person:'));
    expect(people.sort()).toEqual(
      Object.values(ids)
        .map((id) => `person:${id}`)
        .sort(),
    );
    expect(a.graph.names).not.toContain('Gus Otherspace');
    const b = await cache.get(wsB, TODAY, { wait: true });
    expect(b.graph.ids.filter((id) => id.startsWith('person:'))).toHaveLength(1);
    expect(b.graph.names).not.toContain('Ada Testwell');
    const ref = await cache.get(null, TODAY, { wait: true });
    expect(ref.graph.ids.some((id) => id.startsWith('person:'))).toBe(false);
    expect(ref.graph.index.has(`org:${ICB}`)).toBe(true);
  });

  it('explains why the chair is influential, in words whose shares add up to the score', async () => {
    const built = await new GraphCache(db).get(wsA, TODAY, { wait: true });
    const { graph, flow } = scoped(built, ICB);
    const chair = graph.index.get(`person:${ids.chair}`)!;
    const member = graph.index.get(`person:${ids.member}`)!;
    expect(flow.scores[chair]).toBeGreaterThan(flow.scores[member]!);
    const why = explainNode(graph, flow, chair, 5);
    const texts = why.reasons.map((r) => r.text);
    expect(texts).toContain('Chair of Cheshire and Merseyside Cancer Alliance');
    expect(texts).toContain('Chief Pharmacist at NHS Cheshire and Merseyside Integrated Care Board');
    expect(texts).toContain('Cora Fictive reports to them');
    expect(why.reasons.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 9);
    expect(why.reasons.reduce((s, r) => s + r.amount, 0)).toBeCloseTo(why.score, 12);
    const people = rank(graph, flow.scores, { kinds: ['person'] });
    expect(people[0]!.id).toBe(`person:${ids.chair}`);
  });

  it('counts a post only while it is open: as at a date after it ended, it is gone', async () => {
    const cache = new GraphCache(db);
    const during = await cache.get(wsA, '2025-01-01', { wait: true });
    const after = await cache.get(wsA, TODAY, { wait: true });
    const moverDuring = during.graph.index.get(`person:${ids.mover}`)!;
    const moverAfter = after.graph.index.get(`person:${ids.mover}`)!;
    const reasons = (b: typeof during, i: number) =>
      explainNode(b.graph, b.flow, i, 10).reasons.map((r) => r.text);
    expect(reasons(during, moverDuring)).toContain(
      'Programme Lead at NHS Cheshire and Merseyside Integrated Care Board',
    );
    expect(reasons(after, moverAfter).some((t) => t.includes('Programme Lead'))).toBe(false);
    expect(after.graph.levels[moverAfter]).toBeNull();
    expect(during.graph.levels[moverDuring]).toBe('system');
  });

  it('rebuilds when the data changes, serving the graph it has meanwhile', async () => {
    const cache = new GraphCache(db);
    const first = await cache.get(wsA, TODAY, { wait: true });
    expect(await cache.get(wsA, TODAY)).toBe(first);
    await make(wsA, async (tx, ctx, actor) => {
      ids.newcomer = (
        await createPerson(tx, ctx, actor, { given_name: 'Eve', family_name: 'Newcome', source: 'test' })
      ).id;
    });
    const meanwhile = await cache.get(wsA, TODAY);
    expect(meanwhile).toBe(first);
    const fresh = await cache.get(wsA, TODAY, { wait: true });
    expect(fresh.graph.index.has(`person:${ids.newcomer}`)).toBe(true);
    expect(fresh.stamp).not.toBe(first.stamp);
  });

  it("moves a workspace's data version on for every kind of write to it, and only its own", async () => {
    const stampOf = (ws: number) => inWorkspace(db, ws, (tx) => graphDataStamp(tx, ws));
    const seen = [await stampOf(wsA)];
    const otherBefore = await stampOf(wsB);
    const step = async (what: string, fn: Parameters<typeof make>[1]) => {
      await make(wsA, fn);
      const now = await stampOf(wsA);
      expect(seen, `${what} left the data version where it was`).not.toContain(now);
      seen.push(now);
    };
    let person = 0;
    let post = 0;
    let membership = 0;
    let tie = 0;
    await step('adding a person', async (tx, ctx, actor) => {
      person = (
        await createPerson(tx, ctx, actor, { given_name: 'Hal', family_name: 'Versionby', source: 'test' })
      ).id;
    });
    await step('adding a post', async (tx, ctx, actor) => {
      post = (
        await createPost(tx, ctx, actor, {
          person_id: person,
          organisation_code: ICB,
          title: 'Head of Medicines Optimisation',
          valid_from: '2024-01-01',
        })
      ).id;
    });
    await step('adding a membership', async (tx, ctx, actor) => {
      membership = (
        await createMembership(tx, ctx, actor, {
          network_code: ALLIANCE,
          person_id: person,
          role: 'member',
          voting: false,
          valid_from: '2024-01-01',
        })
      ).id;
    });
    await step('adding a relationship', async (tx, ctx, actor) => {
      tie = (
        await createRelationship(tx, ctx, actor, {
          from_person_id: person,
          to_person_id: ids.chair!,
          kind: 'works_with',
          strength: 3,
          confidence: 'likely',
        })
      ).id;
    });
    await step('marking the person engaged', async (tx, ctx, actor) => {
      await updatePerson(tx, ctx, actor, person, { engaged: true, version: 1 });
    });
    await step('adding a workspace persona', async (tx, ctx, actor) => {
      await createPersona(tx, ctx, actor, { name: 'Versioning lead', level: 'system' });
    });
    await step('removing the relationship', async (tx, ctx, actor) => {
      await deleteRelationship(tx, ctx, actor, tie);
    });
    await step('removing the membership', async (tx, ctx, actor) => {
      await deleteMembership(tx, ctx, actor, membership);
    });
    await step('removing the post', (tx, ctx, actor) => deletePost(tx, ctx, actor, post));
    await step('removing the person', (tx, ctx, actor) => deletePerson(tx, ctx, actor, person));
    expect(await stampOf(wsB)).toBe(otherBefore);
    // and the other way round: a write to B leaves A's version alone
    const aBefore = await stampOf(wsA);
    await make(wsB, async (tx, ctx, actor) => {
      await createPerson(tx, ctx, actor, { given_name: 'Ivy', family_name: 'Elsewhere', source: 'test' });
    });
    expect(await stampOf(wsB)).not.toBe(otherBefore);
    expect(await stampOf(wsA)).toBe(aBefore);
  });

  it('exports GraphML, GEXF and JSON with stable ids that networkx reads back to the same PageRank', async () => {
    const built = await new GraphCache(db).get(wsA, TODAY, { wait: true });
    const { graph, flow } = scoped(built, ICB);
    const pr = scoresOf(graph, 'pagerank', DEFAULT_WEIGHTS).scores;
    const json = toJson(graph, { influence: flow.scores }, TODAY);
    expect(json.nodes.map((n) => n.id)).toEqual(graph.ids);
    expect(json.nodes.find((n) => n.id === `person:${ids.chair}`)).toMatchObject({
      name: 'Ada Testwell',
      kind: 'person',
    });
    const graphml = toGraphml(graph, { influence: flow.scores });
    const gexf = toGexf(graph, { influence: flow.scores }, TODAY);
    for (const id of graph.ids) {
      expect(graphml).toContain(`<node id="${id}">`);
      expect(gexf).toContain(`<node id="${id}" `);
    }
    if (!python) {
      console.log('[atlas tests] networkx not found: GraphML/GEXF checked by content only');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-graph-'));
    try {
      fs.writeFileSync(path.join(dir, 'g.graphml'), graphml);
      fs.writeFileSync(path.join(dir, 'g.gexf'), gexf);
      const script = `
import json, sys, networkx as nx
out = {}
for name, G in (("graphml", nx.read_graphml(sys.argv[1] + "/g.graphml")), ("gexf", nx.read_gexf(sys.argv[1] + "/g.gexf"))):
    pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=10000)
    out[name] = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "pagerank": pr}
print(json.dumps(out))`;
      const out = JSON.parse(execFileSync(python, ['-c', script, dir], { encoding: 'utf8' })) as Record<
        string,
        { nodes: number; edges: number; pagerank: Record<string, number> }
      >;
      for (const format of ['graphml', 'gexf']) {
        const r = out[format]!;
        expect(r.nodes, format).toBe(graph.n);
        let worst = 0;
        graph.ids.forEach((id, i) => {
          worst = Math.max(worst, Math.abs(r.pagerank[id]! - pr[i]!));
        });
        expect(worst, format).toBeLessThan(1e-6);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
