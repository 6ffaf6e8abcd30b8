import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { betweenness, betweennessErrorBound } from '../src/analysis/betweenness.ts';
import { buildCsr } from '../src/analysis/csr.ts';
import { explain, flowRank, normalise } from '../src/analysis/influence.ts';
import { louvain, modularityOf, symmetrise } from '../src/analysis/louvain.ts';
import { pageRank } from '../src/analysis/pagerank.ts';

interface Reference {
  n: number;
  edges: [number, number, number, number][];
  pagerank_weighted: number[];
  pagerank_unweighted: number[];
  pagerank_personalised: number[];
  betweenness: number[];
  betweenness_by_length: number[];
  modularity_mod3: number;
  karate_edges: [number, number][];
  karate_louvain_modularity: number;
  in_degree: number[];
  out_degree: number[];
}
// Computed once with networkx by scripts/graph-reference.py.
const ref: Reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'graph', 'reference.json'), 'utf8'),
);
const refGraph = () =>
  buildCsr(
    ref.n,
    ref.edges.map(([from, to, weight]) => ({ from, to, weight })),
  );
const lengthsOf = (g: ReturnType<typeof refGraph>) => {
  // edges in CSR order: look each up by its ends
  const byPair = new Map(ref.edges.map(([u, v, , len]) => [`${u}>${v}`, len]));
  const lengths = new Float64Array(g.targets.length);
  for (let u = 0; u < g.n; u++) {
    for (let e = g.offsets[u]!; e < g.offsets[u + 1]!; e++) lengths[e] = byPair.get(`${u}>${g.targets[e]}`)!;
  }
  return lengths;
};

/** Every value within `tol` of the reference; names the first node that is not. */
function expectWithin(actual: Float64Array, expected: number[], tol: number): void {
  const worst = expected.reduce((w, v, i) => Math.max(w, Math.abs(actual[i]! - v)), 0);
  expect(actual.length).toBe(expected.length);
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('PageRank', () => {
  it('on a three-node cycle gives every node a third', () => {
    const g = buildCsr(3, [
      { from: 0, to: 1, weight: 1 },
      { from: 1, to: 2, weight: 1 },
      { from: 2, to: 0, weight: 1 },
    ]);
    const r = pageRank(g);
    for (const s of r.scores) expect(s).toBeCloseTo(1 / 3, 12);
  });

  it('solves a star with a dangling centre by hand', () => {
    // leaves 1..3 each point at 0; 0 has no out-edges, so its score is spread evenly.
    // x0 = 0.15/4 + 0.85 (x0/4 + 3·xl),  xl = 0.15/4 + 0.85·x0/4,  x0 + 3·xl = 1
    const g = buildCsr(
      4,
      [1, 2, 3].map((from) => ({ from, to: 0, weight: 1 })),
    );
    const { scores } = pageRank(g);
    const xl = (0.15 / 4 + (0.85 * scores[0]!) / 4) as number;
    expect(scores[1]).toBeCloseTo(xl, 12);
    expect(scores[0]! + 3 * scores[1]!).toBeCloseTo(1, 12);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
  });

  it('follows edge weights: a heavier tie passes more', () => {
    const g = buildCsr(3, [
      { from: 0, to: 1, weight: 4 },
      { from: 0, to: 2, weight: 1 },
      { from: 1, to: 0, weight: 1 },
      { from: 2, to: 0, weight: 1 },
    ]);
    const { scores } = pageRank(g);
    expect(scores[1]! / scores[2]!).toBeGreaterThan(2);
  });

  it('equals networkx on a seeded random graph, weighted and unweighted, within 1e-6', () => {
    const g = refGraph();
    const weighted = pageRank(g);
    expect(weighted.converged).toBe(true);
    expectWithin(weighted.scores, ref.pagerank_weighted, 1e-9);
    const unweighted = pageRank(g, { weights: new Float64Array(g.weights.length).fill(1) });
    expectWithin(unweighted.scores, ref.pagerank_unweighted, 1e-9);
    expect(weighted.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

describe('betweenness', () => {
  it('puts the middle of a path on every shortest path', () => {
    // 0 → 1 → 2: node 1 lies on the one path 0 ⇝ 2; normalised by (n−1)(n−2) = 2
    const g = buildCsr(3, [
      { from: 0, to: 1, weight: 1 },
      { from: 1, to: 2, weight: 1 },
    ]);
    expect([...betweenness(g).scores]).toEqual([0, 0.5, 0]);
  });

  it('splits credit between two equally short routes', () => {
    // 0 → 1 → 3 and 0 → 2 → 3: nodes 1 and 2 each carry half of the one pair 0 ⇝ 3
    const g = buildCsr(4, [
      { from: 0, to: 1, weight: 1 },
      { from: 0, to: 2, weight: 1 },
      { from: 1, to: 3, weight: 1 },
      { from: 2, to: 3, weight: 1 },
    ]);
    const { scores } = betweenness(g, { normalized: false });
    expect([...scores]).toEqual([0, 0.5, 0.5, 0]);
  });

  it('equals networkx exactly on a seeded random graph, by hops and by length, within 1e-6', () => {
    const g = refGraph();
    const hops = betweenness(g);
    expect(hops.exact).toBe(true);
    expectWithin(hops.scores, ref.betweenness, 1e-9);
    const byLength = betweenness(g, { lengths: lengthsOf(g) });
    expectWithin(byLength.scores, ref.betweenness_by_length, 1e-9);
  });

  it('estimates from a sample of sources within the stated bound, and the bound shrinks with samples', () => {
    const g = refGraph();
    const sources = Array.from({ length: 30 }, (_, i) => (i * 7) % g.n);
    const est = betweenness(g, { sources: Uint32Array.from(new Set(sources)) });
    const bound = betweennessErrorBound(g.n, est.samples);
    expect(est.exact).toBe(false);
    expectWithin(est.scores, ref.betweenness, bound);
    expect(betweennessErrorBound(80_000, 256)).toBeLessThan(betweennessErrorBound(80_000, 64));
    expect(betweennessErrorBound(100, 100)).toBe(0);
  });
});

describe('the CSR form', () => {
  it('keeps degrees as networkx counts them', () => {
    const g = refGraph();
    for (let i = 0; i < g.n; i++) {
      expect(g.offsets[i + 1]! - g.offsets[i]!).toBe(ref.out_degree[i]);
      expect(g.inOffsets[i + 1]! - g.inOffsets[i]!).toBe(ref.in_degree[i]);
    }
  });

  it('refuses an edge to a node that does not exist, or a weight that is not positive', () => {
    expect(() => buildCsr(2, [{ from: 0, to: 2, weight: 1 }])).toThrow(/out of range/);
    expect(() => buildCsr(2, [{ from: 0, to: 1, weight: 0 }])).toThrow(/positive/);
  });
});

/** One edge per unordered pair, weight 1: the graph networkx's to_undirected() makes. */
function undirectedOnce(n: number, pairs: [number, number][]) {
  const seen = new Set<string>();
  const edges = [];
  for (const [u, v] of pairs) {
    const key = u < v ? `${u}-${v}` : `${v}-${u}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: Math.min(u, v), to: Math.max(u, v), weight: 1 });
  }
  return buildCsr(n, edges);
}

describe('Louvain communities', () => {
  it('finds two cliques joined by one bridge, with the modularity worked by hand', () => {
    // two 4-cliques (6 edges each) and a bridge 3–4: m = 13
    const pairs: [number, number][] = [];
    for (const base of [0, 4])
      for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) pairs.push([base + a, base + b]);
    pairs.push([3, 4]);
    const r = louvain(undirectedOnce(8, pairs));
    expect(r.count).toBe(2);
    expect(new Set([0, 1, 2, 3].map((i) => r.community[i])).size).toBe(1);
    expect(r.community[0]).not.toBe(r.community[4]);
    // Q = Σ (inside/m − (degree sum / 2m)²) = 2 × (6/13 − (13/26)²)
    expect(r.modularity).toBeCloseTo(2 * (6 / 13 - 0.25), 12);
  });

  it('measures modularity as networkx does', () => {
    const g = undirectedOnce(
      ref.n,
      ref.edges.map(([u, v]) => [u, v]),
    );
    const byMod3 = Uint32Array.from({ length: ref.n }, (_, i) => i % 3);
    expect(modularityOf(symmetrise(g), byMod3)).toBeCloseTo(ref.modularity_mod3, 12);
  });

  it("reaches the modularity networkx's Louvain reaches on the karate club", () => {
    const r = louvain(undirectedOnce(34, ref.karate_edges));
    expect(r.modularity).toBeGreaterThanOrEqual(ref.karate_louvain_modularity - 0.01);
    expect(r.count).toBeGreaterThanOrEqual(3);
    expect(r.count).toBeLessThanOrEqual(5);
  });
});

describe('influence flow and its explanation', () => {
  it('with a uniform restart is the textbook PageRank', () => {
    const g = refGraph();
    const flow = flowRank(g, normalise(new Float64Array(g.n).fill(1)));
    expectWithin(flow.scores, ref.pagerank_weighted, 1e-9);
  });

  it('with restart weights equals networkx personalised PageRank', () => {
    const g = refGraph();
    const flow = flowRank(g, normalise(Array.from({ length: g.n }, (_, i) => 1 + (i % 4))));
    expect(flow.converged).toBe(true);
    expectWithin(flow.scores, ref.pagerank_personalised, 1e-9);
  });

  it('explains every score exactly: the parts add up to it', () => {
    const g = refGraph();
    const flow = flowRank(g, normalise(Array.from({ length: g.n }, (_, i) => 1 + (i % 4))));
    let worst = 0;
    for (let v = 0; v < g.n; v++) {
      const { score, parts } = explain(g, flow, v);
      const sum = parts.reduce((a, p) => a + p.amount, 0);
      const shares = parts.reduce((a, p) => a + p.share, 0);
      worst = Math.max(worst, Math.abs(sum - score), Math.abs(shares - 1));
      expect(parts[0]!.amount).toBeGreaterThanOrEqual(parts.at(-1)!.amount);
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it("names the tie that matters: a chair's seat outweighs a member's", () => {
    // node 0 is a committee; 1 chairs it (seat weight 5), 2 is a member (1); both point back
    const g = buildCsr(3, [
      { from: 0, to: 1, weight: 5 },
      { from: 0, to: 2, weight: 1 },
      { from: 1, to: 0, weight: 1 },
      { from: 2, to: 0, weight: 1 },
    ]);
    const flow = flowRank(g, normalise([1, 1, 1]));
    expect(flow.scores[1]).toBeGreaterThan(flow.scores[2]!);
    const why = explain(g, flow, 1);
    expect(why.parts[0]!.from).toBe(0);
    expect(why.parts[0]!.share).toBeGreaterThan(0.5);
  });
});
