import type { z } from 'zod';
import { DomainError } from '../core/errors.ts';
import type { Period, RuleProblem } from '../core/people.ts';
import { overlappingPost, periodProblem, postWithinHolder, relationshipProblem } from '../core/people.ts';
import {
  CreateMembership,
  CreateRelationship,
  type Membership,
  type Relationship,
  UpdateMembership,
  UpdateRelationship,
} from '../shared/people-schemas.ts';
import type { Queryable } from '../storage/db.ts';
import type { PeopleCtx } from '../storage/people-ctx.ts';
import {
  type MembershipRow,
  networkByCode,
  organisationByCode,
  type RelationshipRow,
  staleVersion,
  tiesRepo,
} from '../storage/ties-repo.ts';
import { type Actor, auditPeopleChange, changedFields } from './people-audit.ts';

/**
 * Network memberships and relationships: the rules every change passes, then the write and its
 * audit entry, in the caller's transaction (already inside `inWorkspace`). Rules that need no data
 * are checked before any SQL runs. The audit records field names and ids only: declarations and
 * evidence are personal text and never reach it.
 */

/** Kinds where a tie from A to B is the same tie as one from B to A. */
const SYMMETRIC_KINDS = new Set(['works_with', 'knows']);

/** Input validated by `schema`, or DomainError('invalid') naming the first bad field. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  const first = errors[0]!;
  throw new DomainError('invalid', `${first.field}: ${first.message}`, { errors });
}

/** DomainError('invalid') for one broken rule (or 'conflict' when it clashes with a record held). */
function invalid(p: RuleProblem, code: 'invalid' | 'conflict' = 'invalid'): DomainError {
  return new DomainError(code, `${p.field}: ${p.message}`, { errors: [p] });
}

/** DomainError('invalid') for a reference in the input that does not exist here (as the people API does). */
function missing(field: string, message: string): DomainError {
  return invalid({ field, message });
}

/** The names of the fields an input sets (given, not null, not an empty list). */
function fieldsSet(input: Record<string, unknown>): string[] {
  return Object.keys(input).filter((k) => {
    const v = input[k];
    return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
  });
}

const periodOf = (p: { valid_from?: string | null; valid_to?: string | null }): Period => ({
  valid_from: p.valid_from ?? null,
  valid_to: p.valid_to ?? null,
});

// ---- memberships ---------------------------------------------------------------------------------

/** The rules a membership's period, network and role keep, needing the database. */
async function checkMembership(
  repo: ReturnType<typeof tiesRepo>,
  m: {
    id?: number;
    network: { id: number; name: string; established_on: string | null; closed_on: string | null };
    person_id: number | null;
    organisation_id: number | null;
    role: MembershipRow['role'];
    period: Period;
  },
): Promise<void> {
  const holder = postWithinHolder(m.period, {
    name: m.network.name,
    opened_on: m.network.established_on,
    closed_on: m.network.closed_on,
  });
  if (holder) throw invalid(holder);
  const others = await repo.sameRoleMemberships({
    network_id: m.network.id,
    person_id: m.person_id,
    organisation_id: m.organisation_id,
    role: m.role,
  });
  const clash = overlappingPost({ ...m.period, ...(m.id !== undefined ? { id: m.id } : {}) }, others);
  if (clash) {
    const when = `${clash.valid_from ?? 'the start'} to ${clash.valid_to ?? 'now'}`;
    throw invalid(
      {
        field: 'valid_from',
        message: `this member already holds the role ${m.role} in ${m.network.name} from ${when} (membership ${clash.id}): the periods overlap`,
      },
      'conflict',
    );
  }
}

/**
 * Adds a person (or an organisation) to a network in a role. Exactly one of person_id and
 * organisation_code; the network exists and was open over the whole period; the same member does not
 * hold the same role in the same network over overlapping days; representing_code is an organisation.
 */
export async function createMembership(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  input: z.input<typeof CreateMembership>,
): Promise<Membership> {
  const m = parse(CreateMembership, input);
  const hasPerson = m.person_id !== undefined;
  const hasOrg = m.organisation_code !== undefined && m.organisation_code !== '';
  if (!hasPerson && !hasOrg)
    throw invalid({ field: 'person_id', message: 'give the member: a person_id or an organisation_code' });
  if (hasPerson && hasOrg)
    throw invalid({
      field: 'organisation_code',
      message: 'a member is a person or an organisation, not both: give person_id or organisation_code',
    });
  const period = periodOf(m);
  const shape = periodProblem(period);
  if (shape) throw invalid(shape);

  const repo = tiesRepo(tx, ctx);
  const network = await networkByCode(tx, m.network_code, 'network_code');
  let personId: number | null = null;
  let orgId: number | null = null;
  if (hasPerson) {
    if (!(await repo.lockPeople([m.person_id!])).has(m.person_id!))
      throw missing('person_id', `no person ${m.person_id} in this workspace`);
    personId = m.person_id!;
  } else {
    orgId = (await organisationByCode(tx, m.organisation_code!, 'organisation_code')).id;
    await repo.lockOrganisationMember(network.id, orgId);
  }
  const representingId = m.representing_code
    ? (await organisationByCode(tx, m.representing_code, 'representing_code')).id
    : null;
  await checkMembership(repo, {
    network,
    person_id: personId,
    organisation_id: orgId,
    role: m.role,
    period,
  });

  const id = await repo.insertMembership(
    {
      network_id: network.id,
      person_id: personId,
      organisation_id: orgId,
      representing_id: representingId,
      role: m.role,
      voting: m.voting,
      sector: m.sector ?? null,
      declarations: m.declarations,
      valid_from: period.valid_from,
      valid_to: period.valid_to,
      source: m.source ?? null,
      last_verified_on: m.last_verified_on ?? null,
    },
    actor.at,
  );
  await auditPeopleChange(tx, actor, {
    action: 'membership.created',
    targetType: 'membership',
    targetId: id,
    personIds: personId !== null ? [personId] : [],
    fields: fieldsSet(m),
    details: { network: network.code, role: m.role, declarations: m.declarations.length },
  });
  return repo.getMembership(id);
}

/**
 * Changes a membership: send the version read (a stale one is DomainError('conflict')). The network
 * and the member stay; everything else may change, under the same rules as a new membership.
 */
export async function updateMembership(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  id: number,
  patch: z.input<typeof UpdateMembership>,
): Promise<Membership> {
  const p = parse(UpdateMembership, patch);
  if (p.valid_from !== undefined && p.valid_to !== undefined) {
    const shape = periodProblem(periodOf(p));
    if (shape) throw invalid(shape);
  }
  const repo = tiesRepo(tx, ctx);
  const found = await repo.membershipRow(id);
  // Lock the member, then read again: overlaps are checked one change at a time.
  if (found.person_id !== null) await repo.lockPeople([found.person_id]);
  else await repo.lockOrganisationMember(found.network_id, found.organisation_id!);
  const row = await repo.membershipRow(id);
  if (row.version !== p.version) throw staleVersion('membership', id);
  const before = await repo.getMembership(id);

  const period: Period = {
    valid_from: p.valid_from !== undefined ? p.valid_from : row.valid_from,
    valid_to: p.valid_to !== undefined ? p.valid_to : row.valid_to,
  };
  const shape = periodProblem(period);
  if (shape) throw invalid(shape);
  const role = p.role ?? row.role;
  const representingId =
    p.representing_code === undefined
      ? row.representing_id
      : p.representing_code
        ? (await organisationByCode(tx, p.representing_code, 'representing_code')).id
        : null;
  const network = await networkByCode(tx, before.network.code);
  await checkMembership(repo, {
    id,
    network,
    person_id: row.person_id,
    organisation_id: row.organisation_id,
    role,
    period,
  });

  const next = {
    representing_id: representingId,
    role,
    voting: p.voting ?? row.voting,
    sector: p.sector !== undefined ? p.sector : row.sector,
    declarations: p.declarations ?? row.declarations,
    valid_from: period.valid_from,
    valid_to: period.valid_to,
    source: p.source !== undefined ? p.source : row.source,
    last_verified_on: p.last_verified_on !== undefined ? p.last_verified_on : row.last_verified_on,
  };
  await repo.updateMembership(id, p.version, next, actor.at);

  const was = { ...row, representing_code: before.representing?.code ?? null };
  const fields = changedFields(was as Record<string, unknown>, { ...p } as Record<string, unknown>, [
    'representing_code',
    'role',
    'voting',
    'sector',
    'declarations',
    'valid_from',
    'valid_to',
    'source',
    'last_verified_on',
  ]);
  await auditPeopleChange(tx, actor, {
    action: 'membership.updated',
    targetType: 'membership',
    targetId: id,
    personIds: row.person_id !== null ? [row.person_id] : [],
    fields,
    details: { network: before.network.code, role, version: p.version + 1 },
  });
  return repo.getMembership(id);
}

/** Removes a membership; returns it as it was. */
export async function deleteMembership(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  id: number,
): Promise<Membership> {
  const repo = tiesRepo(tx, ctx);
  const before = await repo.getMembership(id);
  await repo.deleteMembership(id);
  await auditPeopleChange(tx, actor, {
    action: 'membership.deleted',
    targetType: 'membership',
    targetId: id,
    personIds: before.person ? [before.person.id] : [],
    fields: [],
    details: { network: before.network.code, role: before.role },
  });
  return before;
}

// ---- relationships -------------------------------------------------------------------------------

/** A tie of `kind` that a person-to-person relationship cannot have. */
function kindProblem(kind: string, toPerson: boolean): RuleProblem | null {
  if (kind === 'chairs' && toPerson)
    return {
      field: 'kind',
      message: 'chairs is a tie to a network or an organisation, not to a person',
    };
  return null;
}

/** No second tie of the same kind between the same ends over overlapping days. */
async function checkDuplicateTie(
  repo: ReturnType<typeof tiesRepo>,
  r: Pick<
    RelationshipRow,
    'from_person_id' | 'to_person_id' | 'to_organisation_id' | 'to_network_id' | 'kind'
  > & {
    id?: number;
    period: Period;
  },
): Promise<void> {
  const others = await repo.sameEndRelationships({ ...r, symmetric: SYMMETRIC_KINDS.has(r.kind) });
  const clash = overlappingPost({ ...r.period, ...(r.id !== undefined ? { id: r.id } : {}) }, others);
  if (clash)
    throw invalid(
      {
        field: 'kind',
        message: `these two ends already have a ${r.kind} tie over overlapping days (relationship ${clash.id})`,
      },
      'conflict',
    );
}

/**
 * Records a tie from a person to a person, an organisation or a network. Exactly one target; not to
 * oneself; both people in this workspace (another workspace's person is simply not found); chairs
 * only to a network or an organisation; no duplicate of the same kind between the same ends over
 * overlapping days (for works_with and knows, in either direction).
 */
export async function createRelationship(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  input: z.input<typeof CreateRelationship>,
): Promise<Relationship> {
  const r = parse(CreateRelationship, input);
  const targets = (['to_person_id', 'to_organisation_code', 'to_network_code'] as const).filter(
    (k) => r[k] !== undefined && r[k] !== '',
  );
  if (targets.length === 0)
    throw invalid({
      field: 'to_person_id',
      message: 'give the other end: to_person_id, to_organisation_code or to_network_code',
    });
  if (targets.length > 1)
    throw invalid({
      field: targets[1]!,
      message: `a relationship has one other end: give only one of ${targets.join(' and ')}`,
    });
  const self = relationshipProblem({
    from_person_id: r.from_person_id,
    to_person_id: r.to_person_id ?? null,
  });
  if (self) throw invalid(self);
  const kind = kindProblem(r.kind, r.to_person_id !== undefined);
  if (kind) throw invalid(kind);
  const period = periodOf(r);
  const shape = periodProblem(period);
  if (shape) throw invalid(shape);

  const repo = tiesRepo(tx, ctx);
  const here = await repo.lockPeople([r.from_person_id, ...(r.to_person_id ? [r.to_person_id] : [])]);
  if (!here.has(r.from_person_id))
    throw missing('from_person_id', `no person ${r.from_person_id} in this workspace`);
  if (r.to_person_id !== undefined && !here.has(r.to_person_id))
    throw missing('to_person_id', `no person ${r.to_person_id} in this workspace`);
  const org = r.to_organisation_code
    ? await organisationByCode(tx, r.to_organisation_code, 'to_organisation_code')
    : null;
  const net = r.to_network_code ? await networkByCode(tx, r.to_network_code, 'to_network_code') : null;
  const ends = {
    from_person_id: r.from_person_id,
    to_person_id: r.to_person_id ?? null,
    to_organisation_id: org?.id ?? null,
    to_network_id: net?.id ?? null,
  };
  await checkDuplicateTie(repo, { ...ends, kind: r.kind, period });

  const id = await repo.insertRelationship(
    {
      ...ends,
      kind: r.kind,
      strength: r.strength,
      evidence: r.evidence ?? null,
      confidence: r.confidence,
      valid_from: period.valid_from,
      valid_to: period.valid_to,
      source: r.source ?? null,
      last_verified_on: r.last_verified_on ?? null,
    },
    actor.at,
  );
  await auditPeopleChange(tx, actor, {
    action: 'relationship.created',
    targetType: 'relationship',
    targetId: id,
    personIds: [r.from_person_id, ...(r.to_person_id ? [r.to_person_id] : [])],
    fields: fieldsSet(r),
    details: {
      kind: r.kind,
      ...(org ? { organisation: org.code } : {}),
      ...(net ? { network: net.code } : {}),
    },
  });
  return repo.getRelationship(id);
}

/**
 * Changes a relationship, from either end (by id): send the version read (a stale one is
 * DomainError('conflict')). Its ends stay; its kind, strength, evidence and dates may change.
 */
export async function updateRelationship(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  id: number,
  patch: z.input<typeof UpdateRelationship>,
): Promise<Relationship> {
  const p = parse(UpdateRelationship, patch);
  if (p.valid_from !== undefined && p.valid_to !== undefined) {
    const shape = periodProblem(periodOf(p));
    if (shape) throw invalid(shape);
  }
  const repo = tiesRepo(tx, ctx);
  const found = await repo.relationshipRow(id);
  // Lock both people, then read again: duplicates are checked one change at a time.
  await repo.lockPeople([found.from_person_id, ...(found.to_person_id !== null ? [found.to_person_id] : [])]);
  const row = await repo.relationshipRow(id);
  if (row.version !== p.version) throw staleVersion('relationship', id);
  const period: Period = {
    valid_from: p.valid_from !== undefined ? p.valid_from : row.valid_from,
    valid_to: p.valid_to !== undefined ? p.valid_to : row.valid_to,
  };
  const shape = periodProblem(period);
  if (shape) throw invalid(shape);
  const kind = p.kind ?? row.kind;
  const kp = kindProblem(kind, row.to_person_id !== null);
  if (kp) throw invalid(kp);
  await checkDuplicateTie(repo, { ...row, id, kind, period });

  await repo.updateRelationship(
    id,
    p.version,
    {
      kind,
      strength: p.strength ?? row.strength,
      evidence: p.evidence !== undefined ? p.evidence : row.evidence,
      confidence: p.confidence ?? row.confidence,
      valid_from: period.valid_from,
      valid_to: period.valid_to,
      source: p.source !== undefined ? p.source : row.source,
      last_verified_on: p.last_verified_on !== undefined ? p.last_verified_on : row.last_verified_on,
    },
    actor.at,
  );
  const fields = changedFields(
    row as unknown as Record<string, unknown>,
    { ...p } as Record<string, unknown>,
    ['kind', 'strength', 'evidence', 'confidence', 'valid_from', 'valid_to', 'source', 'last_verified_on'],
  );
  await auditPeopleChange(tx, actor, {
    action: 'relationship.updated',
    targetType: 'relationship',
    targetId: id,
    personIds: [row.from_person_id, ...(row.to_person_id !== null ? [row.to_person_id] : [])],
    fields,
    details: { kind, version: p.version + 1 },
  });
  return repo.getRelationship(id);
}

/** Removes a relationship, from either end (by id); returns it as it was. */
export async function deleteRelationship(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  id: number,
): Promise<Relationship> {
  const repo = tiesRepo(tx, ctx);
  const before = await repo.getRelationship(id);
  await repo.deleteRelationship(id);
  await auditPeopleChange(tx, actor, {
    action: 'relationship.deleted',
    targetType: 'relationship',
    targetId: id,
    personIds: [before.from.id, ...(before.to.type === 'person' ? [before.to.id as number] : [])],
    fields: [],
    details: { kind: before.kind },
  });
  return before;
}
