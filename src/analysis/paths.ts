import type { Level } from '../core/people.ts';
import { LEVEL_ORDER, type StakeholderGraph } from './build.ts';
import type { Flow } from './influence.ts';
import { EDGE_KIND_INDEX, EDGE_KINDS, type NodeKind } from './model.ts';
import { scopeNodes } from './scope.ts';

/**
 * Up and down the chain (issue 6): weighted shortest paths on the stakeholder graph, a person's reach
 * into each level and their routes to the decision forums of their ICS, the people who carry
 * influence between an ICS's levels, and introduction paths from the people a workspace engages.
 *
 * Paths are shortest by **length = Σ 1 / weight** of the edges taken: a strong tie (a chair's seat,
 * a confirmed "reports to" of strength 5) is short, a weak one (a "knows" of strength 1, a region's
 * tie down to an ICB) is long. Edges may be walked in either direction (an introduction works both
 * ways round a tie); parallel edges count as their strongest. Pure: no I/O.
 */

// ---- a reusable binary heap ------------------------------------------------------------------

/** A binary min-heap of (key, value) pairs on growable typed arrays, cleared and reused between searches. */
export class MinHeap {
  private keys: Float64Array;
  private vals: Uint32Array;
  size = 0;
  constructor(capacity = 64) {
    this.keys = new Float64Array(Math.max(2, capacity));
    this.vals = new Uint32Array(Math.max(2, capacity));
  }
  clear(): void {
    this.size = 0;
  }
  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.keys.length * 2);
      const v = new Uint32Array(this.vals.length * 2);
      k.set(this.keys);
      v.set(this.vals);
      this.keys = k;
      this.vals = v;
    }
    let i = this.size++;
    const { keys, vals } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      vals[i] = vals[parent]!;
      i = parent;
    }
    keys[i] = key;
    vals[i] = val;
  }
  /** The smallest key (call only when size > 0). */
  peekKey(): number {
    return this.keys[0]!;
  }
  /** Removes the pair with the smallest key and returns its value (call only when size > 0). */
  pop(): number {
    const { keys, vals } = this;
    const top = vals[0]!;
    const last = --this.size;
    if (last > 0) {
      const key = keys[last]!;
      const val = vals[last]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && keys[r]! < keys[l]! ? r : l;
        if (keys[c]! >= key) break;
        keys[i] = keys[c]!;
        vals[i] = vals[c]!;
        i = c;
      }
      keys[i] = key;
      vals[i] = val;
    }
    return top;
  }
}

// ---- Dijkstra --------------------------------------------------------------------------------

/** Which way edges may be walked: along their direction only, or either way. */
export type Direction = 'out' | 'both';

/** A path found: node indexes from source to target, the csr edge taken at each step, its length. */
export interface FoundPath {
  nodes: number[];
  /** csr (out-edge) indexes, one per step; walked against its direction when direction is 'both' */
  edges: number[];
  length: number;
}

/**
 * Shortest weighted paths on one graph, with its arrays and heap allocated once and reused for every
 * search (introductions search several times; chains search once per person).
 */
export class PathFinder {
  readonly dist: Float64Array;
  /** the node each node was reached from (−1: a source or unreached) */
  readonly prev: Int32Array;
  /** the csr edge each node was reached by (−1: none) */
  readonly prevEdge: Int32Array;
  private readonly done: Uint8Array;
  private readonly heap: MinHeap;
  constructor(readonly g: StakeholderGraph) {
    this.dist = new Float64Array(g.n);
    this.prev = new Int32Array(g.n);
    this.prevEdge = new Int32Array(g.n);
    this.done = new Uint8Array(g.n);
    this.heap = new MinHeap(Math.min(g.csr.targets.length + 1, 1 << 16));
  }

  /**
   * Dijkstra from every node of `sources` at once (distance 0), edge length 1 / weight. Nodes marked
   * in `blocked` are never entered (sources and `target` excepted). Stops once `target` is settled.
   */
  run(
    sources: ArrayLike<number>,
    opts: { direction?: Direction; blocked?: Uint8Array; target?: number } = {},
  ): void {
    const { csr } = this.g;
    const { dist, prev, prevEdge, done, heap } = this;
    const both = (opts.direction ?? 'both') === 'both';
    const blocked = opts.blocked;
    const target = opts.target ?? -1;
    dist.fill(Number.POSITIVE_INFINITY);
    prev.fill(-1);
    prevEdge.fill(-1);
    done.fill(0);
    heap.clear();
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i]!;
      if (dist[s] === 0) continue;
      dist[s] = 0;
      heap.push(0, s);
    }
    const relax = (u: number, v: number, e: number, du: number) => {
      if (done[v] || (blocked?.[v] && v !== target)) return;
      const nd = du + 1 / csr.weights[e]!;
      if (nd < dist[v]!) {
        dist[v] = nd;
        prev[v] = u;
        prevEdge[v] = e;
        heap.push(nd, v);
      }
    };
    while (heap.size > 0) {
      const du = heap.peekKey();
      const u = heap.pop();
      if (done[u] || du > dist[u]!) continue;
      done[u] = 1;
      if (u === target) return;
      for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) relax(u, csr.targets[e]!, e, du);
      if (both) {
        for (let k = csr.inOffsets[u]!; k < csr.inOffsets[u + 1]!; k++) {
          relax(u, csr.sources[k]!, csr.inEdge[k]!, du);
        }
      }
    }
  }

  /** The path to `target` found by the last run, or null when it was not reached. */
  pathTo(target: number): FoundPath | null {
    if (!Number.isFinite(this.dist[target]!)) return null;
    const nodes = [target];
    const edges: number[] = [];
    for (let v = target; this.prev[v]! >= 0; v = this.prev[v]!) {
      nodes.push(this.prev[v]!);
      edges.push(this.prevEdge[v]!);
    }
    return { nodes: nodes.reverse(), edges: edges.reverse(), length: this.dist[target]! };
  }
}

/** A path as the API gives it: ids, names and kinds of its nodes, the kinds of its edges, its length. */
export function describePath(g: StakeholderGraph, p: FoundPath) {
  return {
    nodes: p.nodes.map((i) => ({ id: g.ids[i]!, name: g.names[i]!, kind: g.kinds[i]! as NodeKind })),
    edge_kinds: p.edges.map((e) => EDGE_KINDS[g.csr.kinds[e]!]!),
    length: p.length,
  };
}

// ---- a person's ICS and its forums ------------------------------------------------------------

/**
 * The ICB a person works under: from each organisation where they hold a post (for a post at a
 * network, the network's host), up the `part_of` ties until an organisation of kind `icb`. The
 * nearest one by steps wins (ties by node order); null when no post leads to one.
 */
export function icbOf(g: StakeholderGraph, person: number): number | null {
  const { csr } = g;
  const servesIn = EDGE_KIND_INDEX.serves_in;
  const partOf = EDGE_KIND_INDEX.part_of;
  const hosts = EDGE_KIND_INDEX.hosts;
  const depth = new Map<number, number>();
  let frontier: number[] = [];
  for (let e = csr.offsets[person]!; e < csr.offsets[person + 1]!; e++) {
    if (csr.kinds[e] !== servesIn) continue;
    const v = csr.targets[e]!;
    if (g.kinds[v] === 'organisation') frontier.push(v);
    else {
      for (let f = csr.offsets[v]!; f < csr.offsets[v + 1]!; f++) {
        if (csr.kinds[f] === hosts && g.kinds[csr.targets[f]!] === 'organisation')
          frontier.push(csr.targets[f]!);
      }
    }
  }
  for (let d = 0; frontier.length > 0; d++) {
    const icbs = frontier.filter((v) => g.subkinds[v] === 'icb').sort((a, b) => a - b);
    if (icbs.length > 0) return icbs[0]!;
    const next: number[] = [];
    for (const u of frontier) {
      if (depth.has(u)) continue;
      depth.set(u, d);
      for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
        if (csr.kinds[e] === partOf && !depth.has(csr.targets[e]!)) next.push(csr.targets[e]!);
      }
    }
    frontier = next;
  }
  return null;
}

/**
 * The decision forums of an ICS: the ICB itself, then the area prescribing committees and the other
 * networks whose footprint includes the ICB or that it hosts (prescribing committees first, then by name).
 */
export function forumsOf(g: StakeholderGraph, icb: number): number[] {
  const { csr } = g;
  const toNetwork = new Set([EDGE_KIND_INDEX.covers, EDGE_KIND_INDEX.hosts]);
  const nets = new Set<number>();
  for (let e = csr.offsets[icb]!; e < csr.offsets[icb + 1]!; e++) {
    const v = csr.targets[e]!;
    if (toNetwork.has(csr.kinds[e]!) && g.kinds[v] === 'network') nets.add(v);
  }
  const apc = (i: number) => (g.subkinds[i] === 'area_prescribing_committee' ? 0 : 1);
  return [
    icb,
    ...[...nets].sort((a, b) => apc(a) - apc(b) || g.names[a]!.localeCompare(g.names[b]!) || a - b),
  ];
}

// ---- a person's chain -------------------------------------------------------------------------

/** A person's reach into one level. */
export interface LevelReach {
  level: Level;
  /** nodes of the level within `steps` steps of the person (the person not counted) */
  nodes: number;
  /** their share of the influence of every node of the level in the graph (0 when the level has none) */
  influence_share: number;
}

/**
 * A person up and down the chain. **Reach**: per level (national … provider), the nodes of that level
 * within 3 steps of the person, walking edges either way, and the share of the level's total
 * influence those nodes hold. **Forums**: the shortest paths (length Σ 1/weight, either way) from the
 * person to each decision forum of their ICS (`icbOf`, `forumsOf`); a forum out of reach has no path.
 */
export function chain(
  g: StakeholderGraph,
  flow: Flow,
  person: number,
  opts: { steps?: number; finder?: PathFinder } = {},
): { icb: number | null; reach: LevelReach[]; forums: { node: number; path: FoundPath | null }[] } {
  const steps = opts.steps ?? 3;
  const { csr } = g;
  // breadth-first, either direction, up to `steps` hops
  const depth = new Int8Array(g.n).fill(-1);
  const queue = new Uint32Array(g.n);
  let head = 0;
  let tail = 0;
  depth[person] = 0;
  queue[tail++] = person;
  while (head < tail) {
    const u = queue[head++]!;
    const du = depth[u]!;
    if (du >= steps) continue;
    const visit = (v: number) => {
      if (depth[v] === -1) {
        depth[v] = du + 1;
        queue[tail++] = v;
      }
    };
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) visit(csr.targets[e]!);
    for (let k = csr.inOffsets[u]!; k < csr.inOffsets[u + 1]!; k++) visit(csr.sources[k]!);
  }
  const total = new Map<Level, number>();
  const reached = new Map<Level, { nodes: number; influence: number }>();
  for (let i = 0; i < g.n; i++) {
    const l = g.levels[i];
    if (!l) continue;
    total.set(l, (total.get(l) ?? 0) + flow.scores[i]!);
    if (i !== person && depth[i]! > 0) {
      const r = reached.get(l) ?? { nodes: 0, influence: 0 };
      r.nodes++;
      r.influence += flow.scores[i]!;
      reached.set(l, r);
    }
  }
  const reach = LEVEL_ORDER.map((level) => {
    const r = reached.get(level);
    const t = total.get(level) ?? 0;
    return { level, nodes: r?.nodes ?? 0, influence_share: r && t > 0 ? r.influence / t : 0 };
  });
  const icb = icbOf(g, person);
  if (icb === null) return { icb, reach, forums: [] };
  const finder = opts.finder ?? new PathFinder(g);
  finder.run([person], { direction: 'both' });
  const forums = forumsOf(g, icb).map((node) => ({ node, path: finder.pathTo(node) }));
  return { icb, reach, forums };
}

// ---- carriers ----------------------------------------------------------------------------------

/** A person who carries influence between the levels of an ICS. */
export interface Carrier {
  node: number;
  /** the levels of the organisations and networks where they hold posts or seats, national first */
  levels: Level[];
  /** influence flowing through them from nodes of one level on to nodes of another (see `carriers`) */
  carried: number;
}

/**
 * Who carries influence between an ICS's levels: the people in the ICB's scope (`scopeNodes`) whose
 * posts and seats are at organisations or networks of two or more levels, ranked by **carried**.
 *
 * At the flow's fixed point an edge u → v carries d·x(u)·w(u→v)/W(u). For a person p, let I_A be what
 * flows in from nodes of level A, O_B what flows out to nodes of level B, and O everything flowing
 * out. Assuming what arrives mixes before it leaves (the flow cannot tell one unit from another),
 * the part arriving from level A that leaves to level B is I_A·O_B/O, and
 *
 *     carried(p) = Σ over levels A ≠ B of I_A · O_B / O
 *
 * is the influence p passes from one level to another. Nodes without a level (people with no open
 * post) count on neither side. `g` and `flow` are normally the ICB's own graph and flow.
 */
export function carriers(g: StakeholderGraph, flow: Flow, icb: number): Carrier[] {
  const { csr } = g;
  const inScope = new Uint8Array(g.n);
  for (const i of scopeNodes(g, g.ids[icb]!)) inScope[i] = 1;
  const d = flow.damping;
  const x = flow.scores;
  const servesIn = EDGE_KIND_INDEX.serves_in;
  const memberOf = EDGE_KIND_INDEX.member_of;
  const L = LEVEL_ORDER.length;
  const levelIdx = new Map(LEVEL_ORDER.map((l, i) => [l, i]));
  const I = new Float64Array(L);
  const O = new Float64Array(L);
  const out: Carrier[] = [];
  for (let p = 0; p < g.n; p++) {
    if (!inScope[p] || g.kinds[p] !== 'person') continue;
    const spanned = new Set<Level>();
    for (let e = csr.offsets[p]!; e < csr.offsets[p + 1]!; e++) {
      const k = csr.kinds[e]!;
      const l = g.levels[csr.targets[e]!];
      if ((k === servesIn || k === memberOf) && l) spanned.add(l);
    }
    if (spanned.size < 2) continue;
    I.fill(0);
    O.fill(0);
    for (let k = csr.inOffsets[p]!; k < csr.inOffsets[p + 1]!; k++) {
      const u = csr.sources[k]!;
      const l = g.levels[u];
      if (!l) continue;
      I[levelIdx.get(l)!]! += (d * x[u]! * csr.weights[csr.inEdge[k]!]!) / csr.outWeight[u]!;
    }
    const W = csr.outWeight[p]!;
    let carried = 0;
    if (W > 0) {
      const total = d * x[p]!;
      for (let e = csr.offsets[p]!; e < csr.offsets[p + 1]!; e++) {
        const l = g.levels[csr.targets[e]!];
        if (l) O[levelIdx.get(l)!]! += (total * csr.weights[e]!) / W;
      }
      for (let a = 0; a < L; a++) {
        for (let b = 0; b < L; b++) if (a !== b) carried += (I[a]! * O[b]!) / total;
      }
    }
    out.push({
      node: p,
      levels: LEVEL_ORDER.filter((l) => spanned.has(l)),
      carried,
    });
  }
  out.sort((a, b) => b.carried - a.carried || (g.ids[a.node]! < g.ids[b.node]! ? -1 : 1));
  return out;
}

// ---- introductions ----------------------------------------------------------------------------

/** An introduction path: from an engaged person to the target, and who makes the introduction. */
export interface Introduction extends FoundPath {
  /** the last person on the path before the target (null when the path holds no other person) */
  introducer: number | null;
}

/**
 * The `k` best introduction paths to `target` from any of `from` (the people a workspace engages):
 * shortest by Σ 1/weight, walking ties either way. Found greedily: the shortest path from any
 * engaged person, then the shortest avoiding every node already used inside an earlier path, and so
 * on, so the paths share no node apart from their ends (and a direct tie is offered once). The
 * introducer is the last person before the target: the one to ask.
 */
export function introductions(
  g: StakeholderGraph,
  from: number[],
  target: number,
  k = 3,
  finder: PathFinder = new PathFinder(g),
): Introduction[] {
  let sources = [...new Set(from)].filter((s) => s !== target);
  const blocked = new Uint8Array(g.n);
  const out: Introduction[] = [];
  while (out.length < k && sources.length > 0) {
    finder.run(sources, { direction: 'both', blocked, target });
    const p = finder.pathTo(target);
    if (!p) break;
    let introducer: number | null = null;
    for (let i = p.nodes.length - 2; i >= 0; i--) {
      if (g.kinds[p.nodes[i]!] === 'person') {
        introducer = p.nodes[i]!;
        break;
      }
    }
    out.push({ ...p, introducer });
    const inner = p.nodes.slice(1, -1);
    for (const v of inner) blocked[v] = 1;
    // a direct tie has no inside to avoid: offer it once by retiring its start
    if (inner.length === 0) sources = sources.filter((s) => s !== p.nodes[0]);
  }
  return out;
}
