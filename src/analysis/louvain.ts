import type { Csr } from './csr.ts';

/** Communities found, and the modularity of the partition. */
export interface LouvainResult {
  /** community index per node, numbered 0… by first appearance in node order */
  community: Uint32Array;
  count: number;
  modularity: number;
  /** passes of aggregation it took */
  levels: number;
}

/** An undirected weighted graph as symmetric adjacency (each edge listed from both ends; a self-loop once). */
interface Sym {
  n: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
  /** weighted degree, a self-loop counted twice */
  degree: Float64Array;
  /** twice the total edge weight */
  m2: number;
}

/** The undirected form of a directed graph: u–v weighs w(u→v) + w(v→u). */
export function symmetrise(g: Csr): Sym {
  const adj: Map<number, number>[] = Array.from({ length: g.n }, () => new Map());
  for (let u = 0; u < g.n; u++) {
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) {
      const v = g.targets[e]!;
      const w = g.weights[e]!;
      adj[u]!.set(v, (adj[u]!.get(v) ?? 0) + w);
      if (v !== u) adj[v]!.set(u, (adj[v]!.get(u) ?? 0) + w);
    }
  }
  return fromMaps(adj);
}

function fromMaps(adj: Map<number, number>[]): Sym {
  const n = adj.length;
  const offsets = new Uint32Array(n + 1);
  for (let u = 0; u < n; u++) offsets[u + 1] = offsets[u]! + adj[u]!.size;
  const targets = new Uint32Array(offsets[n]!);
  const weights = new Float64Array(offsets[n]!);
  const degree = new Float64Array(n);
  let m2 = 0;
  for (let u = 0; u < n; u++) {
    let at = offsets[u]!;
    for (const [v, w] of [...adj[u]!.entries()].sort((a, b) => a[0] - b[0])) {
      targets[at] = v;
      weights[at++] = w;
      const dw = v === u ? 2 * w : w;
      degree[u]! += dw;
      m2 += dw;
    }
  }
  return { n, offsets, targets, weights, degree, m2 };
}

/** Modularity (resolution γ) of a partition of an undirected graph. */
export function modularityOf(s: Sym, community: ArrayLike<number>, resolution = 1): number {
  if (s.m2 === 0) return 0;
  const k = Math.max(0, ...Array.from(community)) + 1;
  const inside = new Float64Array(k);
  const total = new Float64Array(k);
  for (let u = 0; u < s.n; u++) {
    const cu = community[u]!;
    total[cu]! += s.degree[u]!;
    for (let e = s.offsets[u]!; e < s.offsets[u + 1]!; e++) {
      const v = s.targets[e]!;
      if (community[v] === cu) inside[cu]! += v === u ? 2 * s.weights[e]! : s.weights[e]!;
    }
  }
  let q = 0;
  for (let c = 0; c < k; c++) q += inside[c]! / s.m2 - resolution * (total[c]! / s.m2) ** 2;
  return q;
}

/**
 * Louvain community detection (Blondel et al. 2008) on the undirected form of the graph: nodes move
 * to the neighbouring community with the best modularity gain until none gains, then communities
 * become nodes and it repeats. Deterministic: nodes are visited in index order (pass `order` to
 * visit them otherwise).
 */
export function louvain(g: Csr, opts: { resolution?: number; order?: Uint32Array } = {}): LouvainResult {
  const resolution = opts.resolution ?? 1;
  const base = symmetrise(g);
  let s = base;
  // node of the original graph → node of the current level
  let membership = Uint32Array.from({ length: g.n }, (_, i) => i);
  let levels = 0;
  let firstOrder: Uint32Array | undefined = opts.order;
  for (;;) {
    const { community, moved } = onePass(s, resolution, firstOrder);
    firstOrder = undefined;
    const { renumbered, count } = renumber(community);
    if (!moved || count === s.n) {
      if (moved) membership = membership.map((c) => renumbered[c]!);
      break;
    }
    membership = membership.map((c) => renumbered[c]!);
    s = aggregate(s, renumbered, count);
    levels++;
  }
  const { renumbered, count } = renumber(membership);
  return { community: renumbered, count, modularity: modularityOf(base, renumbered, resolution), levels };
}

function onePass(
  s: Sym,
  resolution: number,
  order?: Uint32Array,
): { community: Uint32Array; moved: boolean } {
  const community = Uint32Array.from({ length: s.n }, (_, i) => i);
  const total = Float64Array.from(s.degree);
  const neighWeight = new Float64Array(s.n);
  const neighList = new Uint32Array(s.n);
  let moved = false;
  let improved = true;
  const visit = order ?? Uint32Array.from({ length: s.n }, (_, i) => i);
  while (improved) {
    improved = false;
    for (let idx = 0; idx < visit.length; idx++) {
      const u = visit[idx]!;
      const cu = community[u]!;
      const ku = s.degree[u]!;
      let nn = 0;
      for (let e = s.offsets[u]!; e < s.offsets[u + 1]!; e++) {
        const v = s.targets[e]!;
        if (v === u) continue; // a self-loop moves with u: it adds the same to every choice
        const cv = community[v]!;
        if (neighWeight[cv] === 0) neighList[nn++] = cv;
        neighWeight[cv]! += s.weights[e]!;
      }
      // take u out of its community
      total[cu]! -= ku;
      const gainOf = (c: number) => neighWeight[c]! - (resolution * total[c]! * ku) / s.m2;
      let best = cu;
      let bestGain = gainOf(cu);
      for (let i = 0; i < nn; i++) {
        const c = neighList[i]!;
        const gain = gainOf(c);
        if (gain > bestGain + 1e-12) {
          best = c;
          bestGain = gain;
        }
      }
      total[best]! += ku;
      if (best !== cu) {
        community[u] = best;
        moved = true;
        improved = true;
      }
      for (let i = 0; i < nn; i++) neighWeight[neighList[i]!] = 0;
      neighWeight[cu] = 0;
    }
  }
  return { community, moved };
}

function renumber(community: Uint32Array): { renumbered: Uint32Array; count: number } {
  const map = new Map<number, number>();
  const renumbered = new Uint32Array(community.length);
  for (let i = 0; i < community.length; i++) {
    let c = map.get(community[i]!);
    if (c === undefined) {
      c = map.size;
      map.set(community[i]!, c);
    }
    renumbered[i] = c;
  }
  return { renumbered, count: map.size };
}

function aggregate(s: Sym, community: Uint32Array, count: number): Sym {
  const adj: Map<number, number>[] = Array.from({ length: count }, () => new Map());
  for (let u = 0; u < s.n; u++) {
    const cu = community[u]!;
    for (let e = s.offsets[u]!; e < s.offsets[u + 1]!; e++) {
      const v = s.targets[e]!;
      const cv = community[v]!;
      // each undirected edge is listed from both ends: halve inside a community so a self-loop keeps its weight
      const w = s.weights[e]!;
      if (cu === cv) {
        adj[cu]!.set(cu, (adj[cu]!.get(cu) ?? 0) + (v === u ? w : w / 2));
      } else {
        adj[cu]!.set(cv, (adj[cu]!.get(cv) ?? 0) + w);
      }
    }
  }
  return fromMaps(adj);
}
