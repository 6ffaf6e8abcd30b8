import fs from 'node:fs';
import { brokers } from '../../analysis/brokers.ts';
import { GRAPH_FORMATS, type GraphFormat, toGexf, toGraphml, toJson } from '../../analysis/export.ts';
import { communities, MEASURES, type Measure, rank, rollUp, scoresOf } from '../../analysis/measures.ts';
import { DEFAULT_WEIGHTS } from '../../analysis/model.ts';
import { loadConfig, withOverrides } from '../../config.ts';
import { systemClock } from '../../core/clock.ts';
import { isIsoDate, today } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { createLog } from '../../logger.ts';
import { GraphCache, scoped } from '../../services/analysis.ts';
import { openDatabase } from '../../services/open-database.ts';
import { workspaceService } from '../../services/workspaces.ts';
import type { Db } from '../../storage/db.ts';
import { type Command, DATA_DIR, JSON_FLAG } from '../command.ts';
import type { Io } from '../output.ts';
import { table } from '../output.ts';

type Values = Record<string, string | boolean | undefined>;

const COMMON = {
  workspace: {
    type: 'string' as const,
    description: "include this workspace's people and private ties (without it: reference data only)",
  },
  scope: {
    type: 'string' as const,
    description: 'an ICB, place, organisation or network code (default: the whole country)',
  },
  at: { type: 'string' as const, description: 'as at this date, YYYY-MM-DD (default today)' },
  top: { type: 'string' as const, description: 'how many to list (default 20)' },
  json: JSON_FLAG,
  'data-dir': DATA_DIR,
};

/** Opens the database, resolves --workspace and --at, builds (or reuses) the graph, runs `fn`. */
async function withGraph<T>(
  v: Values,
  fn: (ctx: { db: Db; asAt: string; workspaceId: number | null }) => Promise<T>,
) {
  const asAt = typeof v.at === 'string' ? v.at : today(systemClock);
  if (!isIsoDate(asAt)) throw new DomainError('invalid', `--at: expected a date YYYY-MM-DD, got "${v.at}"`);
  const config = withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });
  const db = await openDatabase(config, createLog('error'));
  try {
    let workspaceId: number | null = null;
    if (typeof v.workspace === 'string') {
      workspaceId = (await workspaceService({ db, clock: systemClock }).workspaceByName(v.workspace)).id;
    }
    return await fn({ db, asAt, workspaceId });
  } finally {
    await db.close();
  }
}

const topOf = (v: Values) => {
  const n = v.top === undefined ? 20 : Number(v.top);
  if (!Number.isInteger(n) || n < 1)
    throw new DomainError('invalid', `--top: expected a whole number ≥ 1, got "${v.top}"`);
  return n;
};

const fmt = (x: number) => (x === 0 ? '0' : Math.abs(x) >= 0.001 ? x.toFixed(4) : x.toExponential(3));

function printRanking(
  io: Io,
  items: { id: string; name: string; kind: string; score: number }[],
  measure: string,
) {
  io.out(
    table([
      ['#', 'id', 'name', 'kind', measure],
      ...items.map((r, i) => [String(i + 1), r.id, r.name, r.kind, fmt(r.score)]),
    ]),
  );
}

export const analyseInfluence: Command = {
  summary: 'Rank people, organisations and networks by influence, PageRank, degree or betweenness',
  usage:
    'atlas analyse influence [--workspace NAME] [--scope CODE] [--at DATE] [--measure influence|pagerank|degree|betweenness] [--top N] [--json]',
  options: {
    ...COMMON,
    measure: { type: 'string', description: `one of ${MEASURES.join(', ')} (default influence)` },
    kind: { type: 'string', description: 'only nodes of this kind: person, organisation or network' },
    samples: { type: 'string', description: 'betweenness: sources to sample (default 256; more = exact)' },
  },
  async run(v, _p, io) {
    const measure = (v.measure ?? 'influence') as Measure;
    if (!MEASURES.includes(measure)) {
      throw new DomainError(
        'invalid',
        `--measure: expected one of ${MEASURES.join(', ')}, got "${v.measure}"`,
      );
    }
    const top = topOf(v);
    return withGraph(v, async ({ db, asAt, workspaceId }) => {
      const built = await new GraphCache(db).get(workspaceId, asAt, { wait: true });
      const { graph, flow } = scoped(built, v.scope as string | undefined);
      const samples = v.samples === undefined ? 256 : Number(v.samples);
      const r = scoresOf(graph, measure, DEFAULT_WEIGHTS, { flow, samples });
      const items = rank(graph, r.scores, { top, kinds: v.kind ? [String(v.kind)] : undefined });
      if (v.json) {
        io.out(JSON.stringify(items));
        return 0;
      }
      io.out(
        `${measure} as at ${asAt}, ${v.scope ? `scope ${v.scope}` : 'England'}${workspaceId ? `, workspace ${v.workspace}` : ', reference data only'}: ${graph.n} nodes, ${graph.csr.targets.length} edges`,
      );
      if (r.errorBound !== undefined && r.samples !== undefined && r.samples < graph.n) {
        io.out(`sampled ${r.samples} sources: each score within ±${fmt(r.errorBound)} with 95% confidence`);
      }
      printRanking(io, items, measure);
      return 0;
    });
  },
};

export const analyseBrokers: Command = {
  summary:
    'Brokers and boundary spanners: betweenness, and people whose posts span levels, sectors or networks',
  usage: 'atlas analyse brokers --workspace NAME [--scope CODE] [--at DATE] [--top N] [--json]',
  options: { ...COMMON, samples: { type: 'string', description: 'sources to sample (default 256)' } },
  async run(v, _p, io) {
    const top = topOf(v);
    return withGraph(v, async ({ db, asAt, workspaceId }) => {
      const built = await new GraphCache(db).get(workspaceId, asAt, { wait: true });
      const { graph } = scoped(built, v.scope as string | undefined);
      const r = brokers(graph, { top, samples: v.samples === undefined ? 256 : Number(v.samples) });
      if (v.json) {
        io.out(JSON.stringify(r));
        return 0;
      }
      io.out(
        `Brokers as at ${asAt}: betweenness from ${r.samples} sources${r.exact ? ' (exact)' : `, ±${fmt(r.error_bound)} at 95%`}`,
      );
      io.out(
        table([
          ['#', 'id', 'name', 'betweenness', 'spans'],
          ...r.people.map((p, i) => [String(i + 1), p.id, p.name, fmt(p.betweenness), p.spans.join(', ')]),
        ]),
      );
      return 0;
    });
  },
};

export const analyseCommunities: Command = {
  summary: 'Louvain communities of the stakeholder graph, named by their most central member',
  usage: 'atlas analyse communities [--workspace NAME] [--scope CODE] [--at DATE] [--top N] [--json]',
  options: COMMON,
  async run(v, _p, io) {
    const top = topOf(v);
    return withGraph(v, async ({ db, asAt, workspaceId }) => {
      const built = await new GraphCache(db).get(workspaceId, asAt, { wait: true });
      const { graph, flow } = scoped(built, v.scope as string | undefined);
      const c = communities(graph, flow.scores);
      const out = { modularity: c.modularity, count: c.count, communities: c.communities.slice(0, top) };
      if (v.json) {
        io.out(JSON.stringify(out));
        return 0;
      }
      io.out(`${c.count} communities, modularity ${c.modularity.toFixed(4)}`);
      io.out(
        table([
          ['#', 'name', 'size', 'people', 'influence'],
          ...out.communities.map((x, i) => [
            String(i + 1),
            x.name,
            String(x.size),
            String(x.people),
            fmt(x.influence),
          ]),
        ]),
      );
      return 0;
    });
  },
};

export const exportGraph: Command = {
  summary: 'Export the stakeholder graph as GraphML, GEXF or JSON (for Gephi, networkx, graphology)',
  usage:
    'atlas export graph --format graphml|gexf|json [--workspace NAME] [--scope CODE] [--at DATE] [--out FILE]',
  options: {
    ...COMMON,
    format: { type: 'string', description: `one of ${GRAPH_FORMATS.join(', ')} (default graphml)` },
    out: { type: 'string', description: 'write to this file (default: standard output)' },
  },
  async run(v, _p, io) {
    const format = (v.format ?? 'graphml') as GraphFormat;
    if (!GRAPH_FORMATS.includes(format)) {
      throw new DomainError(
        'invalid',
        `--format: expected one of ${GRAPH_FORMATS.join(', ')}, got "${v.format}"`,
      );
    }
    return withGraph(v, async ({ db, asAt, workspaceId }) => {
      const built = await new GraphCache(db).get(workspaceId, asAt, { wait: true });
      const { graph, flow } = scoped(built, v.scope as string | undefined);
      const scores = { influence: flow.scores, influence_rolled_up: rollUp(graph, flow.scores) };
      const text =
        format === 'graphml'
          ? toGraphml(graph, scores)
          : format === 'gexf'
            ? toGexf(graph, scores, asAt)
            : `${JSON.stringify(toJson(graph, scores, asAt))}\n`;
      if (typeof v.out === 'string') {
        fs.writeFileSync(v.out, text);
        io.err(`Wrote ${graph.n} nodes and their edges as ${format} to ${v.out}`);
      } else {
        io.out(text.trimEnd());
      }
      return 0;
    });
  },
};
