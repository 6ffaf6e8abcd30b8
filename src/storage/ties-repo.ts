import { DomainError } from '../core/errors.ts';
import type { MembershipRole, RelationshipKind, Sector } from '../core/people.ts';
import { displayName, isStale, MEMBERSHIP_ROLES, sectorOfOrganisationKind, TRIAD } from '../core/people.ts';
import type { Membership, Relationship, Roster } from '../shared/people-schemas.ts';
import type { Queryable } from './db.ts';
import type { PeopleCtx } from './people-ctx.ts';
import { openOnSql } from './people-ctx.ts';
import { isoTimestamp } from './sql.ts';

/**
 * Network memberships and relationships of one workspace: reading them (lists, one, a network's
 * roster) and the raw reads and writes the services in src/services/ties.ts build on. Every
 * statement carries `workspace_id = $1` (the first wall; row-level security is the second). Each
 * list is two statements (a count and a page) whatever its size: names and codes come by joins.
 */

/** A network as the rules about memberships need it. */
export interface NetworkRow {
  id: number;
  code: string;
  name: string;
  kind: Membership['network']['kind'];
  established_on: string | null;
  closed_on: string | null;
}

/** An organisation as the rules about memberships and relationships need it. */
export interface OrganisationRow {
  id: number;
  code: string;
  name: string;
  kind: NonNullable<Membership['organisation']>['kind'];
  opened_on: string | null;
  closed_on: string | null;
}

/** A membership as stored, for the services' checks and updates. */
export interface MembershipRow {
  id: number;
  network_id: number;
  person_id: number | null;
  organisation_id: number | null;
  representing_id: number | null;
  role: MembershipRole;
  voting: boolean;
  sector: Sector | null;
  declarations: Membership['declarations'];
  valid_from: string | null;
  valid_to: string | null;
  source: string | null;
  last_verified_on: string | null;
  version: number;
}

/** A relationship as stored, for the services' checks and updates. */
export interface RelationshipRow {
  id: number;
  from_person_id: number;
  to_person_id: number | null;
  to_organisation_id: number | null;
  to_network_id: number | null;
  kind: RelationshipKind;
  strength: number;
  evidence: string | null;
  confidence: Relationship['confidence'];
  valid_from: string | null;
  valid_to: string | null;
  source: string | null;
  last_verified_on: string | null;
  version: number;
}

/** Filters for listing memberships. `network` and `organisation` are codes. */
export interface MembershipQuery {
  network?: string | undefined;
  person?: number | undefined;
  /** a member organisation, or the organisation a person member represents */
  organisation?: string | undefined;
  role?: MembershipRole | undefined;
  /** only memberships open on this date; omit for all, past and future */
  as_at?: string | undefined;
  limit: number;
  offset: number;
}

/** Filters for listing relationships. `organisation` and `network` are codes of the target. */
export interface RelationshipQuery {
  person?: number | undefined;
  /** with `person`: ties from them ('out'), to them ('in'), or either ('both', the default) */
  direction?: 'out' | 'in' | 'both' | undefined;
  kind?: RelationshipKind | undefined;
  organisation?: string | undefined;
  network?: string | undefined;
  as_at?: string | undefined;
  limit: number;
  offset: number;
}

interface PersonCols {
  honorific: string | null;
  given_name: string;
  family_name: string;
  postnominals: string | null;
}

interface MembershipJoined extends MembershipRow {
  created_at: string;
  updated_at: string;
  net_code: string;
  net_name: string;
  net_kind: Membership['network']['kind'];
  p_honorific: string | null;
  p_given_name: string | null;
  p_family_name: string | null;
  p_postnominals: string | null;
  p_professions: NonNullable<Membership['person']>['professions'] | null;
  org_code: string | null;
  org_name: string | null;
  org_kind: OrganisationRow['kind'] | null;
  rep_code: string | null;
  rep_name: string | null;
  rep_kind: OrganisationRow['kind'] | null;
}

const MEMBERSHIP_SELECT = `SELECT m.id, m.network_id, m.person_id, m.organisation_id, m.representing_id, m.role,
    m.voting, m.sector, m.declarations, m.valid_from, m.valid_to, m.source, m.last_verified_on, m.version,
    ${isoTimestamp('m.created_at')} AS created_at, ${isoTimestamp('m.updated_at')} AS updated_at,
    n.code AS net_code, n.name AS net_name, n.kind AS net_kind,
    p.honorific AS p_honorific, p.given_name AS p_given_name, p.family_name AS p_family_name,
    p.postnominals AS p_postnominals, p.professions AS p_professions,
    o.code AS org_code, o.name AS org_name, o.kind AS org_kind,
    r.code AS rep_code, r.name AS rep_name, r.kind AS rep_kind
  FROM network_memberships m
  JOIN networks n ON n.id = m.network_id
  LEFT JOIN people p ON p.id = m.person_id AND p.workspace_id = m.workspace_id
  LEFT JOIN organisations o ON o.id = m.organisation_id
  LEFT JOIN organisations r ON r.id = m.representing_id`;

/** Memberships in roster order: by role (chair first), then by name. */
const MEMBERSHIP_ORDER = `ORDER BY n.name, array_position(ARRAY[${MEMBERSHIP_ROLES.map((r) => `'${r}'`).join(',')}]::text[], m.role),
  coalesce(p.family_name, o.name), p.given_name, m.id`;

/**
 * The sector a membership counts under: as recorded; else lay for a patient representative (by
 * role or by profession); else from the member organisation's kind, or the represented one's.
 */
export function effectiveSector(m: {
  sector: Sector | null;
  role: MembershipRole;
  professions: readonly string[] | null;
  orgKind: string | null;
  repKind: string | null;
}): Sector | null {
  if (m.sector) return m.sector;
  if (m.role === 'patient_representative') return 'lay';
  const prof = m.professions ?? [];
  if (prof.length > 0 && prof.every((p) => p === 'patient_representative' || p === 'carer_representative'))
    return 'lay';
  return (
    (m.orgKind ? sectorOfOrganisationKind(m.orgKind) : null) ??
    (m.repKind ? sectorOfOrganisationKind(m.repKind) : null)
  );
}

function toMembership(r: MembershipJoined, ctx: PeopleCtx): Membership {
  const person =
    r.person_id !== null && r.p_given_name !== null && r.p_family_name !== null
      ? {
          id: r.person_id,
          name: displayName({
            honorific: r.p_honorific,
            given_name: r.p_given_name,
            family_name: r.p_family_name,
            postnominals: r.p_postnominals,
          }),
          professions: r.p_professions ?? [],
        }
      : null;
  return {
    id: r.id,
    network: { code: r.net_code, name: r.net_name, kind: r.net_kind },
    person,
    organisation:
      r.org_code && r.org_name && r.org_kind
        ? { code: r.org_code, name: r.org_name, kind: r.org_kind }
        : null,
    representing:
      r.rep_code && r.rep_name && r.rep_kind
        ? { code: r.rep_code, name: r.rep_name, kind: r.rep_kind }
        : null,
    role: r.role,
    voting: r.voting,
    sector: effectiveSector({
      sector: r.sector,
      role: r.role,
      professions: r.p_professions,
      orgKind: r.org_kind,
      repKind: r.rep_kind,
    }),
    declarations: r.declarations ?? [],
    valid_from: r.valid_from,
    valid_to: r.valid_to,
    source: r.source,
    last_verified_on: r.last_verified_on,
    stale: isStale(r.last_verified_on, ctx.today, ctx.staleAfterMonths),
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  };
}

interface RelationshipJoined extends RelationshipRow {
  created_at: string;
  updated_at: string;
  f_honorific: string | null;
  f_given_name: string;
  f_family_name: string;
  f_postnominals: string | null;
  t_honorific: string | null;
  t_given_name: string | null;
  t_family_name: string | null;
  t_postnominals: string | null;
  to_org_code: string | null;
  to_org_name: string | null;
  to_net_code: string | null;
  to_net_name: string | null;
}

const RELATIONSHIP_SELECT = `SELECT x.id, x.from_person_id, x.to_person_id, x.to_organisation_id, x.to_network_id,
    x.kind, x.strength, x.evidence, x.confidence, x.valid_from, x.valid_to, x.source, x.last_verified_on, x.version,
    ${isoTimestamp('x.created_at')} AS created_at, ${isoTimestamp('x.updated_at')} AS updated_at,
    f.honorific AS f_honorific, f.given_name AS f_given_name, f.family_name AS f_family_name,
    f.postnominals AS f_postnominals,
    t.honorific AS t_honorific, t.given_name AS t_given_name, t.family_name AS t_family_name,
    t.postnominals AS t_postnominals,
    o.code AS to_org_code, o.name AS to_org_name, n.code AS to_net_code, n.name AS to_net_name
  FROM relationships x
  JOIN people f ON f.id = x.from_person_id AND f.workspace_id = x.workspace_id
  LEFT JOIN people t ON t.id = x.to_person_id AND t.workspace_id = x.workspace_id
  LEFT JOIN organisations o ON o.id = x.to_organisation_id
  LEFT JOIN networks n ON n.id = x.to_network_id`;

const nameOf = (p: PersonCols) => displayName(p);

function toRelationship(r: RelationshipJoined, ctx: PeopleCtx): Relationship {
  let to: Relationship['to'];
  if (r.to_person_id !== null) {
    to = {
      type: 'person',
      id: r.to_person_id,
      name: nameOf({
        honorific: r.t_honorific,
        given_name: r.t_given_name ?? '',
        family_name: r.t_family_name ?? '',
        postnominals: r.t_postnominals,
      }),
    };
  } else if (r.to_organisation_id !== null) {
    to = { type: 'organisation', id: r.to_org_code ?? '', name: r.to_org_name ?? '' };
  } else {
    to = { type: 'network', id: r.to_net_code ?? '', name: r.to_net_name ?? '' };
  }
  return {
    id: r.id,
    from: {
      id: r.from_person_id,
      name: nameOf({
        honorific: r.f_honorific,
        given_name: r.f_given_name,
        family_name: r.f_family_name,
        postnominals: r.f_postnominals,
      }),
    },
    to,
    kind: r.kind,
    strength: r.strength,
    evidence: r.evidence,
    confidence: r.confidence,
    valid_from: r.valid_from,
    valid_to: r.valid_to,
    source: r.source,
    last_verified_on: r.last_verified_on,
    stale: isStale(r.last_verified_on, ctx.today, ctx.staleAfterMonths),
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  };
}

/**
 * A network by code (any case). Not there: DomainError('not_found'), or, when `field` names the
 * input that gave the code, DomainError('invalid') naming it.
 */
export async function networkByCode(q: Queryable, code: string, field?: string): Promise<NetworkRow> {
  const [row] = await q.query<NetworkRow>(
    `SELECT id, code, name, kind, established_on, closed_on FROM networks
     WHERE code IN ($1, upper($1), lower($1)) ORDER BY (code = $1) DESC LIMIT 1`,
    [code],
  );
  if (!row) {
    const message = `no network has the code "${code}"`;
    throw field
      ? new DomainError('invalid', `${field}: ${message}`, { errors: [{ field, message }] })
      : new DomainError('not_found', message, { code });
  }
  return row;
}

/**
 * An organisation by code (any case). Not there: DomainError('not_found'), or, when `field` names
 * the input that gave the code, DomainError('invalid') naming it.
 */
export async function organisationByCode(
  q: Queryable,
  code: string,
  field?: string,
): Promise<OrganisationRow> {
  const [row] = await q.query<OrganisationRow>(
    `SELECT id, code, name, kind, opened_on, closed_on FROM organisations
     WHERE code IN ($1, upper($1), lower($1)) ORDER BY (code = $1) DESC LIMIT 1`,
    [code],
  );
  if (!row) {
    const message = `no organisation has the code "${code}"`;
    throw field
      ? new DomainError('invalid', `${field}: ${message}`, { errors: [{ field, message }] })
      : new DomainError('not_found', message, { code });
  }
  return row;
}

/** The sort order of roles on a roster. */
const ROLE_RANK = new Map<string, number>(MEMBERSHIP_ROLES.map((r, i) => [r, i]));

/** The memberships and relationships of one workspace, seen on the context's `today`. */
export function tiesRepo(q: Queryable, ctx: PeopleCtx) {
  const ws = ctx.workspaceId;

  /** WHERE clauses and parameters for a membership filter ($1 is the workspace). */
  async function membershipWhere(f: Omit<MembershipQuery, 'limit' | 'offset'>) {
    const params: unknown[] = [ws];
    const where = ['m.workspace_id = $1'];
    if (f.network) {
      params.push((await networkByCode(q, f.network)).id);
      where.push(`m.network_id = $${params.length}`);
    }
    if (f.person !== undefined) {
      params.push(f.person);
      where.push(`m.person_id = $${params.length}`);
    }
    if (f.organisation) {
      params.push((await organisationByCode(q, f.organisation)).id);
      where.push(`(m.organisation_id = $${params.length} OR m.representing_id = $${params.length})`);
    }
    if (f.role) {
      params.push(f.role);
      where.push(`m.role = $${params.length}`);
    }
    if (f.as_at) {
      params.push(f.as_at);
      where.push(openOnSql('m', `$${params.length}`));
    }
    return { params, where: where.join(' AND ') };
  }

  async function relationshipWhere(f: Omit<RelationshipQuery, 'limit' | 'offset'>) {
    const params: unknown[] = [ws];
    const where = ['x.workspace_id = $1'];
    if (f.person !== undefined) {
      params.push(f.person);
      const p = `$${params.length}`;
      const dir = f.direction ?? 'both';
      where.push(
        dir === 'out'
          ? `x.from_person_id = ${p}`
          : dir === 'in'
            ? `x.to_person_id = ${p}`
            : `(x.from_person_id = ${p} OR x.to_person_id = ${p})`,
      );
    }
    if (f.kind) {
      params.push(f.kind);
      where.push(`x.kind = $${params.length}`);
    }
    if (f.organisation) {
      params.push((await organisationByCode(q, f.organisation)).id);
      where.push(`x.to_organisation_id = $${params.length}`);
    }
    if (f.network) {
      params.push((await networkByCode(q, f.network)).id);
      where.push(`x.to_network_id = $${params.length}`);
    }
    if (f.as_at) {
      params.push(f.as_at);
      where.push(openOnSql('x', `$${params.length}`));
    }
    return { params, where: where.join(' AND ') };
  }

  return {
    /**
     * Memberships, filtered; `total` counts them all. Filtered by network, person or organisation:
     * by network, then role (chair first), then name; otherwise newest first. An unknown network or
     * organisation code is DomainError('not_found').
     */
    async listMemberships(f: MembershipQuery): Promise<{ total: number; items: Membership[] }> {
      const { params, where } = await membershipWhere(f);
      const [count] = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM network_memberships m WHERE ${where}`,
        params,
      );
      // One network's, person's or organisation's memberships are few: roster order. The whole
      // workspace's may be tens of thousands: newest first, which needs no sort over the joins.
      const narrow = Boolean(f.network || f.person !== undefined || f.organisation);
      const rows = await q.query<MembershipJoined>(
        `${MEMBERSHIP_SELECT} WHERE ${where} ${narrow ? MEMBERSHIP_ORDER : 'ORDER BY m.id DESC'}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, f.limit, f.offset],
      );
      return { total: count?.n ?? 0, items: rows.map((r) => toMembership(r, ctx)) };
    },

    /** One membership of this workspace, or DomainError('not_found'). */
    async getMembership(id: number): Promise<Membership> {
      const [row] = await q.query<MembershipJoined>(
        `${MEMBERSHIP_SELECT} WHERE m.workspace_id = $1 AND m.id = $2`,
        [ws, id],
      );
      if (!row) throw new DomainError('not_found', `no membership ${id} in this workspace`);
      return toMembership(row, ctx);
    },

    /**
     * Relationships, filtered; `total` counts them all. Filtered by person, organisation or network:
     * strongest first; otherwise newest first. With `person`, ties in both directions unless
     * `direction` says otherwise: `from.id` or `to.id` tells which end the person is.
     */
    async listRelationships(f: RelationshipQuery): Promise<{ total: number; items: Relationship[] }> {
      const { params, where } = await relationshipWhere(f);
      const [count] = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM relationships x WHERE ${where}`,
        params,
      );
      // One person's or one target's ties are few: strongest first. The whole workspace's may be
      // hundreds of thousands: newest first, which the primary key gives without a sort.
      const narrow = Boolean(f.person !== undefined || f.organisation || f.network);
      const rows = await q.query<RelationshipJoined>(
        `${RELATIONSHIP_SELECT} WHERE ${where}
         ${narrow ? 'ORDER BY x.strength DESC, x.kind, x.id' : 'ORDER BY x.id DESC'}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, f.limit, f.offset],
      );
      return { total: count?.n ?? 0, items: rows.map((r) => toRelationship(r, ctx)) };
    },

    /** One relationship of this workspace, or DomainError('not_found'). */
    async getRelationship(id: number): Promise<Relationship> {
      const [row] = await q.query<RelationshipJoined>(
        `${RELATIONSHIP_SELECT} WHERE x.workspace_id = $1 AND x.id = $2`,
        [ws, id],
      );
      if (!row) throw new DomainError('not_found', `no relationship ${id} in this workspace`);
      return toRelationship(row, ctx);
    },

    /**
     * A network's members on `asAt` and their make-up (source 002): roles, professions, sectors,
     * organisations represented, voting members, declarations, the managed-network triad (lead
     * doctor, lead nurse, lead manager) and patient involvement. Two statements. An unknown network
     * is DomainError('not_found'); a network with no members here has an empty roster.
     */
    async roster(networkCode: string, asAt: string): Promise<Roster> {
      const net = await networkByCode(q, networkCode);
      const rows = await q.query<MembershipJoined>(
        `${MEMBERSHIP_SELECT} WHERE m.workspace_id = $1 AND m.network_id = $2 AND ${openOnSql('m', '$3')}
         ${MEMBERSHIP_ORDER}`,
        [ws, net.id, asAt],
      );
      const members = rows.map((r) => toMembership(r, ctx));
      return {
        as_at: asAt,
        network: { code: net.code, name: net.name, kind: net.kind },
        members,
        makeup: makeup(members),
      };
    },

    // ---- raw reads and writes for the services -------------------------------------------------

    /** The stored membership, or DomainError('not_found'). */
    async membershipRow(id: number): Promise<MembershipRow> {
      const [row] = await q.query<MembershipRow>(
        `SELECT id, network_id, person_id, organisation_id, representing_id, role, voting, sector, declarations,
           valid_from, valid_to, source, last_verified_on, version
         FROM network_memberships WHERE workspace_id = $1 AND id = $2`,
        [ws, id],
      );
      if (!row) throw new DomainError('not_found', `no membership ${id} in this workspace`);
      return row;
    },

    /** The same member's memberships in the same role and network (to check for overlaps). */
    async sameRoleMemberships(m: {
      network_id: number;
      person_id: number | null;
      organisation_id: number | null;
      role: MembershipRole;
    }): Promise<{ id: number; valid_from: string | null; valid_to: string | null }[]> {
      return q.query(
        `SELECT id, valid_from, valid_to FROM network_memberships
         WHERE workspace_id = $1 AND network_id = $2 AND role = $3
           AND ${m.person_id !== null ? 'person_id = $4' : 'organisation_id = $4'}
         ORDER BY id`,
        [ws, m.network_id, m.role, m.person_id ?? m.organisation_id],
      );
    },

    /** Inserts a membership (already checked) and returns its id. */
    async insertMembership(m: Omit<MembershipRow, 'id' | 'version'>, at: Date): Promise<number> {
      const [row] = await q.query<{ id: number }>(
        `INSERT INTO network_memberships (workspace_id, network_id, person_id, organisation_id, representing_id,
           role, voting, sector, declarations, valid_from, valid_to, source, last_verified_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $14) RETURNING id`,
        [
          ws,
          m.network_id,
          m.person_id,
          m.organisation_id,
          m.representing_id,
          m.role,
          m.voting,
          m.sector,
          JSON.stringify(m.declarations),
          m.valid_from,
          m.valid_to,
          m.source,
          m.last_verified_on,
          at.toISOString(),
        ],
      );
      return row!.id;
    },

    /** Updates a membership when `version` is still current; a stale version is DomainError('conflict'). */
    async updateMembership(
      id: number,
      version: number,
      m: Omit<MembershipRow, 'id' | 'version' | 'network_id' | 'person_id' | 'organisation_id'>,
      at: Date,
    ): Promise<void> {
      const rows = await q.query<{ id: number }>(
        `UPDATE network_memberships SET representing_id = $4, role = $5, voting = $6, sector = $7,
           declarations = $8::jsonb, valid_from = $9, valid_to = $10, source = $11, last_verified_on = $12,
           updated_at = $13, version = version + 1
         WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [
          ws,
          id,
          version,
          m.representing_id,
          m.role,
          m.voting,
          m.sector,
          JSON.stringify(m.declarations),
          m.valid_from,
          m.valid_to,
          m.source,
          m.last_verified_on,
          at.toISOString(),
        ],
      );
      if (rows.length === 0) throw staleVersion('membership', id);
    },

    /** Deletes a membership of this workspace. */
    async deleteMembership(id: number): Promise<void> {
      await q.query('DELETE FROM network_memberships WHERE workspace_id = $1 AND id = $2', [ws, id]);
    },

    /** The stored relationship, or DomainError('not_found'). */
    async relationshipRow(id: number): Promise<RelationshipRow> {
      const [row] = await q.query<RelationshipRow>(
        `SELECT id, from_person_id, to_person_id, to_organisation_id, to_network_id, kind, strength, evidence,
           confidence, valid_from, valid_to, source, last_verified_on, version
         FROM relationships WHERE workspace_id = $1 AND id = $2`,
        [ws, id],
      );
      if (!row) throw new DomainError('not_found', `no relationship ${id} in this workspace`);
      return row;
    },

    /**
     * Which of `ids` are people of this workspace (a person of another workspace is not found here),
     * locking them, in id order, until the transaction ends: concurrent changes to one person's ties
     * are checked for overlaps one at a time.
     */
    async lockPeople(ids: number[]): Promise<Set<number>> {
      const rows = await q.query<{ id: number }>(
        'SELECT id FROM people WHERE workspace_id = $1 AND id = ANY($2::int[]) ORDER BY id FOR UPDATE',
        [ws, ids],
      );
      return new Set(rows.map((r) => r.id));
    },

    /** Holds a lock on one organisation's memberships of one network until the transaction ends. */
    async lockOrganisationMember(networkId: number, organisationId: number): Promise<void> {
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `atlas:membership:${ws}:${networkId}:${organisationId}`,
      ]);
    },

    /**
     * Ties of `kind` between the same ends: from → to, and, when `symmetric`, to → from as well
     * (for kinds like works_with and knows, where either direction is the same tie).
     */
    async sameEndRelationships(r: {
      from_person_id: number;
      to_person_id: number | null;
      to_organisation_id: number | null;
      to_network_id: number | null;
      kind: RelationshipKind;
      symmetric: boolean;
    }): Promise<{ id: number; valid_from: string | null; valid_to: string | null }[]> {
      const target =
        r.to_person_id !== null
          ? 'to_person_id'
          : r.to_organisation_id !== null
            ? 'to_organisation_id'
            : 'to_network_id';
      const targetId = r.to_person_id ?? r.to_organisation_id ?? r.to_network_id;
      const reverse =
        r.symmetric && r.to_person_id !== null ? ' OR (from_person_id = $4 AND to_person_id = $3)' : '';
      return q.query(
        `SELECT id, valid_from, valid_to FROM relationships
         WHERE workspace_id = $1 AND kind = $2
           AND ((from_person_id = $3 AND ${target} = $4)${reverse})
         ORDER BY id`,
        [ws, r.kind, r.from_person_id, targetId],
      );
    },

    /** Inserts a relationship (already checked) and returns its id. */
    async insertRelationship(r: Omit<RelationshipRow, 'id' | 'version'>, at: Date): Promise<number> {
      const [row] = await q.query<{ id: number }>(
        `INSERT INTO relationships (workspace_id, from_person_id, to_person_id, to_organisation_id, to_network_id,
           kind, strength, evidence, confidence, valid_from, valid_to, source, last_verified_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
        [
          ws,
          r.from_person_id,
          r.to_person_id,
          r.to_organisation_id,
          r.to_network_id,
          r.kind,
          r.strength,
          r.evidence,
          r.confidence,
          r.valid_from,
          r.valid_to,
          r.source,
          r.last_verified_on,
          at.toISOString(),
        ],
      );
      return row!.id;
    },

    /** Updates a relationship when `version` is still current; a stale version is DomainError('conflict'). */
    async updateRelationship(
      id: number,
      version: number,
      r: Pick<
        RelationshipRow,
        | 'kind'
        | 'strength'
        | 'evidence'
        | 'confidence'
        | 'valid_from'
        | 'valid_to'
        | 'source'
        | 'last_verified_on'
      >,
      at: Date,
    ): Promise<void> {
      const rows = await q.query<{ id: number }>(
        `UPDATE relationships SET kind = $4, strength = $5, evidence = $6, confidence = $7, valid_from = $8,
           valid_to = $9, source = $10, last_verified_on = $11, updated_at = $12, version = version + 1
         WHERE workspace_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [
          ws,
          id,
          version,
          r.kind,
          r.strength,
          r.evidence,
          r.confidence,
          r.valid_from,
          r.valid_to,
          r.source,
          r.last_verified_on,
          at.toISOString(),
        ],
      );
      if (rows.length === 0) throw staleVersion('relationship', id);
    },

    /** Deletes a relationship of this workspace. */
    async deleteRelationship(id: number): Promise<void> {
      await q.query('DELETE FROM relationships WHERE workspace_id = $1 AND id = $2', [ws, id]);
    },
  };
}

/** The error for an update that sent a version someone else has since replaced. */
export function staleVersion(what: string, id: number): DomainError {
  return new DomainError('conflict', `${what} ${id} was changed by someone else: reload it and try again`);
}

/** A roster's make-up, counted from its members (pure). */
export function makeup(members: Membership[]): Roster['makeup'] {
  const people = new Map<number, NonNullable<Membership['person']>>();
  const orgs = new Set<string>();
  const byRole: Record<string, number> = {};
  const bySector: Record<string, number> = {};
  const represented = new Map<
    string,
    { code: string; name: string; kind: OrganisationRow['kind']; members: number }
  >();
  let voting = 0;
  let declarations = 0;
  let patients = 0;
  const bump = (rec: Record<string, number>, k: string) => {
    rec[k] = (rec[k] ?? 0) + 1;
  };
  for (const m of members) {
    if (m.person) people.set(m.person.id, m.person);
    if (m.organisation) orgs.add(m.organisation.code);
    bump(byRole, m.role);
    bump(bySector, m.sector ?? 'unknown');
    if (m.voting) voting += 1;
    if (m.declarations.length > 0) declarations += 1;
    if (m.role === 'patient_representative' || m.sector === 'lay') patients += 1;
    const sitsFor = new Map(
      [m.organisation, m.representing].filter((o) => o !== null).map((o) => [o.code, o]),
    );
    for (const o of sitsFor.values()) {
      const r = represented.get(o.code) ?? { ...o, members: 0 };
      r.members += 1;
      represented.set(o.code, r);
    }
  }
  const byProfession: Record<string, number> = {};
  for (const p of people.values()) for (const prof of new Set(p.professions)) bump(byProfession, prof);

  /** The person holding a triad role: the latest appointed when more than one. */
  const lead = (role: MembershipRole) => {
    const holders = members
      .filter((m) => m.role === role && m.person)
      .sort((a, b) => (b.valid_from ?? '').localeCompare(a.valid_from ?? '') || a.id - b.id);
    const p = holders[0]?.person;
    return p ? { id: p.id, name: p.name } : null;
  };
  const triad = {
    lead_doctor: lead(TRIAD.lead_doctor),
    lead_nurse: lead(TRIAD.lead_nurse),
    lead_manager: lead(TRIAD.lead_manager),
  };
  return {
    people: people.size,
    organisations: orgs.size,
    voting,
    by_role: Object.fromEntries(
      Object.entries(byRole).sort((a, b) => (ROLE_RANK.get(a[0]) ?? 99) - (ROLE_RANK.get(b[0]) ?? 99)),
    ),
    by_profession: Object.fromEntries(
      Object.entries(byProfession).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    ),
    by_sector: Object.fromEntries(
      Object.entries(bySector).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    ),
    represented: [...represented.values()].sort(
      (a, b) => b.members - a.members || a.name.localeCompare(b.name),
    ),
    triad: {
      ...triad,
      complete: triad.lead_doctor !== null && triad.lead_nurse !== null && triad.lead_manager !== null,
    },
    patient_involvement: { present: patients > 0, members: patients },
    declarations,
  };
}
