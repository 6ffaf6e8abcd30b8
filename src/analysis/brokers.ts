import { LEVELS, sectorOfOrganisationKind } from '../core/people.ts';
import type { StakeholderGraph } from './build.ts';
import { scoresOf } from './measures.ts';
import { DEFAULT_WEIGHTS, EDGE_KIND_INDEX } from './model.ts';

/** A person who connects parts of the system. */
export interface Broker {
  id: string;
  name: string;
  betweenness: number;
  /** the levels, sectors, professions and networks their posts and seats span */
  levels: string[];
  sectors: string[];
  professions: string[];
  networks: string[];
  /** what they span, in words: "3 levels", "2 sectors", "4 networks" */
  spans: string[];
  /** how many of the four dimensions they span more than one of */
  span_score: number;
}

/**
 * Brokers and boundary spanners (source 004): people ranked by betweenness (sampled, with its error
 * bound), with what their posts and seats span — levels, sectors, professions, networks.
 */
export function brokers(g: StakeholderGraph, opts: { top?: number; samples?: number; seed?: number } = {}) {
  const r = scoresOf(g, 'betweenness', DEFAULT_WEIGHTS, {
    samples: opts.samples ?? 256,
    seed: opts.seed ?? 1,
  });
  const serves = EDGE_KIND_INDEX.serves_in;
  const member = EDGE_KIND_INDEX.member_of;
  const people: Broker[] = [];
  for (let i = 0; i < g.n; i++) {
    if (g.kinds[i] !== 'person') continue;
    const levels = new Set<string>();
    const sectors = new Set<string>();
    const networks = new Set<string>();
    if (g.levels[i]) levels.add(g.levels[i]!);
    for (let e = g.csr.offsets[i]!; e < g.csr.offsets[i + 1]!; e++) {
      const k = g.csr.kinds[e]!;
      if (k !== serves && k !== member) continue;
      const v = g.csr.targets[e]!;
      if (g.levels[v]) levels.add(g.levels[v]!);
      if (g.kinds[v] === 'network') networks.add(g.ids[v]!);
      const sector = g.kinds[v] === 'organisation' ? sectorOfOrganisationKind(g.subkinds[v]!) : null;
      if (sector) sectors.add(sector);
    }
    const professions = g.professions[i]!;
    const spans: string[] = [];
    if (levels.size > 1) spans.push(`${levels.size} levels`);
    if (sectors.size > 1) spans.push(`${sectors.size} sectors`);
    if (professions.length > 1) spans.push(`${professions.length} professions`);
    if (networks.size > 1) spans.push(`${networks.size} networks`);
    people.push({
      id: g.ids[i]!,
      name: g.names[i]!,
      betweenness: r.scores[i]!,
      levels: [...levels].sort((a, b) => LEVELS.indexOf(a as never) - LEVELS.indexOf(b as never)),
      sectors: [...sectors].sort(),
      professions: [...professions],
      networks: [...networks].sort(),
      spans,
      span_score: spans.length,
    });
  }
  people.sort(
    (a, b) => b.betweenness - a.betweenness || b.span_score - a.span_score || (a.id < b.id ? -1 : 1),
  );
  const top = opts.top ?? 20;
  const spanners = [...people]
    .filter((p) => p.span_score > 0)
    .sort((a, b) => b.span_score - a.span_score || b.betweenness - a.betweenness)
    .slice(0, top);
  return {
    samples: r.samples ?? g.n,
    exact: (r.samples ?? g.n) >= g.n,
    error_bound: r.errorBound ?? 0,
    people: people.slice(0, top),
    spanners,
  };
}
