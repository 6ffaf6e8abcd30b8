import { DomainError } from '../core/errors.ts';
import type { NetworkKind, OrganisationKind } from '../core/landscape.ts';
import { searchWords } from '../core/paging.ts';
import type { Decision, LawfulBasis, Level, PersonaCategory, Profession } from '../core/people.ts';
import { displayName } from '../core/people.ts';
import type { Person, Persona, PersonSummary, Post } from '../shared/people-schemas.ts';
import type { Queryable } from './db.ts';
import { openOnSql, type PeopleCtx, staleSql } from './people-ctx.ts';
import { isoTimestamp } from './sql.ts';

// ---- rows and their mapping -----------------------------------------------------------------

/** A person as stored (the columns of `people` the API shows). */
export interface PersonRow {
  id: number;
  honorific: string | null;
  given_name: string;
  family_name: string;
  postnominals: string | null;
  professions: Profession[];
  specialty: string | null;
  email: string | null;
  phone: string | null;
  work_address: string | null;
  do_not_contact: boolean;
  engaged: boolean;
  source: string;
  lawful_basis: LawfulBasis;
  last_verified_on: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const PERSON_COLS = `p.id, p.honorific, p.given_name, p.family_name, p.postnominals, p.professions, p.specialty,
  p.email, p.phone, p.work_address, p.do_not_contact, p.engaged, p.source, p.lawful_basis, p.last_verified_on,
  p.notes, ${isoTimestamp('p.created_at')} AS created_at, ${isoTimestamp('p.updated_at')} AS updated_at, p.version`;

/** A post as stored, with what it points at (ids for the rules, codes and names for the API). */
export interface PostRow {
  id: number;
  person_id: number;
  organisation_id: number | null;
  network_id: number | null;
  persona_id: number | null;
  pe_honorific: string | null;
  pe_given: string;
  pe_family: string;
  pe_postnominals: string | null;
  org_code: string | null;
  org_name: string | null;
  org_kind: OrganisationKind | null;
  net_code: string | null;
  net_name: string | null;
  net_kind: NetworkKind | null;
  title: string;
  persona_code: string | null;
  persona_name: string | null;
  level: Level;
  valid_from: string | null;
  valid_to: string | null;
  source: string | null;
  last_verified_on: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const POST_COLS = `po.id, po.person_id, po.organisation_id, po.network_id, po.persona_id,
  pe.honorific AS pe_honorific, pe.given_name AS pe_given, pe.family_name AS pe_family,
  pe.postnominals AS pe_postnominals,
  o.code AS org_code, o.name AS org_name, o.kind AS org_kind,
  n.code AS net_code, n.name AS net_name, n.kind AS net_kind,
  po.title, pa.code AS persona_code, pa.name AS persona_name, po.level, po.valid_from, po.valid_to,
  po.source, po.last_verified_on, ${isoTimestamp('po.created_at')} AS created_at,
  ${isoTimestamp('po.updated_at')} AS updated_at, po.version`;
const POST_FROM = `posts po JOIN people pe ON pe.id = po.person_id
  LEFT JOIN organisations o ON o.id = po.organisation_id
  LEFT JOIN networks n ON n.id = po.network_id
  LEFT JOIN personas pa ON pa.id = po.persona_id`;

/** Posts newest first: open-ended ones, then by end date, then by start date. */
const POST_NEWEST_FIRST = `(po.valid_to IS NULL) DESC, po.valid_to DESC, po.valid_from DESC NULLS LAST, po.id DESC`;

/** A persona as stored, with the count of this workspace's posts open today that carry it. */
export interface PersonaRow {
  id: number;
  workspace_id: number | null;
  code: string;
  name: string;
  category: PersonaCategory;
  level: Level;
  summary: string;
  decisions: Decision[];
  looks_for: string[];
  professions: Profession[];
  sort_order: number;
  version: number;
  posts: number;
}

const stale = (lastVerifiedOn: string | null, ctx: PeopleCtx) =>
  lastVerifiedOn === null || lastVerifiedOn < ctx.staleBefore;

/** A person row as the API's Person. */
export function toPerson(r: PersonRow, ctx: PeopleCtx): Person {
  return {
    id: r.id,
    name: displayName(r),
    honorific: r.honorific,
    given_name: r.given_name,
    family_name: r.family_name,
    postnominals: r.postnominals,
    professions: r.professions ?? [],
    specialty: r.specialty,
    email: r.email,
    phone: r.phone,
    work_address: r.work_address,
    do_not_contact: r.do_not_contact,
    engaged: r.engaged,
    source: r.source,
    lawful_basis: r.lawful_basis,
    last_verified_on: r.last_verified_on,
    stale: stale(r.last_verified_on, ctx),
    notes: r.notes,
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  };
}

/** A post row as the API's Post. */
export function toPost(r: PostRow, ctx: PeopleCtx): Post {
  return {
    id: r.id,
    person: {
      id: r.person_id,
      name: displayName({
        honorific: r.pe_honorific,
        given_name: r.pe_given,
        family_name: r.pe_family,
        postnominals: r.pe_postnominals,
      }),
    },
    organisation:
      r.org_code && r.org_name && r.org_kind
        ? { code: r.org_code, name: r.org_name, kind: r.org_kind }
        : null,
    network:
      r.net_code && r.net_name && r.net_kind
        ? { code: r.net_code, name: r.net_name, kind: r.net_kind }
        : null,
    title: r.title,
    persona: r.persona_code && r.persona_name ? { code: r.persona_code, name: r.persona_name } : null,
    level: r.level,
    valid_from: r.valid_from,
    valid_to: r.valid_to,
    source: r.source,
    last_verified_on: r.last_verified_on,
    stale: stale(r.last_verified_on, ctx),
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  };
}

function toPersona(r: PersonaRow): Persona {
  return {
    code: r.code,
    name: r.name,
    category: r.category,
    level: r.level,
    summary: r.summary,
    decisions: r.decisions ?? [],
    looks_for: r.looks_for ?? [],
    professions: r.professions ?? [],
    custom: r.workspace_id !== null,
    posts: r.posts,
    version: r.version,
  };
}

function toSummary(r: PersonRow, ctx: PeopleCtx, posts: PostRow[]): PersonSummary {
  const { notes: _notes, work_address: _address, ...rest } = toPerson(r, ctx);
  return {
    ...rest,
    current_posts: posts.map((p) => {
      const post = toPost(p, ctx);
      return {
        id: post.id,
        title: post.title,
        organisation: post.organisation,
        network: post.network,
        persona: post.persona,
      };
    }),
  };
}

// ---- filters --------------------------------------------------------------------------------

/** Filters for listing people (the API's PeopleFilter). Post filters match one post open on `as_at`. */
export interface PeopleQuery {
  q?: string | undefined;
  persona?: string | undefined;
  organisation?: string | undefined;
  network?: string | undefined;
  level?: Level | undefined;
  profession?: Profession | undefined;
  stale?: 'true' | 'false' | boolean | undefined;
  /** only people the workspace engages (true) or does not (false) */
  engaged?: 'true' | 'false' | boolean | undefined;
  /** default: ctx.today */
  as_at?: string | undefined;
  limit: number;
  offset: number;
}

/** Filters for listing posts (the API's PostFilter). Without `as_at`, every post, past and future. */
export interface PostQuery {
  person?: number | undefined;
  organisation?: string | undefined;
  network?: string | undefined;
  persona?: string | undefined;
  level?: Level | undefined;
  stale?: 'true' | 'false' | boolean | undefined;
  as_at?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * SQL for the id of the organisation (or network) whose code is in a parameter, by the codes' unique
 * index: as typed, or upper-cased (ODS codes) or lower-cased (network slugs).
 */
const orgIdSql = (param: string) =>
  `(SELECT id FROM organisations WHERE code IN (${param}, upper(${param})) LIMIT 1)`;
const netIdSql = (param: string) =>
  `(SELECT id FROM networks WHERE code IN (${param}, upper(${param}), lower(${param})) LIMIT 1)`;

/** The total of a list: counted only when the page does not already tell it. */
async function totalOf(
  q: Queryable,
  countSql: string,
  params: unknown[],
  offset: number,
  limit: number,
  rows: number,
): Promise<number> {
  if (rows > 0 && rows < limit) return offset + rows;
  if (rows === 0 && offset === 0) return 0;
  const [count] = await q.query<{ n: number }>(countSql, params);
  return count?.n ?? 0;
}

const truthy = (v: 'true' | 'false' | boolean | undefined) =>
  v === undefined ? undefined : v === true || v === 'true';

/** The values a person's row is written with (insert and update alike). */
export interface PersonValues {
  honorific: string | null;
  given_name: string;
  family_name: string;
  postnominals: string | null;
  professions: Profession[];
  specialty: string | null;
  email: string | null;
  phone: string | null;
  work_address: string | null;
  do_not_contact: boolean;
  engaged: boolean;
  source: string;
  lawful_basis: LawfulBasis;
  last_verified_on: string | null;
  notes: string | null;
}

/** The columns a person's values are written to, in the order of their parameters. */
const PERSON_COLUMNS = [
  'honorific',
  'given_name',
  'family_name',
  'postnominals',
  'professions',
  'specialty',
  'email',
  'phone',
  'work_address',
  'do_not_contact',
  'engaged',
  'source',
  'lawful_basis',
  'last_verified_on',
  'notes',
] as const satisfies readonly (keyof PersonValues)[];

/** Every value of a person has its column (this fails to compile when one is added without it). */
export const PERSON_COLUMNS_COMPLETE: [Exclude<keyof PersonValues, (typeof PERSON_COLUMNS)[number]>] extends [
  never,
]
  ? true
  : never = true;

/** A column's cast in an insert or update (an array parameter needs its type). */
const castOf = (c: (typeof PERSON_COLUMNS)[number]) => (c === 'professions' ? '::text[]' : '');

/** A person's values as parameters, in the order of PERSON_COLUMNS. */
const personParams = (v: PersonValues) => PERSON_COLUMNS.map((c) => v[c]);

/** The values a post's row is written with. */
export interface PostValues {
  person_id: number;
  organisation_id: number | null;
  network_id: number | null;
  title: string;
  persona_id: number | null;
  level: Level;
  valid_from: string | null;
  valid_to: string | null;
  source: string | null;
  last_verified_on: string | null;
}

/** The values a workspace's own persona is written with. */
export interface PersonaValues {
  name: string;
  level: Level;
  summary: string;
  decisions: Decision[];
  looks_for: string[];
  professions: Profession[];
}

/** What a post is held at: an organisation or a network, with the dates it was open. */
export interface Holder {
  type: 'organisation' | 'network';
  id: number;
  code: string;
  name: string;
  kind: string;
  opened_on: string | null;
  closed_on: string | null;
}

// ---- the repository -------------------------------------------------------------------------

/**
 * People, posts and personas of one workspace. Every statement carries `workspace_id = $1` (the
 * first wall; row-level security is the second), and every list runs a fixed number of statements
 * whatever the page size: a page of people gets its current posts in one more query.
 */
export function peopleRepo(q: Queryable, ctx: PeopleCtx) {
  const ws = ctx.workspaceId;

  /** The posts open on `asAt` of each person in `ids`, in one query. */
  async function currentPostsOf(ids: number[], asAt: string): Promise<Map<number, PostRow[]>> {
    const out = new Map<number, PostRow[]>();
    if (ids.length === 0) return out;
    const rows = await q.query<PostRow>(
      `SELECT ${POST_COLS} FROM ${POST_FROM}
       WHERE po.workspace_id = $1 AND po.person_id = ANY($2::int[]) AND ${openOnSql('po', '$3')}
       ORDER BY pa.sort_order NULLS LAST, po.valid_from DESC NULLS LAST, po.id`,
      [ws, ids, asAt],
    );
    for (const r of rows) {
      const list = out.get(r.person_id) ?? [];
      list.push(r);
      out.set(r.person_id, list);
    }
    return out;
  }

  /** People rows as summaries with their posts open on `asAt`. */
  async function summaries(rows: PersonRow[], asAt: string): Promise<PersonSummary[]> {
    const posts = await currentPostsOf(
      rows.map((r) => r.id),
      asAt,
    );
    return rows.map((r) => toSummary(r, ctx, posts.get(r.id) ?? []));
  }

  /** SQL for a persona code this workspace can use (catalogue or its own), as a set of ids. */
  const personaIds = (param: string) =>
    `(SELECT id FROM personas WHERE code = ${param} AND (workspace_id IS NULL OR workspace_id = $1))`;

  return {
    /** One person's row, or null when this workspace has no such person. `lock` takes a row lock. */
    async findPersonRow(id: number, lock = false): Promise<PersonRow | null> {
      const [r] = await q.query<PersonRow>(
        `SELECT ${PERSON_COLS} FROM people p WHERE p.workspace_id = $1 AND p.id = $2${lock ? ' FOR UPDATE' : ''}`,
        [ws, id],
      );
      return r ?? null;
    },

    /** One person; DomainError('not_found') when not in this workspace. */
    async getPerson(id: number): Promise<Person> {
      const r = await this.findPersonRow(id);
      if (!r) throw new DomainError('not_found', `no person ${id} in this workspace`);
      return toPerson(r, ctx);
    },

    /** People ordered by family and given name, with the posts each holds on `as_at`, and the total. */
    async listPeople(f: PeopleQuery): Promise<{ as_at: string; total: number; items: PersonSummary[] }> {
      const asAt = f.as_at ?? ctx.today;
      const params: unknown[] = [ws];
      const where = ['p.workspace_id = $1'];
      for (const w of searchWords(f.q ?? '')) {
        params.push(`%${w}%`);
        const n = `$${params.length}`;
        where.push(`(lower(p.given_name || ' ' || p.family_name) LIKE ${n} OR lower(p.email) LIKE ${n})`);
      }
      if (f.profession) {
        params.push(f.profession);
        where.push(`$${params.length} = ANY(p.professions)`);
      }
      const st = truthy(f.stale);
      if (st !== undefined) {
        params.push(ctx.staleBefore);
        const s = staleSql('p.last_verified_on', `$${params.length}`);
        where.push(st ? s : `NOT ${s}`);
      }
      const eng = truthy(f.engaged);
      if (eng !== undefined) where.push(eng ? 'p.engaged' : 'NOT p.engaged');
      const postWhere: string[] = [];
      if (f.persona) {
        params.push(f.persona);
        postWhere.push(`po.persona_id IN ${personaIds(`$${params.length}`)}`);
      }
      if (f.organisation) {
        params.push(f.organisation);
        postWhere.push(`po.organisation_id = ${orgIdSql(`$${params.length}`)}`);
      }
      if (f.network) {
        params.push(f.network);
        postWhere.push(`po.network_id = ${netIdSql(`$${params.length}`)}`);
      }
      if (f.level) {
        params.push(f.level);
        postWhere.push(`po.level = $${params.length}`);
      }
      if (postWhere.length) {
        params.push(asAt);
        postWhere.push(openOnSql('po', `$${params.length}`));
        where.push(`EXISTS (SELECT 1 FROM posts po WHERE po.workspace_id = $1 AND po.person_id = p.id
          AND ${postWhere.join(' AND ')})`);
      }
      const cond = where.join(' AND ');
      const rows = await q.query<PersonRow>(
        `SELECT ${PERSON_COLS} FROM people p WHERE ${cond}
         ORDER BY p.family_name, p.given_name, p.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, f.limit, f.offset],
      );
      const total = await totalOf(
        q,
        `SELECT count(*)::int AS n FROM people p WHERE ${cond}`,
        params,
        f.offset,
        f.limit,
        rows.length,
      );
      return { as_at: asAt, total, items: await summaries(rows, asAt) };
    },

    /** The people verified longest ago (never verified first), with their current posts. */
    async stalestPeople(limit: number): Promise<PersonSummary[]> {
      const rows = await q.query<PersonRow>(
        `SELECT ${PERSON_COLS} FROM people p
         WHERE p.workspace_id = $1 AND ${staleSql('p.last_verified_on', '$2')}
         ORDER BY p.last_verified_on NULLS FIRST, p.family_name, p.given_name, p.id LIMIT $3`,
        [ws, ctx.staleBefore, limit],
      );
      return summaries(rows, ctx.today);
    },

    /** Inserts a person; returns the new id. */
    async insertPerson(v: PersonValues, actorId: number | null, at: Date): Promise<number> {
      const n = PERSON_COLUMNS.length;
      const [r] = await q.query<{ id: number }>(
        `INSERT INTO people (workspace_id, ${PERSON_COLUMNS.join(', ')}, created_by, updated_by, created_at, updated_at)
         VALUES ($1, ${PERSON_COLUMNS.map((c, i) => `$${i + 2}${castOf(c)}`).join(', ')},
           $${n + 2}, $${n + 2}, $${n + 3}, $${n + 3})
         RETURNING id`,
        [ws, ...personParams(v), actorId, at.toISOString()],
      );
      return r!.id;
    },

    /** Writes a person's values when `version` is still current; false when it is not. */
    async updatePerson(
      id: number,
      version: number,
      v: PersonValues,
      actorId: number | null,
      at: Date,
    ): Promise<boolean> {
      const n = PERSON_COLUMNS.length;
      const rows = await q.query<{ id: number }>(
        `UPDATE people SET ${PERSON_COLUMNS.map((c, i) => `${c} = $${i + 4}${castOf(c)}`).join(', ')},
           updated_by = $${n + 4}, updated_at = $${n + 5}, version = version + 1
         WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [ws, id, version, ...personParams(v), actorId, at.toISOString()],
      );
      return rows.length === 1;
    },

    /** Deletes a person (their posts, memberships and relationships go with them); the rows removed. */
    async deletePerson(id: number): Promise<{ posts: number; memberships: number; relationships: number }> {
      const [c] = await q.query<{ posts: number; memberships: number; relationships: number }>(
        `SELECT (SELECT count(*)::int FROM posts WHERE workspace_id = $1 AND person_id = $2) AS posts,
           (SELECT count(*)::int FROM network_memberships WHERE workspace_id = $1 AND person_id = $2) AS memberships,
           (SELECT count(*)::int FROM relationships WHERE workspace_id = $1
              AND (from_person_id = $2 OR to_person_id = $2)) AS relationships`,
        [ws, id],
      );
      await q.query('DELETE FROM people WHERE workspace_id = $1 AND id = $2', [ws, id]);
      return c ?? { posts: 0, memberships: 0, relationships: 0 };
    },

    /** One post's row, or null. `lock` takes a row lock on the post. */
    async findPostRow(id: number, lock = false): Promise<PostRow | null> {
      const [r] = await q.query<PostRow>(
        `SELECT ${POST_COLS} FROM ${POST_FROM} WHERE po.workspace_id = $1 AND po.id = $2${lock ? ' FOR UPDATE OF po' : ''}`,
        [ws, id],
      );
      return r ?? null;
    },

    /** One post; DomainError('not_found') when not in this workspace. */
    async getPost(id: number): Promise<Post> {
      const r = await this.findPostRow(id);
      if (!r) throw new DomainError('not_found', `no post ${id} in this workspace`);
      return toPost(r, ctx);
    },

    /** Every post a person has held, holds or will hold, newest first. */
    async postsOfPerson(personId: number): Promise<Post[]> {
      const rows = await q.query<PostRow>(
        `SELECT ${POST_COLS} FROM ${POST_FROM} WHERE po.workspace_id = $1 AND po.person_id = $2
         ORDER BY ${POST_NEWEST_FIRST}`,
        [ws, personId],
      );
      return rows.map((r) => toPost(r, ctx));
    },

    /** Posts, filtered, newest first, with the total. */
    async listPosts(f: PostQuery): Promise<{ total: number; items: Post[] }> {
      const params: unknown[] = [ws];
      const where = ['po.workspace_id = $1'];
      if (f.person) {
        params.push(f.person);
        where.push(`po.person_id = $${params.length}`);
      }
      if (f.organisation) {
        params.push(f.organisation);
        where.push(`po.organisation_id = ${orgIdSql(`$${params.length}`)}`);
      }
      if (f.network) {
        params.push(f.network);
        where.push(`po.network_id = ${netIdSql(`$${params.length}`)}`);
      }
      if (f.persona) {
        params.push(f.persona);
        where.push(`po.persona_id IN ${personaIds(`$${params.length}`)}`);
      }
      if (f.level) {
        params.push(f.level);
        where.push(`po.level = $${params.length}`);
      }
      const st = truthy(f.stale);
      if (st !== undefined) {
        params.push(ctx.staleBefore);
        const s = staleSql('po.last_verified_on', `$${params.length}`);
        where.push(st ? s : `NOT ${s}`);
      }
      if (f.as_at) {
        params.push(f.as_at);
        where.push(openOnSql('po', `$${params.length}`));
      }
      const cond = where.join(' AND ');
      const rows = await q.query<PostRow>(
        `SELECT ${POST_COLS} FROM ${POST_FROM} WHERE ${cond}
         ORDER BY ${POST_NEWEST_FIRST} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, f.limit, f.offset],
      );
      const total = await totalOf(
        q,
        `SELECT count(*)::int AS n FROM posts po WHERE ${cond}`,
        params,
        f.offset,
        f.limit,
        rows.length,
      );
      return { total, items: rows.map((r) => toPost(r, ctx)) };
    },

    /** The posts held at one organisation on a date, by persona then title then name. */
    async postsAtOrganisation(organisationId: number, asAt: string): Promise<Post[]> {
      const rows = await q.query<PostRow>(
        `SELECT ${POST_COLS} FROM ${POST_FROM}
         WHERE po.workspace_id = $1 AND po.organisation_id = $2 AND ${openOnSql('po', '$3')}
         ORDER BY pa.sort_order NULLS LAST, po.title, pe.family_name, pe.given_name, po.id`,
        [ws, organisationId, asAt],
      );
      return rows.map((r) => toPost(r, ctx));
    },

    /** The same person's posts at the same body with the same title (for the overlap rule). */
    async samePosts(
      personId: number,
      holder: { organisation_id: number | null; network_id: number | null },
      title: string,
    ): Promise<{ id: number; valid_from: string | null; valid_to: string | null }[]> {
      return q.query(
        `SELECT id, valid_from, valid_to FROM posts
         WHERE workspace_id = $1 AND person_id = $2
           AND organisation_id IS NOT DISTINCT FROM $3::int AND network_id IS NOT DISTINCT FROM $4::int
           AND lower(btrim(title)) = lower(btrim($5))`,
        [ws, personId, holder.organisation_id, holder.network_id, title],
      );
    },

    /** Inserts a post; returns the new id. */
    async insertPost(v: PostValues, at: Date): Promise<number> {
      const [r] = await q.query<{ id: number }>(
        `INSERT INTO posts (workspace_id, person_id, organisation_id, network_id, title, persona_id, level,
           valid_from, valid_to, source, last_verified_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
        [
          ws,
          v.person_id,
          v.organisation_id,
          v.network_id,
          v.title,
          v.persona_id,
          v.level,
          v.valid_from,
          v.valid_to,
          v.source,
          v.last_verified_on,
          at.toISOString(),
        ],
      );
      return r!.id;
    },

    /** Writes a post's changeable values when `version` is still current; false when it is not. */
    async updatePost(id: number, version: number, v: PostValues, at: Date): Promise<boolean> {
      const rows = await q.query<{ id: number }>(
        `UPDATE posts SET title = $4, persona_id = $5, level = $6, valid_from = $7, valid_to = $8, source = $9,
           last_verified_on = $10, updated_at = $11, version = version + 1
         WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [
          ws,
          id,
          version,
          v.title,
          v.persona_id,
          v.level,
          v.valid_from,
          v.valid_to,
          v.source,
          v.last_verified_on,
          at.toISOString(),
        ],
      );
      return rows.length === 1;
    },

    async deletePost(id: number): Promise<void> {
      await q.query('DELETE FROM posts WHERE workspace_id = $1 AND id = $2', [ws, id]);
    },

    /** An organisation (by ODS code) or network (by code) a post can be held at, or null. */
    async findHolder(type: 'organisation' | 'network', code: string): Promise<Holder | null> {
      const [r] =
        type === 'organisation'
          ? await q.query<Holder>(
              `SELECT 'organisation' AS type, id, code, name, kind, opened_on, closed_on
               FROM organisations WHERE code IN ($1, upper($1)) LIMIT 1`,
              [code],
            )
          : await q.query<Holder>(
              `SELECT 'network' AS type, id, code, name, kind, established_on AS opened_on, closed_on
               FROM networks WHERE code IN ($1, upper($1), lower($1)) LIMIT 1`,
              [code],
            );
      return r ?? null;
    },

    /** The holder a post is already at (for updates). */
    async holderOf(post: PostRow): Promise<Holder> {
      const h = post.organisation_id
        ? await this.findHolder('organisation', post.org_code!)
        : await this.findHolder('network', post.net_code!);
      return h!;
    },

    // ---- personas -----------------------------------------------------------------------------

    /** The national catalogue and this workspace's own personas, each with its posts open today. */
    async listPersonas(): Promise<Persona[]> {
      const rows = await q.query<PersonaRow>(
        `SELECT pa.id, pa.workspace_id, pa.code, pa.name, pa.category, pa.level, pa.summary, pa.decisions,
           pa.looks_for, pa.professions, pa.sort_order, pa.version, coalesce(c.n, 0)::int AS posts
         FROM personas pa
         LEFT JOIN (SELECT po.persona_id, count(*) AS n FROM posts po
                    WHERE po.workspace_id = $1 AND po.persona_id IS NOT NULL AND ${openOnSql('po', '$2')}
                    GROUP BY po.persona_id) c ON c.persona_id = pa.id
         WHERE pa.workspace_id IS NULL OR pa.workspace_id = $1
         ORDER BY (pa.workspace_id IS NOT NULL), pa.sort_order, pa.name`,
        [ws, ctx.today],
      );
      return rows.map(toPersona);
    },

    /** One persona's row by code: this workspace's own before the catalogue's; null when neither. */
    async findPersonaRow(code: string): Promise<PersonaRow | null> {
      const [r] = await q.query<PersonaRow>(
        `SELECT pa.id, pa.workspace_id, pa.code, pa.name, pa.category, pa.level, pa.summary, pa.decisions,
           pa.looks_for, pa.professions, pa.sort_order, pa.version,
           (SELECT count(*)::int FROM posts po WHERE po.workspace_id = $1 AND po.persona_id = pa.id
              AND ${openOnSql('po', '$3')}) AS posts
         FROM personas pa WHERE pa.code = $2 AND (pa.workspace_id IS NULL OR pa.workspace_id = $1)
         ORDER BY pa.workspace_id NULLS LAST LIMIT 1`,
        [ws, code, ctx.today],
      );
      return r ?? null;
    },

    /** One persona; DomainError('not_found') when neither the catalogue nor this workspace has it. */
    async getPersona(code: string): Promise<Persona> {
      const r = await this.findPersonaRow(code);
      if (!r) throw new DomainError('not_found', `no persona has the code "${code}"`, { code });
      return toPersona(r);
    },

    /** Codes already taken (catalogue or this workspace) among those given. */
    async takenPersonaCodes(codes: string[]): Promise<Set<string>> {
      const rows = await q.query<{ code: string }>(
        'SELECT code FROM personas WHERE code = ANY($2::text[]) AND (workspace_id IS NULL OR workspace_id = $1)',
        [ws, codes],
      );
      return new Set(rows.map((r) => r.code));
    },

    async insertPersona(code: string, v: PersonaValues, at: Date): Promise<void> {
      await q.query(
        `INSERT INTO personas (workspace_id, code, name, category, level, summary, decisions, looks_for,
           professions, created_at, updated_at)
         VALUES ($1, $2, $3, 'custom', $4, $5, $6::text[], $7::text[], $8::text[], $9, $9)`,
        [ws, code, v.name, v.level, v.summary, v.decisions, v.looks_for, v.professions, at.toISOString()],
      );
    },

    /** Writes a workspace persona when `version` is still current; false when it is not. */
    async updatePersona(code: string, version: number, v: PersonaValues, at: Date): Promise<boolean> {
      const rows = await q.query<{ id: number }>(
        `UPDATE personas SET name = $4, level = $5, summary = $6, decisions = $7::text[], looks_for = $8::text[],
           professions = $9::text[], updated_at = $10, version = version + 1
         WHERE workspace_id = $1 AND code = $2 AND version = $3 RETURNING id`,
        [
          ws,
          code,
          version,
          v.name,
          v.level,
          v.summary,
          v.decisions,
          v.looks_for,
          v.professions,
          at.toISOString(),
        ],
      );
      return rows.length === 1;
    },

    async deletePersona(code: string): Promise<void> {
      await q.query('DELETE FROM personas WHERE workspace_id = $1 AND code = $2', [ws, code]);
    },

    // ---- freshness ----------------------------------------------------------------------------

    /** Totals and stale counts of people, posts, memberships and relationships, in one statement. */
    async freshnessCounts(): Promise<
      Record<'people' | 'posts' | 'memberships' | 'relationships', { total: number; stale: number }>
    > {
      const part = (table: string) =>
        `(SELECT json_build_object('total', count(*)::int,
            'stale', (count(*) FILTER (WHERE ${staleSql('last_verified_on', '$2')}))::int)
          FROM ${table} WHERE workspace_id = $1)`;
      const [r] = await q.query<{ c: Record<string, { total: number; stale: number }> | string }>(
        `SELECT json_build_object('people', ${part('people')}, 'posts', ${part('posts')},
           'memberships', ${part('network_memberships')}, 'relationships', ${part('relationships')}) AS c`,
        [ws, ctx.staleBefore],
      );
      const c = typeof r!.c === 'string' ? JSON.parse(r!.c) : r!.c;
      return c as Record<
        'people' | 'posts' | 'memberships' | 'relationships',
        { total: number; stale: number }
      >;
    },

    /** Audit entries of this workspace about people's records since `days` days before today, newest first. */
    async recentChanges(days: number, limit: number) {
      const rows = await q.query<{
        at: string;
        action: string;
        target_type: string | null;
        target_id: string | null;
        actor_email: string | null;
        fields: unknown;
        person_id: number | null;
        honorific: string | null;
        given_name: string | null;
        family_name: string | null;
        postnominals: string | null;
      }>(
        `SELECT ${isoTimestamp('a.at')} AS at, a.action, a.target_type, a.target_id, a.actor_email,
           a.details -> 'fields' AS fields,
           pe.id AS person_id, pe.honorific, pe.given_name, pe.family_name, pe.postnominals
         FROM audit_log a
         LEFT JOIN people pe ON pe.workspace_id = $1
           AND pe.id = CASE WHEN (a.details -> 'person_ids' ->> 0) ~ '^[0-9]{1,9}$'
                            THEN (a.details -> 'person_ids' ->> 0)::int END
         WHERE a.workspace_id = $1 AND a.target_type IN ('person', 'post', 'membership', 'relationship')
           AND a.at >= ($2::date - $3::int)::timestamp AT TIME ZONE 'UTC'
         ORDER BY a.at DESC, a.id DESC LIMIT $4`,
        [ws, ctx.today, days, limit],
      );
      return rows.map((r) => {
        const fields = typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields;
        return {
          at: r.at,
          action: r.action,
          target_type: r.target_type,
          target_id: r.target_id,
          actor_email: r.actor_email,
          person:
            r.person_id !== null && r.given_name !== null && r.family_name !== null
              ? {
                  id: r.person_id,
                  name: displayName({
                    honorific: r.honorific,
                    given_name: r.given_name,
                    family_name: r.family_name,
                    postnominals: r.postnominals,
                  }),
                }
              : null,
          fields: Array.isArray(fields) ? fields.map(String) : [],
        };
      });
    },
  };
}

/** The repository's type, for services that take one. */
export type PeopleRepo = ReturnType<typeof peopleRepo>;
