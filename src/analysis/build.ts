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

/** One row of each table the graph is built from, all of it open on the date asked for. */
export interface GraphRowTypes {
  organisations: { id: number; code: string; name: string; kind: string };
  /** child → parent (part_of, member_of, commissioned_by, site_of) or partner_of */
  links: { from_id: number; to_id: number; kind: string };
  networks: { id: number; code: string; name: string; kind: string; host_id: number | null };
  footprints: { network_id: number; organisation_id: number; role: string };
  people: {
    id: number;
    honorific: string | null;
    given_name: string;
    family_name: string;
    professions: string[];
    /** the workspace engages them (people.engaged); absent: not engaged */
    engaged?: boolean;
  };
  posts: {
    person_id: number;
    organisation_id: number | null;
    network_id: number | null;
    title: string;
    level: Level;
    persona_code: string | null;
    persona_category: 'key' | 'base' | 'custom' | null;
  };
  memberships: {
    network_id: number;
    person_id: number | null;
    organisation_id: number | null;
    role: MembershipRole;
    voting: boolean;
  };
  relationships: {
    from_person_id: number;
    to_person_id: number | null;
    to_organisation_id: number | null;
    to_network_id: number | null;
    kind: RelationshipKind;
    strength: number;
    confidence: RelationshipConfidence;
  };
}

/** What the graph is built from as rows: the friendly form, for tests and small callers. */
export type GraphRows = { [T in keyof GraphRowTypes]: GraphRowTypes[T][] };

/** A table as columns: one array per column, all the same length (row i is index i of each). */
export type Columns<R> = { [K in keyof R]-?: R[K][] };

/**
 * What the graph is built from as columns: the form the database hands over (one JSON document of
 * arrays per table parses several times faster than an object per row).
 */
export type GraphColumns = { [T in keyof GraphRowTypes]: Columns<GraphRowTypes[T]> };

/** The column whose length is each table's row count. */
const LENGTH_OF: { [T in keyof GraphRowTypes]: keyof GraphRowTypes[T] } = {
  organisations: 'id',
  links: 'from_id',
  networks: 'id',
  footprints: 'network_id',
  people: 'id',
  posts: 'person_id',
  memberships: 'network_id',
  relationships: 'from_person_id',
};

/** Rows to columns (`keys`: every column of the table, so absent optional fields become undefined). */
function columnsOf<R>(rows: readonly R[], keys: readonly (keyof R)[]): Columns<R> {
  const out = {} as Columns<R>;
  for (const k of keys) out[k] = rows.map((r) => r[k]) as Columns<R>[typeof k];
  return out;
}

/** The column names of each table, in the order the database is asked for them. */
export const GRAPH_COLUMNS: { [T in keyof GraphRowTypes]: readonly (keyof GraphRowTypes[T])[] } = {
  organisations: ['id', 'code', 'name', 'kind'],
  links: ['from_id', 'to_id', 'kind'],
  networks: ['id', 'code', 'name', 'kind', 'host_id'],
  footprints: ['network_id', 'organisation_id', 'role'],
  people: ['id', 'honorific', 'given_name', 'family_name', 'professions', 'engaged'],
  posts: ['person_id', 'organisation_id', 'network_id', 'title', 'level', 'persona_code', 'persona_category'],
  memberships: ['network_id', 'person_id', 'organisation_id', 'role', 'voting'],
  relationships: [
    'from_person_id',
    'to_person_id',
    'to_organisation_id',
    'to_network_id',
    'kind',
    'strength',
    'confidence',
  ],
};

/** Graph rows as columns. */
export function graphColumns(rows: GraphRows): GraphColumns {
  const c = {} as Record<string, unknown>;
  for (const t of Object.keys(GRAPH_COLUMNS) as (keyof GraphRowTypes)[]) {
    c[t] = columnsOf(rows[t] as unknown[], GRAPH_COLUMNS[t] as never);
  }
  return c as GraphColumns;
}

/** The number of rows of a table held as columns. */
export function rowCount<T extends keyof GraphRowTypes>(cols: GraphColumns, table: T): number {
  return (cols[table][LENGTH_OF[table]] as unknown[]).length;
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

/**
 * A map from database ids to node indexes: a typed array indexed by id when the ids are dense enough
 * (a few times as many slots as ids: one array read a lookup), else a Map.
 */
interface IdIndex {
  get(id: number): number | undefined;
}

function idIndex(ids: readonly number[], first: number): IdIndex {
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  if (max > 4 * ids.length + 1024 || ids.some((id) => !Number.isInteger(id) || id < 0)) {
    const map = new Map<number, number>();
    for (let r = 0; r < ids.length; r++) map.set(ids[r]!, first + r);
    return map;
  }
  const slots = new Int32Array(max + 1).fill(-1);
  for (let r = 0; r < ids.length; r++) slots[ids[r]!] = first + r;
  return {
    get(id: number) {
      const i = id >= 0 && id <= max ? slots[id]! : -1;
      return i >= 0 ? i : undefined;
    },
  };
}

const ORG_UP = new Set(['part_of', 'member_of', 'commissioned_by', 'site_of']);
/** A slot per confidence, for the cache of a relationship's edges (strength × 4 + slot). */
const CONFIDENCE_SLOT: Record<RelationshipConfidence, number> = { confirmed: 0, likely: 1, possible: 2 };

/**
 * Builds the graph from rows or columns: nodes for every organisation, network and person; edges by
 * the weight table. Rows whose ends are not nodes (a post at an organisation closed on the date) are
 * dropped. Edges between the same ends of the same kind stay separate in the CSR (PageRank adds them).
 */
export function buildGraph(input: GraphRows | GraphColumns, w: InfluenceWeights): StakeholderGraph {
  const cols = Array.isArray(input.organisations)
    ? graphColumns(input as GraphRows)
    : (input as GraphColumns);
  const nOrg = rowCount(cols, 'organisations');
  const nNet = rowCount(cols, 'networks');
  const nPeople = rowCount(cols, 'people');
  const nodes = nOrg + nNet + nPeople;
  const ids: string[] = new Array(nodes);
  const names: string[] = new Array(nodes);
  const kinds: NodeKind[] = new Array(nodes);
  const subkinds: string[] = new Array(nodes);
  const levels: (Level | null)[] = new Array(nodes);
  const professions: string[][] = new Array(nodes);
  const personas: string[][] = new Array(nodes);
  const none: string[] = [];
  const orgIdx = idIndex(cols.organisations.id, 0);
  const netIdx = idIndex(cols.networks.id, nOrg);
  const personIdx = idIndex(cols.people.id, nOrg + nNet);
  const engaged = new Uint8Array(nodes);
  let at = 0;
  /** Organisations or networks: a node each, its level from its kind. */
  const bodies = (
    t: { code: string[]; name: string[]; kind: string[] },
    count: number,
    nodeKind: 'organisation' | 'network',
    levelOf: (kind: string) => Level | null,
  ) => {
    const prefix = nodeKind === 'organisation' ? 'org:' : 'net:';
    for (let r = 0; r < count; r++, at++) {
      ids[at] = prefix + t.code[r];
      names[at] = t.name[r]!;
      kinds[at] = nodeKind;
      subkinds[at] = t.kind[r]!;
      levels[at] = levelOf(t.kind[r]!);
      professions[at] = none;
      personas[at] = none;
    }
  };
  bodies(cols.organisations, nOrg, 'organisation', levelOfOrganisationKind);
  bodies(cols.networks, nNet, 'network', levelOfNetworkKind);
  {
    const p = cols.people;
    for (let r = 0; r < nPeople; r++, at++) {
      ids[at] = `person:${p.id[r]}`;
      names[at] = displayName({
        honorific: p.honorific[r],
        given_name: p.given_name[r]!,
        family_name: p.family_name[r]!,
      });
      kinds[at] = 'person';
      subkinds[at] = 'person';
      levels[at] = null;
      professions[at] = p.professions[r] ?? none;
      personas[at] = none;
      if (p.engaged[r]) engaged[at] = 1;
    }
  }

  // Edges go straight into typed arrays sized for the most the rows can make (two edges a row).
  const cap =
    2 *
    (rowCount(cols, 'links') +
      nNet +
      rowCount(cols, 'footprints') +
      rowCount(cols, 'posts') +
      rowCount(cols, 'memberships') +
      rowCount(cols, 'relationships'));
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

  {
    const l = cols.links;
    for (let r = 0, len = rowCount(cols, 'links'); r < len; r++) {
      const u = orgIdx.get(l.from_id[r]!);
      const v = orgIdx.get(l.to_id[r]!);
      if (ORG_UP.has(l.kind[r]!)) {
        edge(u, v, 'part_of', w.edge.part_of);
        edge(v, u, 'has_part', w.edge.has_part);
      } else {
        edge(u, v, 'partner_of', w.edge.partner_of);
        edge(v, u, 'partner_of', w.edge.partner_of);
      }
    }
  }
  {
    const nw = cols.networks;
    for (let r = 0; r < nNet; r++) {
      const host = nw.host_id[r];
      if (host !== null && host !== undefined) {
        edge(orgIdx.get(host), netIdx.get(nw.id[r]!), 'hosts', w.edge.hosts);
        edge(netIdx.get(nw.id[r]!), orgIdx.get(host), 'hosts', w.edge.hosts);
      }
    }
  }
  {
    const f = cols.footprints;
    for (let r = 0, len = rowCount(cols, 'footprints'); r < len; r++) {
      if (f.role[r] === 'host') continue; // the host tie is made from networks.host_id
      const o = orgIdx.get(f.organisation_id[r]!);
      const nw = netIdx.get(f.network_id[r]!);
      edge(o, nw, 'covers', w.edge.covers);
      edge(nw, o, 'covered_by', w.edge.covered_by);
    }
  }
  {
    const p = cols.posts;
    for (let r = 0, len = rowCount(cols, 'posts'); r < len; r++) {
      const person = personIdx.get(p.person_id[r]!);
      if (person === undefined) continue;
      const orgId = p.organisation_id[r];
      const holder = orgId !== null && orgId !== undefined ? orgIdx.get(orgId) : netIdx.get(p.network_id[r]!);
      if (holder === undefined) continue;
      const level = p.level[r]!;
      const code = p.persona_code[r] ?? null;
      const personaW = w.persona[p.persona_category[r] ?? 'none'];
      const title = detailOf(p.title[r]!);
      edge(holder, person, 'post', w.edge.post * personaW * w.level[level], title, detailOf(code));
      edge(person, holder, 'serves_in', w.edge.serves_in, title);
      const current = levels[person];
      if (current === null || current === undefined || levelRank(level) > levelRank(current))
        levels[person] = level;
      if (code) {
        const list = personas[person]!;
        if (list === none) personas[person] = [code];
        else if (!list.includes(code)) list.push(code);
      }
    }
  }
  {
    const ms = cols.memberships;
    for (let r = 0, len = rowCount(cols, 'memberships'); r < len; r++) {
      const nw = netIdx.get(ms.network_id[r]!);
      const personId = ms.person_id[r];
      const isPerson = personId !== null && personId !== undefined;
      const member = isPerson ? personIdx.get(personId) : orgIdx.get(ms.organisation_id[r]!);
      if (nw === undefined || member === undefined) continue;
      const role = ms.role[r]!;
      const netLevel = levels[nw] ?? 'system';
      const d = detailOf(roleLabel(role));
      edge(nw, member, 'seat', w.edge.seat * w.role[role] * w.level[netLevel], d);
      edge(member, nw, 'member_of', w.edge.member_of * (ms.voting[r] ? w.voting : 1), d);
      if (isPerson) {
        const current = levels[member];
        if (current === null || current === undefined || levelRank(netLevel) > levelRank(current)) {
          levels[member] = netLevel;
        }
      }
    }
  }
  // A relationship's edges depend only on its kind, strength and confidence: made once per combination.
  {
    const rs = cols.relationships;
    const relEdges = new Map<string, ReturnType<typeof relationshipEdges>[]>();
    for (let r = 0, len = rowCount(cols, 'relationships'); r < len; r++) {
      const k = rs.kind[r]!;
      const confidence = rs.confidence[r]!;
      const slot = rs.strength[r]! * 4 + CONFIDENCE_SLOT[confidence];
      let byKind = relEdges.get(k);
      if (!byKind) {
        byKind = [];
        relEdges.set(k, byKind);
      }
      let made = byKind[slot];
      if (!made) {
        made = relationshipEdges(k, rs.strength[r]!, confidence, w);
        byKind[slot] = made;
      }
      const a = personIdx.get(rs.from_person_id[r]!);
      const toPerson = rs.to_person_id[r];
      const toOrg = rs.to_organisation_id[r];
      const b =
        toPerson !== null && toPerson !== undefined
          ? personIdx.get(toPerson)
          : toOrg !== null && toOrg !== undefined
            ? orgIdx.get(toOrg)
            : netIdx.get(rs.to_network_id[r]!);
      for (const e of made) {
        if (e.reverse) edge(b, a, e.kind, e.weight);
        else edge(a, b, e.kind, e.weight);
      }
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
