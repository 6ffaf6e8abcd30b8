import type { StakeholderGraph } from './build.ts';
import { EDGE_KINDS } from './model.ts';

export const GRAPH_FORMATS = ['graphml', 'gexf', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** An exported edge: parallel edges between the same ordered pair are merged, weights added. */
export interface ExportEdge {
  source: string;
  target: string;
  weight: number;
  kinds: string[];
}

/**
 * The graph's edges with parallel edges merged: one edge per ordered pair, its weight the sum and
 * its kinds listed. PageRank on the merged graph equals PageRank on the original (weights add),
 * and every tool reads it the same way, whether it keeps parallel edges or not.
 */
export function exportEdges(g: StakeholderGraph): ExportEdge[] {
  const out: ExportEdge[] = [];
  const { csr } = g;
  for (let u = 0; u < g.n; u++) {
    const byTarget = new Map<number, ExportEdge>();
    for (let e = csr.offsets[u]!; e < csr.offsets[u + 1]!; e++) {
      const v = csr.targets[e]!;
      const kind = EDGE_KINDS[csr.kinds[e]!]!;
      const have = byTarget.get(v);
      if (have) {
        have.weight += csr.weights[e]!;
        if (!have.kinds.includes(kind)) have.kinds.push(kind);
      } else {
        const edge = { source: g.ids[u]!, target: g.ids[v]!, weight: csr.weights[e]!, kinds: [kind] };
        byTarget.set(v, edge);
        out.push(edge);
      }
    }
  }
  return out;
}

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
// XML 1.0 cannot carry most control characters at all: drop them (tab, newline and return stay).
const clean = (s: string) =>
  xml(
    Array.from(s)
      .filter((c) => c.charCodeAt(0) >= 0x20 || c === '\t' || c === '\n' || c === '\r')
      .join(''),
  );
/** The shortest text that reads back as the same double. */
const num = (x: number) => String(x);

/** Per-node attributes every export carries. */
function nodeAttrs(g: StakeholderGraph, i: number, scores?: Record<string, Float64Array>) {
  const attrs: [string, string][] = [
    ['name', g.names[i]!],
    ['kind', g.kinds[i]!],
    ['subkind', g.subkinds[i]!],
    ['level', g.levels[i] ?? ''],
  ];
  if (g.kinds[i] === 'person') {
    attrs.push(['professions', g.professions[i]!.join(';')], ['personas', g.personas[i]!.join(';')]);
  }
  for (const [k, s] of Object.entries(scores ?? {})) attrs.push([k, num(s[i]!)]);
  return attrs;
}

/** GraphML (directed) that networkx's read_graphml, Gephi and graphology read: ids stable, `weight` on edges. */
export function toGraphml(g: StakeholderGraph, scores: Record<string, Float64Array> = {}): string {
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  const nodeKeys = ['name', 'kind', 'subkind', 'level', 'professions', 'personas'];
  for (const k of nodeKeys) lines.push(`  <key id="${k}" for="node" attr.name="${k}" attr.type="string"/>`);
  for (const k of Object.keys(scores))
    lines.push(`  <key id="${xml(k)}" for="node" attr.name="${xml(k)}" attr.type="double"/>`);
  lines.push('  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>');
  lines.push('  <key id="kinds" for="edge" attr.name="kinds" attr.type="string"/>');
  lines.push('  <graph id="atlas" edgedefault="directed">');
  for (let i = 0; i < g.n; i++) {
    const data = nodeAttrs(g, i, scores)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `<data key="${xml(k)}">${clean(v)}</data>`)
      .join('');
    lines.push(`    <node id="${clean(g.ids[i]!)}">${data}</node>`);
  }
  for (const e of exportEdges(g)) {
    lines.push(
      `    <edge source="${clean(e.source)}" target="${clean(e.target)}"><data key="weight">${num(e.weight)}</data><data key="kinds">${e.kinds.join(';')}</data></edge>`,
    );
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

/** GEXF 1.3 (directed, static) for Gephi and networkx's read_gexf: ids stable, weights on edges. */
export function toGexf(g: StakeholderGraph, scores: Record<string, Float64Array> = {}, asAt = ''): string {
  const attrNames = ['name', 'kind', 'subkind', 'level', 'professions', 'personas', ...Object.keys(scores)];
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    `  <meta><creator>Clinical Network Atlas</creator><description>Stakeholder graph${asAt ? ` as at ${asAt}` : ''}</description></meta>`,
    '  <graph defaultedgetype="directed" mode="static">',
    '    <attributes class="node">',
    ...attrNames.map(
      (a, i) => `      <attribute id="${i}" title="${xml(a)}" type="${i >= 6 ? 'double' : 'string'}"/>`,
    ),
    '    </attributes>',
    '    <attributes class="edge"><attribute id="0" title="kinds" type="string"/></attributes>',
    '    <nodes>',
  ];
  for (let i = 0; i < g.n; i++) {
    const vals = nodeAttrs(g, i, scores)
      .map(([k, v]) => [attrNames.indexOf(k), v] as const)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `<attvalue for="${k}" value="${clean(v)}"/>`)
      .join('');
    lines.push(
      `      <node id="${clean(g.ids[i]!)}" label="${clean(g.names[i]!)}"><attvalues>${vals}</attvalues></node>`,
    );
  }
  lines.push('    </nodes>', '    <edges>');
  exportEdges(g).forEach((e, i) => {
    lines.push(
      `      <edge id="${i}" source="${clean(e.source)}" target="${clean(e.target)}" weight="${num(e.weight)}"><attvalues><attvalue for="0" value="${e.kinds.join(';')}"/></attvalues></edge>`,
    );
  });
  lines.push('    </edges>', '  </graph>', '</gexf>', '');
  return lines.join('\n');
}

/** The graph as JSON: nodes with their attributes, merged edges. */
export function toJson(g: StakeholderGraph, scores: Record<string, Float64Array> = {}, asAt = '') {
  return {
    as_at: asAt,
    nodes: Array.from({ length: g.n }, (_, i) => ({
      id: g.ids[i]!,
      ...Object.fromEntries(nodeAttrs(g, i, scores).map(([k, v]) => [k, k in scores ? Number(v) : v])),
    })),
    edges: exportEdges(g),
  };
}
