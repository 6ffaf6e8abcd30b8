import { describe, expect, it } from 'vitest';
import {
  drawnItems,
  edgeEnds,
  edgeVisibility,
  filterChoices,
  indexNodes,
  isUnfiltered,
  LEVEL_COLOURS,
  legend,
  levelBands,
  lineBudget,
  lineStrengthOrder,
  lineVisibility,
  MAX_NODE_SIZE,
  type MapEdge,
  type MapFilters,
  type MapGraphData,
  type MapNode,
  MIN_NODE_SIZE,
  mapLines,
  monthStops,
  NO_FILTERS,
  neighbourIndexes,
  nodeColours,
  nodeExtent,
  nodeHref,
  nodePath,
  nodeSizes,
  nodeVisibility,
  OTHER_COLOUR,
  PALETTE,
  percentages,
  rankPeople,
  sameFlags,
  searchNodes,
  spreadLabels,
  stopIndex,
  strongestLines,
} from './model.ts';

/** A small fictional ICS in three bands: system on top, place, then neighbourhood. */
function node(over: Partial<MapNode> & Pick<MapNode, 'id' | 'name' | 'kind'>): MapNode {
  return {
    subkind: over.kind === 'person' ? 'person' : 'icb',
    level: null,
    professions: [],
    personas: [],
    networks: [],
    influence: 0,
    pagerank: 0,
    degree: 0,
    community: 0,
    x: 0,
    y: 0,
    ...over,
  };
}

const NODES: MapNode[] = [
  node({
    id: 'org:QXX',
    name: 'NHS Testshire ICB',
    kind: 'organisation',
    level: 'system',
    y: 100,
    influence: 0.2,
    community: 0,
  }),
  node({
    id: 'org:PLC1',
    name: 'Testshire Place',
    kind: 'organisation',
    subkind: 'place',
    level: 'place',
    y: 50,
    influence: 0.1,
    community: 0,
  }),
  node({
    id: 'org:U1',
    name: 'Riverside PCN',
    kind: 'organisation',
    subkind: 'pcn',
    level: 'neighbourhood',
    y: 0,
    influence: 0.05,
    community: 1,
  }),
  node({
    id: 'net:apc-testshire',
    name: 'Testshire Area Prescribing Committee',
    kind: 'network',
    subkind: 'area_prescribing_committee',
    level: 'system',
    y: 104,
    influence: 0.15,
    community: 0,
  }),
  node({
    id: 'person:1',
    name: 'Dr Imogen Testfield',
    kind: 'person',
    level: 'system',
    professions: ['pharmacist'],
    personas: ['ics_chief_pharmacist'],
    networks: ['net:apc-testshire'],
    influence: 0.3,
    pagerank: 0.2,
    degree: 4,
    y: 96,
    community: 0,
  }),
  node({
    id: 'person:2',
    name: 'Rowan Sampleton',
    kind: 'person',
    level: 'neighbourhood',
    professions: ['gp'],
    influence: 0.12,
    pagerank: 0.1,
    degree: 2,
    y: 4,
    community: 1,
  }),
  node({
    id: 'person:3',
    name: 'Hollis Specimen',
    kind: 'person',
    level: 'place',
    professions: ['pharmacist', 'manager'],
    influence: 0.08,
    pagerank: 0.05,
    degree: 1,
    y: 52,
    community: 1,
  }),
];

const EDGES: MapEdge[] = [
  { source: 'org:QXX', target: 'person:1', weight: 5, kinds: ['post'] },
  { source: 'net:apc-testshire', target: 'person:1', weight: 7.5, kinds: ['seat'] },
  { source: 'person:2', target: 'person:1', weight: 4, kinds: ['reports_to'] },
  { source: 'org:U1', target: 'person:2', weight: 2, kinds: ['post'] },
  { source: 'person:3', target: 'person:1', weight: 0.9, kinds: ['works_with', 'knows'] },
  { source: 'org:PLC1', target: 'org:QXX', weight: 1, kinds: ['part_of'] },
];

const GRAPH: MapGraphData = {
  as_at: '2026-01-15',
  scope: 'QXX',
  data_version: 'test',
  built_at: '2026-01-15T00:00:00Z',
  modularity: 0.3,
  nodes: NODES,
  edges: EDGES,
};

const ids = (shown: Uint8Array, list: readonly { id: string }[]) =>
  list.filter((_, i) => shown[i]).map((n) => n.id);
const f = (over: Partial<MapFilters>): MapFilters => ({ ...NO_FILTERS, ...over });

describe('filters', () => {
  it('hide nothing by default', () => {
    expect(isUnfiltered(NO_FILTERS)).toBe(true);
    expect(ids(nodeVisibility(NODES, NO_FILTERS), NODES)).toHaveLength(NODES.length);
  });

  it('filter people to pharmacists and keep the organisations and networks around them', () => {
    const shown = nodeVisibility(NODES, f({ profession: 'pharmacist' }));
    expect(ids(shown, NODES)).toEqual([
      'org:QXX',
      'org:PLC1',
      'org:U1',
      'net:apc-testshire',
      'person:1',
      'person:3',
    ]);
    expect(isUnfiltered(f({ profession: 'pharmacist' }))).toBe(false);
  });

  it('filter by kind, level, persona and network', () => {
    expect(ids(nodeVisibility(NODES, f({ kinds: ['person'] })), NODES)).toEqual([
      'person:1',
      'person:2',
      'person:3',
    ]);
    expect(ids(nodeVisibility(NODES, f({ level: 'system' })), NODES)).toEqual([
      'org:QXX',
      'net:apc-testshire',
      'person:1',
    ]);
    expect(
      ids(nodeVisibility(NODES, f({ persona: 'ics_chief_pharmacist', kinds: ['person'] })), NODES),
    ).toEqual(['person:1']);
    // a network: itself and its members
    expect(ids(nodeVisibility(NODES, f({ network: 'net:apc-testshire' })), NODES)).toEqual([
      'net:apc-testshire',
      'person:1',
    ]);
  });

  it('hide ties whose ends are hidden, that are too weak or of another kind', () => {
    const index = edgeEnds(EDGES, indexNodes(NODES));
    const all = nodeVisibility(NODES, NO_FILTERS);
    const tie = (shown: Uint8Array) => EDGES.filter((_, i) => shown[i]).map((e) => `${e.source}>${e.target}`);
    expect(tie(edgeVisibility(EDGES, index, all, NO_FILTERS))).toHaveLength(EDGES.length);

    const pharmacists = f({ profession: 'pharmacist' });
    expect(tie(edgeVisibility(EDGES, index, nodeVisibility(NODES, pharmacists), pharmacists))).toEqual([
      'org:QXX>person:1',
      'net:apc-testshire>person:1',
      'person:3>person:1',
      'org:PLC1>org:QXX',
    ]);
    expect(tie(edgeVisibility(EDGES, index, all, f({ minWeight: 4 })))).toEqual([
      'org:QXX>person:1',
      'net:apc-testshire>person:1',
      'person:2>person:1',
    ]);
    expect(tie(edgeVisibility(EDGES, index, all, f({ tieKind: 'knows' })))).toEqual(['person:3>person:1']);
    expect(tie(edgeVisibility(EDGES, index, all, f({ tieKind: 'post', minWeight: 3 })))).toEqual([
      'org:QXX>person:1',
    ]);
  });

  it('draw one line per pair of nodes tied either way, shown when any of its ties is', () => {
    // the ICB's post both ways, a tie back from person 1 to person 2, a loop and a tie to an unknown node
    const edges: MapEdge[] = [
      ...EDGES,
      { source: 'person:1', target: 'org:QXX', weight: 6, kinds: ['serves_in'] },
      { source: 'person:1', target: 'person:2', weight: 1, kinds: ['knows'] },
      { source: 'person:1', target: 'person:1', weight: 1, kinds: ['knows'] },
      { source: 'person:1', target: 'person:99', weight: 1, kinds: ['knows'] },
    ];
    const index = indexNodes(NODES);
    const ends = edgeEnds(edges, index);
    expect(ends.target[edges.length - 1]).toBe(-1);
    const lines = mapLines(edges, ends, NODES.length);
    const pair = (k: number) => [NODES[lines.a[k]!]!.id, NODES[lines.b[k]!]!.id].sort().join('–');
    const linesOf = (k: number) =>
      [...lines.edges.subarray(lines.edgeStart[k], lines.edgeStart[k + 1])].map(
        (i) => `${edges[i]!.source}>${edges[i]!.target}`,
      );
    // 6 ties of the fixture, 2 of them answered the other way; the loop and the unknown end not drawn
    expect(lines.a.length).toBe(EDGES.length);
    const icbPost = Array.from({ length: lines.a.length }, (_, k) => k).find(
      (k) => pair(k) === 'org:QXX–person:1',
    )!;
    expect(linesOf(icbPost)).toEqual(['org:QXX>person:1', 'person:1>org:QXX']);
    expect(lines.weight[icbPost]).toBe(6);
    for (let k = 0; k < lines.a.length; k++) expect(lines.a[k]!).toBeLessThan(lines.b[k]!);

    // person 1's neighbours, from its own lines
    const p1 = index.get('person:1')!;
    expect([...neighbourIndexes(lines, p1)].map((i) => NODES[i]!.id).sort()).toEqual(
      ['net:apc-testshire', 'org:QXX', 'person:2', 'person:3'].sort(),
    );

    // a line is shown when either of its ties is: "knows" keeps person 3's line and person 1 → 2
    const knows = f({ tieKind: 'knows' });
    const shown = lineVisibility(lines, edgeVisibility(edges, ends, nodeVisibility(NODES, knows), knows));
    expect(
      Array.from({ length: lines.a.length }, (_, k) => k)
        .filter((k) => shown[k])
        .map(pair)
        .sort(),
    ).toEqual(['person:1–person:2', 'person:1–person:3']);
  });

  it('draw only the strongest shown lines when there are more than the budget, more as the camera zooms in', () => {
    // four lines among the fixture's nodes, of weights 2, 5, 5 and 9 (the 5s in line order)
    const ids = NODES.map((x) => x.id);
    const edges: MapEdge[] = [
      { source: ids[0]!, target: ids[1]!, weight: 2, kinds: ['knows'] },
      { source: ids[1]!, target: ids[2]!, weight: 5, kinds: ['knows'] },
      { source: ids[2]!, target: ids[3]!, weight: 5, kinds: ['knows'] },
      { source: ids[3]!, target: ids[0]!, weight: 9, kinds: ['knows'] },
      // the same pair as the first, the other way and stronger: the line's weight is its strongest tie
      { source: ids[1]!, target: ids[0]!, weight: 3, kinds: ['knows'] },
    ];
    const lines = mapLines(edges, edgeEnds(edges, indexNodes(NODES)), NODES.length);
    const order = lineStrengthOrder(lines);
    expect([...order].map((k) => lines.weight[k])).toEqual([9, 5, 5, 3]);
    expect(order[1]!).toBeLessThan(order[2]!);

    const all = new Uint8Array([1, 1, 1, 1]);
    const drawn = (flags: Uint8Array) => [...flags].flatMap((x, k) => (x ? [lines.weight[k]] : []));
    expect(drawn(strongestLines(order, all, 2))).toEqual([5, 9]);
    // within the budget every shown line is drawn, the same array
    expect(strongestLines(order, all, 4)).toBe(all);
    // the strongest among the shown ones: the 9 hidden by a filter, the two 5s and the 3 left
    const shown = new Uint8Array(lines.a.length).fill(1);
    shown[order[0]!] = 0;
    const two = strongestLines(order, shown, 2);
    expect(drawn(two)).toEqual([5, 5]);
    expect([...two].flatMap((x, k) => (x ? [] : [k]))).toEqual([order[0]!, order[3]!].sort((x, y) => x - y));
    expect(sameFlags(all, all)).toBe(true);
    expect(sameFlags(shown, new Uint8Array(shown))).toBe(true);
    expect(sameFlags(shown, two)).toBe(false);

    // what the renderer's graph holds: the shown nodes, and the drawn lines with both ends shown
    const nodesShown = new Uint8Array(NODES.length).fill(1);
    nodesShown[0] = 0;
    const held = drawnItems(lines, nodesShown, all);
    expect(held.nodes).toEqual(NODES.map((_, i) => i).filter((i) => i !== 0));
    const ends = held.lines.map((k) => [ids[lines.a[k]!], ids[lines.b[k]!]]);
    expect(ends).toEqual([
      [ids[1], ids[2]],
      [ids[2], ids[3]],
    ]);
    expect(drawnItems(lines, nodesShown, two).lines).toEqual(held.lines.filter((k) => two[k]));

    // the budget: zoomed out (ratio 1 or more) the limit, ×4 per halving of the ratio, all from 1/8
    expect(lineBudget(2, 100)).toBe(100);
    expect(lineBudget(1, 100)).toBe(100);
    expect(lineBudget(0.6, 100)).toBe(100);
    expect(lineBudget(0.5, 100)).toBe(400);
    expect(lineBudget(0.3, 100)).toBe(400);
    expect(lineBudget(0.25, 100)).toBe(1600);
    expect(lineBudget(0.125, 100)).toBe(Number.POSITIVE_INFINITY);
  });

  it('offer only the values present', () => {
    const c = filterChoices(GRAPH);
    expect(c.professions).toEqual(['gp', 'manager', 'pharmacist']);
    expect(c.personas).toEqual(['ics_chief_pharmacist']);
    expect(c.networks).toEqual(['net:apc-testshire']);
    expect(c.levels).toEqual(['system', 'place', 'neighbourhood']);
    expect(c.tieKinds).toEqual(['part_of', 'post', 'seat', 'reports_to', 'works_with', 'knows']);
  });
});

describe('the ranking beside the map', () => {
  it('lists the people shown, most influential first', () => {
    const pharmacists = f({ profession: 'pharmacist' });
    expect(rankPeople(NODES, nodeVisibility(NODES, pharmacists)).map((n) => n.name)).toEqual([
      'Dr Imogen Testfield',
      'Hollis Specimen',
    ]);
    expect(rankPeople(NODES, nodeVisibility(NODES, NO_FILTERS), 2).map((n) => n.id)).toEqual([
      'person:1',
      'person:2',
    ]);
  });
});

describe('size and colour', () => {
  it('size nodes by the chosen measure, the largest at the maximum and none at zero below the minimum', () => {
    const byInfluence = nodeSizes(NODES, 'influence');
    expect(byInfluence[4]).toBeCloseTo(MAX_NODE_SIZE);
    for (const s of byInfluence) {
      expect(s).toBeGreaterThanOrEqual(MIN_NODE_SIZE);
      expect(s).toBeLessThanOrEqual(MAX_NODE_SIZE);
    }
    // area follows the value: a quarter of the largest value gets half the extra radius
    const quarter = nodeSizes(
      [
        node({ id: 'a', name: 'a', kind: 'person', degree: 4 }),
        node({ id: 'b', name: 'b', kind: 'person', degree: 1 }),
      ],
      'degree',
    );
    expect(quarter[1]).toBeCloseTo(MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) / 2);
    const byDegree = nodeSizes(NODES, 'degree');
    expect(byDegree[0]).toBe(MIN_NODE_SIZE);
    expect(byDegree[4]).toBeGreaterThan(byDegree[5]!);
  });

  it('colour by level or by community, the largest community first in the palette', () => {
    const byLevel = nodeColours(NODES, 'level');
    expect(byLevel[0]).toBe(LEVEL_COLOURS.system);
    expect(byLevel[2]).toBe(LEVEL_COLOURS.neighbourhood);
    const byCommunity = nodeColours(NODES, 'community');
    // community 0 has four nodes, community 1 three
    expect(byCommunity[0]).toBe(PALETTE[0]);
    expect(byCommunity[5]).toBe(PALETTE[1]);
  });

  it('give a legend with counts, communities named after their most influential member', () => {
    expect(legend(NODES, 'level')).toEqual([
      { colour: LEVEL_COLOURS.system, label: 'System (ICS)', count: 3 },
      { colour: LEVEL_COLOURS.place, label: 'Place', count: 2 },
      { colour: LEVEL_COLOURS.neighbourhood, label: 'Neighbourhood (PCN)', count: 2 },
    ]);
    expect(legend(NODES, 'community')).toEqual([
      { colour: PALETTE[0], label: 'Around Dr Imogen Testfield', count: 4 },
      { colour: PALETTE[1], label: 'Around Rowan Sampleton', count: 3 },
    ]);
    const many = Array.from({ length: PALETTE.length + 2 }, (_, c) =>
      node({ id: `person:${c + 1}`, name: `P${c}`, kind: 'person', community: c }),
    );
    const entries = legend(many, 'community');
    expect(entries).toHaveLength(PALETTE.length + 1);
    expect(entries[entries.length - 1]).toEqual({
      colour: OTHER_COLOUR,
      label: 'Other communities',
      count: 2,
    });
  });
});

describe('level bands', () => {
  it('label each level present at the middle of its nodes, top first', () => {
    expect(levelBands(NODES).map((b) => [b.level, b.y, b.count])).toEqual([
      ['system', 100, 3],
      ['place', 51, 2],
      ['neighbourhood', 2, 2],
    ]);
    // the layout may put providers above places, and people without a post in a band of their own
    const more = [
      ...NODES,
      node({ id: 'org:RX1', name: 'Testshire Hospitals', kind: 'organisation', level: 'provider', y: 75 }),
      node({ id: 'person:9', name: 'Ada Placeholder', kind: 'person', y: -50 }),
    ];
    expect(levelBands(more).map((b) => [b.label, b.y])).toEqual([
      ['System (ICS)', 100],
      ['Provider', 75],
      ['Place', 51],
      ['Neighbourhood (PCN)', 2],
      ['No post or seat', -50],
    ]);
  });

  it('frame the map by every node, shown or not (a filter does not move what stays)', () => {
    const points = [
      { x: 3, y: -1 },
      { x: -2, y: 5 },
      { x: 0, y: 0 },
    ];
    expect(nodeExtent(points)).toEqual({ x: [-2, 3], y: [-1, 5] });
    expect(nodeExtent([])).toEqual({ x: [0, 1], y: [0, 1] });
  });

  it('push labels apart so none overlap, keeping their order', () => {
    expect(spreadLabels([100, 105, 300], 18)).toEqual([100, 118, 300]);
    expect(spreadLabels([300, 10, 12], 18)).toEqual([300, 10, 28]);
  });
});

describe('the date slider', () => {
  it('stops at the first of each month for three years, then today', () => {
    const stops = monthStops('2026-03-15');
    expect(stops).toHaveLength(37);
    expect(stops[0]).toBe('2023-04-01');
    expect(stops[34]).toBe('2026-02-01');
    expect(stops[35]).toBe('2026-03-01');
    expect(stops[36]).toBe('2026-03-15');
    // across a year's end
    expect(monthStops('2026-01-01', 3)).toEqual(['2025-11-01', '2025-12-01', '2026-01-01']);
  });

  it('finds the stop for a date', () => {
    const stops = monthStops('2026-03-15');
    expect(stopIndex(stops, null)).toBe(36);
    expect(stopIndex(stops, '2025-06-01')).toBe(stops.indexOf('2025-06-01'));
    expect(stopIndex(stops, '2025-06-20')).toBe(stops.indexOf('2025-06-01'));
    expect(stopIndex(stops, '2001-01-01')).toBe(0);
  });
});

describe('explanations in percentages', () => {
  it('add to exactly 100', () => {
    const shares = [1 / 3, 1 / 3, 1 / 3];
    const p = percentages(shares);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(100, 10);
    expect(p).toEqual([33.4, 33.3, 33.3]);
    const uneven = [0.4567, 0.3012, 0.1421, 0.1];
    const q = percentages(uneven);
    expect(Math.round(q.reduce((s, x) => s + x, 0) * 10)).toBe(1000);
    expect(q).toEqual([45.7, 30.1, 14.2, 10]);
    expect(percentages([0, 0])).toEqual([0, 0]);
  });
});

describe('search and links', () => {
  it('finds nodes by part of a name, word starts first', () => {
    expect(searchNodes(NODES, 'test').map((n) => n.id)).toEqual([
      'person:1',
      'org:QXX',
      'net:apc-testshire',
      'org:PLC1',
    ]);
    expect(searchNodes(NODES, 'sample').map((n) => n.name)).toEqual(['Rowan Sampleton']);
    expect(searchNodes(NODES, 'x')).toEqual([]);
  });

  it('links each node to its page and its API path', () => {
    expect(nodeHref('person:12')).toBe('/people/12');
    expect(nodeHref('org:QYG')).toBe('/organisations/QYG');
    expect(nodeHref('net:apc-testshire')).toBe('/networks/apc-testshire');
    expect(nodeHref('person:x')).toBeNull();
    expect(nodePath('person:12')).toBe('person:12');
    expect(nodePath('net:a b')).toBe('net:a%20b');
  });
});
