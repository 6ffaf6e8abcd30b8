import fs from 'node:fs';
import { brokers } from '../../analysis/brokers.ts';
import type { StakeholderGraph } from '../../analysis/build.ts';
import { coverage } from '../../analysis/coverage.ts';
import { GRAPH_FORMATS, type GraphFormat, toGexf, toGraphml, toJson } from '../../analysis/export.ts';
import { communities, MEASURES, type Measure, rank, rollUp, scoresOf } from '../../analysis/measures.ts';
import { chain, describePath, introductions } from '../../analysis/paths.ts';
import { checkOverrides } from '../../analysis/weights.ts';
import { loadConfig, withOverrides } from '../../config.ts';
import { systemClock } from '../../core/clock.ts';
import { isIsoDate, today } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { PERSONA_CATALOGUE } from '../../core/personas.ts';
import { createLog } from '../../logger.ts';
import { GraphCache, scoped, scopeId } from '../../services/analysis.ts';
import { openDatabase } from '../../services/open-database.ts';
import { readWeights, resetWeights, setWeights, type WeightsView } from '../../services/weights.ts';
import { workspaceService } from '../../services/workspaces.ts';
import type { Db } from '../../storage/db.ts';
import { inWorkspace } from '../../storage/workspace-scope.ts';
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
      const r = scoresOf(graph, measure, built.weights, { flow, samples });
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

/** The ICB node for --icb: 404-style error when unknown, invalid when not an ICB. */
function icbNode(graph: StakeholderGraph, code: unknown): number {
  if (typeof code !== 'string' || !code.trim()) throw new DomainError('invalid', '--icb: give an ICB code');
  const i = graph.index.get(scopeId(graph, code))!;
  if (graph.subkinds[i] !== 'icb') {
    throw new DomainError('invalid', `--icb: ${code} is not an integrated care board`);
  }
  return i;
}

/** The person node for an option holding a person id (12 or person:12). */
function personNode(graph: StakeholderGraph, value: unknown, option: string): number {
  if (typeof value !== 'string' || !/^(person:)?[0-9]+$/.test(value.trim())) {
    throw new DomainError('invalid', `--${option}: expected a person id, like 12, got "${value ?? ''}"`);
  }
  const id = value.trim().startsWith('person:') ? value.trim() : `person:${value.trim()}`;
  const i = graph.index.get(id);
  if (i === undefined || graph.kinds[i] !== 'person') {
    throw new DomainError('not_found', `--${option}: no ${id} in this workspace on the date asked for`);
  }
  return i;
}

const needWorkspace = (v: Values) => {
  if (typeof v.workspace !== 'string') {
    throw new DomainError('invalid', '--workspace: give the workspace whose people to use');
  }
};

/** A persona's holders in words: engaged ones first, at most four named, the rest counted. */
function holdersText(holders: { name: string; engaged: boolean }[]): string {
  if (holders.length === 0) return '— gap —';
  const sorted = [...holders].sort((a, b) => Number(b.engaged) - Number(a.engaged));
  const named = sorted.slice(0, 4).map((h) => `${h.name}${h.engaged ? ' (engaged)' : ''}`);
  return holders.length > 4 ? `${named.join(', ')} and ${holders.length - 4} more` : named.join(', ');
}

export const analyseCoverage: Command = {
  summary: 'Persona coverage of an ICS: who fills each key persona, and which the workspace has a tie to',
  usage: 'atlas analyse coverage --icb CODE --workspace NAME [--at DATE] [--json]',
  options: {
    ...COMMON,
    icb: { type: 'string', description: "the ICB's ODS code" },
  },
  async run(v, _p, io) {
    needWorkspace(v);
    return withGraph(v, async ({ db, asAt, workspaceId }) => {
      const built = await new GraphCache(db).get(workspaceId, asAt, { wait: true });
      const graph = built.graph;
      const icb = icbNode(graph, v.icb);
      const r = coverage(graph, icb, PERSONA_CATALOGUE);
      const personas = r.personas.map((p) => ({
        code: p.code,
        name: p.name,
        level: p.level,
        holders: p.holders.map((h) => ({
          id: graph.ids[h.node]!,
          name: graph.names[h.node]!,
          engaged: h.engaged,
        })),
        tied: p.tied,
      }));
      const out = {
        as_at: asAt,
        icb: { id: graph.ids[icb]!, name: graph.names[icb]! },
        filled: r.filled,
        tied: r.tied,
        personas,
      };
      if (v.json) {
        io.out(JSON.stringify(out));
        return 0;
      }
      const keys = personas.filter((_, i) => r.personas[i]!.category === 'key');
      io.out(
        `${graph.names[icb]} as at ${asAt}: ${r.filled} of ${keys.length} key personas filled, ${r.tied} tied`,
      );
      io.out(
        table([
          ['persona', 'held by', 'tied'],
          ...personas
            .filter((p, i) => r.personas[i]!.category === 'key' || p.holders.length > 0)
            .map((p) => [p.name, holdersText(p.holders), p.tied ? 'yes' : 'no']),
        ]),
      );
      return 0;
    });
  },
};

export const analyseChain: Command = {
  summary: "A person up and down the chain: reach into each level, and paths to their ICS's decision forums",
  usage: 'atlas analyse chain --person ID --workspace NAME [--scope CODE] [--at DATE] [--json]',
  options: { ...COMMON, person: { type: 'string', description: 'the person id' } },
  async run(v, _p, io) {
    needWorkspace(v);
    return withGraph(v, async ({ db, asAt, workspaceId }) => {
      const built = await new GraphCache(db).get(workspaceId, asAt, { wait: true });
      const { graph, flow } = scoped(built, v.scope as string | undefined);
      const person = personNode(graph, v.person, 'person');
      const r = chain(graph, flow, person);
      const out = {
        as_at: asAt,
        person: { id: graph.ids[person]!, name: graph.names[person]! },
        icb: r.icb === null ? null : { id: graph.ids[r.icb]!, name: graph.names[r.icb]! },
        reach: r.reach,
        forums: r.forums.map((f) => ({
          id: graph.ids[f.node]!,
          name: graph.names[f.node]!,
          path: f.path ? describePath(graph, f.path) : null,
        })),
      };
      if (v.json) {
        io.out(JSON.stringify(out));
        return 0;
      }
      io.out(`${out.person.name} as at ${asAt}${out.icb ? `, in ${out.icb.name}` : ', under no ICB'}`);
      io.out(
        table([
          ['level', 'reached within 3 steps', 'share of its influence'],
          ...r.reach.map((x) => [x.level, String(x.nodes), `${(x.influence_share * 100).toFixed(1)}%`]),
        ]),
      );
      for (const f of out.forums) {
        io.out(
          `${f.name}: ${f.path ? `${f.path.nodes.map((n) => n.name).join(' → ')} (length ${fmt(f.path.length)})` : 'no path'}`,
        );
      }
      return 0;
    });
  },
};

export const analyseIntroductions: Command = {
  summary: 'The best introduction paths to a person from the people the workspace engages',
  usage:
    'atlas analyse introductions --target ID --workspace NAME [--from ID,ID…] [--paths K] [--at DATE] [--json]',
  options: {
    ...COMMON,
    target: { type: 'string', description: 'the person to be introduced to' },
    from: {
      type: 'string',
      description: 'comma-separated person ids (default: the people the workspace engages)',
    },
    paths: { type: 'string', description: 'how many paths (default 3)' },
  },
  async run(v, _p, io) {
    needWorkspace(v);
    const k = v.paths === undefined ? 3 : Number(v.paths);
    if (!Number.isInteger(k) || k < 1 || k > 10) {
      throw new DomainError('invalid', `--paths: expected a whole number from 1 to 10, got "${v.paths}"`);
    }
    return withGraph(v, async ({ db, asAt, workspaceId }) => {
      const built = await new GraphCache(db).get(workspaceId, asAt, { wait: true });
      const { graph } = scoped(built, v.scope as string | undefined);
      const target = personNode(graph, v.target, 'target');
      const from =
        typeof v.from === 'string'
          ? v.from.split(',').map((s) => personNode(graph, s, 'from'))
          : [...graph.engaged.keys()].filter((i) => graph.engaged[i]);
      const paths = introductions(graph, from, target, k);
      const out = {
        as_at: asAt,
        target: { id: graph.ids[target]!, name: graph.names[target]! },
        from: new Set(from.filter((i) => i !== target)).size,
        paths: paths.map((p) => ({
          ...describePath(graph, p),
          introducer:
            p.introducer === null ? null : { id: graph.ids[p.introducer]!, name: graph.names[p.introducer]! },
        })),
      };
      if (v.json) {
        io.out(JSON.stringify(out));
        return 0;
      }
      io.out(`Introductions to ${out.target.name} from ${out.from} engaged people, as at ${asAt}:`);
      if (out.paths.length === 0) io.out('no path found');
      out.paths.forEach((p, i) => {
        io.out(
          `${i + 1}. ${p.nodes.map((n) => n.name).join(' → ')} (length ${fmt(p.length)}; ask ${p.introducer?.name ?? 'nobody'})`,
        );
      });
      return 0;
    });
  },
};

/** The 1-based line of `text` at character `pos`. */
const lineAt = (text: string, pos: number) => text.slice(0, Math.max(0, pos)).split('\n').length;

/** The line of a field (`edge.knows`) in a JSON text: each key of its path searched for after the last. */
function lineOfField(text: string, field: string): number | null {
  let pos = -1;
  for (const key of field.split('.')) {
    const at = text.indexOf(JSON.stringify(key), pos + 1);
    if (at < 0) return pos < 0 ? null : lineAt(text, pos);
    pos = at;
  }
  return pos < 0 ? null : lineAt(text, pos);
}

/** The overrides in a JSON file, checked: errors name the file, the line and the field. */
function readOverridesFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DomainError('invalid', `--set: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const where = pos ? `, line ${lineAt(text, Number(pos[1]))}` : '';
    throw new DomainError('invalid', `${file}${where}: not JSON: ${(e as Error).message}`);
  }
  const checked = checkOverrides(value);
  if (!checked.ok) {
    const first = checked.errors[0]!;
    const line = lineOfField(text, first.field);
    const more = checked.errors.length > 1 ? ` (and ${checked.errors.length - 1} more)` : '';
    throw new DomainError(
      'invalid',
      `${file}${line ? `, line ${line}` : ''}: ${first.field}: ${first.message}${more}`,
    );
  }
  return checked.overrides;
}

function printWeights(io: Io, name: string, w: WeightsView) {
  const changed = w.weights.filter((x) => x.overridden).length;
  io.out(
    `Influence weights of workspace "${name}" (version ${w.version}${w.updated_at ? `, changed ${w.updated_at}` : ''}): ${
      changed === 0 ? 'the defaults' : `${changed} differ from the defaults (marked *)`
    }`,
  );
  io.out(
    table([
      ['', 'weight', 'default', 'value', 'meaning'],
      ...w.weights.map((x) => [
        x.overridden ? '*' : '',
        x.path,
        String(x.default),
        String(x.value),
        x.meaning,
      ]),
    ]),
  );
}

export const analyseWeights: Command = {
  summary:
    "A workspace's influence weights: list them, set its own from a JSON file, or go back to the defaults",
  usage: 'atlas analyse weights --workspace NAME [--set FILE.json | --reset] [--json]',
  options: {
    workspace: { type: 'string', description: 'the workspace, by name' },
    set: {
      type: 'string',
      description:
        'a JSON file of overrides, like {"edge": {"knows": 1.2, "seat": 0}}: replaces the workspace\'s (a weight left out is its default)',
    },
    reset: { type: 'boolean', description: 'put the workspace back on the default weights' },
    json: JSON_FLAG,
    'data-dir': DATA_DIR,
  },
  async run(v, _p, io) {
    if (typeof v.workspace !== 'string' || !v.workspace.trim()) {
      throw new DomainError('invalid', '--workspace: give the workspace whose weights to use');
    }
    if (v.set !== undefined && v.reset)
      throw new DomainError('invalid', '--set and --reset: give one or the other');
    if (v.set !== undefined && (typeof v.set !== 'string' || !v.set.trim())) {
      throw new DomainError('invalid', '--set: give a JSON file of overrides');
    }
    const overrides = typeof v.set === 'string' ? readOverridesFile(v.set) : null;
    const config = withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });
    const db = await openDatabase(config, createLog('error'));
    try {
      const ws = await workspaceService({ db, clock: systemClock }).workspaceByName(v.workspace);
      const actor = { at: systemClock.now(), workspaceId: ws.id, actorId: null, actorEmail: 'cli' };
      const w = await inWorkspace(db, ws.id, async (tx) => {
        if (overrides === null && !v.reset) return readWeights(tx, ws.id);
        const { version } = await readWeights(tx, ws.id);
        return overrides === null
          ? resetWeights(tx, actor, version)
          : setWeights(tx, actor, overrides, version);
      });
      if (v.json) io.out(JSON.stringify(w));
      else printWeights(io, ws.name, w);
      return 0;
    } finally {
      await db.close();
    }
  },
};
