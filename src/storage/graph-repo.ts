import type { GraphRows } from '../analysis/build.ts';
import type { Queryable } from './db.ts';

const openOn = (a: string, from: string, to: string) =>
  `((${a}.${from} IS NULL OR ${a}.${from} <= $1::date) AND (${a}.${to} IS NULL OR ${a}.${to} >= $1::date))`;

/**
 * Everything the stakeholder graph is built from, open on `asAt`: the national landscape, and when a
 * workspace is given, its people, posts, memberships and relationships (call inside that workspace's
 * transaction: row-level security shows no other workspace's rows). A fixed number of statements,
 * each one pass over its table.
 */
export async function loadGraphRows(
  q: Queryable,
  asAt: string,
  workspaceId: number | null,
): Promise<GraphRows> {
  const organisations = await q.query<GraphRows['organisations'][number]>(
    `SELECT o.id, o.code, o.name, o.kind FROM organisations o WHERE ${openOn('o', 'opened_on', 'closed_on')}
     ORDER BY o.id`,
    [asAt],
  );
  const links = await q.query<GraphRows['links'][number]>(
    `SELECT l.from_id, l.to_id, l.kind FROM organisation_links l WHERE ${openOn('l', 'valid_from', 'valid_to')}
     ORDER BY l.id`,
    [asAt],
  );
  const networks = await q.query<GraphRows['networks'][number]>(
    `SELECT n.id, n.code, n.name, n.kind, n.host_id FROM networks n
     WHERE n.status <> 'closed' AND ${openOn('n', 'established_on', 'closed_on')} ORDER BY n.id`,
    [asAt],
  );
  const footprints = await q.query<GraphRows['footprints'][number]>(
    `SELECT f.network_id, f.organisation_id, f.role FROM network_footprints f
     WHERE ${openOn('f', 'valid_from', 'valid_to')} ORDER BY f.id`,
    [asAt],
  );
  if (workspaceId === null) {
    return {
      organisations,
      links,
      networks,
      footprints,
      people: [],
      posts: [],
      memberships: [],
      relationships: [],
    };
  }
  const people = await jsonRows<GraphRows['people'][number]>(
    q,
    `SELECT p.id, p.honorific, p.given_name, p.family_name, p.professions, p.engaged FROM people p
     WHERE p.workspace_id = $1`,
    [workspaceId],
  );
  const posts = await jsonRows<GraphRows['posts'][number]>(
    q,
    `SELECT p.id, p.person_id, p.organisation_id, p.network_id, p.title, p.level,
            pe.code AS persona_code, pe.category AS persona_category
     FROM posts p LEFT JOIN personas pe ON pe.id = p.persona_id
     WHERE p.workspace_id = $2 AND ${openOn('p', 'valid_from', 'valid_to')}`,
    [asAt, workspaceId],
  );
  const memberships = await jsonRows<GraphRows['memberships'][number]>(
    q,
    `SELECT m.id, m.network_id, m.person_id, m.organisation_id, m.role, m.voting FROM network_memberships m
     WHERE m.workspace_id = $2 AND ${openOn('m', 'valid_from', 'valid_to')}`,
    [asAt, workspaceId],
  );
  const relationships = await jsonRows<GraphRows['relationships'][number]>(
    q,
    `SELECT r.id, r.from_person_id, r.to_person_id, r.to_organisation_id, r.to_network_id, r.kind, r.strength,
            r.confidence
     FROM relationships r WHERE r.workspace_id = $2 AND ${openOn('r', 'valid_from', 'valid_to')}`,
    [asAt, workspaceId],
  );
  return { organisations, links, networks, footprints, people, posts, memberships, relationships };
}

/**
 * The rows of `select` (which must have an `id` column), in id order, fetched as one JSON document:
 * the database builds it and Node parses it in one go, about three times faster than passing a
 * quarter of a million rows one by one out of PGlite (bench/README.md, "Stakeholder map").
 */
async function jsonRows<T>(q: Queryable, select: string, params: unknown[]): Promise<T[]> {
  const [row] = await q.query<{ j: string }>(
    `SELECT coalesce(json_agg(x ORDER BY x.id), '[]')::text AS j FROM (${select}) x`,
    params,
  );
  return JSON.parse(row!.j) as T[];
}

/**
 * A cheap fingerprint of the data a graph was built from: when it changes, the cached graph is out of
 * date. Counts and latest changes of the landscape's imports and the workspace's people records (and
 * the sums of their versions, so an edit made within the same instant as the last one counts).
 */
export async function graphDataStamp(q: Queryable, workspaceId: number | null): Promise<string> {
  const [land] = await q.query<{ s: string }>(
    `SELECT concat_ws('|', (SELECT count(*) FROM organisations), (SELECT max(updated_at) FROM organisations),
       (SELECT count(*) FROM organisation_links), (SELECT count(*) FROM networks), (SELECT max(updated_at) FROM networks),
       (SELECT count(*) FROM network_footprints), (SELECT max(id) FROM imports)) AS s`,
  );
  if (workspaceId === null) return land!.s;
  const [ws] = await q.query<{ s: string }>(
    `SELECT concat_ws('|',
       (SELECT count(*) FROM people WHERE workspace_id = $1), (SELECT max(updated_at) FROM people WHERE workspace_id = $1),
       (SELECT sum(version) FROM people WHERE workspace_id = $1),
       (SELECT count(*) FROM posts WHERE workspace_id = $1), (SELECT max(updated_at) FROM posts WHERE workspace_id = $1), (SELECT sum(version) FROM posts WHERE workspace_id = $1),
       (SELECT count(*) FROM network_memberships WHERE workspace_id = $1),
       (SELECT max(updated_at) FROM network_memberships WHERE workspace_id = $1), (SELECT sum(version) FROM network_memberships WHERE workspace_id = $1),
       (SELECT count(*) FROM relationships WHERE workspace_id = $1),
       (SELECT max(updated_at) FROM relationships WHERE workspace_id = $1), (SELECT sum(version) FROM relationships WHERE workspace_id = $1),
       (SELECT count(*) FROM personas WHERE workspace_id = $1)) AS s`,
    [workspaceId],
  );
  return `${land!.s}#${ws!.s}`;
}
