import type { Level, MembershipRole, RelationshipConfidence, RelationshipKind } from '../core/people.ts';
import { displayName, LEVELS, levelOfOrganisationKind } from '../core/people.ts';
import { type Csr, csrFromArrays } from './csr.ts';
import {
  EDGE_KIND_INDEX,
  type EdgeKind,
  type InfluenceWeights,
  levelOfNetworkKind,
  levelRank,
  type NodeKind,
  relationshipEdges,
  roleLabel,
} from './model.ts';

/** What the database gives the graph builder, all of it open on the date asked for. */
export interface GraphRows {
  organisations: { id: number; code: string; name: string; kind: string }[];
  /** child → parent (part_of, member_of, commissioned_by, site_of) or partner_of */
  links: { from_id: number; to_id: number; kind: string }[];
  networks: { id: number; code: string; name: string; kind: string; host_id: number | null }[];
  footprints: { network_id: number; organisation_id: number; role: string }[];
  people: {
    id: number;
    honorific: string | null;
    given_name: string;
    family_name: string;
    professions: string[];
    /** the workspace engages them (people.engaged); absent: not engaged */
    engaged?: boolean;
  }[];
  posts: {
    person_id: number;
    organisation_id: number | null;
    network_id: number | null;
    title: string;
    level: Level;
    persona_code: string | null;
    persona_category: 'key' | 'base' | 'custom' | null;
  }[];
  memberships: {
    network_id: number;
    person_id: number | null;
    organisation_id: number | null;
    role: MembershipRole;
    voting: boolean;
  }[];
  relationships: {
    from_person_id: number;
    to_person_id: number | null;
    to_organisation_id: number | null;
    to_network_id: number | null;
    kind: RelationshipKind;
    strength: number;
    confidence: RelationshipConfidence;
  }[];
}

/** The stakeholder graph: node metadata beside the CSR form, and a detail (title, role) per edge. */
export interface StakeholderGraph {
  n: number;
  /** stable node ids, as in every export: `org:CODE`, `net:CODE`, `person:ID` */
  ids: string[];
  names: string[];
  kinds: NodeKind[];
  /** organisation or network kind; 'person' for people */
  subkinds: string[];
  /** the node's level; a person's is the highest level of their posts (null without one) */
  levels: (Level | null)[];
  /** a person's professions; persona codes of their posts */
  professions: string[][];
  personas: string[][];
  index: Map<string, number>;
  csr: Csr;
  /** per edge (csr order): index into `details` (post title, role label) or 0 for none */
  edgeDetail: Uint32Array;
  /** per edge (csr order): for a post edge (holder → person), index into `details` of the post's persona code; else 0 */
  edgePersona: Uint32Array;
  details: string[];
  /** per node: 1 for a person the workspace engages (people.engaged), else 0 */
  engaged: Uint8Array;
}

const ORG_UP = new Set(['part_of', 'member_of', 'commissioned_by', 'site_of']);

/**
 * Builds the graph from rows: nodes for every organisation, network and person; edges by the weight
 * table. Rows whose ends are not nodes (a post at an organisation closed on the date) are dropped.
 * Edges between the same ends of the same kind stay separate in the CSR (PageRank adds them).
 */
export function buildGraph(rows: GraphRows, w: InfluenceWeights): StakeholderGraph {
  const ids: string[] = [];
  const names: string[] = [];
  const kinds: NodeKind[] = [];
  const subkinds: string[] = [];
  const levels: (Level | null)[] = [];
  const professions: string[][] = [];
  const personas: string[][] = [];
  const orgIdx = new Map<number, number>();
  const netIdx = new Map<number, number>();
  const personIdx = new Map<number, number>();
  const engagedPeople: number[] = [];
  const add = (
    id: string,
    name: string,
    kind: NodeKind,
    sub: string,
    level: Level | null,
    prof: string[] = [],
  ) => {
    ids.push(id);
    names.push(name);
    kinds.push(kind);
    subkinds.push(sub);
    levels.push(level);
    professions.push(prof);
    personas.push([]);
    return ids.length - 1;
  };
  for (const o of rows.organisations) {
    orgIdx.set(o.id, add(`org:${o.code}`, o.name, 'organisation', o.kind, levelOfOrganisationKind(o.kind)));
  }
  for (const nw of rows.networks) {
    netIdx.set(nw.id, add(`net:${nw.code}`, nw.name, 'network', nw.kind, levelOfNetworkKind(nw.kind)));
  }
  for (const p of rows.people) {
    const i = add(`person:${p.id}`, displayName(p), 'person', 'person', null, p.professions);
    personIdx.set(p.id, i);
    if (p.engaged) engagedPeople.push(i);
  }

  // Edges go straight into typed arrays sized for the most the rows can make (two edges a row).
  const cap =
    2 *
    (rows.links.length +
      rows.networks.length +
      rows.footprints.length +
      rows.posts.length +
      rows.memberships.length +
      rows.relationships.length);
  const from = new Uint32Array(cap);
  const to = new Uint32Array(cap);
  const weight = new Float64Array(cap);
  const kind = new Uint8Array(cap);
  const detail = new Uint32Array(cap);
  const persona = new Uint32Array(cap);
  let m = 0;
  const details = [''];
  const detailIdx = new Map<string, number>();
  const detailOf = (s: string | null) => {
    if (!s) return 0;
    let i = detailIdx.get(s);
    if (i === undefined) {
      i = details.length;
      details.push(s);
      detailIdx.set(s, i);
    }
    return i;
  };
  const edge = (u: number | undefined, v: number | undefined, k: EdgeKind, wt: number, d = 0, pc = 0) => {
    if (u === undefined || v === undefined || u === v || !(wt > 0)) return;
    from[m] = u;
    to[m] = v;
    weight[m] = wt;
    kind[m] = EDGE_KIND_INDEX[k];
    detail[m] = d;
    persona[m++] = pc;
  };

  for (const l of rows.links) {
    const u = orgIdx.get(l.from_id);
    const v = orgIdx.get(l.to_id);
    if (ORG_UP.has(l.kind)) {
      edge(u, v, 'part_of', w.edge.part_of);
      edge(v, u, 'has_part', w.edge.has_part);
    } else {
      edge(u, v, 'partner_of', w.edge.partner_of);
      edge(v, u, 'partner_of', w.edge.partner_of);
    }
  }
  for (const nw of rows.networks) {
    if (nw.host_id !== null) {
      edge(orgIdx.get(nw.host_id), netIdx.get(nw.id), 'hosts', w.edge.hosts);
      edge(netIdx.get(nw.id), orgIdx.get(nw.host_id), 'hosts', w.edge.hosts);
    }
  }
  for (const f of rows.footprints) {
    const o = orgIdx.get(f.organisation_id);
    const nw = netIdx.get(f.network_id);
    if (f.role === 'host') continue; // the host tie is made from networks.host_id
    edge(o, nw, 'covers', w.edge.covers);
    edge(nw, o, 'covered_by', w.edge.covered_by);
  }
  for (const p of rows.posts) {
    const person = personIdx.get(p.person_id);
    if (person === undefined) continue;
    const holder = p.organisation_id !== null ? orgIdx.get(p.organisation_id) : netIdx.get(p.network_id!);
    if (holder === undefined) continue;
    const personaW = w.persona[p.persona_category ?? 'none'];
    const lw = w.level[p.level];
    edge(holder, person, 'post', w.edge.post * personaW * lw, detailOf(p.title), detailOf(p.persona_code));
    edge(person, holder, 'serves_in', w.edge.serves_in, detailOf(p.title));
    const current = levels[person];
    if (current === null || current === undefined || levelRank(p.level) > levelRank(current))
      levels[person] = p.level;
    if (p.persona_code && !personas[person]!.includes(p.persona_code)) personas[person]!.push(p.persona_code);
  }
  for (const m of rows.memberships) {
    const nw = netIdx.get(m.network_id);
    const member = m.person_id !== null ? personIdx.get(m.person_id) : orgIdx.get(m.organisation_id!);
    if (nw === undefined || member === undefined) continue;
    const netLevel = levels[nw] ?? 'system';
    const d = detailOf(roleLabel(m.role));
    edge(nw, member, 'seat', w.edge.seat * w.role[m.role] * w.level[netLevel], d);
    edge(member, nw, 'member_of', w.edge.member_of * (m.voting ? w.voting : 1), d);
    if (m.person_id !== null) {
      const current = levels[member];
      if (current === null || current === undefined || levelRank(netLevel) > levelRank(current)) {
        levels[member] = netLevel;
      }
    }
  }
  // A relationship's edges depend only on its kind, strength and confidence: made once per combination.
  const relEdges = new Map<string, ReturnType<typeof relationshipEdges>>();
  for (const r of rows.relationships) {
    const key = `${r.kind}|${r.strength}|${r.confidence}`;
    let made = relEdges.get(key);
    if (!made) {
      made = relationshipEdges(r.kind, r.strength, r.confidence, w);
      relEdges.set(key, made);
    }
    const a = personIdx.get(r.from_person_id);
    const b =
      r.to_person_id !== null
        ? personIdx.get(r.to_person_id)
        : r.to_organisation_id !== null
          ? orgIdx.get(r.to_organisation_id)
          : netIdx.get(r.to_network_id!);
    for (const e of made) {
      if (e.reverse) edge(b, a, e.kind, e.weight);
      else edge(a, b, e.kind, e.weight);
    }
  }

  const n = ids.length;
  const csr = csrFromArrays(
    n,
    from.subarray(0, m),
    to.subarray(0, m),
    weight.subarray(0, m),
    kind.subarray(0, m),
  );
  // carry each edge's detail into csr order: edges are placed per source in input order
  const edgeDetail = new Uint32Array(m);
  const edgePersona = new Uint32Array(m);
  const fill = csr.offsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const at = fill[from[e]!]!++;
    edgeDetail[at] = detail[e]!;
    edgePersona[at] = persona[e]!;
  }
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(ids[i]!, i);
  const engaged = new Uint8Array(n);
  for (const i of engagedPeople) engaged[i] = 1;
  return {
    n,
    ids,
    names,
    kinds,
    subkinds,
    levels,
    professions,
    personas,
    index,
    csr,
    edgeDetail,
    edgePersona,
    details,
    engaged,
  };
}

/** The restart vector of the influence flow: each node's level weight, scaled to sum to 1. */
export function teleportOf(g: StakeholderGraph, w: InfluenceWeights): Float64Array {
  const t = new Float64Array(g.n);
  let sum = 0;
  for (let i = 0; i < g.n; i++) {
    const l = g.levels[i];
    t[i] = w.teleport[l ?? 'none'];
    sum += t[i]!;
  }
  for (let i = 0; i < g.n; i++) t[i]! /= sum;
  return t;
}

/** The levels, for callers that iterate them in order (national first). */
export const LEVEL_ORDER: readonly Level[] = LEVELS;
