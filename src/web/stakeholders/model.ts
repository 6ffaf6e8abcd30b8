import type { z } from 'zod';
import { LEVEL_LABELS, LEVELS, type Level } from '../../core/people.ts';
import type { MapGraph } from '../../shared/analysis-schemas.ts';
import { networkHref, organisationHref, personHref } from '../lib/routes.ts';

/**
 * The stakeholder map's pure logic: which nodes and ties a filter keeps, node sizes and colours, the
 * level bands, the months of the date slider and the explanation's percentages. The map page reads
 * these from Sigma's reducers, so a filter change recomputes a few typed arrays and never the graph.
 */

export type MapGraphData = z.infer<typeof MapGraph>;
export type MapNode = MapGraphData['nodes'][number];
export type MapEdge = MapGraphData['edges'][number];

export const NODE_KIND_LABELS = {
  organisation: 'Organisations',
  network: 'Networks',
  person: 'People',
} as const;
export type NodeKindName = keyof typeof NODE_KIND_LABELS;
export const NODE_KIND_NAMES = Object.keys(NODE_KIND_LABELS) as NodeKindName[];

/** People's words for the graph's tie (edge) kinds. */
export const TIE_KIND_LABELS: Record<string, string> = {
  part_of: 'Part of (organisation)',
  has_part: 'Has part (organisation)',
  partner_of: 'Partner of',
  covers: 'Covered by a network',
  covered_by: 'Network covers',
  hosts: 'Hosts a network',
  serves_in: 'Serves in (post)',
  post: 'Post holder',
  member_of: 'Member of a network',
  seat: 'Seat in a network',
  reports_to: 'Reports to',
  influenced_by: 'Influenced by',
  advised_by: 'Advised by',
  chairs: 'Chairs',
  chair_of: 'Chair of',
  works_with: 'Works with',
  knows: 'Knows',
};

export const tieKindLabel = (kind: string): string => TIE_KIND_LABELS[kind] ?? kind.replaceAll('_', ' ');

export const levelLabel = (level: string | null): string =>
  level ? (LEVEL_LABELS[level as Level] ?? level) : 'No level';

/** What the filters keep. Empty strings mean "any". */
export interface MapFilters {
  /** the node kinds shown; all three by default */
  kinds: readonly NodeKindName[];
  /** people only: a persona code they hold */
  persona: string;
  /** people only: a profession */
  profession: string;
  /** a network: the network itself and the nodes that belong to it */
  network: string;
  level: string;
  /** ties of this kind only */
  tieKind: string;
  /** ties weaker than this are hidden */
  minWeight: number;
}

export const NO_FILTERS: MapFilters = {
  kinds: NODE_KIND_NAMES,
  persona: '',
  profession: '',
  network: '',
  level: '',
  tieKind: '',
  minWeight: 0,
};

/** True when `filters` hide nothing. */
export function isUnfiltered(f: MapFilters): boolean {
  return (
    f.kinds.length === NODE_KIND_NAMES.length &&
    !f.persona &&
    !f.profession &&
    !f.network &&
    !f.level &&
    !f.tieKind &&
    !(f.minWeight > 0)
  );
}

/** Whether one node passes the filters. Persona and profession narrow the people, not the organisations. */
export function nodePasses(node: MapNode, f: MapFilters): boolean {
  if (!f.kinds.includes(node.kind)) return false;
  if (f.level && node.level !== f.level) return false;
  if (f.network && node.id !== f.network && !node.networks.includes(f.network)) return false;
  if (node.kind === 'person') {
    if (f.profession && !node.professions.includes(f.profession)) return false;
    if (f.persona && !node.personas.includes(f.persona)) return false;
  }
  return true;
}

/** One flag per node (1 shown, 0 hidden), in the order of `nodes`. */
export function nodeVisibility(nodes: readonly MapNode[], f: MapFilters): Uint8Array {
  const out = new Uint8Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) out[i] = nodePasses(nodes[i]!, f) ? 1 : 0;
  return out;
}

/** The index of each node id in `nodes`. */
export function indexNodes(nodes: readonly MapNode[]): Map<string, number> {
  const index = new Map<string, number>();
  nodes.forEach((n, i) => {
    index.set(n.id, i);
  });
  return index;
}

/** Whether a tie passes the filters: both ends shown, strong enough, and of the kind asked for. */
export function edgePasses(
  edge: MapEdge,
  f: MapFilters,
  sourceShown: boolean,
  targetShown: boolean,
): boolean {
  if (!sourceShown || !targetShown) return false;
  if (f.minWeight > 0 && edge.weight < f.minWeight) return false;
  if (f.tieKind && !edge.kinds.includes(f.tieKind)) return false;
  return true;
}

/** Each edge's ends as node indexes, in the order of `edges` (-1: no such node in the graph). */
export interface EdgeEnds {
  source: Int32Array;
  target: Int32Array;
}

/** The node indexes of each edge's ends, looked up once per graph (not once per filter change). */
export function edgeEnds(edges: readonly MapEdge[], index: ReadonlyMap<string, number>): EdgeEnds {
  const source = new Int32Array(edges.length);
  const target = new Int32Array(edges.length);
  for (let i = 0; i < edges.length; i++) {
    source[i] = index.get(edges[i]!.source) ?? -1;
    target[i] = index.get(edges[i]!.target) ?? -1;
  }
  return { source, target };
}

/** One flag per edge, in the order of `edges`, given the nodes' flags. */
export function edgeVisibility(
  edges: readonly MapEdge[],
  ends: EdgeEnds,
  nodesShown: Uint8Array,
  f: MapFilters,
): Uint8Array {
  const out = new Uint8Array(edges.length);
  const { source, target } = ends;
  for (let i = 0; i < edges.length; i++) {
    const s = source[i]!;
    const t = target[i]!;
    out[i] = s >= 0 && t >= 0 && edgePasses(edges[i]!, f, nodesShown[s] === 1, nodesShown[t] === 1) ? 1 : 0;
  }
  return out;
}

/**
 * The lines the map draws: one per pair of nodes tied either way (A → B and B → A are one line), with
 * the edges it stands for, and each node's lines. Built once per graph: the whole country has about
 * 450,000 edges but half as many pairs, and every line costs the renderer on each frame.
 */
export interface MapLines {
  /** the lines' ends, node indexes, a < b */
  a: Uint32Array;
  b: Uint32Array;
  /** the strongest weight among the line's edges */
  weight: Float64Array;
  /** the edges of line k: edges[edgeStart[k] … edgeStart[k + 1]) */
  edgeStart: Uint32Array;
  edges: Uint32Array;
  /** the lines at node i: lines[nodeStart[i] … nodeStart[i + 1]) */
  nodeStart: Uint32Array;
  lines: Uint32Array;
}

export function mapLines(edges: readonly MapEdge[], ends: EdgeEnds, nodeCount: number): MapLines {
  const lineOf = new Int32Array(edges.length).fill(-1);
  const byPair = new Map<number, number>();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < edges.length; i++) {
    const s = ends.source[i]!;
    const t = ends.target[i]!;
    if (s < 0 || t < 0 || s === t) continue;
    const lo = Math.min(s, t);
    const hi = Math.max(s, t);
    const key = lo * nodeCount + hi;
    let k = byPair.get(key);
    if (k === undefined) {
      k = a.length;
      byPair.set(key, k);
      a.push(lo);
      b.push(hi);
    }
    lineOf[i] = k;
  }
  const m = a.length;
  const weight = new Float64Array(m);
  const edgeStart = new Uint32Array(m + 1);
  for (let i = 0; i < edges.length; i++) {
    const k = lineOf[i]!;
    if (k < 0) continue;
    edgeStart[k + 1]!++;
    weight[k] = Math.max(weight[k]!, edges[i]!.weight);
  }
  for (let k = 0; k < m; k++) edgeStart[k + 1]! += edgeStart[k]!;
  const fill = edgeStart.slice(0, m);
  const lineEdges = new Uint32Array(edgeStart[m]!);
  for (let i = 0; i < edges.length; i++) {
    const k = lineOf[i]!;
    if (k >= 0) lineEdges[fill[k]!++] = i;
  }
  const nodeStart = new Uint32Array(nodeCount + 1);
  for (let k = 0; k < m; k++) {
    nodeStart[a[k]! + 1]!++;
    nodeStart[b[k]! + 1]!++;
  }
  for (let i = 0; i < nodeCount; i++) nodeStart[i + 1]! += nodeStart[i]!;
  const at = nodeStart.slice(0, nodeCount);
  const lines = new Uint32Array(2 * m);
  for (let k = 0; k < m; k++) {
    lines[at[a[k]!]!++] = k;
    lines[at[b[k]!]!++] = k;
  }
  return {
    a: Uint32Array.from(a),
    b: Uint32Array.from(b),
    weight,
    edgeStart,
    edges: lineEdges,
    nodeStart,
    lines,
  };
}

/** One flag per line: shown when any of its edges is shown. */
export function lineVisibility(lines: MapLines, edgesShown: Uint8Array): Uint8Array {
  const m = lines.a.length;
  const out = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    for (let j = lines.edgeStart[k]!; j < lines.edgeStart[k + 1]!; j++) {
      if (edgesShown[lines.edges[j]!]) {
        out[k] = 1;
        break;
      }
    }
  }
  return out;
}

/**
 * The lines from strongest to weakest (ties of equal weight in line order): each line's rank by
 * strength is its place here. Built once per graph, so choosing the strongest shown lines is one pass.
 */
export function lineStrengthOrder(lines: MapLines): Uint32Array {
  const order = Array.from({ length: lines.a.length }, (_, k) => k);
  order.sort((x, y) => lines.weight[y]! - lines.weight[x]! || x - y);
  return Uint32Array.from(order);
}

/**
 * The lines drawn: of the shown lines, the `limit` strongest (by `order`, from `lineStrengthOrder`);
 * every shown line when there are no more than `limit`. Returns `shown` itself then (nothing to hide).
 */
export function strongestLines(order: Uint32Array, shown: Uint8Array, limit: number): Uint8Array {
  let count = 0;
  for (let k = 0; k < shown.length; k++) count += shown[k]!;
  if (count <= limit) return shown;
  const out = new Uint8Array(shown.length);
  let kept = 0;
  for (let j = 0; j < order.length && kept < limit; j++) {
    const k = order[j]!;
    if (shown[k]) {
      out[k] = 1;
      kept++;
    }
  }
  return out;
}

/**
 * How many lines the map draws at a camera ratio (1: the whole map in view, smaller: zoomed in):
 * `limit` zoomed out, four times as many for each halving of the ratio (about as many per screen, as
 * the view covers a quarter of the map), every line from a ratio of 1/8 in. Steps, not a curve, so
 * the lines drawn change only when the zoom crosses a step.
 */
export function lineBudget(ratio: number, limit: number): number {
  if (!(ratio > 0)) return limit;
  const steps = Math.max(0, Math.floor(Math.log2(1 / ratio) + 1e-9));
  return steps >= 3 ? Number.POSITIVE_INFINITY : limit * 4 ** steps;
}

/** Whether two flag arrays hold the same flags (the same array, or equal item by item). */
export function sameFlags(x: Uint8Array, y: Uint8Array): boolean {
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * What the renderer's graph holds: the shown nodes, and the lines drawn whose two ends are shown (in
 * index order). The map's graph holds only these, so a change costs what is on screen, not the graph.
 */
export function drawnItems(
  lines: MapLines,
  nodesShown: Uint8Array,
  linesShown: Uint8Array,
): { nodes: number[]; lines: number[] } {
  const nodes: number[] = [];
  for (let i = 0; i < nodesShown.length; i++) if (nodesShown[i]) nodes.push(i);
  const out: number[] = [];
  for (let k = 0; k < lines.a.length; k++)
    if (linesShown[k] && nodesShown[lines.a[k]!] && nodesShown[lines.b[k]!]) out.push(k);
  return { nodes, lines: out };
}

/** The extent of every node's position (graph coordinates); 0 to 1 either way for no nodes. */
export function nodeExtent(nodes: readonly Pick<MapNode, 'x' | 'y'>[]): {
  x: [number, number];
  y: [number, number];
} {
  if (nodes.length === 0) return { x: [0, 1], y: [0, 1] };
  let x0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const n of nodes) {
    x0 = Math.min(x0, n.x);
    x1 = Math.max(x1, n.x);
    y0 = Math.min(y0, n.y);
    y1 = Math.max(y1, n.y);
  }
  return { x: [x0, x1], y: [y0, y1] };
}

/** The node indexes tied to node `i` either way: read from its lines, not from every edge. */
export function neighbourIndexes(lines: MapLines, i: number): Set<number> {
  const out = new Set<number>();
  for (let j = lines.nodeStart[i]!; j < lines.nodeStart[i + 1]!; j++) {
    const k = lines.lines[j]!;
    out.add(lines.a[k] === i ? lines.b[k]! : lines.a[k]!);
  }
  return out;
}

export const SIZE_MEASURES = ['influence', 'pagerank', 'degree'] as const;
export type SizeMeasure = (typeof SIZE_MEASURES)[number];
export const SIZE_MEASURE_LABELS: Record<SizeMeasure, string> = {
  influence: 'Influence',
  pagerank: 'PageRank',
  degree: 'Degree (number of ties)',
};

export const MIN_NODE_SIZE = 2;
export const MAX_NODE_SIZE = 16;

/** Node sizes by a measure: the square root of the value's share of the largest, so area follows the value. */
export function nodeSizes(nodes: readonly MapNode[], measure: SizeMeasure): Float32Array {
  let max = 0;
  for (const n of nodes) max = Math.max(max, n[measure]);
  const out = new Float32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i]![measure];
    const share = max > 0 && v > 0 ? Math.sqrt(v / max) : 0;
    out[i] = MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * share;
  }
  return out;
}

export const COLOUR_BY = ['community', 'level'] as const;
export type ColourBy = (typeof COLOUR_BY)[number];

/** NHS identity colours, distinct enough side by side. */
export const PALETTE = [
  '#005eb8',
  '#007f3b',
  '#ae2573',
  '#ed8b00',
  '#330072',
  '#00a499',
  '#d5281b',
  '#41b6e6',
  '#7c2855',
  '#ffb81c',
  '#003087',
  '#78be20',
] as const;
export const OTHER_COLOUR = '#768692';
/** Nodes and ties dimmed while something else is focused. */
export const DIM_COLOUR = '#d8dde0';

export const LEVEL_COLOURS: Record<Level, string> = {
  national: '#330072',
  regional: '#ae2573',
  system: '#005eb8',
  place: '#00a499',
  neighbourhood: '#007f3b',
  provider: '#ed8b00',
};

/**
 * The colour of each community: the largest communities get the palette's colours in order of size,
 * the rest share grey. Returns the colour per community number.
 */
export function communityColours(nodes: readonly MapNode[]): Map<number, string> {
  const sizes = new Map<number, number>();
  for (const n of nodes) sizes.set(n.community, (sizes.get(n.community) ?? 0) + 1);
  const order = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  const out = new Map<number, string>();
  order.forEach((c, i) => {
    out.set(c, PALETTE[i] ?? OTHER_COLOUR);
  });
  return out;
}

/** One colour per node, by community or by level. */
export function nodeColours(nodes: readonly MapNode[], by: ColourBy): string[] {
  if (by === 'level')
    return nodes.map((n) => (n.level ? LEVEL_COLOURS[n.level as Level] : undefined) ?? OTHER_COLOUR);
  const colours = communityColours(nodes);
  return nodes.map((n) => colours.get(n.community) ?? OTHER_COLOUR);
}

/** A level band of the layout: where its nodes sit vertically (graph coordinates) and how many. */
export interface Band {
  /** null: people with no post or seat on the date */
  level: Level | null;
  label: string;
  /** the middle of the band's nodes */
  y: number;
  min: number;
  max: number;
  count: number;
}

export const NO_LEVEL_BAND = 'No post or seat';

/**
 * The level bands present among `nodes`, each at the middle of its nodes' y, top first (the layout's y
 * grows upwards, as Sigma draws it: national has the largest).
 */
export function levelBands(nodes: readonly MapNode[]): Band[] {
  const acc = new Map<string, { min: number; max: number; count: number }>();
  for (const n of nodes) {
    const key = n.level ?? '';
    const a = acc.get(key);
    if (a) {
      a.min = Math.min(a.min, n.y);
      a.max = Math.max(a.max, n.y);
      a.count++;
    } else acc.set(key, { min: n.y, max: n.y, count: 1 });
  }
  const out: Band[] = [];
  for (const level of [...LEVELS, null]) {
    const a = acc.get(level ?? '');
    if (!a) continue;
    out.push({
      level,
      label: level ? LEVEL_LABELS[level] : NO_LEVEL_BAND,
      y: (a.min + a.max) / 2,
      min: a.min,
      max: a.max,
      count: a.count,
    });
  }
  return out.sort((a, b) => b.y - a.y);
}

/**
 * Places band labels along a side: each at its band's screen position, pushed apart so no two are
 * closer than `gap` pixels (in the bands' order). `positions` are screen y values, top to bottom or not.
 */
export function spreadLabels(positions: readonly number[], gap: number): number[] {
  const order = positions.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = new Array<number>(positions.length);
  let last = Number.NEGATIVE_INFINITY;
  for (const { y, i } of order) {
    const placed = Math.max(y, last + gap);
    out[i] = placed;
    last = placed;
  }
  return out;
}

/** The date slider's stops: the first of each month for the last `months` months, then `today`. */
export function monthStops(today: string, months = 36): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let back = months; back >= 1; back--) {
    const total = y * 12 + (m - 1) - back + 1;
    const yy = Math.floor(total / 12);
    const mm = (total % 12) + 1;
    out.push(`${yy}-${String(mm).padStart(2, '0')}-01`);
  }
  if (out[out.length - 1] !== today) out.push(today);
  return out;
}

/** The stop nearest to `date` (today's when there is none). */
export function stopIndex(stops: readonly string[], date: string | null): number {
  if (!date) return stops.length - 1;
  let best = stops.length - 1;
  for (let i = 0; i < stops.length; i++) if (stops[i]! <= date) best = i;
  return stops[0]! > date ? 0 : best;
}

/**
 * Shares (fractions adding to 1) as percentages with `decimals` places that add to exactly 100: the
 * largest remainders get the spare units.
 */
export function percentages(shares: readonly number[], decimals = 1): number[] {
  const unit = 10 ** decimals;
  const total = shares.reduce((s, x) => s + x, 0);
  if (!(total > 0)) return shares.map(() => 0);
  const exact = shares.map((s) => (s / total) * 100 * unit);
  const floors = exact.map(Math.floor);
  let spare = 100 * unit - floors.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ r: x - floors[i]!, i })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (spare <= 0) break;
    floors[i]!++;
    spare--;
  }
  return floors.map((f) => f / unit);
}

/** Nodes whose name contains `q` (any case), names starting with it first, then by influence. */
export function searchNodes(nodes: readonly MapNode[], q: string, limit = 8): MapNode[] {
  const needle = q.trim().toLowerCase();
  if (needle.length < 2) return [];
  const hits: { n: MapNode; starts: boolean }[] = [];
  for (const n of nodes) {
    const name = n.name.toLowerCase();
    const at = name.indexOf(needle);
    if (at < 0) continue;
    hits.push({ n, starts: at === 0 || name.includes(` ${needle}`) });
  }
  hits.sort((a, b) => Number(b.starts) - Number(a.starts) || b.n.influence - a.n.influence);
  return hits.slice(0, limit).map((h) => h.n);
}

/** The values present in the graph for each filter, for the filters' options. */
export function filterChoices(graph: MapGraphData): {
  professions: string[];
  personas: string[];
  networks: string[];
  levels: Level[];
  tieKinds: string[];
} {
  const professions = new Set<string>();
  const personas = new Set<string>();
  const networks = new Set<string>();
  const levels = new Set<string>();
  const tieKinds = new Set<string>();
  for (const n of graph.nodes) {
    for (const p of n.professions) professions.add(p);
    for (const p of n.personas) personas.add(p);
    for (const x of n.networks) networks.add(x);
    if (n.kind === 'network') networks.add(n.id);
    if (n.level) levels.add(n.level);
  }
  for (const e of graph.edges) for (const k of e.kinds) tieKinds.add(k);
  return {
    professions: [...professions].sort(),
    personas: [...personas].sort(),
    networks: [...networks].sort(),
    levels: LEVELS.filter((l) => levels.has(l)),
    tieKinds: Object.keys(TIE_KIND_LABELS)
      .filter((k) => tieKinds.has(k))
      .concat([...tieKinds].filter((k) => !(k in TIE_KIND_LABELS)).sort()),
  };
}

/** The page of a graph node: a person's, an organisation's or a network's. */
export function nodeHref(id: string): string | null {
  const at = id.indexOf(':');
  if (at < 0) return null;
  const kind = id.slice(0, at);
  const code = id.slice(at + 1);
  if (kind === 'person' && /^[1-9]\d*$/.test(code)) return personHref(Number(code));
  if (kind === 'org') return organisationHref(code);
  if (kind === 'net') return networkHref(code);
  return null;
}

/** A node id as an API path segment: `person:12` stays readable, its code part is encoded. */
export function nodePath(id: string): string {
  const at = id.indexOf(':');
  return at < 0 ? encodeURIComponent(id) : `${id.slice(0, at)}:${encodeURIComponent(id.slice(at + 1))}`;
}

/** The people shown under the filters, most influential first, with their rank among everyone shown. */
export function rankPeople(nodes: readonly MapNode[], shown: Uint8Array, top = 50): MapNode[] {
  const people: MapNode[] = [];
  for (let i = 0; i < nodes.length; i++) if (shown[i] && nodes[i]!.kind === 'person') people.push(nodes[i]!);
  people.sort((a, b) => b.influence - a.influence || (a.id < b.id ? -1 : 1));
  return people.slice(0, top);
}

/** A legend entry: a colour and what it stands for. */
export interface LegendEntry {
  colour: string;
  label: string;
  count: number;
}

/**
 * The legend for the colouring: per level present, or per community in order of size (the palette's
 * worth, named after their most influential member; the rest as "Other communities").
 */
export function legend(nodes: readonly MapNode[], by: ColourBy): LegendEntry[] {
  if (by === 'level') {
    const counts = new Map<string, number>();
    for (const n of nodes) counts.set(n.level ?? '', (counts.get(n.level ?? '') ?? 0) + 1);
    const out: LegendEntry[] = LEVELS.filter((l) => counts.has(l)).map((l) => ({
      colour: LEVEL_COLOURS[l],
      label: LEVEL_LABELS[l],
      count: counts.get(l)!,
    }));
    if (counts.has('')) out.push({ colour: OTHER_COLOUR, label: 'No level', count: counts.get('')! });
    return out;
  }
  const colours = communityColours(nodes);
  const leader = new Map<number, MapNode>();
  const counts = new Map<number, number>();
  for (const n of nodes) {
    counts.set(n.community, (counts.get(n.community) ?? 0) + 1);
    const l = leader.get(n.community);
    if (!l || n.influence > l.influence) leader.set(n.community, n);
  }
  const out: LegendEntry[] = [];
  let otherCount = 0;
  for (const [c, colour] of colours) {
    if (colour === OTHER_COLOUR) otherCount += counts.get(c)!;
    else out.push({ colour, label: `Around ${leader.get(c)!.name}`, count: counts.get(c)! });
  }
  if (otherCount > 0) out.push({ colour: OTHER_COLOUR, label: 'Other communities', count: otherCount });
  return out;
}
