import type { Csr } from './csr.ts';

/** Options of betweenness centrality. */
export interface BetweennessOptions {
  /** per-edge lengths (same order as csr.targets); absent: every edge has length 1 (BFS) */
  lengths?: Float64Array;
  /** the sources to start from; absent: every node (exact) */
  sources?: ArrayLike<number>;
  /** divide by (n − 1)(n − 2), as networkx does for directed graphs; default true */
  normalized?: boolean;
}

/** Betweenness per node, and for a sample, the bound on its error. */
export interface BetweennessResult {
  scores: Float64Array;
  /** sources used */
  samples: number;
  exact: boolean;
}

/**
 * Brandes' betweenness centrality on a directed graph: for every source, shortest paths by BFS (or by
 * Dijkstra over `lengths`), then dependencies accumulated back from the farthest node. With a subset
 * of sources, each node's sum is scaled by n / samples (an unbiased estimate). Matches networkx's
 * `betweenness_centrality(G, normalized=True, weight=…)` for directed graphs when exact.
 * Give it a simple graph (at most one edge per ordered pair): networkx counts a neighbour once
 * however many parallel edges lead to it.
 */
export function betweenness(g: Csr, opts: BetweennessOptions = {}): BetweennessResult {
  const { n } = g;
  const cb = new Float64Array(n);
  const sigma = new Float64Array(n);
  const dist = new Float64Array(n);
  const delta = new Float64Array(n);
  const order = new Uint32Array(n);
  // predecessors as edges: for node v, preds are stored in a per-run list
  const predHead = new Int32Array(n);
  const predNext = new Int32Array(g.targets.length);
  const predNode = new Uint32Array(g.targets.length);
  const queue = new Uint32Array(n);
  const heap = new MinHeap(n);
  const sources = opts.sources ?? Uint32Array.from({ length: n }, (_, i) => i);
  const lengths = opts.lengths;
  const EPS = 1e-12;

  for (let si = 0; si < sources.length; si++) {
    const s = sources[si]!;
    sigma.fill(0);
    dist.fill(Number.POSITIVE_INFINITY);
    delta.fill(0);
    predHead.fill(-1);
    let predCount = 0;
    let count = 0;
    sigma[s] = 1;
    dist[s] = 0;
    if (!lengths) {
      let head = 0;
      let tail = 0;
      queue[tail++] = s;
      while (head < tail) {
        const v = queue[head++]!;
        order[count++] = v;
        const dv = dist[v]! + 1;
        for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
          const w = g.targets[e]!;
          if (dist[w] === Number.POSITIVE_INFINITY) {
            dist[w] = dv;
            queue[tail++] = w;
          }
          if (dist[w] === dv) {
            sigma[w]! += sigma[v]!;
            predNode[predCount] = v;
            predNext[predCount] = predHead[w]!;
            predHead[w] = predCount++;
          }
        }
      }
    } else {
      const settled = new Uint8Array(n);
      heap.clear();
      heap.push(s, 0);
      while (heap.size > 0) {
        const v = heap.pop();
        if (settled[v]) continue;
        settled[v] = 1;
        order[count++] = v;
        for (let e = g.offsets[v]!; e < g.offsets[v + 1]!; e++) {
          const w = g.targets[e]!;
          const alt = dist[v]! + lengths[e]!;
          if (alt < dist[w]! - EPS) {
            dist[w] = alt;
            sigma[w] = sigma[v]!;
            predHead[w] = -1;
            predNode[predCount] = v;
            predNext[predCount] = -1;
            predHead[w] = predCount++;
            heap.push(w, alt);
          } else if (Math.abs(alt - dist[w]!) <= EPS && !settled[w]) {
            sigma[w]! += sigma[v]!;
            predNode[predCount] = v;
            predNext[predCount] = predHead[w]!;
            predHead[w] = predCount++;
          }
        }
      }
    }
    for (let i = count - 1; i >= 0; i--) {
      const w = order[i]!;
      const coeff = (1 + delta[w]!) / sigma[w]!;
      for (let p = predHead[w]!; p !== -1; p = predNext[p]!) {
        const v = predNode[p]!;
        delta[v]! += sigma[v]! * coeff;
      }
      if (w !== s) cb[w]! += delta[w]!;
    }
  }
  const exact = sources.length === n;
  let scale = exact ? 1 : n / Math.max(1, sources.length);
  if ((opts.normalized ?? true) && n > 2) scale /= (n - 1) * (n - 2);
  for (let i = 0; i < n; i++) cb[i]! *= scale;
  return { scores: cb, samples: sources.length, exact };
}

/**
 * The error bound of a sampled estimate, normalised: with probability at least 1 − δ, every node's
 * estimate is within ε of its exact (normalised) betweenness, by Hoeffding's inequality over the
 * independent sources (each contributes at most n / (n − 1)) and a union bound over the n nodes.
 */
export function betweennessErrorBound(n: number, samples: number, delta = 0.05): number {
  if (samples >= n || n < 3) return 0;
  const range = n / (n - 1);
  return range * Math.sqrt(Math.log((2 * n) / delta) / (2 * samples));
}

/** A binary min-heap of node indexes by priority (lazy deletion: stale entries are skipped by the caller). */
class MinHeap {
  private nodes: Uint32Array;
  private prio: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.nodes = new Uint32Array(Math.max(16, capacity));
    this.prio = new Float64Array(Math.max(16, capacity));
  }
  clear(): void {
    this.size = 0;
  }
  push(node: number, p: number): void {
    if (this.size === this.nodes.length) {
      const nn = new Uint32Array(this.size * 2);
      nn.set(this.nodes);
      this.nodes = nn;
      const np = new Float64Array(this.size * 2);
      np.set(this.prio);
      this.prio = np;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.prio[parent]! <= p) break;
      this.nodes[i] = this.nodes[parent]!;
      this.prio[i] = this.prio[parent]!;
      i = parent;
    }
    this.nodes[i] = node;
    this.prio[i] = p;
  }
  pop(): number {
    const top = this.nodes[0]!;
    const lastNode = this.nodes[--this.size]!;
    const lastP = this.prio[this.size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && this.prio[c + 1]! < this.prio[c]!) c++;
      if (this.prio[c]! >= lastP) break;
      this.nodes[i] = this.nodes[c]!;
      this.prio[i] = this.prio[c]!;
      i = c;
    }
    this.nodes[i] = lastNode;
    this.prio[i] = lastP;
    return top;
  }
}
