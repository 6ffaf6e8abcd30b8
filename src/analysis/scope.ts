import type { StakeholderGraph } from './build.ts';
import { csrFromArrays } from './csr.ts';
import { EDGE_KIND_INDEX } from './model.ts';

/**
 * The nodes of a scope: an organisation and everything under it (following parent → child ties),
 * the networks covering or hosted by any of those, an organisation's or network's post holders and
 * seat holders, and for a network its footprint. Returns node indexes in ascending order.
 */
export function scopeNodes(g: StakeholderGraph, rootId: string): Uint32Array {
  const root = g.index.get(rootId);
  if (root === undefined) return new Uint32Array(0);
  const { csr } = g;
  const inScope = new Uint8Array(g.n);
  const down = new Set([EDGE_KIND_INDEX.has_part]);
  const toNetworks = new Set([EDGE_KIND_INDEX.covers, EDGE_KIND_INDEX.hosts]);
  const footprint = new Set([EDGE_KIND_INDEX.covered_by, EDGE_KIND_INDEX.hosts]);
  const toPeople = new Set([EDGE_KIND_INDEX.post, EDGE_KIND_INDEX.seat]);
  // 1. the organisation tree under the root (or the root network's footprint)
  const stack = [root];
  inScope[root] = 1;
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      const v = csr.targets[e]!;
      const k = csr.kinds[e]!;
      const follow = down.has(k) || (u === root && g.kinds[root] === 'network' && footprint.has(k));
      if (follow && !inScope[v]) {
        inScope[v] = 1;
        stack.push(v);
      }
    }
  }
  // 2. networks covering or hosted by those organisations (step 1 reached organisations and, from a
  // network root, the root alone: every node marked so far is a candidate)
  const marked: number[] = [];
  for (let i = 0; i < g.n; i++) if (inScope[i]) marked.push(i);
  for (const u of marked) {
    if (g.kinds[u] !== 'organisation') continue;
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      if (toNetworks.has(csr.kinds[e]!) && !inScope[csr.targets[e]!]) {
        inScope[csr.targets[e]!] = 1;
        marked.push(csr.targets[e]!);
      }
    }
  }
  // 3. the people holding posts or seats in any organisation or network in scope
  const holders = marked.length;
  for (let h = 0; h < holders; h++) {
    const u = marked[h]!;
    if (g.kinds[u] === 'person') continue;
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      const v = csr.targets[e]!;
      if (toPeople.has(csr.kinds[e]!) && !inScope[v] && g.kinds[v] === 'person') {
        inScope[v] = 1;
        marked.push(v);
      }
    }
  }
  return Uint32Array.from(marked).sort();
}

/** The subgraph induced by `nodes` (ascending indexes): node metadata and the edges between them. */
export function subgraph(g: StakeholderGraph, nodes: Uint32Array): StakeholderGraph {
  const map = new Int32Array(g.n).fill(-1);
  nodes.forEach((v, i) => {
    map[v] = i;
  });
  const { csr } = g;
  // Count the edges kept, then copy them into typed arrays. Sources are visited in ascending order and
  // each one's edges in csr order, so the copy is already in the subgraph's csr order.
  let m = 0;
  for (const u of nodes) {
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) if (map[csr.targets[e]!]! >= 0) m++;
  }
  const from = new Uint32Array(m);
  const to = new Uint32Array(m);
  const weight = new Float64Array(m);
  const kind = new Uint8Array(m);
  const edgeDetail = new Uint32Array(m);
  const edgePersona = new Uint32Array(m);
  let at = 0;
  for (const u of nodes) {
    const mu = map[u]!;
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      const v = map[csr.targets[e]!]!;
      if (v < 0) continue;
      from[at] = mu;
      to[at] = v;
      weight[at] = csr.weights[e]!;
      kind[at] = csr.kinds[e]!;
      edgeDetail[at] = g.edgeDetail[e]!;
      edgePersona[at++] = g.edgePersona[e]!;
    }
  }
  const n = nodes.length;
  const sub = csrFromArrays(n, from, to, weight, kind);
  const pick = <T>(a: T[]) => Array.from(nodes, (v) => a[v]!);
  const ids = pick(g.ids);
  return {
    n,
    ids,
    names: pick(g.names),
    kinds: pick(g.kinds),
    subkinds: pick(g.subkinds),
    levels: pick(g.levels),
    professions: pick(g.professions),
    personas: pick(g.personas),
    index: new Map(ids.map((id, i) => [id, i])),
    csr: sub,
    edgeDetail,
    edgePersona,
    details: g.details,
    engaged: Uint8Array.from(nodes, (v) => g.engaged[v]!),
  };
}
