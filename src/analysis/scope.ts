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
  // 2. networks covering or hosted by those organisations
  const orgs = [...inScope.keys()].filter((i) => inScope[i] && g.kinds[i] === 'organisation');
  for (const u of orgs) {
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      if (toNetworks.has(csr.kinds[e]!)) inScope[csr.targets[e]!] = 1;
    }
  }
  // 3. the people holding posts or seats in any organisation or network in scope
  const holders = [...inScope.keys()].filter((i) => inScope[i] && g.kinds[i] !== 'person');
  for (const u of holders) {
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      if (toPeople.has(csr.kinds[e]!) && g.kinds[csr.targets[e]!] === 'person') inScope[csr.targets[e]!] = 1;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < g.n; i++) if (inScope[i]) out.push(i);
  return Uint32Array.from(out);
}

/** The subgraph induced by `nodes` (ascending indexes): node metadata and the edges between them. */
export function subgraph(g: StakeholderGraph, nodes: Uint32Array): StakeholderGraph {
  const map = new Int32Array(g.n).fill(-1);
  nodes.forEach((v, i) => {
    map[v] = i;
  });
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  const kind: number[] = [];
  const detail: number[] = [];
  const { csr } = g;
  for (const u of nodes) {
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      const v = map[csr.targets[e]!]!;
      if (v < 0) continue;
      from.push(map[u]!);
      to.push(v);
      weight.push(csr.weights[e]!);
      kind.push(csr.kinds[e]!);
      detail.push(g.edgeDetail[e]!);
    }
  }
  const n = nodes.length;
  const sub = csrFromArrays(
    n,
    Uint32Array.from(from),
    Uint32Array.from(to),
    Float64Array.from(weight),
    Uint8Array.from(kind),
  );
  const edgeDetail = new Uint32Array(from.length);
  const fill = sub.offsets.slice(0, n);
  for (let e = 0; e < from.length; e++) edgeDetail[fill[from[e]!]!++] = detail[e]!;
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
    details: g.details,
  };
}
