import {
  type Columns,
  GRAPH_COLUMNS,
  type GraphColumns,
  type GraphRowTypes,
  graphColumns,
} from '../analysis/build.ts';
import type { Queryable } from './db.ts';

const openOn = (a: string, from: string, to: string) =>
  `((${a}.${from} IS NULL OR ${a}.${from} <= $1::date) AND (${a}.${to} IS NULL OR ${a}.${to} >= $1::date))`;

/**
 * Everything the stakeholder graph is built from, open on `asAt`: the national landscape, and when a
 * workspace is given, its people, posts, memberships and relationships (call inside that workspace's
 * transaction: row-level security shows no other workspace's rows). One statement per table, each one
 * pass over it, handing the table over as columns.
 */
export async function loadGraphRows(
  q: Queryable,
  asAt: string,
  workspaceId: number | null,
): Promise<GraphColumns> {
  const organisations = await columns(
    q,
    'organisations',
    `SELECT o.id, o.code, o.name, o.kind FROM organisations o WHERE ${openOn('o', 'opened_on', 'closed_on')}`,
    [asAt],
  );
  const links = await columns(
    q,
    'links',
    `SELECT l.id, l.from_id, l.to_id, l.kind FROM organisation_links l WHERE ${openOn('l', 'valid_from', 'valid_to')}`,
    [asAt],
  );
  const networks = await columns(
    q,
    'networks',
    `SELECT n.id, n.code, n.name, n.kind, n.host_id FROM networks n
     WHERE n.status <> 'closed' AND ${openOn('n', 'established_on', 'closed_on')}`,
    [asAt],
  );
  const footprints = await columns(
    q,
    'footprints',
    `SELECT f.id, f.network_id, f.organisation_id, f.role FROM network_footprints f
     WHERE ${openOn('f', 'valid_from', 'valid_to')}`,
    [asAt],
  );
  const landscape = { organisations, links, networks, footprints };
  if (workspaceId === null) {
    const empty = graphColumns({
      organisations: [],
      links: [],
      networks: [],
      footprints: [],
      people: [],
      posts: [],
      memberships: [],
      relationships: [],
    });
    return { ...empty, ...landscape };
  }
  const people = await columns(
    q,
    'people',
    `SELECT p.id, p.honorific, p.given_name, p.family_name, p.professions, p.engaged FROM people p
     WHERE p.workspace_id = $1`,
    [workspaceId],
  );
  const posts = await columns(
    q,
    'posts',
    `SELECT p.id, p.person_id, p.organisation_id, p.network_id, p.title, p.level,
            pe.code AS persona_code, pe.category AS persona_category
     FROM posts p LEFT JOIN personas pe ON pe.id = p.persona_id
     WHERE p.workspace_id = $2 AND ${openOn('p', 'valid_from', 'valid_to')}`,
    [asAt, workspaceId],
  );
  const memberships = await columns(
    q,
    'memberships',
    `SELECT m.id, m.network_id, m.person_id, m.organisation_id, m.role, m.voting FROM network_memberships m
     WHERE m.workspace_id = $2 AND ${openOn('m', 'valid_from', 'valid_to')}`,
    [asAt, workspaceId],
  );
  const relationships = await columns(
    q,
    'relationships',
    `SELECT r.id, r.from_person_id, r.to_person_id, r.to_organisation_id, r.to_network_id, r.kind, r.strength,
            r.confidence
     FROM relationships r WHERE r.workspace_id = $2 AND ${openOn('r', 'valid_from', 'valid_to')}`,
    [asAt, workspaceId],
  );
  return { ...landscape, people, posts, memberships, relationships };
}

/**
 * The rows of `select` (which must have an `id` column) as columns, each in id order, fetched as one
 * JSON document of arrays: the database builds it and Node parses it in one go. On the national demo
 * that is about four times faster than an object per row, and several times faster again than
 * passing the rows one by one out of PGlite (bench/README.md, "Stakeholder map").
 */
async function columns<T extends keyof GraphRowTypes>(
  q: Queryable,
  table: T,
  select: string,
  params: unknown[],
): Promise<Columns<GraphRowTypes[T]>> {
  const names = GRAPH_COLUMNS[table] as readonly string[];
  const pairs = names.map((c) => `'${c}', coalesce(json_agg(x.${c} ORDER BY x.id), '[]')`).join(', ');
  const [row] = await q.query<{ j: string }>(
    `SELECT json_build_object(${pairs})::text AS j FROM (${select}) x`,
    params,
  );
  return JSON.parse(row!.j) as Columns<GraphRowTypes[T]>;
}

/**
 * A cheap fingerprint of the data a graph was built from: when it changes, the cached graph is out of
 * date. The landscape's counts and latest changes and its latest import; and the workspace's data
 * version, which every write to its people, posts, memberships, relationships and personas moves on
 * (migration 0011), and every change of its influence weights (migration 0012). Call inside the
 * workspace's transaction (row-level security).
 */
export async function graphDataStamp(q: Queryable, workspaceId: number | null): Promise<string> {
  const [land] = await q.query<{ s: string }>(
    `SELECT concat_ws('|', (SELECT count(*) FROM organisations), (SELECT max(updated_at) FROM organisations),
       (SELECT count(*) FROM organisation_links), (SELECT count(*) FROM networks), (SELECT max(updated_at) FROM networks),
       (SELECT count(*) FROM network_footprints), (SELECT max(id) FROM imports)) AS s`,
  );
  if (workspaceId === null) return land!.s;
  const [ws] = await q.query<{ v: string }>(
    `SELECT coalesce((SELECT version FROM workspace_data_versions WHERE workspace_id = $1), 0)::text AS v`,
    [workspaceId],
  );
  return `${land!.s}#${ws!.v}`;
}
