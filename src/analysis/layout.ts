import type { Level } from '../core/people.ts';
import type { StakeholderGraph } from './build.ts';
import { EDGE_KIND_INDEX } from './model.ts';

/**
 * The map's layout (issue 6): the levels as horizontal bands — national at the top, then regional,
 * system, provider, place and neighbourhood at the bottom, with people who hold no post on the date
 * in a last band below — and within a band, nodes grouped left to right by community (the most
 * influential community first) and within a community by "home" organisation (an organisation or
 * network is its own home; a person's is where their strongest post is, else their strongest seat),
 * so a body sits beside its people. Each community keeps the same columns in every band, so what is
 * related sits above and below each other. Deterministic; pure.
 *
 * Coordinates are grid units: x grows to the right, y grows upwards (national has the largest y).
 */
export const BAND_ORDER: readonly (Level | null)[] = [
  'national',
  'regional',
  'system',
  'provider',
  'place',
  'neighbourhood',
  null,
];

/** The home of each node: itself for an organisation or network; a person's strongest post or seat. */
export function homesOf(g: StakeholderGraph): Uint32Array {
  const { csr } = g;
  const home = new Uint32Array(g.n);
  const post = EDGE_KIND_INDEX.post;
  const memberOf = EDGE_KIND_INDEX.member_of;
  for (let i = 0; i < g.n; i++) {
    home[i] = i;
    if (g.kinds[i] !== 'person') continue;
    let best = -1;
    let bestW = 0;
    for (let k = csr.inOffsets[i]!; k < csr.inOffsets[i + 1]!; k++) {
      const e = csr.inEdge[k]!;
      if (csr.kinds[e] === post && csr.weights[e]! > bestW) {
        bestW = csr.weights[e]!;
        best = csr.sources[k]!;
      }
    }
    if (best < 0) {
      for (let e = csr.offsets[i]!; e < csr.offsets[i + 1]!; e++) {
        if (csr.kinds[e] === memberOf && csr.weights[e]! > bestW) {
          bestW = csr.weights[e]!;
          best = csr.targets[e]!;
        }
      }
    }
    if (best >= 0) home[i] = best;
  }
  return home;
}

const KIND_ORDER: Record<string, number> = { organisation: 0, network: 1, person: 2 };

/** x and y per node: level bands, communities in columns, organisations beside their people. */
export function mapLayout(
  g: StakeholderGraph,
  community: ArrayLike<number>,
  scores: Float64Array,
): { x: Float64Array; y: Float64Array } {
  const B = BAND_ORDER.length;
  const band = new Uint8Array(g.n);
  for (let i = 0; i < g.n; i++) band[i] = BAND_ORDER.indexOf(g.levels[i] ?? null);
  // communities, most influential first
  const weight = new Map<number, number>();
  for (let i = 0; i < g.n; i++) weight.set(community[i]!, (weight.get(community[i]!) ?? 0) + scores[i]!);
  const order = [...weight.keys()].sort((a, b) => weight.get(b)! - weight.get(a)! || a - b);
  const slot = new Map(order.map((c, i) => [c, i]));
  const C = order.length;
  // the nodes of each community in each band
  const cells: number[][] = Array.from({ length: C * B }, () => []);
  for (let i = 0; i < g.n; i++) cells[slot.get(community[i]!)! * B + band[i]!]!.push(i);
  const home = homesOf(g);
  for (const cell of cells) {
    cell.sort(
      (a, b) =>
        scores[home[b]!]! - scores[home[a]!]! ||
        home[a]! - home[b]! ||
        KIND_ORDER[g.kinds[a]!]! - KIND_ORDER[g.kinds[b]!]! ||
        scores[b]! - scores[a]! ||
        a - b,
    );
  }
  // rows per band chosen so that the whole is about twice as wide as it is high
  const widest = Array.from({ length: C }, (_, c) => {
    let m = 0;
    for (let b = 0; b < B; b++) m = Math.max(m, cells[c * B + b]!.length);
    return m;
  });
  const bandsUsed = Array.from({ length: B }, (_, b) =>
    order.some((_, c) => cells[c * B + b]!.length > 0),
  ).filter(Boolean).length;
  const sum = widest.reduce((s, w) => s + w, 0);
  const rows = Math.max(1, Math.round(Math.sqrt(sum / (2 * Math.max(1, bandsUsed)))));
  const width = widest.map((w) => Math.max(1, Math.ceil(w / rows)));
  const start: number[] = [];
  let at = 0;
  for (let c = 0; c < C; c++) {
    start.push(at);
    at += width[c]! + 1;
  }
  // each band as high as its tallest cell, with a gap of two rows between bands
  const bandTop: number[] = [];
  let top = 0;
  for (let b = 0; b < B; b++) {
    bandTop.push(top);
    let h = 0;
    for (let c = 0; c < C; c++) h = Math.max(h, Math.ceil(cells[c * B + b]!.length / width[c]!));
    if (h > 0) top += h + 2;
  }
  const x = new Float64Array(g.n);
  const y = new Float64Array(g.n);
  for (let c = 0; c < C; c++) {
    for (let b = 0; b < B; b++) {
      cells[c * B + b]!.forEach((i, j) => {
        x[i] = start[c]! + (j % width[c]!);
        y[i] = top - (bandTop[b]! + Math.floor(j / width[c]!));
      });
    }
  }
  return { x, y };
}
