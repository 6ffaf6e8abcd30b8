/**
 * A compact, typed-array form of a directed, weighted graph (compressed sparse rows): the form every
 * measure computes on. Node i's out-edges are targets[offsets[i] … offsets[i+1]) with their weights;
 * the in-edges are kept the same way (inOffsets / sources), so flows can be pulled rather than pushed.
 * Parallel edges between the same pair are kept apart (each has its own kind); measures that need a
 * simple graph sum them.
 */
export interface Csr {
  /** number of nodes */
  n: number;
  offsets: Uint32Array;
  targets: Uint32Array;
  weights: Float64Array;
  /** an edge's kind, as an index into the builder's list of kinds */
  kinds: Uint8Array;
  inOffsets: Uint32Array;
  sources: Uint32Array;
  /** for in-edge k, the index of the same edge among the out-edges */
  inEdge: Uint32Array;
  /** sum of each node's out-edge weights */
  outWeight: Float64Array;
}

/** An edge to add: from, to (node indexes), weight > 0, kind index. */
export interface EdgeInput {
  from: number;
  to: number;
  weight: number;
  kind?: number;
}

/** Builds the CSR form of `n` nodes and the given edges, in two passes over typed arrays. */
export function buildCsr(n: number, edges: ArrayLike<EdgeInput> | EdgeInput[]): Csr {
  const m = edges.length;
  const from = new Uint32Array(m);
  const to = new Uint32Array(m);
  const w = new Float64Array(m);
  const k = new Uint8Array(m);
  for (let e = 0; e < m; e++) {
    const edge = edges[e]!;
    if (edge.from >= n || edge.to >= n || edge.from < 0 || edge.to < 0) {
      throw new RangeError(`edge ${e}: node index out of range (${edge.from} → ${edge.to}, n = ${n})`);
    }
    if (!(edge.weight > 0) || !Number.isFinite(edge.weight)) {
      throw new RangeError(`edge ${e}: weight must be a positive number (got ${edge.weight})`);
    }
    from[e] = edge.from;
    to[e] = edge.to;
    w[e] = edge.weight;
    k[e] = edge.kind ?? 0;
  }
  return csrFromArrays(n, from, to, w, k);
}

/** Builds the CSR form from parallel arrays of edge ends, weights and kinds. */
export function csrFromArrays(
  n: number,
  from: Uint32Array,
  to: Uint32Array,
  weight: Float64Array,
  kind: Uint8Array = new Uint8Array(from.length),
): Csr {
  const m = from.length;
  const offsets = new Uint32Array(n + 1);
  const inOffsets = new Uint32Array(n + 1);
  for (let e = 0; e < m; e++) {
    offsets[from[e]! + 1]!++;
    inOffsets[to[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) {
    offsets[i + 1]! += offsets[i]!;
    inOffsets[i + 1]! += inOffsets[i]!;
  }
  const targets = new Uint32Array(m);
  const weights = new Float64Array(m);
  const kinds = new Uint8Array(m);
  const sources = new Uint32Array(m);
  const inEdge = new Uint32Array(m);
  const outWeight = new Float64Array(n);
  const fill = offsets.slice(0, n);
  const inFill = inOffsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const u = from[e]!;
    const v = to[e]!;
    const at = fill[u]!++;
    targets[at] = v;
    weights[at] = weight[e]!;
    kinds[at] = kind[e]!;
    outWeight[u]! += weight[e]!;
    const inAt = inFill[v]!++;
    sources[inAt] = u;
    inEdge[inAt] = at;
  }
  return { n, offsets, targets, weights, kinds, inOffsets, sources, inEdge, outWeight };
}
