import { buildGraph, type StakeholderGraph } from '../analysis/build.ts';
import type { Flow } from '../analysis/influence.ts';
import { influenceFlow } from '../analysis/measures.ts';
import { DEFAULT_WEIGHTS, type InfluenceWeights } from '../analysis/model.ts';
import { scopeNodes, subgraph } from '../analysis/scope.ts';
import { DomainError } from '../core/errors.ts';
import type { Db, Queryable } from '../storage/db.ts';
import { graphDataStamp, loadGraphRows } from '../storage/graph-repo.ts';
import { inWorkspace } from '../storage/workspace-scope.ts';

/** A built graph with its influence flow, for one workspace (or none) on one date. */
export interface BuiltGraph {
  graph: StakeholderGraph;
  flow: Flow;
  asAt: string;
  workspaceId: number | null;
  /** the data fingerprint it was built from */
  stamp: string;
  builtAt: number;
  buildMs: number;
}

interface Entry {
  built?: BuiltGraph;
  building?: Promise<BuiltGraph>;
}

/**
 * Builds stakeholder graphs from the database and keeps them: one per workspace and date, rebuilt when
 * the data changes. A request finding the data changed gets the graph it has while a fresh one is
 * built in the background (the answer says which data version it is from); only the very first
 * request for a workspace and date waits for a build.
 */
export class GraphCache {
  private entries = new Map<string, Entry>();
  constructor(
    private readonly db: Db,
    private readonly maxEntries = 8,
  ) {}

  /** The graph for a workspace (null: reference data only) as at a date, whole country. */
  async get(workspaceId: number | null, asAt: string, opts: { wait?: boolean } = {}): Promise<BuiltGraph> {
    const key = `${workspaceId ?? '-'}|${asAt}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
      this.evict();
    }
    const stamp = await this.stamp(workspaceId);
    if (entry.built && entry.built.stamp === stamp) return entry.built;
    if (!entry.building) {
      const e = entry;
      e.building = this.build(workspaceId, asAt, stamp).then(
        (b) => {
          e.built = b;
          e.building = undefined;
          return b;
        },
        (err) => {
          e.building = undefined;
          throw err;
        },
      );
    }
    if (entry.built && !opts.wait) return entry.built;
    return entry.building!;
  }

  private async stamp(workspaceId: number | null): Promise<string> {
    return workspaceId === null
      ? graphDataStamp(this.db, null)
      : inWorkspace(this.db, workspaceId, (tx) => graphDataStamp(tx, workspaceId));
  }

  private async build(workspaceId: number | null, asAt: string, stamp: string): Promise<BuiltGraph> {
    const t0 = performance.now();
    const load = (q: Queryable) => loadGraphRows(q, asAt, workspaceId);
    const rows = workspaceId === null ? await load(this.db) : await inWorkspace(this.db, workspaceId, load);
    const graph = buildGraph(rows, DEFAULT_WEIGHTS);
    const flow = influenceFlow(graph, DEFAULT_WEIGHTS);
    return { graph, flow, asAt, workspaceId, stamp, builtAt: Date.now(), buildMs: performance.now() - t0 };
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

/** Resolves a scope code (an organisation's ODS code or a network's code) to a graph node id. */
export function scopeId(g: StakeholderGraph, code: string): string {
  const upper = code.trim().toUpperCase();
  for (const id of [`org:${upper}`, `net:${code.trim()}`, `net:${upper}`, code.trim()]) {
    if (g.index.has(id)) return id;
  }
  throw new DomainError(
    'not_found',
    `no organisation or network with code ${code} open on the date asked for`,
  );
}

/**
 * The graph of a scope (or the whole country), and the flow to use: the national flow restricted to
 * the scope's nodes is not a flow of the scope, so a scope gets its own.
 */
export function scoped(
  built: BuiltGraph,
  scope: string | undefined,
  weights: InfluenceWeights = DEFAULT_WEIGHTS,
): { graph: StakeholderGraph; flow: Flow } {
  if (!scope && weights === DEFAULT_WEIGHTS) return { graph: built.graph, flow: built.flow };
  const graph = scope
    ? subgraph(built.graph, scopeNodes(built.graph, scopeId(built.graph, scope)))
    : built.graph;
  return { graph, flow: influenceFlow(graph, weights) };
}
