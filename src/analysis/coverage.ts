import type { Level } from '../core/people.ts';
import type { StakeholderGraph } from './build.ts';
import { EDGE_KIND_INDEX } from './model.ts';
import { scopeNodes } from './scope.ts';

/**
 * Persona coverage of an account (issue 6): for an ICS, which personas are filled, by whom, and which
 * the workspace has a tie to — the gaps an account team must close. Pure: reads the graph's post
 * edges (each carries its post's persona), its engaged people and its relationship edges.
 */

/** A persona to look for (the catalogue's key personas, then its base roles). */
export interface PersonaToCover {
  code: string;
  name: string;
  level: Level;
  category: 'key' | 'base' | 'custom';
}

/** The relationship edge kinds: the workspace's recorded ties between people (and to bodies). */
const TIE_KINDS = new Set<number>(
  (['reports_to', 'influenced_by', 'advised_by', 'chairs', 'chair_of', 'works_with', 'knows'] as const).map(
    (k) => EDGE_KIND_INDEX[k],
  ),
);

/**
 * Nodes within `hops` ties of an engaged person, walking relationship edges either way (a tie is a
 * relationship the workspace recorded: reports to, influences, advises, chairs, works with, knows).
 * Engaged people themselves are at 0.
 */
export function withinTies(g: StakeholderGraph, hops = 2): Uint8Array {
  const { csr } = g;
  const depth = new Int8Array(g.n).fill(-1);
  const queue = new Uint32Array(g.n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < g.n; i++) {
    if (g.engaged[i]) {
      depth[i] = 0;
      queue[tail++] = i;
    }
  }
  while (head < tail) {
    const u = queue[head++]!;
    const du = depth[u]!;
    if (du >= hops) continue;
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      const v = csr.targets[e]!;
      if (TIE_KINDS.has(csr.kinds[e]!) && depth[v] === -1) {
        depth[v] = du + 1;
        queue[tail++] = v;
      }
    }
    for (let k = csr.inOffsets[u]!; k < csr.inOffsets[u + 1]!; k++) {
      const v = csr.sources[k]!;
      if (TIE_KINDS.has(csr.kinds[csr.inEdge[k]!]!) && depth[v] === -1) {
        depth[v] = du + 1;
        queue[tail++] = v;
      }
    }
  }
  const out = new Uint8Array(g.n);
  for (let i = 0; i < g.n; i++) out[i] = depth[i]! >= 0 ? 1 : 0;
  return out;
}

/** One persona's coverage in an ICS. */
export interface PersonaCoverage extends PersonaToCover {
  /** people holding a post with this persona at an organisation or network in the ICB's scope */
  holders: { node: number; engaged: boolean }[];
  /** a holder is engaged, or within two ties (either way) of someone the workspace engages */
  tied: boolean;
}

/**
 * Coverage of an ICS: for each persona asked for, in the order given, who holds a post with it at an
 * organisation or network in the ICB's scope (`scopeNodes`: the ICB, everything under it, the networks
 * covering it) on the graph's date, whether each holder is engaged, and whether the persona is tied.
 * `filled` and `tied` count the personas of category 'key' only (the ten of source 001). Run it on the
 * whole graph, not the ICB's subgraph, so that ties through people outside the ICS count.
 */
export function coverage(
  g: StakeholderGraph,
  icb: number,
  personas: readonly PersonaToCover[],
): { filled: number; tied: number; personas: PersonaCoverage[] } {
  const { csr } = g;
  const inScope = new Uint8Array(g.n);
  for (const i of scopeNodes(g, g.ids[icb]!)) inScope[i] = 1;
  const post = EDGE_KIND_INDEX.post;
  const holders = new Map<string, Set<number>>();
  for (let u = 0; u < g.n; u++) {
    if (!inScope[u] || g.kinds[u] === 'person') continue;
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      if (csr.kinds[e] !== post || !g.edgePersona[e]) continue;
      const code = g.details[g.edgePersona[e]!]!;
      const set = holders.get(code) ?? new Set<number>();
      set.add(csr.targets[e]!);
      holders.set(code, set);
    }
  }
  const near = withinTies(g, 2);
  let filled = 0;
  let tied = 0;
  const list = personas.map((p) => {
    const people = [...(holders.get(p.code) ?? [])].sort(
      (a, b) => g.names[a]!.localeCompare(g.names[b]!) || a - b,
    );
    const isTied = people.some((i) => near[i] === 1);
    if (p.category === 'key' && people.length > 0) filled++;
    if (p.category === 'key' && isTied) tied++;
    return {
      ...p,
      holders: people.map((node) => ({ node, engaged: g.engaged[node] === 1 })),
      tied: isTied,
    };
  });
  return { filled, tied, personas: list };
}
