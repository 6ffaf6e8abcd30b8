import { buildGraph, type StakeholderGraph } from '../analysis/build.ts';
import type { Flow } from '../analysis/influence.ts';
import { influenceFlow } from '../analysis/measures.ts';
import { DEFAULT_WEIGHTS, type InfluenceWeights } from '../analysis/model.ts';
import { scopeNodes, subgraph } from '../analysis/scope.ts';
import { sameWeights } from '../analysis/weights.ts';
import { DomainError } from '../core/errors.ts';
import type { Db, Queryable } from '../storage/db.ts';
import { graphDataStamp, loadGraphRows } from '../storage/graph-repo.ts';
import { inWorkspace } from '../storage/workspace-scope.ts';
import { workspaceWeights } from './weights.ts';

/** A built graph with its influence flow, for one workspace (or none) on one date. */
export interface BuiltGraph {
  graph: StakeholderGraph;
  flow: Flow;
  asAt: string;
  workspaceId: number | null;
  /** the effective weights it was built with: the workspace's own over the defaults (docs/influence.md) */
  weights: InfluenceWeights;
  /** the data fingerprint it was built from (a change of the workspace's weights moves it on too) */
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

  /**
   * The graph for a workspace (null: reference data only) as at a date, whole country, computed with the
   * workspace's weights. A graph built with other weights than the workspace's current ones is never
   * served: after a change of weights the request waits for the rebuild.
   */
  async get(workspaceId: number | null, asAt: string, opts: { wait?: boolean } = {}): Promise<BuiltGraph> {
    const key = `${workspaceId ?? '-'}|${asAt}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
      this.evict();
    }
    const now = await this.current(workspaceId);
    if (entry.built && entry.built.stamp === now.stamp) return entry.built;
    if (!entry.building) {
      const e = entry;
      e.building = this.build(workspaceId, asAt, now.stamp).then(
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
    if (entry.built && !opts.wait && sameWeights(entry.built.weights, now.weights)) return entry.built;
    const b = await entry.building!;
    // A build that began before the weights changed: build again with the new ones.
    if (!sameWeights(b.weights, now.weights)) return this.get(workspaceId, asAt, { wait: true });
    return b;
  }

  /** The data stamp and the effective weights now, read in one workspace transaction. */
  private async current(workspaceId: number | null): Promise<{ stamp: string; weights: InfluenceWeights }> {
    if (workspaceId === null) return { stamp: await graphDataStamp(this.db, null), weights: DEFAULT_WEIGHTS };
    return inWorkspace(this.db, workspaceId, async (tx) => ({
      stamp: await graphDataStamp(tx, workspaceId),
      weights: await workspaceWeights(tx, workspaceId),
    }));
  }

  private async build(workspaceId: number | null, asAt: string, stamp: string): Promise<BuiltGraph> {
    const t0 = performance.now();
    const load = async (q: Queryable) => ({
      rows: await loadGraphRows(q, asAt, workspaceId),
      weights: await workspaceWeights(q, workspaceId),
    });
    const { rows, weights } =
      workspaceId === null ? await load(this.db) : await inWorkspace(this.db, workspaceId, load);
    const graph = buildGraph(rows, weights);
    const flow = influenceFlow(graph, weights);
    return {
      graph,
      flow,
      asAt,
      workspaceId,
      weights,
      stamp,
      builtAt: Date.now(),
      buildMs: performance.now() - t0,
    };
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
 * the scope's nodes is not a flow of the scope, so a scope gets its own. The flow uses the weights the
 * graph was built with unless others are given (the edges keep the weights they were built with).
 */
export function scoped(
  built: BuiltGraph,
  scope: string | undefined,
  weights: InfluenceWeights = built.weights,
): { graph: StakeholderGraph; flow: Flow } {
  if (!scope && weights === built.weights) return { graph: built.graph, flow: built.flow };
  const graph = scope
    ? subgraph(built.graph, scopeNodes(built.graph, scopeId(built.graph, scope)))
    : built.graph;
  return { graph, flow: influenceFlow(graph, weights) };
}
