import { betweenness, betweennessErrorBound } from './betweenness.ts';
import { type StakeholderGraph, teleportOf } from './build.ts';
import { csrFromArrays } from './csr.ts';
import { explain, type Flow, flowRank, normalise } from './influence.ts';
import { louvain } from './louvain.ts';
import { EDGE_KINDS, explainEdge, type InfluenceWeights } from './model.ts';
import { pageRank } from './pagerank.ts';

export const MEASURES = ['influence', 'pagerank', 'degree', 'betweenness'] as const;
export type Measure = (typeof MEASURES)[number];

/** One node's place in a ranking, as the CLI's --json and the API give it. */
export interface Ranked {
  id: string;
  name: string;
  kind: string;
  score: number;
}

/** Influence on a graph: the flow's fixed point with the level-weighted restart. */
export function influenceFlow(g: StakeholderGraph, w: InfluenceWeights): Flow {
  return flowRank(g.csr, teleportOf(g, w), { damping: w.damping });
}

/** Scores per node for a measure. Betweenness samples `samples` sources (seeded) when fewer than n. */
export function scoresOf(
  g: StakeholderGraph,
  measure: Measure,
  w: InfluenceWeights,
  opts: { samples?: number; seed?: number; flow?: Flow } = {},
): { scores: Float64Array; errorBound?: number; samples?: number } {
  switch (measure) {
    case 'influence':
      return { scores: (opts.flow ?? influenceFlow(g, w)).scores };
    case 'pagerank':
      return { scores: pageRank(g.csr, { damping: 0.85 }).scores };
    case 'degree': {
      const s = new Float64Array(g.n);
      for (let i = 0; i < g.n; i++) {
        s[i] = g.csr.offsets[i + 1]! - g.csr.offsets[i]! + (g.csr.inOffsets[i + 1]! - g.csr.inOffsets[i]!);
      }
      return { scores: s };
    }
    case 'betweenness': {
      const simple = simpleGraph(g);
      const k = Math.min(g.n, opts.samples ?? 256);
      const sources = k >= g.n ? undefined : sampleSources(g.n, k, opts.seed ?? 1);
      const r = betweenness(simple, sources ? { sources } : {});
      return { scores: r.scores, samples: r.samples, errorBound: betweennessErrorBound(g.n, r.samples) };
    }
  }
}

/** The top `top` nodes by score (ties by id), optionally only of some kinds. */
export function rank(
  g: StakeholderGraph,
  scores: Float64Array,
  opts: { top?: number; kinds?: string[] } = {},
): Ranked[] {
  const idx: number[] = [];
  for (let i = 0; i < g.n; i++) if (!opts.kinds || opts.kinds.includes(g.kinds[i]!)) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]! || (g.ids[a]! < g.ids[b]! ? -1 : 1));
  return idx
    .slice(0, opts.top ?? idx.length)
    .map((i) => ({ id: g.ids[i]!, name: g.names[i]!, kind: g.kinds[i]!, score: scores[i]! }));
}

/** One line of an explanation: why part of a score is there, and its share of the score. */
export interface Reason {
  text: string;
  /** the node it came through (null for the restart share) */
  from: string | null;
  edge_kind: string | null;
  amount: number;
  share: number;
}

/**
 * A node's influence, explained: the `top` largest contributions in words, then the rest summed as
 * "other ties", and the restart share. The shares add up to 1 and the amounts to the score.
 */
export function explainNode(
  g: StakeholderGraph,
  flow: Flow,
  node: number,
  top = 8,
): { score: number; reasons: Reason[] } {
  const { score, parts } = explain(g.csr, flow, node);
  const reasons: Reason[] = [];
  let restAmount = 0;
  let restShare = 0;
  let restCount = 0;
  let shown = 0;
  for (const p of parts) {
    if (p.edge < 0) {
      reasons.push({
        text: `standing of its level (${g.levels[node] ?? 'no level'}): the flow's restart share`,
        from: null,
        edge_kind: null,
        amount: p.amount,
        share: p.share,
      });
      continue;
    }
    if (shown < top) {
      const kind = EDGE_KINDS[g.csr.kinds[p.edge]!]!;
      const detail = g.edgeDetail[p.edge] ? g.details[g.edgeDetail[p.edge]!]! : null;
      reasons.push({
        text: explainEdge(kind, g.names[p.from]!, detail),
        from: g.ids[p.from]!,
        edge_kind: kind,
        amount: p.amount,
        share: p.share,
      });
      shown++;
    } else {
      restAmount += p.amount;
      restShare += p.share;
      restCount++;
    }
  }
  if (restCount > 0) {
    reasons.push({
      text: `${restCount} other tie${restCount === 1 ? '' : 's'}`,
      from: null,
      edge_kind: null,
      amount: restAmount,
      share: restShare,
    });
  }
  reasons.sort((a, b) => b.amount - a.amount);
  return { score, reasons };
}

/**
 * An organisation's or network's influence rolled up: the sum of the influence of the people holding
 * posts or seats in it (each person counted once per holder).
 */
export function rollUp(g: StakeholderGraph, scores: Float64Array): Float64Array {
  const out = new Float64Array(g.n);
  const post = EDGE_KINDS.indexOf('post');
  const seat = EDGE_KINDS.indexOf('seat');
  for (let u = 0; u < g.n; u++) {
    if (g.kinds[u] === 'person') continue;
    const seen = new Set<number>();
    for (let e = g.csr.offsets[u]!; e < g.csr.offsets[u + 1]!; e++) {
      const k = g.csr.kinds[e]!;
      const v = g.csr.targets[e]!;
      if ((k === post || k === seat) && g.kinds[v] === 'person' && !seen.has(v)) {
        seen.add(v);
        out[u]! += scores[v]!;
      }
    }
  }
  return out;
}

/** Louvain communities of the graph, each named by its most influential member and dominant organisation. */
export function communities(g: StakeholderGraph, scores: Float64Array) {
  const r = louvain(g.csr);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < g.n; i++) {
    const c = r.community[i]!;
    const list = groups.get(c);
    if (list) list.push(i);
    else groups.set(c, [i]);
  }
  const list = [...groups.entries()].map(([c, members]) => {
    const byScore = [...members].sort((a, b) => scores[b]! - scores[a]!);
    const central = byScore[0]!;
    const org = byScore.find((i) => g.kinds[i] === 'organisation');
    return {
      community: c,
      size: members.length,
      people: members.filter((i) => g.kinds[i] === 'person').length,
      central: { id: g.ids[central]!, name: g.names[central]! },
      organisation: org === undefined ? null : { id: g.ids[org]!, name: g.names[org]! },
      name: `${g.names[central]!}${org !== undefined && org !== central ? ` · ${g.names[org]!}` : ''}`,
      influence: members.reduce((a, i) => a + scores[i]!, 0),
    };
  });
  list.sort((a, b) => b.influence - a.influence);
  return { modularity: r.modularity, count: r.count, membership: r.community, communities: list };
}

/** The graph with parallel edges merged (one edge per ordered pair, weights summed). */
export function simpleGraph(g: StakeholderGraph) {
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  const { csr } = g;
  const last = new Int32Array(g.n).fill(-1);
  const at = new Int32Array(g.n);
  for (let u = 0; u < g.n; u++) {
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      const v = csr.targets[e]!;
      if (last[v] === u) {
        weight[at[v]!]! += csr.weights[e]!;
      } else {
        last[v] = u;
        at[v] = from.length;
        from.push(u);
        to.push(v);
        weight.push(csr.weights[e]!);
      }
    }
  }
  return csrFromArrays(g.n, Uint32Array.from(from), Uint32Array.from(to), Float64Array.from(weight));
}

/** `k` distinct node indexes from a seeded generator (mulberry32), ascending. */
export function sampleSources(n: number, k: number, seed: number): Uint32Array {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chosen = new Set<number>();
  while (chosen.size < Math.min(k, n)) chosen.add(Math.floor(next() * n));
  return Uint32Array.from([...chosen].sort((x, y) => x - y));
}

export { normalise };
