import type { Csr } from './csr.ts';

/** Options of the textbook PageRank. */
export interface PageRankOptions {
  /** damping factor (networkx's alpha); default 0.85 */
  damping?: number;
  /** stop when the L1 change of an iteration is below this; default 1e-12 */
  tolerance?: number;
  /** default 1000 */
  maxIterations?: number;
  /** per-edge weights to use instead of the graph's own (same order as csr.weights) */
  weights?: Float64Array;
}

/** Scores summing to 1, and how many iterations it took. */
export interface PageRankResult {
  scores: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * The textbook PageRank on a directed, weighted graph: a node passes its score along its out-edges in
 * proportion to their weight; nodes without out-edges (dangling) spread theirs evenly over every node;
 * teleportation is uniform. It is the same fixed point as networkx's
 * `pagerank(G, alpha=0.85, weight="weight")` (parallel edges add their weights), iterated to a tighter
 * tolerance. Power iteration pulling along in-edges: O(iterations × edges), no allocation per round.
 */
export function pageRank(g: Csr, opts: PageRankOptions = {}): PageRankResult {
  const { n } = g;
  const d = opts.damping ?? 0.85;
  const tol = opts.tolerance ?? 1e-12;
  const maxIter = opts.maxIterations ?? 1000;
  const w = opts.weights ?? g.weights;
  if (n === 0) return { scores: new Float64Array(0), iterations: 0, converged: true };

  const outW = opts.weights ? new Float64Array(n) : g.outWeight;
  if (opts.weights) {
    for (let u = 0; u < n; u++) {
      let s = 0;
      for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) s += w[e]!;
      outW[u] = s;
    }
  }
  // Each in-edge's share of its source's score: weight / source's out-weight.
  const share = new Float64Array(g.sources.length);
  for (let k = 0; k < share.length; k++) {
    const e = g.inEdge[k]!;
    share[k] = w[e]! / outW[g.sources[k]!]!;
  }
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let it = 1; it <= maxIter; it++) {
    let dangling = 0;
    for (let u = 0; u < n; u++) if (outW[u] === 0) dangling += x[u]!;
    const base = (1 - d) / n + (d * dangling) / n;
    let err = 0;
    for (let v = 0; v < n; v++) {
      let s = 0;
      for (let k = g.inOffsets[v]!; k < g.inOffsets[v + 1]!; k++) s += x[g.sources[k]!]! * share[k]!;
      const val = base + d * s;
      next[v] = val;
      err += Math.abs(val - x[v]!);
    }
    [x, next] = [next, x];
    if (err < tol) return { scores: x, iterations: it, converged: true };
  }
  return { scores: x, iterations: maxIter, converged: false };
}
