import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import { brokers } from '../../analysis/brokers.ts';
import type { StakeholderGraph } from '../../analysis/build.ts';
import { compareScores } from '../../analysis/compare.ts';
import { coverage } from '../../analysis/coverage.ts';
import { exportEdges, toGexf, toGraphml } from '../../analysis/export.ts';
import { mapLayout } from '../../analysis/layout.ts';
import { communities, explainNode, rollUp, scoresOf } from '../../analysis/measures.ts';
import { EDGE_KIND_INDEX } from '../../analysis/model.ts';
import { carriers, chain, describePath, introductions, PathFinder } from '../../analysis/paths.ts';
import type { Clock } from '../../core/clock.ts';
import { today } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { PERSONA_CATALOGUE } from '../../core/personas.ts';
import { type BuiltGraph, type GraphCache, scoped, scopeId } from '../../services/analysis.ts';
import type { Principal } from '../../services/auth.ts';
import {
  AnalysisQuery,
  Brokers,
  Carriers,
  Chain,
  Communities,
  Comparison,
  Coverage,
  Explanation,
  GraphFormatName,
  Introductions,
  MapGraph,
  NodeKindName,
  Ranking,
  RankingQuery,
} from '../../shared/analysis-schemas.ts';
import { IsoDate } from '../../shared/schemas.ts';
import type { Db } from '../../storage/db.ts';
import type { Route } from '../routes.ts';

const TAG = 'analysis';
const Top = (dflt: number, max = 1000) => z.coerce.number().int().min(1).max(max).default(dflt);
/** A node as in the graph (`person:12`, `org:QYG`, `net:N68`); a bare number is a person. */
const NodeRef = z.string().trim().min(1).max(100);
const PersonRef = z
  .string()
  .trim()
  .regex(/^(person:)?[0-9]{1,10}$/, 'a person id, like 12 or person:12');
const IcbQuery = AnalysisQuery.omit({ scope: true }).extend({
  /** the ICB's ODS code */
  icb: z.string().trim().min(1).max(20),
});
const CompareQuery = AnalysisQuery.omit({ at: true }).extend({
  from: IsoDate,
  to: IsoDate,
  kind: NodeKindName.optional(),
  top: Top(50),
});

/** A fingerprint of the data a graph was built from, short enough to show. */
const versionOf = (b: BuiltGraph) => createHash('sha256').update(b.stamp).digest('hex').slice(0, 16);

/** What every answer says about the graph it was computed on. */
function meta(b: BuiltGraph, g: StakeholderGraph, scope: string | null | undefined) {
  return {
    as_at: b.asAt,
    scope: scope ?? null,
    nodes: g.n,
    edges: g.csr.targets.length,
    data_version: versionOf(b),
    built_at: new Date(b.builtAt).toISOString(),
  };
}

/** A node of the graph by its id (a bare number is a person), or 404 naming it. */
function nodeOf(g: StakeholderGraph, ref: string, field: string): number {
  const id = /^[0-9]+$/.test(ref) ? `person:${ref}` : ref;
  const i = g.index.get(id);
  if (i === undefined) {
    throw new DomainError('not_found', `${field}: no ${id} in this graph on the date asked for`);
  }
  return i;
}

function personOf(g: StakeholderGraph, ref: string, field: string): number {
  const i = nodeOf(g, ref, field);
  if (g.kinds[i] !== 'person') throw invalid(field, `${g.ids[i]} is not a person`);
  return i;
}

const invalid = (field: string, message: string) =>
  new DomainError('invalid', `${field}: ${message}`, { errors: [{ field, message }] });

/** An ICB of the graph by ODS code: 404 when the graph has no such organisation, 400 when not an ICB. */
function icbOf(g: StakeholderGraph, code: string): number {
  const i = g.index.get(scopeId(g, code))!;
  if (g.subkinds[i] !== 'icb') throw invalid('icb', `${code} is not an integrated care board`);
  return i;
}

const ref = (g: StakeholderGraph, i: number) => ({ id: g.ids[i]!, name: g.names[i]! });

/**
 * The stakeholder map's API (issue 6): rankings, explanations, brokers, communities, chains,
 * carriers, introductions, persona coverage, comparisons of two dates and the graph itself. Every
 * route computes on the caller's current workspace's graph (its people and private ties; another
 * workspace's never) unless `workspace=false` (reference data only), as at `at` (default today). The
 * graphs come from one GraphCache per app: after a change the previous graph is served while a
 * fresh one builds in the background, so only the very first request for a workspace and date waits.
 */
export function analysisRoutes(route: Route, deps: { db: Db; clock: Clock; graphs: GraphCache }): void {
  const { clock, graphs } = deps;

  /** The built graph for the request: the caller's workspace unless workspace=false, as at `at`. */
  const built = (p: Principal | null, q: { workspace: 'true' | 'false'; at?: string | undefined }) => {
    const workspaceId = q.workspace === 'false' ? null : (p?.workspace?.id ?? null);
    if (q.workspace !== 'false' && workspaceId === null)
      throw new DomainError('forbidden', 'choose a workspace first');
    return graphs.get(workspaceId, q.at ?? today(clock));
  };

  route({
    method: 'get',
    path: '/api/v1/analysis/influence',
    tag: TAG,
    summary:
      'Rank people, organisations and networks by influence, PageRank, degree or betweenness (sampled, with its error bound)',
    permission: 'records.read',
    query: RankingQuery,
    response: Ranking,
    handler: async (c, { query, principal }) => {
      const b = await built(principal, query);
      const { graph, flow } = scoped(b, query.scope);
      const r = scoresOf(graph, query.measure, b.weights, { flow, samples: query.samples });
      const rolled = rollUp(graph, flow.scores);
      const idx: number[] = [];
      for (let i = 0; i < graph.n; i++) if (!query.kind || graph.kinds[i] === query.kind) idx.push(i);
      idx.sort((i, j) => r.scores[j]! - r.scores[i]! || (graph.ids[i]! < graph.ids[j]! ? -1 : 1));
      const betweenness = query.measure === 'betweenness';
      return c.json({
        ...meta(b, graph, query.scope),
        measure: query.measure,
        samples: betweenness ? (r.samples ?? graph.n) : null,
        error_bound: betweenness ? (r.errorBound ?? 0) : null,
        items: idx.slice(0, query.top).map((i, k) => ({
          id: graph.ids[i]!,
          name: graph.names[i]!,
          kind: graph.kinds[i]!,
          subkind: graph.subkinds[i]!,
          level: graph.levels[i] ?? null,
          score: r.scores[i]!,
          rank: k + 1,
          rolled_up: graph.kinds[i] === 'person' ? null : rolled[i]!,
        })),
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/explain/:id',
    tag: TAG,
    summary:
      'Why a node has its influence: its largest contributions in words, each with its share, and its rank among nodes of its kind',
    permission: 'records.read',
    params: z.object({ id: NodeRef }),
    query: AnalysisQuery.extend({ top: Top(8, 100) }),
    response: Explanation,
    handler: async (c, { params, query, principal }) => {
      const b = await built(principal, query);
      const { graph, flow } = scoped(b, query.scope);
      const node = nodeOf(graph, params.id, 'id');
      const why = explainNode(graph, flow, node, query.top);
      const kind = graph.kinds[node]!;
      let rank = 1;
      let of = 0;
      for (let i = 0; i < graph.n; i++) {
        if (graph.kinds[i] !== kind) continue;
        of++;
        const s = flow.scores[i]!;
        if (s > why.score || (s === why.score && graph.ids[i]! < graph.ids[node]!)) rank++;
      }
      return c.json({
        ...meta(b, graph, query.scope),
        id: graph.ids[node]!,
        name: graph.names[node]!,
        kind,
        score: why.score,
        rank,
        of,
        reasons: why.reasons,
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/brokers',
    tag: TAG,
    summary:
      'Brokers (betweenness, sampled with its error bound) and boundary spanners (posts spanning levels, sectors, professions, networks)',
    permission: 'records.read',
    query: AnalysisQuery.extend({ top: Top(20), samples: Top(256, 100000) }),
    response: Brokers,
    handler: async (c, { query, principal }) => {
      const b = await built(principal, query);
      const { graph } = scoped(b, query.scope);
      return c.json({
        ...meta(b, graph, query.scope),
        ...brokers(graph, { top: query.top, samples: query.samples }),
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/communities',
    tag: TAG,
    summary:
      'Louvain communities, each named by its most influential member and organisation, with modularity',
    permission: 'records.read',
    query: AnalysisQuery.extend({ top: Top(50) }),
    response: Communities,
    handler: async (c, { query, principal }) => {
      const b = await built(principal, query);
      const { graph, flow } = scoped(b, query.scope);
      const r = communities(graph, flow.scores);
      return c.json({
        ...meta(b, graph, query.scope),
        modularity: r.modularity,
        count: r.count,
        communities: r.communities.slice(0, query.top),
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/chain/:id',
    tag: TAG,
    summary:
      "A person up and down the chain: their reach into each level within 3 steps, and their shortest paths to their ICS's decision forums",
    permission: 'records.read',
    params: z.object({ id: PersonRef }),
    query: AnalysisQuery,
    response: Chain,
    handler: async (c, { params, query, principal }) => {
      const b = await built(principal, query);
      const { graph, flow } = scoped(b, query.scope);
      const person = personOf(graph, params.id, 'id');
      const r = chain(graph, flow, person);
      return c.json({
        ...meta(b, graph, query.scope),
        person: ref(graph, person),
        icb: r.icb === null ? null : ref(graph, r.icb),
        reach: r.reach,
        forums: r.forums.map((f) => ({
          ...ref(graph, f.node),
          path: f.path ? describePath(graph, f.path) : null,
        })),
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/carriers',
    tag: TAG,
    summary:
      "Who carries influence between an ICS's levels: people whose posts and seats span levels, by the influence they pass from one level to another",
    permission: 'records.read',
    query: IcbQuery.extend({ top: Top(20) }),
    response: Carriers,
    handler: async (c, { query, principal }) => {
      const b = await built(principal, query);
      icbOf(b.graph, query.icb);
      const { graph, flow } = scoped(b, query.icb);
      const icb = graph.index.get(scopeId(graph, query.icb))!;
      return c.json({
        ...meta(b, graph, query.icb),
        icb: ref(graph, icb),
        carriers: carriers(graph, flow, icb)
          .slice(0, query.top)
          .map((x) => ({ ...ref(graph, x.node), levels: x.levels, carried: x.carried })),
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/introductions',
    tag: TAG,
    summary:
      'The best few introduction paths to a person from the people the workspace engages (or those given), and who could introduce',
    permission: 'records.read',
    query: AnalysisQuery.extend({
      target: PersonRef,
      /** comma-separated person ids; default: the people the workspace engages */
      from: z
        .string()
        .trim()
        .regex(/^(person:)?[0-9]{1,10}(,(person:)?[0-9]{1,10})*$/, 'comma-separated person ids, like 12,15')
        .optional(),
      k: Top(3, 10),
    }),
    response: Introductions,
    handler: async (c, { query, principal }) => {
      const b = await built(principal, query);
      const { graph } = scoped(b, query.scope);
      const target = personOf(graph, query.target, 'target');
      let from: number[];
      if (query.from) {
        from = query.from.split(',').map((s) => {
          const id = /^[0-9]+$/.test(s) ? `person:${s}` : s;
          const i = graph.index.get(id);
          if (i === undefined) throw invalid('from', `no ${id} in this graph on the date asked for`);
          return i;
        });
      } else {
        from = [];
        for (let i = 0; i < graph.n; i++) if (graph.engaged[i]) from.push(i);
      }
      const paths = introductions(graph, from, target, query.k, new PathFinder(graph));
      return c.json({
        ...meta(b, graph, query.scope),
        target: ref(graph, target),
        from: new Set(from.filter((i) => i !== target)).size,
        paths: paths.map((p) => ({
          ...describePath(graph, p),
          introducer: p.introducer === null ? null : ref(graph, p.introducer),
        })),
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/coverage',
    tag: TAG,
    summary:
      'Persona coverage of an ICS: who fills each of the ten key personas (and the base roles), and which the workspace has a tie to',
    permission: 'records.read',
    query: IcbQuery,
    response: Coverage,
    handler: async (c, { query, principal }) => {
      const b = await built(principal, query);
      const graph = b.graph;
      const icb = icbOf(graph, query.icb);
      const r = coverage(graph, icb, PERSONA_CATALOGUE);
      return c.json({
        ...meta(b, graph, null),
        icb: ref(graph, icb),
        filled: r.filled,
        tied: r.tied,
        personas: r.personas.map((p) => ({
          code: p.code,
          name: p.name,
          level: p.level,
          holders: p.holders.map((h) => ({ ...ref(graph, h.node), engaged: h.engaged })),
          tied: p.tied,
        })),
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/compare',
    tag: TAG,
    summary: 'Who gained and lost influence between two dates, and how many nodes joined or left',
    permission: 'records.read',
    query: CompareQuery,
    response: Comparison,
    handler: async (c, { query, principal }) => {
      const [earlier, later] = await Promise.all([
        built(principal, { workspace: query.workspace, at: query.from }),
        built(principal, { workspace: query.workspace, at: query.to }),
      ]);
      const before = scoped(earlier, query.scope);
      const after = scoped(later, query.scope);
      const r = compareScores(
        { graph: before.graph, scores: before.flow.scores },
        { graph: after.graph, scores: after.flow.scores },
        { top: query.top, kinds: query.kind ? [query.kind] : undefined },
      );
      return c.json({ scope: query.scope ?? null, from: query.from, to: query.to, ...r });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/analysis/graph',
    tag: TAG,
    summary:
      'The graph of a scope for the map (nodes with influence, PageRank, degree, community and a level-banded layout), or as GraphML or GEXF',
    permission: 'records.read',
    query: AnalysisQuery.extend({ format: GraphFormatName.default('json') }),
    response: MapGraph,
    alsoProduces: ['application/graphml+xml', 'application/gexf+xml'],
    handler: async (c, { query, principal }) => {
      const b = await built(principal, query);
      if (query.format !== 'json') {
        const { graph, flow } = scoped(b, query.scope);
        return download(c, graph, flow.scores, query.format, b.asAt, query.scope);
      }
      // The map's JSON depends only on the built graph and the scope: computed once (Louvain, PageRank,
      // degree and the layout take seconds for the whole country), kept while that graph is served.
      let bodies = mapBodies.get(b);
      if (!bodies) {
        bodies = new Map();
        mapBodies.set(b, bodies);
      }
      const key = query.scope ?? '';
      let body = bodies.get(key);
      if (body === undefined) {
        body = JSON.stringify(mapGraphOf(b, query.scope));
        if (bodies.size >= MAP_BODIES_PER_GRAPH) bodies.delete(bodies.keys().next().value!);
      } else bodies.delete(key);
      bodies.set(key, body);
      return c.body(body, 200, { 'content-type': 'application/json' });
    },
  });
}

/**
 * The map's JSON body per built graph and scope, the most recently asked last: a few scopes per graph
 * (the whole country's is about 50 MB), dropped with the graph when a rebuilt one replaces it.
 */
const mapBodies = new WeakMap<BuiltGraph, Map<string, string>>();
const MAP_BODIES_PER_GRAPH = 4;

/** The graph of a scope for the map: nodes with their measures and layout, and the merged edges. */
function mapGraphOf(b: BuiltGraph, scope: string | undefined): z.infer<typeof MapGraph> {
  const { graph, flow } = scoped(b, scope);
  const pagerank = scoresOf(graph, 'pagerank', b.weights).scores;
  const degree = scoresOf(graph, 'degree', b.weights).scores;
  const comm = communities(graph, flow.scores);
  const { x, y } = mapLayout(graph, comm.membership, flow.scores);
  const networks = networksOf(graph);
  return {
    ...meta(b, graph, scope),
    modularity: comm.modularity,
    nodes: Array.from({ length: graph.n }, (_, i) => ({
      id: graph.ids[i]!,
      name: graph.names[i]!,
      kind: graph.kinds[i]!,
      subkind: graph.subkinds[i]!,
      level: graph.levels[i] ?? null,
      professions: graph.professions[i]!,
      personas: graph.personas[i]!,
      networks: networks[i]!,
      influence: flow.scores[i]!,
      pagerank: pagerank[i]!,
      degree: degree[i]!,
      community: comm.membership[i]!,
      x: x[i]!,
      y: y[i]!,
    })),
    // the merged edges (parallel edges between the same pair summed), as in the exports
    edges: exportEdges(graph),
  };
}

/** The networks each node belongs to: a person's seats and network posts, an organisation's footprints and memberships, a network itself. */
function networksOf(g: StakeholderGraph): string[][] {
  const { csr } = g;
  const kinds = new Set([
    EDGE_KIND_INDEX.member_of,
    EDGE_KIND_INDEX.serves_in,
    EDGE_KIND_INDEX.covers,
    EDGE_KIND_INDEX.hosts,
  ]);
  return Array.from({ length: g.n }, (_, i) => {
    if (g.kinds[i] === 'network') return [g.ids[i]!];
    const out = new Set<string>();
    for (let e = csr.offsets[i]!; e < csr.offsets[i + 1]!; e++) {
      const v = csr.targets[e]!;
      if (kinds.has(csr.kinds[e]!) && g.kinds[v] === 'network') out.add(g.ids[v]!);
    }
    return [...out].sort();
  });
}

/** The graph as a GraphML or GEXF file to download. */
function download(
  c: Context,
  graph: StakeholderGraph,
  influence: Float64Array,
  format: 'graphml' | 'gexf',
  asAt: string,
  scope: string | undefined,
): Response {
  const scores = { influence, influence_rolled_up: rollUp(graph, influence) };
  const text = format === 'graphml' ? toGraphml(graph, scores) : toGexf(graph, scores, asAt);
  const name = `atlas-graph-${(scope ?? 'england').replace(/[^A-Za-z0-9_-]/g, '_')}-${asAt}.${format}`;
  return c.body(text, 200, {
    'content-type': `application/${format}+xml; charset=utf-8`,
    'content-disposition': `attachment; filename="${name}"`,
  });
}
