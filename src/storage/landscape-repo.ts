import { DomainError } from '../core/errors.ts';
import type { NetworkKind, OrganisationKind } from '../core/landscape.ts';
import { KIND_RANK, NETWORK_KIND_LABELS, ORGANISATION_KIND_LABELS } from '../core/landscape.ts';
import { datedStatus, decodeCursor, encodeCursor, searchWords } from '../core/paging.ts';
import { displayName, PROFESSION_LABELS, type Profession } from '../core/people.ts';
import type {
  NationalSummary,
  NetworkDetail,
  NetworkList,
  NetworkSummary,
  OrganisationDetail,
  OrganisationList,
  OrganisationSummary,
  SearchResult,
} from '../shared/schemas.ts';
import type { Queryable } from './db.ts';

// SQL fragments: is the row / link open on the date in parameter $1?
const ORG_OPEN = (a: string) =>
  `((${a}.opened_on IS NULL OR ${a}.opened_on <= $1::date) AND (${a}.closed_on IS NULL OR ${a}.closed_on >= $1::date))`;
const LINK_OPEN = (a: string) =>
  `((${a}.valid_from IS NULL OR ${a}.valid_from <= $1::date) AND (${a}.valid_to IS NULL OR ${a}.valid_to >= $1::date))`;
const NET_OPEN = (a: string) =>
  `((${a}.established_on IS NULL OR ${a}.established_on <= $1::date) AND (${a}.closed_on IS NULL OR ${a}.closed_on >= $1::date) AND ${a}.status <> 'closed')`;

/** The link kinds that place an organisation under another (its parent), in order of preference. */
const PARENT_LINKS = `('part_of','member_of','commissioned_by','site_of')`;
const PARENT_ORDER = `CASE pl.kind WHEN 'part_of' THEN 0 WHEN 'member_of' THEN 1 WHEN 'site_of' THEN 2 ELSE 3 END`;

interface OrgRow {
  id: number;
  code: string;
  ons_code: string | null;
  name: string;
  kind: OrganisationKind;
  opened_on: string | null;
  closed_on: string | null;
  postcode: string | null;
  derived: boolean;
  confidence: 'confirmed' | 'likely';
  parent_code: string | null;
  parent_name: string | null;
  parent_kind: OrganisationKind | null;
}

const ORG_COLUMNS = `o.id, o.code, o.ons_code, o.name, o.kind, o.opened_on, o.closed_on, o.postcode, o.derived, o.confidence,
  par.code AS parent_code, par.name AS parent_name, par.kind AS parent_kind`;
const ORG_PARENT_JOIN = `LEFT JOIN LATERAL (
    SELECT p.code, p.name, p.kind FROM organisation_links pl JOIN organisations p ON p.id = pl.to_id
    WHERE pl.from_id = o.id AND pl.kind IN ${PARENT_LINKS} AND ${LINK_OPEN('pl')}
    ORDER BY ${PARENT_ORDER}, pl.id LIMIT 1) par ON true`;

function toSummary(r: OrgRow, asAt: string): OrganisationSummary {
  return {
    id: r.id,
    code: r.code,
    ons_code: r.ons_code,
    name: r.name,
    kind: r.kind,
    kind_label: ORGANISATION_KIND_LABELS[r.kind],
    opened_on: r.opened_on,
    closed_on: r.closed_on,
    status: datedStatus(asAt, r.opened_on, r.closed_on),
    postcode: r.postcode,
    derived: r.derived,
    confidence: r.confidence,
    parent:
      r.parent_code && r.parent_name && r.parent_kind
        ? { code: r.parent_code, name: r.parent_name, kind: r.parent_kind }
        : null,
  };
}

interface NetRow {
  id: number;
  code: string;
  name: string;
  kind: NetworkKind;
  focus_type: NetworkSummary['focus_type'];
  focus: string | null;
  formality: NetworkSummary['formality'];
  host_code: string | null;
  host_name_org: string | null;
  host_kind: OrganisationKind | null;
  host_name: string | null;
  region_code: string | null;
  region_name: string | null;
  status: NetworkSummary['status'];
  confidence: 'confirmed' | 'likely';
  footprint_count: number;
}

const NET_COLUMNS = `n.id, n.code, n.name, n.kind, n.focus_type, n.focus, n.formality,
  h.code AS host_code, h.name AS host_name_org, h.kind AS host_kind, n.host_name,
  r.code AS region_code, r.name AS region_name, n.status, n.confidence,
  (SELECT count(*)::int FROM network_footprints f WHERE f.network_id = n.id AND ${LINK_OPEN('f')}) AS footprint_count`;
const NET_JOINS = `LEFT JOIN organisations h ON h.id = n.host_id LEFT JOIN organisations r ON r.id = n.region_id`;

function toNetSummary(r: NetRow): NetworkSummary {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    kind_label: NETWORK_KIND_LABELS[r.kind],
    focus_type: r.focus_type,
    focus: r.focus,
    formality: r.formality,
    host:
      r.host_code && r.host_name_org && r.host_kind
        ? { code: r.host_code, name: r.host_name_org, kind: r.host_kind }
        : null,
    host_name: r.host_name,
    region:
      r.region_code && r.region_name
        ? { code: r.region_code, name: r.region_name, kind: 'nhs_region' }
        : null,
    status: r.status,
    confidence: r.confidence,
    footprint_count: r.footprint_count,
  };
}

/** Filters for listing organisations. `parent` is a code: organisations linked under it on the date. */
export interface OrganisationQuery {
  asAt: string;
  kind?: OrganisationKind | undefined;
  parent?: string | undefined;
  q?: string | undefined;
  /** Include organisations not open on the date (default false). */
  includeClosed?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Lists organisations open on a date, ordered by name, one keyset page at a time. */
export async function listOrganisations(db: Queryable, f: OrganisationQuery): Promise<OrganisationList> {
  const params: unknown[] = [f.asAt];
  const where: string[] = [];
  if (!f.includeClosed) where.push(ORG_OPEN('o'));
  if (f.kind) {
    params.push(f.kind);
    where.push(`o.kind = $${params.length}`);
  }
  if (f.parent) {
    const parentId = await idOfCode(db, f.parent);
    params.push(parentId);
    where.push(`EXISTS (SELECT 1 FROM organisation_links cl WHERE cl.from_id = o.id AND cl.to_id = $${params.length}
      AND cl.kind IN ${PARENT_LINKS} AND ${LINK_OPEN('cl')})`);
  }
  for (const w of searchWords(f.q ?? '')) {
    params.push(`%${w}%`);
    where.push(`(lower(o.name) LIKE $${params.length} OR lower(o.code) LIKE $${params.length})`);
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    params.push(c.name, c.id);
    where.push(`(o.name, o.id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit + 1);
  const rows = await db.query<OrgRow>(
    `SELECT ${ORG_COLUMNS} FROM organisations o ${ORG_PARENT_JOIN}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY o.name, o.id LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    as_at: f.asAt,
    items: page.map((r) => toSummary(r, f.asAt)),
    next_cursor: rows.length > f.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
  };
}

async function idOfCode(db: Queryable, code: string): Promise<number> {
  const [row] = await db.query<{ id: number }>('SELECT id FROM organisations WHERE upper(code) = upper($1)', [
    code,
  ]);
  if (!row) throw new DomainError('not_found', `no organisation has the code "${code}"`, { code });
  return row.id;
}

/** One organisation by ODS code (or numeric id) as at a date: parents top-first, children by kind, networks. */
export async function getOrganisation(
  db: Queryable,
  codeOrId: string,
  asAt: string,
): Promise<OrganisationDetail> {
  const byId = /^\d+$/.test(codeOrId);
  const [row] = await db.query<OrgRow & { source: string | null; notes: string | null }>(
    `SELECT ${ORG_COLUMNS}, o.source, o.notes FROM organisations o ${ORG_PARENT_JOIN}
     WHERE ${byId ? 'o.id = $2::int' : 'upper(o.code) = upper($2)'}`,
    [asAt, codeOrId],
  );
  if (!row)
    throw new DomainError('not_found', `no organisation has the code "${codeOrId}"`, { code: codeOrId });

  const parents = await db.query<OrgRow & { depth: number }>(
    `WITH RECURSIVE chain(id, depth) AS (
       SELECT $2::int, 0
       UNION ALL
       SELECT nxt.to_id, c.depth + 1 FROM chain c
       CROSS JOIN LATERAL (SELECT pl.to_id FROM organisation_links pl
         WHERE pl.from_id = c.id AND pl.kind IN ${PARENT_LINKS} AND ${LINK_OPEN('pl')}
         ORDER BY ${PARENT_ORDER}, pl.id LIMIT 1) nxt
       WHERE c.depth < 12)
     SELECT ${ORG_COLUMNS}, chain.depth FROM chain JOIN organisations o ON o.id = chain.id ${ORG_PARENT_JOIN}
     WHERE chain.depth > 0 ORDER BY chain.depth DESC`,
    [asAt, row.id],
  );

  const childRows = await db.query<OrgRow>(
    `SELECT DISTINCT ON (o.id) ${ORG_COLUMNS} FROM organisation_links cl JOIN organisations o ON o.id = cl.from_id
     ${ORG_PARENT_JOIN}
     WHERE cl.to_id = $2 AND cl.kind IN ${PARENT_LINKS} AND ${LINK_OPEN('cl')} AND ${ORG_OPEN('o')}
     ORDER BY o.id`,
    [asAt, row.id],
  );
  const groups = new Map<OrganisationKind, OrganisationSummary[]>();
  for (const c of childRows) {
    const list = groups.get(c.kind) ?? [];
    list.push(toSummary(c, asAt));
    groups.set(c.kind, list);
  }
  const children = [...groups.entries()]
    .sort((a, b) => KIND_RANK[a[0]] - KIND_RANK[b[0]] || a[0].localeCompare(b[0]))
    .map(([kind, items]) => ({
      kind,
      label: ORGANISATION_KIND_LABELS[kind],
      count: items.length,
      items: items.sort((a, b) => a.name.localeCompare(b.name)),
    }));

  const nets = await db.query<
    NetRow & { role: 'covers' | 'member' | 'host'; link_confidence: 'confirmed' | 'likely' }
  >(
    `SELECT ${NET_COLUMNS}, x.role, x.link_confidence FROM (
       SELECT f.network_id, f.role, f.confidence AS link_confidence FROM network_footprints f
       WHERE f.organisation_id = $2 AND ${LINK_OPEN('f')}
       UNION
       SELECT n2.id, 'host', 'confirmed' FROM networks n2 WHERE n2.host_id = $2
     ) x JOIN networks n ON n.id = x.network_id ${NET_JOINS}
     WHERE ${NET_OPEN('n')}
     ORDER BY n.kind, n.name`,
    [asAt, row.id],
  );

  const succ = async (dir: 'predecessors' | 'successors') => {
    const [self, other] =
      dir === 'successors' ? ['predecessor_id', 'successor_id'] : ['successor_id', 'predecessor_id'];
    const rows = await db.query<{
      code: string;
      name: string;
      kind: OrganisationKind;
      effective_on: string;
      skind: 'merger' | 'split' | 'acquisition' | 'recode';
      notes: string | null;
      confidence: 'confirmed' | 'likely';
    }>(
      `SELECT o.code, o.name, o.kind, s.effective_on, s.kind AS skind, s.notes, s.confidence
       FROM organisation_successions s JOIN organisations o ON o.id = s.${other}
       WHERE s.${self} = $1 ORDER BY s.effective_on, o.name`,
      [row.id],
    );
    return rows.map((r) => ({
      organisation: { code: r.code, name: r.name, kind: r.kind },
      effective_on: r.effective_on,
      kind: r.skind,
      notes: r.notes,
      confidence: r.confidence,
    }));
  };

  return {
    as_at: asAt,
    organisation: { ...toSummary(row, asAt), source: row.source, notes: row.notes },
    parents: parents.map((p) => toSummary(p, asAt)),
    children,
    networks: nets.map((n) => ({ ...toNetSummary(n), role: n.role, link_confidence: n.link_confidence })),
    predecessors: await succ('predecessors'),
    successors: await succ('successors'),
  };
}

/** Filters for listing networks. */
export interface NetworkQuery {
  asAt: string;
  kind?: NetworkKind | undefined;
  q?: string | undefined;
  includeClosed?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Lists networks active on a date, ordered by name. */
export async function listNetworks(db: Queryable, f: NetworkQuery): Promise<NetworkList> {
  const params: unknown[] = [f.asAt];
  const where: string[] = [];
  if (!f.includeClosed) where.push(NET_OPEN('n'));
  if (f.kind) {
    params.push(f.kind);
    where.push(`n.kind = $${params.length}`);
  }
  for (const w of searchWords(f.q ?? '')) {
    params.push(`%${w}%`);
    where.push(`(lower(n.name) LIKE $${params.length} OR lower(n.code) LIKE $${params.length})`);
  }
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    params.push(c.name, c.id);
    where.push(`(n.name, n.id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(f.limit + 1);
  const rows = await db.query<NetRow>(
    `SELECT ${NET_COLUMNS} FROM networks n ${NET_JOINS}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY n.name, n.id LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    as_at: f.asAt,
    items: page.map(toNetSummary),
    next_cursor: rows.length > f.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
  };
}

/** One network by code with its footprint as at a date. */
export async function getNetwork(db: Queryable, code: string, asAt: string): Promise<NetworkDetail> {
  const [n] = await db.query<
    NetRow & {
      footprint_text: string | null;
      outcome_domains: number[];
      established_on: string | null;
      review_on: string | null;
      closed_on: string | null;
      source: string | null;
      notes: string | null;
    }
  >(
    `SELECT ${NET_COLUMNS}, n.footprint_text, n.outcome_domains, n.established_on, n.review_on, n.closed_on, n.source, n.notes
     FROM networks n ${NET_JOINS} WHERE lower(n.code) = lower($2)`,
    [asAt, code],
  );
  if (!n) throw new DomainError('not_found', `no network has the code "${code}"`, { code });
  const fp = await db.query<
    OrgRow & {
      role: 'covers' | 'member' | 'host';
      valid_from: string | null;
      valid_to: string | null;
      fconf: 'confirmed' | 'likely';
    }
  >(
    `SELECT ${ORG_COLUMNS}, f.role, f.valid_from, f.valid_to, f.confidence AS fconf
     FROM network_footprints f JOIN organisations o ON o.id = f.organisation_id ${ORG_PARENT_JOIN}
     WHERE f.network_id = $2 AND ${LINK_OPEN('f')}
     ORDER BY f.role DESC, o.kind, o.name`,
    [asAt, n.id],
  );
  return {
    as_at: asAt,
    network: {
      ...toNetSummary(n),
      footprint_text: n.footprint_text,
      outcome_domains: n.outcome_domains ?? [],
      established_on: n.established_on,
      review_on: n.review_on,
      closed_on: n.closed_on,
      source: n.source,
      notes: n.notes,
    },
    footprint: fp.map((r) => ({
      organisation: toSummary(r, asAt),
      role: r.role,
      valid_from: r.valid_from,
      valid_to: r.valid_to,
      confidence: r.fconf,
    })),
  };
}

/**
 * Search as you type over organisations and networks by name words or code prefix, and, given a
 * workspace (call inside `inWorkspace` for it), that workspace's people by name. Organisations open on
 * the date rank first; an exact code beats a code prefix beats a name match. A person's hit has the
 * person's id as its code, their current post's title (or first profession) as its kind label and
 * where that post is held as its context.
 */
export async function search(
  db: Queryable,
  q: string,
  asAt: string,
  limit: number,
  workspaceId: number | null = null,
): Promise<SearchResult> {
  const words = searchWords(q);
  if (words.length === 0) return { as_at: asAt, q, items: [] };
  const code = q.trim().toLowerCase();
  const params: unknown[] = [asAt, code, `${code.replace(/[\\%_]/g, (m) => `\\${m}`)}%`];
  const nameConds = words.map((w) => {
    params.push(`%${w}%`);
    return `lower(x.name) LIKE $${params.length}`;
  });
  let people = '';
  if (workspaceId !== null) {
    params.push(workspaceId);
    const w = `$${params.length}`;
    people = `UNION ALL
       SELECT 'person', p.id::text, p.given_name || ' ' || p.family_name, 'person', NULL::date, NULL::date, true,
              coalesce(cur.org_name, cur.net_name), p.honorific, p.given_name, p.family_name, p.postnominals,
              cur.title, p.professions[1]
       FROM people p
       LEFT JOIN LATERAL (
         SELECT po.title, o.name AS org_name, nw.name AS net_name FROM posts po
         LEFT JOIN organisations o ON o.id = po.organisation_id LEFT JOIN networks nw ON nw.id = po.network_id
         WHERE po.workspace_id = ${w} AND po.person_id = p.id
           AND (po.valid_from IS NULL OR po.valid_from <= $1::date) AND (po.valid_to IS NULL OR po.valid_to >= $1::date)
         ORDER BY po.valid_from DESC NULLS LAST, po.id LIMIT 1) cur ON true
       WHERE p.workspace_id = ${w}
         AND ${words.map((_, i) => `lower(p.given_name || ' ' || p.family_name) LIKE $${i + 4}`).join(' AND ')}`;
  }
  params.push(limit);
  const rows = await db.query<{
    type: 'organisation' | 'network' | 'person';
    code: string;
    name: string;
    kind: string;
    context: string | null;
    is_open: boolean;
    opened_on: string | null;
    closed_on: string | null;
    honorific: string | null;
    given_name: string | null;
    family_name: string | null;
    postnominals: string | null;
    post_title: string | null;
    profession: Profession | null;
    score: number;
  }>(
    `WITH cand AS (
       SELECT 'organisation' AS type, o.code, o.name, o.kind, o.opened_on, o.closed_on, ${ORG_OPEN('o')} AS is_open,
              par.name AS context, NULL::text AS honorific, NULL::text AS given_name, NULL::text AS family_name,
              NULL::text AS postnominals, NULL::text AS post_title,
              NULL::text AS profession
       FROM organisations o ${ORG_PARENT_JOIN}
       WHERE lower(o.code) LIKE $3 OR (${words.map((_, i) => `lower(o.name) LIKE $${i + 4}`).join(' AND ')})
       UNION ALL
       SELECT 'network', n.code, n.name, n.kind, n.established_on, n.closed_on, ${NET_OPEN('n')}, r.name,
              NULL, NULL, NULL, NULL, NULL, NULL
       FROM networks n LEFT JOIN organisations r ON r.id = n.region_id
       WHERE lower(n.code) LIKE $3 OR (${words.map((_, i) => `lower(n.name) LIKE $${i + 4}`).join(' AND ')})
       ${people}
     )
     SELECT x.*, (CASE WHEN x.type = 'person' THEN 0 WHEN lower(x.code) = $2 THEN 4 WHEN lower(x.code) LIKE $3 THEN 2 ELSE 0 END
       + CASE WHEN ${nameConds.join(' AND ')} THEN 1 ELSE 0 END
       + CASE WHEN lower(x.name) LIKE '%' || $2 || '%' THEN 0.5 ELSE 0 END
       + CASE WHEN x.is_open THEN 1 ELSE 0 END
       + CASE x.kind WHEN 'nhs_region' THEN 0.7 WHEN 'icb' THEN 0.6 WHEN 'nhs_trust' THEN 0.2 WHEN 'sub_icb_location' THEN 0.1 ELSE 0.15 END
       + similarity(lower(x.name), $2)::float8) AS score
     FROM cand x ORDER BY score DESC, x.name LIMIT $${params.length}`,
    params,
  );
  return {
    as_at: asAt,
    q,
    items: rows.map((r) => {
      return {
        type: r.type,
        code: r.code,
        name:
          r.type === 'person'
            ? displayName({
                honorific: r.honorific,
                given_name: r.given_name ?? '',
                family_name: r.family_name ?? '',
                postnominals: r.postnominals,
              })
            : r.name,
        kind: r.kind,
        kind_label:
          r.type === 'organisation'
            ? ORGANISATION_KIND_LABELS[r.kind as OrganisationKind]
            : r.type === 'network'
              ? NETWORK_KIND_LABELS[r.kind as NetworkKind]
              : (r.post_title ?? (r.profession ? PROFESSION_LABELS[r.profession] : 'Person')),
        context: r.context,
        status: datedStatus(asAt, r.opened_on, r.closed_on),
        score: Math.round(r.score * 1000) / 1000,
      };
    }),
  };
}

/** Counts of organisations and networks open on a date, by kind. */
export async function countOpen(
  db: Queryable,
  asAt: string,
): Promise<{ organisations: Record<string, number>; networks: Record<string, number> }> {
  const orgs = await db.query<{ kind: string; n: number }>(
    `SELECT o.kind, count(*)::int AS n FROM organisations o WHERE ${ORG_OPEN('o')} GROUP BY o.kind ORDER BY o.kind`,
    [asAt],
  );
  const nets = await db.query<{ kind: string; n: number }>(
    `SELECT n.kind, count(*)::int AS n FROM networks n WHERE ${NET_OPEN('n')} GROUP BY n.kind ORDER BY n.kind`,
    [asAt],
  );
  return {
    organisations: Object.fromEntries(orgs.map((r) => [r.kind, r.n])),
    networks: Object.fromEntries(nets.map((r) => [r.kind, r.n])),
  };
}

/** The national summary as at a date: regions → ICBs with counts of what sits under each. */
export async function nationalSummary(db: Queryable, asAt: string): Promise<NationalSummary> {
  const counts = await countOpen(db, asAt);
  const icbs = await db.query<{
    region_code: string;
    region_name: string;
    code: string;
    ons_code: string | null;
    name: string;
    id: number;
  }>(
    `SELECT r.code AS region_code, r.name AS region_name, o.code, o.ons_code, o.name, o.id
     FROM organisations o
     JOIN organisation_links l ON l.from_id = o.id AND l.kind = 'part_of' AND ${LINK_OPEN('l')}
     JOIN organisations r ON r.id = l.to_id AND r.kind = 'nhs_region'
     WHERE o.kind = 'icb' AND ${ORG_OPEN('o')}
     ORDER BY r.name, o.name`,
    [asAt],
  );
  const regions = await db.query<{ code: string; name: string }>(
    `SELECT o.code, o.name FROM organisations o WHERE o.kind = 'nhs_region' AND ${ORG_OPEN('o')} ORDER BY o.name`,
    [asAt],
  );
  const childCounts = await db.query<{ parent_id: number; kind: string; n: number }>(
    `SELECT l.to_id AS parent_id, o.kind, count(DISTINCT o.id)::int AS n
     FROM organisation_links l JOIN organisations o ON o.id = l.from_id
     JOIN organisations p ON p.id = l.to_id AND p.kind = 'icb'
     WHERE l.kind IN ${PARENT_LINKS} AND ${LINK_OPEN('l')} AND ${ORG_OPEN('o')}
     GROUP BY l.to_id, o.kind`,
    [asAt],
  );
  const byIcb = new Map<number, Record<string, number>>();
  for (const c of childCounts) {
    const m = byIcb.get(c.parent_id) ?? {};
    m[c.kind] = c.n;
    byIcb.set(c.parent_id, m);
  }
  return {
    as_at: asAt,
    organisations: counts.organisations,
    networks: counts.networks,
    regions: regions.map((r) => ({
      code: r.code,
      name: r.name,
      icbs: icbs
        .filter((i) => i.region_code === r.code)
        .map((i) => ({ code: i.code, ons_code: i.ons_code, name: i.name, counts: byIcb.get(i.id) ?? {} })),
    })),
  };
}
