import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildGraph, type GraphRows, graphColumns } from '../src/analysis/build.ts';
import { compareScores } from '../src/analysis/compare.ts';
import { coverage } from '../src/analysis/coverage.ts';
import { influenceFlow } from '../src/analysis/measures.ts';
import { DEFAULT_WEIGHTS } from '../src/analysis/model.ts';
import { carriers, chain, introductions, MinHeap, PathFinder } from '../src/analysis/paths.ts';
import { fakeClock } from '../src/core/clock.ts';
import { PERSONA_CATALOGUE } from '../src/core/personas.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import { createPerson, createPost } from '../src/services/people.ts';
import type { Actor } from '../src/services/people-audit.ts';
import { createMembership, createRelationship } from '../src/services/ties.ts';
import {
  Brokers,
  Carriers,
  Chain,
  Communities,
  Comparison,
  Coverage,
  Explanation,
  Introductions,
  MapGraph,
  Ranking,
} from '../src/shared/analysis-schemas.ts';
import { Person } from '../src/shared/people-schemas.ts';
import { Problem } from '../src/shared/schemas.ts';
import type { Db, Queryable } from '../src/storage/db.ts';
import { loadPeopleCtx, type PeopleCtx } from '../src/storage/people-ctx.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, freshDb } from './support/db.ts';

// ---- the analyses on a hand-built graph, with answers worked out by hand --------------------------

/**
 * A small ICS: region REG over ICB1 and ICB2; under ICB1 a trust TR1 and a place PL1 with a PCN PCN1
 * and its practice GP1; an area prescribing committee APC1 hosted by ICB1 and a Cancer Alliance CA1
 * covering it. Ada (ICB1 chief pharmacist, chairs APC1), Ben (GP1 partner, sits on APC1), Cora (TR1
 * high-cost drugs pharmacist, reports to Ada), Gail (PCN1 clinical director); Eve, engaged, knows
 * Finn, who works with Gail.
 */
function handRows(engaged: number[] = [105]): GraphRows {
  const person = (id: number, given: string, family: string) => ({
    id,
    honorific: null,
    given_name: given,
    family_name: family,
    professions: [],
    engaged: engaged.includes(id),
  });
  const post = (
    person_id: number,
    organisation_id: number,
    title: string,
    level: 'system' | 'provider' | 'neighbourhood',
    persona_code: string,
    persona_category: 'key' | 'base',
  ) => ({ person_id, organisation_id, network_id: null, title, level, persona_code, persona_category });
  return {
    organisations: [
      { id: 1, code: 'REG', name: 'Region', kind: 'nhs_region' },
      { id: 2, code: 'ICB1', name: 'ICB One', kind: 'icb' },
      { id: 3, code: 'TR1', name: 'Trust One', kind: 'nhs_trust' },
      { id: 4, code: 'PCN1', name: 'PCN One', kind: 'pcn' },
      { id: 5, code: 'GP1', name: 'Practice One', kind: 'gp_practice' },
      { id: 6, code: 'PL1', name: 'Place One', kind: 'place' },
      { id: 7, code: 'ICB2', name: 'ICB Two', kind: 'icb' },
    ],
    links: [
      { from_id: 2, to_id: 1, kind: 'part_of' },
      { from_id: 3, to_id: 2, kind: 'part_of' },
      { from_id: 6, to_id: 2, kind: 'part_of' },
      { from_id: 4, to_id: 6, kind: 'part_of' },
      { from_id: 5, to_id: 4, kind: 'member_of' },
      { from_id: 7, to_id: 1, kind: 'part_of' },
    ],
    networks: [
      { id: 10, code: 'APC1', name: 'APC One', kind: 'area_prescribing_committee', host_id: 2 },
      { id: 11, code: 'CA1', name: 'Alliance One', kind: 'cancer_alliance', host_id: null },
    ],
    footprints: [{ network_id: 11, organisation_id: 2, role: 'member' }],
    people: [
      person(100, 'Ada', 'Testwell'),
      person(101, 'Ben', 'Sampleton'),
      person(102, 'Cora', 'Fictive'),
      person(103, 'Gail', 'Targetson'),
      person(104, 'Finn', 'Linkwright'),
      person(105, 'Eve', 'Engagewell'),
    ],
    posts: [
      post(100, 2, 'Chief Pharmacist', 'system', 'ics_chief_pharmacist', 'key'),
      post(101, 5, 'GP Partner', 'neighbourhood', 'gp_partner', 'base'),
      post(102, 3, 'High-cost drugs pharmacist', 'provider', 'high_cost_drug_pharmacist', 'key'),
      post(103, 4, 'Clinical Director', 'neighbourhood', 'pcn_clinical_director', 'base'),
    ],
    memberships: [
      { network_id: 10, person_id: 100, organisation_id: null, role: 'chair', voting: true },
      { network_id: 10, person_id: 101, organisation_id: null, role: 'member', voting: false },
    ],
    relationships: [
      {
        from_person_id: 102,
        to_person_id: 100,
        to_organisation_id: null,
        to_network_id: null,
        kind: 'reports_to',
        strength: 5,
        confidence: 'confirmed',
      },
      {
        from_person_id: 105,
        to_person_id: 104,
        to_organisation_id: null,
        to_network_id: null,
        kind: 'knows',
        strength: 5,
        confidence: 'confirmed',
      },
      {
        from_person_id: 104,
        to_person_id: 103,
        to_organisation_id: null,
        to_network_id: null,
        kind: 'works_with',
        strength: 5,
        confidence: 'confirmed',
      },
    ],
  };
}

describe('up and down the chain on a hand-built ICS', () => {
  const g = buildGraph(handRows(), DEFAULT_WEIGHTS);
  const flow = influenceFlow(g, DEFAULT_WEIGHTS);
  const at = (id: string) => g.index.get(id)!;
  const W = DEFAULT_WEIGHTS;

  it('a binary heap gives its values back smallest key first, reused after clearing', () => {
    const h = new MinHeap(2);
    for (const round of [0, 1]) {
      const keys = [5, 1, 4, 1.5, 9, 0.5, 3, 7].map((k) => k + round);
      for (const [i, k] of keys.entries()) h.push(k, i);
      const out: number[] = [];
      while (h.size > 0) out.push(keys[h.pop()]!);
      expect(out).toEqual([...keys].sort((a, b) => a - b));
      h.clear();
    }
  });

  it("counts Ada's reach per level within three steps as worked out by hand", () => {
    const r = chain(g, flow, at('person:100'));
    const nodes = Object.fromEntries(r.reach.map((x) => [x.level, x.nodes]));
    // step 1: ICB1, APC1, Cora · step 2: REG, TR1, PL1, CA1, Ben · step 3: ICB2, PCN1, GP1
    expect(nodes).toEqual({ national: 0, regional: 1, system: 5, place: 1, neighbourhood: 2, provider: 2 });
    const share = Object.fromEntries(r.reach.map((x) => [x.level, x.influence_share]));
    expect(share.regional).toBeCloseTo(1, 12); // REG is the only regional node
    expect(share.place).toBeCloseTo(1, 12); // and PL1 the only place
    expect(share.national).toBe(0);
    // Gail (neighbourhood) is four steps away: the level's share is less than all of it
    expect(share.neighbourhood).toBeLessThan(1);
    expect(share.neighbourhood).toBeGreaterThan(0);
  });

  it("finds Ada's ICB and the shortest paths to its forums, prescribing committee first", () => {
    const r = chain(g, flow, at('person:100'));
    expect(g.ids[r.icb!]).toBe('org:ICB1');
    expect(r.forums.map((f) => g.ids[f.node])).toEqual(['org:ICB1', 'net:APC1', 'net:CA1']);
    const [icb, apc, ca] = r.forums;
    // her post at ICB1: 2 × key persona × system level; her chair's seat on APC1: 1 × chair × system level
    const postW = W.edge.post * W.persona.key * W.level.system;
    const seatW = W.edge.seat * W.role.chair * W.level.system;
    expect(icb!.path!.length).toBeCloseTo(1 / postW, 12);
    expect(apc!.path!.nodes.map((i) => g.ids[i])).toEqual(['person:100', 'net:APC1']);
    expect(apc!.path!.length).toBeCloseTo(1 / seatW, 12);
    // to the Alliance through ICB1, which covers it
    expect(ca!.path!.nodes.map((i) => g.ids[i])).toEqual(['person:100', 'org:ICB1', 'net:CA1']);
    expect(ca!.path!.length).toBeCloseTo(1 / postW + 1 / W.edge.covers, 12);
  });

  it('names Ben, at a practice and on the prescribing committee, as the one carrying influence between levels', () => {
    const list = carriers(g, flow, at('org:ICB1'));
    expect(list.map((c) => g.ids[c.node])).toEqual(['person:101']);
    expect(list[0]!.levels).toEqual(['system', 'neighbourhood']);
    // his only ties: GP1 (neighbourhood) and APC1 (system), each way
    const d = flow.damping;
    const x = flow.scores;
    const ben = at('person:101');
    const gp = at('org:GP1');
    const apc = at('net:APC1');
    const inflow = (u: number) => {
      for (let e = g.csr.offsets[u]!; e < g.csr.offsets[u + 1]!; e++)
        if (g.csr.targets[e] === ben) return (d * x[u]! * g.csr.weights[e]!) / g.csr.outWeight[u]!;
      return 0;
    };
    const toGp = W.edge.serves_in;
    const toApc = W.edge.member_of;
    const expected = (inflow(gp) * toApc + inflow(apc) * toGp) / (toGp + toApc);
    expect(list[0]!.carried).toBeCloseTo(expected, 12);
  });

  it('finds the introduction through Finn, then a node-disjoint one from Ada', () => {
    const paths = introductions(
      g,
      [at('person:105'), at('person:100')],
      at('person:103'),
      3,
      new PathFinder(g),
    );
    expect(paths).toHaveLength(2);
    expect(paths[0]!.nodes.map((i) => g.names[i])).toEqual([
      'Eve Engagewell',
      'Finn Linkwright',
      'Gail Targetson',
    ]);
    expect(g.names[paths[0]!.introducer!]).toBe('Finn Linkwright');
    expect(paths[0]!.length).toBeCloseTo(1 / (W.edge.knows * 5) + 1 / (W.edge.works_with * 5), 12);
    expect(paths[1]!.nodes.map((i) => g.ids[i])).toEqual([
      'person:100',
      'org:ICB1',
      'org:PL1',
      'org:PCN1',
      'person:103',
    ]);
    expect(g.names[paths[1]!.introducer!]).toBe('Ada Testwell');
    const inner = (p: (typeof paths)[number]) => p.nodes.slice(1, -1);
    expect(inner(paths[0]!).filter((v) => inner(paths[1]!).includes(v))).toEqual([]);
    expect(paths[1]!.length).toBeGreaterThan(paths[0]!.length);
  });

  it('covers the personas held in the ICS, tied only through engaged people', () => {
    const c = coverage(g, at('org:ICB1'), PERSONA_CATALOGUE);
    const by = Object.fromEntries(c.personas.map((p) => [p.code, p]));
    expect(c.personas.slice(0, 10).every((p) => p.category === 'key')).toBe(true);
    expect(by.ics_chief_pharmacist!.holders.map((h) => g.names[h.node])).toEqual(['Ada Testwell']);
    expect(by.high_cost_drug_pharmacist!.holders.map((h) => g.names[h.node])).toEqual(['Cora Fictive']);
    expect(by.apc_member!.holders).toEqual([]);
    expect(c.filled).toBe(2);
    // Gail is two ties from Eve (Eve knows Finn, Finn works with Gail); no key persona is tied
    expect(by.pcn_clinical_director!.tied).toBe(true);
    expect(c.tied).toBe(0);
    // engage Ada: her persona is tied, and Cora's (she reports to Ada)
    const g2 = buildGraph(handRows([105, 100]), DEFAULT_WEIGHTS);
    const c2 = coverage(g2, g2.index.get('org:ICB1')!, PERSONA_CATALOGUE);
    const by2 = Object.fromEntries(c2.personas.map((p) => [p.code, p]));
    expect(by2.ics_chief_pharmacist!.holders[0]!.engaged).toBe(true);
    expect(by2.high_cost_drug_pharmacist!.tied).toBe(true);
    expect(c2.tied).toBe(2);
  });

  it('compares two graphs: a post removed loses influence, a node dropped has left', () => {
    const rows = handRows();
    const later = { ...rows, posts: rows.posts.filter((p) => p.person_id !== 102) };
    later.organisations = rows.organisations.filter((o) => o.code !== 'ICB2');
    later.links = rows.links.filter((l) => l.from_id !== 7);
    const g2 = buildGraph(later, DEFAULT_WEIGHTS);
    const r = compareScores(
      { graph: g, scores: flow.scores },
      { graph: g2, scores: influenceFlow(g2, DEFAULT_WEIGHTS).scores },
      { kinds: ['person'] },
    );
    expect(r.lost[0]!.id).toBe('person:102');
    expect(r.lost[0]!.after).toBeLessThan(r.lost[0]!.before);
    expect(r.left).toBe(1);
    expect(r.joined).toBe(0);
  });
});

// ---- the API on a workspace in the database ----------------------------------------------------

const TODAY = '2026-11-24';
const ICB = 'QYG'; // NHS Cheshire and Merseyside ICB, in the national reference
const TRUST = 'RBT'; // Mid Cheshire Hospitals, part of QYG
const ALLIANCE = 'N68'; // Cheshire and Merseyside Cancer Alliance, covering QYG

describe('building the graph from rows or columns', () => {
  /** handRows with every database id moved by `by` (a person id of a large database). */
  const shifted = (by: number): GraphRows => {
    const r = handRows();
    const id = (x: number | null) => (x === null ? null : x + by);
    return {
      organisations: r.organisations.map((o) => ({ ...o, id: o.id + by })),
      links: r.links.map((l) => ({ ...l, from_id: l.from_id + by, to_id: l.to_id + by })),
      networks: r.networks.map((n) => ({ ...n, id: n.id + by, host_id: id(n.host_id) })),
      footprints: r.footprints.map((f) => ({
        ...f,
        network_id: f.network_id + by,
        organisation_id: f.organisation_id + by,
      })),
      people: r.people.map((p) => ({ ...p, id: p.id + by })),
      posts: r.posts.map((p) => ({
        ...p,
        person_id: p.person_id + by,
        organisation_id: id(p.organisation_id),
        network_id: id(p.network_id),
      })),
      memberships: r.memberships.map((m) => ({
        ...m,
        network_id: m.network_id + by,
        person_id: id(m.person_id),
        organisation_id: id(m.organisation_id),
      })),
      relationships: r.relationships.map((x) => ({
        ...x,
        from_person_id: x.from_person_id + by,
        to_person_id: id(x.to_person_id),
        to_organisation_id: id(x.to_organisation_id),
        to_network_id: id(x.to_network_id),
      })),
    };
  };

  it('gives the same graph and influence from columns as from rows, with ids small or far apart', () => {
    const rows = buildGraph(handRows(), DEFAULT_WEIGHTS);
    const cols = buildGraph(graphColumns(handRows()), DEFAULT_WEIGHTS);
    // ids in the millions: looked up through a map rather than an array indexed by id
    const sparse = buildGraph(graphColumns(shifted(9_000_000)), DEFAULT_WEIGHTS);
    for (const g of [cols, sparse]) {
      expect(g.names).toEqual(rows.names);
      expect(g.levels).toEqual(rows.levels);
      expect(Array.from(g.csr.targets)).toEqual(Array.from(rows.csr.targets));
      expect(Array.from(g.csr.weights)).toEqual(Array.from(rows.csr.weights));
      expect(Array.from(g.engaged)).toEqual(Array.from(rows.engaged));
    }
    expect(sparse.ids).toContain('person:9000100');
    const ada = rows.index.get('person:100')!;
    expect(rows.levels[ada]).toBe('system');
    expect(influenceFlow(sparse, DEFAULT_WEIGHTS).scores[sparse.index.get('person:9000100')!]).toBe(
      influenceFlow(rows, DEFAULT_WEIGHTS).scores[ada],
    );
  });
});

describe.each(ENGINES)('the analysis API on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  const clock = fakeClock(`${TODAY}T10:00:00Z`);
  let editor: { token: string; workspaceId: number; userId: number; email: string };
  let viewer: { token: string };
  let outsider: { token: string; workspaceId: number; userId: number; email: string };
  const ids: Record<string, number> = {};

  const call = async (token: string | null, method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return res;
  };
  const getJson = async <T extends z.ZodType>(schema: T, path: string, token = editor.token) => {
    const res = await call(token, 'GET', path);
    const text = await res.text();
    expect(res.status, `${path}: ${text}`).toBe(200);
    return schema.parse(JSON.parse(text)) as z.infer<T>;
  };
  const problemOf = async (path: string, status: number) => {
    const res = await call(editor.token, 'GET', path);
    expect(res.status, path).toBe(status);
    return Problem.parse(await res.json());
  };
  /** Asks again until the answer comes from a graph built after the data changed (built in the background). */
  const fresh = async <T extends z.ZodType>(schema: T, path: string, stale: string) => {
    for (let i = 0; i < 200; i++) {
      const r = (await getJson(schema, path)) as { data_version: string };
      if (r.data_version !== stale) return r as z.infer<T>;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${path}: never rebuilt`);
  };

  const inWs = <T>(
    who: { workspaceId: number; userId: number; email: string },
    fn: (tx: Queryable, ctx: PeopleCtx, actor: Actor) => Promise<T>,
  ) =>
    inWorkspace(db, who.workspaceId, async (tx) =>
      fn(tx, await loadPeopleCtx(tx, who.workspaceId, TODAY), {
        at: clock.now(),
        workspaceId: who.workspaceId,
        actorId: who.userId,
        actorEmail: who.email,
      }),
    );

  beforeAll(async () => {
    db = await freshDb(engine);
    app = createApp({ db, clock, log: silentLog });
    editor = await buildMember(db, clock, { workspace: 'Analysis A', role: 'editor' });
    viewer = await buildMember(db, clock, { workspace: 'Analysis A', role: 'viewer' });
    outsider = await buildMember(db, clock, { workspace: 'Analysis B', role: 'editor' });
    await inWs(editor, async (tx, ctx, actor) => {
      const person = async (key: string, given: string, family: string, engaged = false) => {
        ids[key] = (
          await createPerson(tx, ctx, actor, {
            given_name: given,
            family_name: family,
            source: 'test',
            engaged,
          })
        ).id;
      };
      await person('ada', 'Ada', 'Testwell');
      await person('ben', 'Ben', 'Sampleton');
      await person('cora', 'Cora', 'Fictive');
      await person('dee', 'Dee', 'Madeup');
      await person('eve', 'Eve', 'Engagewell', true);
      await person('finn', 'Finn', 'Linkwright');
      await person('gail', 'Gail', 'Targetson');
      await person('hana', 'Hana', 'Alliancelead');
      const post = (
        key: string,
        at: { organisation_code?: string; network_code?: string },
        title: string,
        persona: string,
        to?: string,
      ) =>
        createPost(tx, ctx, actor, {
          person_id: ids[key]!,
          ...at,
          title,
          persona_code: persona,
          valid_from: key === 'ben' ? '2023-01-01' : '2024-01-01',
          ...(to ? { valid_to: to } : {}),
        });
      await post('ada', { organisation_code: ICB }, 'Chief Pharmacist', 'ics_chief_pharmacist');
      // Ben's post ended on 2025-06-30: counted on 2025-01-01, not today
      await post('ben', { organisation_code: ICB }, 'Programme Lead', 'ics_programme_lead', '2025-06-30');
      await post(
        'cora',
        { organisation_code: TRUST },
        'High-cost Drugs Pharmacist',
        'high_cost_drug_pharmacist',
      );
      await post('dee', { organisation_code: TRUST }, 'Service Lead, Cardiology', 'service_lead');
      await post('gail', { organisation_code: TRUST }, 'Transformation Lead', 'transformation_lead');
      await post('hana', { network_code: ALLIANCE }, 'Managing Director', 'cancer_alliance_leadership');
      await createMembership(tx, ctx, actor, {
        network_code: ALLIANCE,
        person_id: ids.ada!,
        role: 'chair',
        voting: true,
        valid_from: '2024-01-01',
      });
      await createMembership(tx, ctx, actor, {
        network_code: ALLIANCE,
        person_id: ids.dee!,
        role: 'member',
        voting: true,
        valid_from: '2024-01-01',
      });
      const tie = (from: string, to: string, kind: 'reports_to' | 'knows' | 'works_with') =>
        createRelationship(tx, ctx, actor, {
          from_person_id: ids[from]!,
          to_person_id: ids[to]!,
          kind,
          strength: 5,
          confidence: 'confirmed',
        });
      await tie('cora', 'ada', 'reports_to');
      await tie('eve', 'finn', 'knows');
      await tie('finn', 'gail', 'works_with');
    });
    await inWs(outsider, async (tx, ctx, actor) => {
      ids.gus = (
        await createPerson(tx, ctx, actor, {
          given_name: 'Gus',
          family_name: 'Otherspace',
          source: 'test',
          engaged: true,
        })
      ).id;
      await createPost(tx, ctx, actor, {
        person_id: ids.gus,
        organisation_code: ICB,
        title: 'Medical Director',
        persona_code: 'ics_programme_lead',
        valid_from: '2024-01-01',
      });
    });
  });
  afterAll(async () => {
    await db.close();
  });

  /** Every analysis route, with the answers' schemas, as the editor of workspace A would call them. */
  const everyRoute = () =>
    [
      [Ranking, `/api/v1/analysis/influence?kind=person&top=100`],
      [Ranking, `/api/v1/analysis/influence?scope=${ICB}&measure=betweenness&samples=20`],
      [Explanation, `/api/v1/analysis/explain/person%3A${ids.ada}`],
      [Brokers, `/api/v1/analysis/brokers?scope=${ICB}`],
      [Communities, `/api/v1/analysis/communities?scope=${ICB}`],
      [Chain, `/api/v1/analysis/chain/${ids.ada}`],
      [Carriers, `/api/v1/analysis/carriers?icb=${ICB}`],
      [Introductions, `/api/v1/analysis/introductions?target=${ids.gail}`],
      [Coverage, `/api/v1/analysis/coverage?icb=${ICB}`],
      [Comparison, `/api/v1/analysis/compare?scope=${ICB}&from=2025-01-01&to=${TODAY}`],
      [MapGraph, `/api/v1/analysis/graph?scope=${ICB}`],
    ] as const;

  it('answers every route in its schema, to a viewer too, and 401 without a session', async () => {
    for (const [schema, path] of everyRoute()) {
      await getJson(schema as z.ZodType, path);
      await getJson(schema as z.ZodType, path, viewer.token);
      const res = await call(null, 'GET', path);
      expect(res.status, path).toBe(401);
    }
  });

  it('ranks by influence with organisations rolled up, and explains a score whose shares sum to 1', async () => {
    const r = await getJson(Ranking, `/api/v1/analysis/influence?scope=${ICB}&top=500`);
    expect(r.scope).toBe(ICB);
    expect(r.samples).toBeNull();
    const scores = r.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.items.map((i) => i.rank)).toEqual(r.items.map((_, i) => i + 1));
    const icb = r.items.find((i) => i.id === `org:${ICB}`)!;
    const people = r.items.filter((i) => i.kind === 'person');
    expect(people.every((p) => p.rolled_up === null)).toBe(true);
    // the ICB's rolled-up influence is the sum of its post holders' (Ada only: Ben's post has ended)
    expect(icb.rolled_up).toBeCloseTo(people.find((p) => p.id === `person:${ids.ada}`)!.score, 12);

    const why = await getJson(Explanation, `/api/v1/analysis/explain/person%3A${ids.ada}?scope=${ICB}`);
    expect(why.reasons.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 9);
    expect(why.reasons.reduce((s, x) => s + x.amount, 0)).toBeCloseTo(why.score, 12);
    expect(why.reasons.map((x) => x.text)).toContain('Chair of Cheshire and Merseyside Cancer Alliance');
    expect(why.rank).toBe(people.findIndex((p) => p.id === `person:${ids.ada}`) + 1);
    expect(why.of).toBe(people.length);
    // an organisation is explained too, ranked among organisations
    const org = await getJson(Explanation, `/api/v1/analysis/explain/org:${TRUST}?scope=${ICB}`);
    expect(org.kind).toBe('organisation');
    expect(org.rank).toBe(
      r.items.filter((i) => i.kind === 'organisation').findIndex((i) => i.id === `org:${TRUST}`) + 1,
    );
  });

  it('reports sampled betweenness with its error bound, and exact betweenness with none', async () => {
    const sampled = await getJson(
      Ranking,
      `/api/v1/analysis/influence?scope=${ICB}&measure=betweenness&samples=5`,
    );
    expect(sampled.samples).toBe(5);
    expect(sampled.error_bound).toBeGreaterThan(0);
    const exact = await getJson(
      Ranking,
      `/api/v1/analysis/influence?scope=${ICB}&measure=betweenness&samples=100000`,
    );
    expect(exact.samples).toBe(exact.nodes);
    expect(exact.error_bound).toBe(0);
  });

  it("walks Ada's chain to her ICS's forums and reaches no national node", async () => {
    const r = await getJson(Chain, `/api/v1/analysis/chain/${ids.ada}`);
    expect(r.person.name).toBe('Ada Testwell');
    expect(r.icb?.id).toBe(`org:${ICB}`);
    expect(r.forums[0]!.id).toBe(`org:${ICB}`);
    const alliance = r.forums.find((f) => f.id === `net:${ALLIANCE}`)!;
    expect(alliance.path!.nodes.map((n) => n.name)).toEqual([
      'Ada Testwell',
      'Cheshire and Merseyside Cancer Alliance',
    ]);
    const W = DEFAULT_WEIGHTS;
    expect(alliance.path!.length).toBeCloseTo(1 / (W.edge.seat * W.role.chair * W.level.system), 12);
    const reach = Object.fromEntries(r.reach.map((x) => [x.level, x]));
    // the reference holds no national bodies; the North West region is two steps up (Ada → ICB → region)
    expect(reach.national!.nodes).toBe(0);
    expect(reach.regional!.nodes).toBeGreaterThanOrEqual(1);
    // Cora (reports to Ada) and Mid Cheshire (Cora's trust) are within reach
    expect(reach.provider!.nodes).toBeGreaterThanOrEqual(2);
    for (const x of r.reach) expect(x.influence_share).toBeLessThanOrEqual(1 + 1e-12);
    expect((await problemOf(`/api/v1/analysis/chain/${ids.gus}`, 404)).detail).toContain(`person:${ids.gus}`);
  });

  it('names Dee, at the trust and on the Alliance, as carrying influence between levels', async () => {
    const r = await getJson(Carriers, `/api/v1/analysis/carriers?icb=${ICB}`);
    expect(r.carriers.map((c) => c.name)).toEqual(['Dee Madeup']);
    expect(r.carriers[0]!.levels).toEqual(['system', 'provider']);
    expect(r.carriers[0]!.carried).toBeGreaterThan(0);
    expect((await problemOf(`/api/v1/analysis/carriers?icb=${TRUST}`, 400)).detail).toContain('icb');
  });

  it('finds the introduction to Gail through Finn, and from Ada through Cora, her colleague at the trust', async () => {
    const r = await getJson(Introductions, `/api/v1/analysis/introductions?target=${ids.gail}`);
    expect(r.from).toBe(1);
    expect(r.paths[0]!.nodes.map((n) => n.name)).toEqual([
      'Eve Engagewell',
      'Finn Linkwright',
      'Gail Targetson',
    ]);
    expect(r.paths[0]!.introducer?.name).toBe('Finn Linkwright');
    const fromAda = await getJson(
      Introductions,
      `/api/v1/analysis/introductions?target=person:${ids.gail}&from=${ids.ada}`,
    );
    expect(fromAda.paths[0]!.nodes.map((n) => n.name)).toEqual([
      'Ada Testwell',
      'Cora Fictive',
      'Mid Cheshire Hospitals NHS Foundation Trust',
      'Gail Targetson',
    ]);
    expect(fromAda.paths[0]!.introducer?.name).toBe('Cora Fictive');
    expect(
      (await problemOf(`/api/v1/analysis/introductions?target=${ids.gail}&from=x`, 400)).detail,
    ).toContain('from');
  });

  it('finds the filled key personas, the gaps, and which are tied; engaging Ada ties hers and Cora’s', async () => {
    const before = await getJson(Coverage, `/api/v1/analysis/coverage?icb=${ICB}`);
    const by = Object.fromEntries(before.personas.map((p) => [p.code, p]));
    const names = (code: string) => by[code]!.holders.map((h) => h.name);
    expect(names('ics_chief_pharmacist')).toEqual(['Ada Testwell']);
    expect(names('high_cost_drug_pharmacist')).toEqual(['Cora Fictive']);
    expect(names('service_lead')).toEqual(['Dee Madeup']);
    expect(names('transformation_lead')).toEqual(['Gail Targetson']);
    expect(names('cancer_alliance_leadership')).toEqual(['Hana Alliancelead']);
    // gaps: Ben's programme lead post has ended; nobody sits on an APC or leads a clinical network
    for (const gap of ['ics_programme_lead', 'apc_member', 'clinical_network_lead'])
      expect(names(gap)).toEqual([]);
    expect(before.filled).toBe(5);
    expect(by.transformation_lead!.tied).toBe(true); // Eve knows Finn, who works with Gail
    expect(by.ics_chief_pharmacist!.tied).toBe(false);
    expect(before.tied).toBe(1);

    const person = Person.parse(await (await call(editor.token, 'GET', `/api/v1/people/${ids.ada}`)).json());
    expect(person.engaged).toBe(false);
    const patched = await call(editor.token, 'PATCH', `/api/v1/people/${ids.ada}`, {
      engaged: true,
      version: person.version,
    });
    expect(patched.status).toBe(200);
    expect(Person.parse(await patched.json()).engaged).toBe(true);
    const after = await fresh(Coverage, `/api/v1/analysis/coverage?icb=${ICB}`, before.data_version);
    const by2 = Object.fromEntries(after.personas.map((p) => [p.code, p]));
    expect(by2.ics_chief_pharmacist!.holders).toEqual([
      { id: `person:${ids.ada}`, name: 'Ada Testwell', engaged: true },
    ]);
    expect(by2.ics_chief_pharmacist!.tied).toBe(true);
    expect(by2.high_cost_drug_pharmacist!.tied).toBe(true); // Cora reports to Ada
    expect(by2.service_lead!.tied).toBe(false);
    expect(after.tied).toBe(3);
    // the engaged filter of the people list finds both
    const list = (await (await call(editor.token, 'GET', '/api/v1/people?engaged=true')).json()) as {
      items: { name: string }[];
    };
    expect(list.items.map((p) => p.name).sort()).toEqual(['Ada Testwell', 'Eve Engagewell']);
    // introductions now start from Ada and Eve
    const intro = await fresh(
      Introductions,
      `/api/v1/analysis/introductions?target=${ids.gail}`,
      before.data_version,
    );
    expect(intro.from).toBe(2);
  });

  it('shows Ben, whose post ended between the dates, as having lost influence', async () => {
    const r = await getJson(
      Comparison,
      `/api/v1/analysis/compare?from=2025-01-01&to=${TODAY}&kind=person&top=20`,
    );
    const ben = r.lost.find((x) => x.id === `person:${ids.ben}`);
    expect(ben).toBeDefined();
    expect(ben!.after).toBeLessThan(ben!.before);
    expect(r.gained.every((x) => x.change > 0)).toBe(true);
    expect(r.lost.map((x) => x.change)).toEqual([...r.lost.map((x) => x.change)].sort((a, b) => a - b));
    // Mid and South Essex ICB (QH8) closed on 2026-03-31: one of the nodes that left
    const all = await getJson(
      Comparison,
      `/api/v1/analysis/compare?from=2025-01-01&to=${TODAY}&workspace=false`,
    );
    expect(all.left).toBeGreaterThanOrEqual(1);
    expect((await problemOf(`/api/v1/analysis/compare?from=2025-02-30&to=${TODAY}`, 400)).detail).toContain(
      'from',
    );
  });

  it('gives the map graph with levels as bands, and GraphML and GEXF as downloads', async () => {
    const m = await getJson(MapGraph, `/api/v1/analysis/graph?scope=${ICB}`);
    const ada = m.nodes.find((n) => n.id === `person:${ids.ada}`)!;
    expect(ada.personas).toContain('ics_chief_pharmacist');
    expect(ada.networks).toContain(`net:${ALLIANCE}`);
    expect(m.nodes.reduce((s, n) => s + n.influence, 0)).toBeCloseTo(1, 9);
    // bands, on the whole country: regional above system above provider, people on their level
    const england = await getJson(MapGraph, '/api/v1/analysis/graph');
    const ys = (level: string) => england.nodes.filter((n) => n.level === level).map((n) => n.y);
    for (const level of ['regional', 'system', 'provider']) expect(ys(level).length).toBeGreaterThan(0);
    expect(Math.min(...ys('regional'))).toBeGreaterThan(Math.max(...ys('system')));
    expect(Math.min(...ys('system'))).toBeGreaterThan(Math.max(...ys('provider')));
    expect(ys('system')).toContain(england.nodes.find((n) => n.id === ada.id)!.y);
    expect(england.nodes.filter((n) => n.level === 'system').map((n) => n.id)).toContain(`person:${ids.ada}`);
    const seen = new Set(m.nodes.map((n) => `${n.x},${n.y}`));
    expect(seen.size).toBe(m.nodes.length); // no two nodes on the same spot
    expect(m.edges.every((e) => m.nodes.some((n) => n.id === e.source))).toBe(true);

    for (const format of ['graphml', 'gexf']) {
      const res = await call(editor.token, 'GET', `/api/v1/analysis/graph?scope=${ICB}&format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`attachment; filename=".*\\.${format}"`),
      );
      const text = await res.text();
      expect(text).toContain(`person:${ids.ada}`);
      expect(text).toContain(format === 'graphml' ? '<graphml' : '<gexf');
    }
  });

  it("never shows another workspace's people, and none at all with workspace=false", async () => {
    for (const [, path] of everyRoute()) {
      const text = await (await call(editor.token, 'GET', path)).text();
      expect(text, path).not.toContain('Otherspace');
      expect(text, path).not.toContain(`"person:${ids.gus}"`);
    }
    const theirs = await getJson(Coverage, `/api/v1/analysis/coverage?icb=${ICB}`, outsider.token);
    expect(JSON.stringify(theirs)).not.toContain('Testwell');
    const ref = await getJson(MapGraph, `/api/v1/analysis/graph?scope=${ICB}&workspace=false`);
    expect(ref.nodes.some((n) => n.kind === 'person')).toBe(false);
    const rank = await getJson(Ranking, '/api/v1/analysis/influence?workspace=false&top=20000');
    expect(rank.items.some((i) => i.kind === 'person')).toBe(false);
    const cov = await getJson(Coverage, `/api/v1/analysis/coverage?icb=${ICB}&workspace=false`);
    expect(cov.filled).toBe(0);
    await problemOf(`/api/v1/analysis/chain/${ids.ada}?workspace=false`, 404);
  });

  it('refuses an unknown scope with 404 naming it, and a bad date with 400', async () => {
    expect((await problemOf('/api/v1/analysis/influence?scope=NOPE1', 404)).detail).toContain('NOPE1');
    expect((await problemOf('/api/v1/analysis/graph?scope=NOPE2', 404)).detail).toContain('NOPE2');
    expect((await problemOf('/api/v1/analysis/coverage?icb=NOPE3', 404)).detail).toContain('NOPE3');
    const bad = await problemOf('/api/v1/analysis/influence?at=2026-13-01', 400);
    expect(bad.detail).toContain('at');
    expect((await problemOf('/api/v1/analysis/influence?measure=fame', 400)).detail).toContain('measure');
  });
});
