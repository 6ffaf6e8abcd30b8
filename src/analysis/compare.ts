import type { StakeholderGraph } from './build.ts';
import type { NodeKind } from './model.ts';

/** One node's influence on two dates. */
export interface Change {
  id: string;
  name: string;
  kind: NodeKind;
  before: number;
  after: number;
  change: number;
}

/**
 * Who gained and lost influence between two dates (issue 6): each node's score on graph `a` (the
 * earlier date) and graph `b` (the later), matched by id. A node on only one date counts 0 on the
 * other (and is counted as having joined or left). `gained`: the nodes whose score rose, largest rise
 * first; `lost`: those whose score fell, largest fall first; each cut to `top`, optionally only of
 * some kinds. Scores are shares of the whole flow on their date, so a change is a change of share.
 */
export function compareScores(
  a: { graph: StakeholderGraph; scores: Float64Array },
  b: { graph: StakeholderGraph; scores: Float64Array },
  opts: { top?: number; kinds?: readonly string[] } = {},
): { gained: Change[]; lost: Change[]; joined: number; left: number } {
  const changes: Change[] = [];
  let joined = 0;
  let left = 0;
  const keep = (kind: string) => !opts.kinds || opts.kinds.includes(kind);
  for (let i = 0; i < a.graph.n; i++) {
    const id = a.graph.ids[i]!;
    const j = b.graph.index.get(id);
    if (j === undefined) left++;
    if (!keep(a.graph.kinds[i]!)) continue;
    const before = a.scores[i]!;
    const after = j === undefined ? 0 : b.scores[j]!;
    changes.push({
      id,
      name: a.graph.names[i]!,
      kind: a.graph.kinds[i]!,
      before,
      after,
      change: after - before,
    });
  }
  for (let j = 0; j < b.graph.n; j++) {
    const id = b.graph.ids[j]!;
    if (a.graph.index.has(id)) continue;
    joined++;
    if (!keep(b.graph.kinds[j]!)) continue;
    const after = b.scores[j]!;
    changes.push({ id, name: b.graph.names[j]!, kind: b.graph.kinds[j]!, before: 0, after, change: after });
  }
  const top = opts.top ?? 50;
  const byId = (x: Change, y: Change) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  const gained = changes
    .filter((c) => c.change > 0)
    .sort((x, y) => y.change - x.change || byId(x, y))
    .slice(0, top);
  const lost = changes
    .filter((c) => c.change < 0)
    .sort((x, y) => x.change - y.change || byId(x, y))
    .slice(0, top);
  return { gained, lost, joined, left };
}
