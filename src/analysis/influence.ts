import type { Csr } from './csr.ts';

/** A flow's options. */
export interface FlowOptions {
  damping?: number;
  tolerance?: number;
  maxIterations?: number;
}

/** A flow's fixed point, with what the explanation of any node needs. */
export interface Flow {
  scores: Float64Array;
  teleport: Float64Array;
  damping: number;
  /** the score sitting on nodes without out-edges, spread by `teleport` each round */
  dangling: number;
  iterations: number;
  converged: boolean;
}

/**
 * Influence: PageRank with a restart vector. Each round a node keeps (1 − d) × its restart share,
 * plus d × what flows in along its in-edges (each source passes its score in proportion to its
 * edges' weights), plus d × its restart share of the score sitting on nodes with no out-edges.
 * With a uniform `teleport` it is the textbook PageRank.
 */
export function flowRank(g: Csr, teleport: Float64Array, opts: FlowOptions = {}): Flow {
  const { n, inOffsets, sources, outWeight } = g;
  const d = opts.damping ?? 0.85;
  const tol = opts.tolerance ?? 1e-12;
  const maxIter = opts.maxIterations ?? 1000;
  if (teleport.length !== n) throw new RangeError(`teleport has ${teleport.length} entries for ${n} nodes`);
  const share = inShares(g);
  // The nodes without out-edges, listed once (the arrays are read into locals: this loop is the hot one).
  const sinks = danglingNodes(outWeight);
  let x = Float64Array.from(teleport);
  let next = new Float64Array(n);
  let dangling = 0;
  for (let it = 1; it <= maxIter; it++) {
    dangling = 0;
    for (let i = 0; i < sinks.length; i++) dangling += x[sinks[i]!]!;
    const restart = 1 - d + d * dangling;
    let err = 0;
    let k = inOffsets[0]!;
    for (let v = 0; v < n; v++) {
      const end = inOffsets[v + 1]!;
      let s = 0;
      for (; k < end; k++) s += x[sources[k]!]! * share[k]!;
      const val = restart * teleport[v]! + d * s;
      next[v] = val;
      err += Math.abs(val - x[v]!);
    }
    [x, next] = [next, x];
    if (err < tol) {
      dangling = 0;
      for (let i = 0; i < sinks.length; i++) dangling += x[sinks[i]!]!;
      return { scores: x, teleport, damping: d, dangling, iterations: it, converged: true };
    }
  }
  return { scores: x, teleport, damping: d, dangling, iterations: maxIter, converged: false };
}

/** The nodes with no out-weight, ascending. */
export function danglingNodes(outWeight: Float64Array): Uint32Array {
  let count = 0;
  for (let u = 0; u < outWeight.length; u++) if (outWeight[u] === 0) count++;
  const out = new Uint32Array(count);
  for (let u = 0, i = 0; u < outWeight.length; u++) if (outWeight[u] === 0) out[i++] = u;
  return out;
}

/** Each in-edge's share of its source's out-weight (in the order of csr.sources). */
export function inShares(g: Csr): Float64Array {
  const { weights, inEdge, outWeight, sources } = g;
  const share = new Float64Array(sources.length);
  for (let k = 0; k < share.length; k++) share[k] = weights[inEdge[k]!]! / outWeight[sources[k]!]!;
  return share;
}

/** A restart vector from per-node weights, scaled to sum to 1. */
export function normalise(weights: ArrayLike<number>): Float64Array {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]!;
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i++) out[i] = sum > 0 ? weights[i]! / sum : 1 / weights.length;
  return out;
}

/** One part of a node's score: what one in-edge brought, or the node's own restart share. */
export interface Contribution {
  /** index of the out-edge (in csr order) that brought it; -1 for the restart share */
  edge: number;
  /** the node it came from; -1 for the restart share */
  from: number;
  amount: number;
  /** amount / score */
  share: number;
}

/**
 * Why a node has its score: the restart share and every in-edge's inflow at the fixed point, largest
 * first. They add up to the score (to the flow's tolerance): the explanation is exact, not a story.
 */
export function explain(g: Csr, flow: Flow, node: number): { score: number; parts: Contribution[] } {
  const score = flow.scores[node]!;
  const d = flow.damping;
  const parts: Contribution[] = [];
  const base = (1 - d + d * flow.dangling) * flow.teleport[node]!;
  parts.push({ edge: -1, from: -1, amount: base, share: score > 0 ? base / score : 0 });
  for (let k = g.inOffsets[node]!; k < g.inOffsets[node + 1]!; k++) {
    const e = g.inEdge[k]!;
    const u = g.sources[k]!;
    const amount = (d * flow.scores[u]! * g.weights[e]!) / g.outWeight[u]!;
    parts.push({ edge: e, from: u, amount, share: score > 0 ? amount / score : 0 });
  }
  parts.sort((a, b) => b.amount - a.amount);
  return { score, parts };
}
