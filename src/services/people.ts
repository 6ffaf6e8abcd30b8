import type { z } from 'zod';
import { DomainError } from '../core/errors.ts';
import type { OrganisationKind } from '../core/landscape.ts';
import {
  type Level,
  levelOfOrganisationKind,
  overlappingPost,
  type Period,
  periodProblem,
  postWithinHolder,
  type RuleProblem,
} from '../core/people.ts';
import {
  CreatePerson,
  CreatePersona,
  CreatePost,
  type Freshness,
  type OrganisationPeople,
  type Person,
  type Persona,
  type PersonDetail,
  type Post,
  UpdatePerson,
  UpdatePersona,
  UpdatePost,
} from '../shared/people-schemas.ts';
import { appendAudit } from '../storage/audit-repo.ts';
import type { Queryable } from '../storage/db.ts';
import type { PeopleCtx } from '../storage/people-ctx.ts';
import {
  type Holder,
  type PersonaValues,
  type PersonRow,
  type PersonValues,
  type PostRow,
  type PostValues,
  peopleRepo,
} from '../storage/people-repo.ts';
import { tiesRepo } from '../storage/ties-repo.ts';
import { type Actor, auditPeopleChange, changedFields } from './people-audit.ts';
import { isSuppressed } from './suppression.ts';

/**
 * People, posts and personas: every write checks its input and the domain rules in JavaScript
 * before it runs any SQL that could fail, so a bad row never aborts the caller's transaction (the
 * bulk importer calls these once per row inside one transaction). Each takes a transaction already
 * inside `inWorkspace` and the workspace's PeopleCtx, audits through auditPeopleChange (field names
 * and ids only, never values) in the same transaction, and returns the resource as the API shows it.
 *
 * Errors: bad input and broken rules are DomainError('invalid') naming the field; an unknown
 * organisation, network, person or persona given in a body is 'invalid' on that field; a stale
 * `version` is 'conflict'; the same post held twice over overlapping days is 'conflict' on
 * `valid_from` (it clashes with a record that exists, not with the request's own shape).
 */

/** What createPerson accepts: the API's CreatePerson body (defaults may be left out). */
export type CreatePersonInput = z.input<typeof CreatePerson>;
export type UpdatePersonInput = z.input<typeof UpdatePerson>;
export type CreatePostInput = z.input<typeof CreatePost>;
export type UpdatePostInput = z.input<typeof UpdatePost>;
export type CreatePersonaInput = z.input<typeof CreatePersona>;
export type UpdatePersonaInput = z.input<typeof UpdatePersona>;

/** A DomainError('invalid') naming one field. */
function invalid(field: string, message: string): DomainError {
  return new DomainError('invalid', `${field}: ${message}`, { errors: [{ field, message }] });
}

function fromRule(p: RuleProblem, code: 'invalid' | 'conflict' = 'invalid'): DomainError {
  return new DomainError(code, `${p.field}: ${p.message}`, { errors: [p] });
}

/** Parses input with a zod schema, or throws DomainError('invalid') naming the first bad field. */
function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  const first = errors[0]!;
  throw new DomainError('invalid', `${first.field}: ${first.message}`, { errors });
}

const blankToNull = (s: string | null | undefined): string | null =>
  s === undefined || s === null || s === '' ? null : s;

const PERSON_KEYS: (keyof PersonValues)[] = [
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
];

function personValues(r: PersonRow): PersonValues {
  const v = {} as Record<keyof PersonValues, unknown>;
  for (const k of PERSON_KEYS) v[k] = r[k];
  return v as unknown as PersonValues;
}

/** The names of the fields a new record sets (not empty, not false): what the audit entry lists. */
function setFields(v: Record<string, unknown>): string[] {
  return Object.entries(v)
    .filter(
      ([, x]) =>
        x !== null && x !== undefined && x !== '' && x !== false && !(Array.isArray(x) && x.length === 0),
    )
    .map(([k]) => k);
}

const ERASED =
  'This person was erased from this workspace at their request, so the workspace may not hold their record again.';

async function refuseSuppressed(tx: Queryable, ctx: PeopleCtx, v: PersonValues): Promise<void> {
  if (await isSuppressed(tx, ctx.workspaceId, v)) {
    throw new DomainError('conflict', ERASED, { errors: [{ field: 'family_name', message: ERASED }] });
  }
}

async function lockedPerson(tx: Queryable, ctx: PeopleCtx, id: number): Promise<PersonRow> {
  const row = await peopleRepo(tx, ctx).findPersonRow(id, true);
  if (!row) throw new DomainError('not_found', `no person ${id} in this workspace`);
  return row;
}

const personConflict = (id: number) =>
  new DomainError('conflict', `person ${id} was changed by someone else: reload it and try again`);
const postConflict = (id: number) =>
  new DomainError('conflict', `post ${id} was changed by someone else: reload it and try again`);

// ---- people ---------------------------------------------------------------------------------

/** Adds a person. A person erased from this workspace is refused (conflict). */
export async function createPerson(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  input: CreatePersonInput,
): Promise<Person> {
  const p = parse(CreatePerson, input);
  const v: PersonValues = {
    honorific: blankToNull(p.honorific),
    given_name: p.given_name,
    family_name: p.family_name,
    postnominals: blankToNull(p.postnominals),
    professions: [...new Set(p.professions)],
    specialty: blankToNull(p.specialty),
    email: blankToNull(p.email),
    phone: blankToNull(p.phone),
    work_address: blankToNull(p.work_address),
    do_not_contact: p.do_not_contact,
    engaged: p.engaged,
    source: p.source,
    lawful_basis: p.lawful_basis,
    last_verified_on: p.last_verified_on ?? null,
    notes: blankToNull(p.notes),
  };
  await refuseSuppressed(tx, ctx, v);
  const repo = peopleRepo(tx, ctx);
  const id = await repo.insertPerson(v, actor.actorId, actor.at);
  await auditPeopleChange(tx, actor, {
    action: 'person.created',
    targetType: 'person',
    targetId: id,
    personIds: [id],
    fields: setFields({ ...v }),
  });
  return repo.getPerson(id);
}

/** Changes a person; `patch.version` must be the version read, else conflict. */
export async function updatePerson(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  id: number,
  patch: UpdatePersonInput,
): Promise<Person> {
  const p = parse(UpdatePerson, patch);
  const before = await lockedPerson(tx, ctx, id);
  if (before.version !== p.version) throw personConflict(id);
  const old = personValues(before);
  const next: PersonValues = { ...old };
  for (const k of PERSON_KEYS) {
    const x = (p as Record<string, unknown>)[k];
    if (x === undefined) continue;
    (next as unknown as Record<string, unknown>)[k] =
      typeof x === 'string' || x === null ? blankToNull(x as string | null) : x;
  }
  if (p.professions) next.professions = [...new Set(p.professions)];
  const fields = changedFields(
    old as unknown as Record<string, unknown>,
    next as unknown as Record<string, unknown>,
    PERSON_KEYS,
  );
  if (fields.some((f) => f === 'given_name' || f === 'family_name' || f === 'email')) {
    await refuseSuppressed(tx, ctx, next);
  }
  const repo = peopleRepo(tx, ctx);
  if (!(await repo.updatePerson(id, p.version, next, actor.actorId, actor.at))) throw personConflict(id);
  await auditPeopleChange(tx, actor, {
    action: 'person.updated',
    targetType: 'person',
    targetId: id,
    personIds: [id],
    fields,
  });
  return repo.getPerson(id);
}

/** Marks a person as verified today; `version` must be the version read, else conflict. */
export async function verifyPerson(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  id: number,
  version: number,
): Promise<Person> {
  if (!Number.isInteger(version) || version < 1) throw invalid('version', 'must be a whole number from 1');
  const before = await lockedPerson(tx, ctx, id);
  if (before.version !== version) throw personConflict(id);
  const repo = peopleRepo(tx, ctx);
  const next = { ...personValues(before), last_verified_on: ctx.today };
  if (!(await repo.updatePerson(id, version, next, actor.actorId, actor.at))) throw personConflict(id);
  await auditPeopleChange(tx, actor, {
    action: 'person.verified',
    targetType: 'person',
    targetId: id,
    personIds: [id],
    fields: ['last_verified_on'],
  });
  return repo.getPerson(id);
}

/** Deletes a person with their posts, memberships and relationships (not an erasure: no suppression). */
export async function deletePerson(tx: Queryable, ctx: PeopleCtx, actor: Actor, id: number): Promise<void> {
  await lockedPerson(tx, ctx, id);
  const removed = await peopleRepo(tx, ctx).deletePerson(id);
  await auditPeopleChange(tx, actor, {
    action: 'person.deleted',
    targetType: 'person',
    targetId: id,
    personIds: [id],
    fields: [],
    details: { removed },
  });
}

/** One person whole: their record, every post newest first, memberships and relationships both ways. */
export async function personDetail(tx: Queryable, ctx: PeopleCtx, id: number): Promise<PersonDetail> {
  const repo = peopleRepo(tx, ctx);
  const person = await repo.getPerson(id);
  const ties = tiesRepo(tx, ctx);
  const all = { limit: 1000, offset: 0 };
  const [posts, memberships, out, inward] = [
    await repo.postsOfPerson(id),
    await ties.listMemberships({ person: id, ...all }),
    await ties.listRelationships({ person: id, direction: 'out', ...all }),
    await ties.listRelationships({ person: id, direction: 'in', ...all }),
  ];
  return {
    ...person,
    posts,
    memberships: memberships.items,
    relationships_out: out.items,
    relationships_in: inward.items,
  };
}

// ---- posts ----------------------------------------------------------------------------------

/** The level a post at this organisation or network usually works at. */
export function defaultLevel(holder: { type: 'organisation' | 'network'; kind: string }): Level {
  if (holder.type === 'organisation') return levelOfOrganisationKind(holder.kind);
  switch (holder.kind) {
    case 'clinical_reference_group':
      return 'national';
    case 'strategic_clinical_network':
    case 'clinical_senate':
    case 'health_innovation_network':
      return 'regional';
    default:
      return 'system';
  }
}

/** The id of a persona this workspace may use (catalogue or its own), or invalid on persona_code. */
async function personaId(
  tx: Queryable,
  ctx: PeopleCtx,
  code: string | null | undefined,
): Promise<number | null> {
  if (code === undefined || code === null || code.trim() === '') return null;
  const r = await peopleRepo(tx, ctx).findPersonaRow(code.trim());
  if (!r) throw invalid('persona_code', `no persona has the code "${code}"`);
  return r.id;
}

/** Checks a post's period against its holder and the same person's same post; throws on a breach. */
async function checkPostDates(
  tx: Queryable,
  ctx: PeopleCtx,
  v: PostValues,
  holder: Holder,
  selfId?: number,
): Promise<void> {
  const shape = periodProblem(v);
  if (shape) throw fromRule(shape);
  const outside = postWithinHolder(v, holder);
  if (outside) throw fromRule(outside);
  const same = await peopleRepo(tx, ctx).samePosts(v.person_id, v, v.title);
  const clash = overlappingPost<Period & { id: number }>(
    selfId === undefined ? v : { ...v, id: selfId },
    same,
  );
  if (clash) {
    const when = `${clash.valid_from ?? 'an unknown start'} to ${clash.valid_to ?? 'now'}`;
    throw fromRule(
      {
        field: 'valid_from',
        message: `this person already holds "${v.title}" at ${holder.name} over these dates (post ${clash.id}, ${when})`,
      },
      'conflict',
    );
  }
}

/** Adds a post at an organisation or network for a person. */
export async function createPost(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  input: CreatePostInput,
): Promise<Post> {
  const p = parse(CreatePost, input);
  const orgCode = p.organisation_code?.trim() || undefined;
  const netCode = p.network_code?.trim() || undefined;
  if (orgCode && netCode)
    throw invalid('organisation_code', 'give an organisation_code or a network_code, not both');
  if (!orgCode && !netCode)
    throw invalid('organisation_code', 'give the organisation_code (or network_code) where the post is held');
  const period = { valid_from: p.valid_from ?? null, valid_to: p.valid_to ?? null };
  const shape = periodProblem(period);
  if (shape) throw fromRule(shape);

  const repo = peopleRepo(tx, ctx);
  // Lock the person first: concurrent posts for one person are checked for overlap one at a time.
  const person = await repo.findPersonRow(p.person_id, true);
  if (!person) throw invalid('person_id', `no person ${p.person_id} in this workspace`);
  const holder = orgCode
    ? await repo.findHolder('organisation', orgCode)
    : await repo.findHolder('network', netCode!);
  if (!holder) {
    throw orgCode
      ? invalid('organisation_code', `no organisation has the code "${orgCode}"`)
      : invalid('network_code', `no network has the code "${netCode}"`);
  }
  const v: PostValues = {
    person_id: person.id,
    organisation_id: holder.type === 'organisation' ? holder.id : null,
    network_id: holder.type === 'network' ? holder.id : null,
    title: p.title,
    persona_id: await personaId(tx, ctx, p.persona_code),
    level: p.level ?? defaultLevel(holder),
    ...period,
    source: blankToNull(p.source),
    last_verified_on: p.last_verified_on ?? null,
  };
  await checkPostDates(tx, ctx, v, holder);
  const id = await repo.insertPost(v, actor.at);
  await auditPeopleChange(tx, actor, {
    action: 'post.created',
    targetType: 'post',
    targetId: id,
    personIds: [person.id],
    fields: setFields({
      title: v.title,
      persona_code: v.persona_id,
      level: v.level,
      valid_from: v.valid_from,
      valid_to: v.valid_to,
      source: v.source,
      last_verified_on: v.last_verified_on,
      [holder.type === 'organisation' ? 'organisation_code' : 'network_code']: holder.code,
    }),
    details: { [holder.type]: holder.code },
  });
  return repo.getPost(id);
}

/** A post's row locked with its person's, for a change; not_found when not in this workspace. */
async function lockedPost(tx: Queryable, ctx: PeopleCtx, id: number): Promise<PostRow> {
  const repo = peopleRepo(tx, ctx);
  const first = await repo.findPostRow(id);
  if (!first) throw new DomainError('not_found', `no post ${id} in this workspace`);
  await repo.findPersonRow(first.person_id, true);
  const row = await repo.findPostRow(id, true);
  if (!row) throw new DomainError('not_found', `no post ${id} in this workspace`);
  return row;
}

const postValues = (r: PostRow): PostValues => ({
  person_id: r.person_id,
  organisation_id: r.organisation_id,
  network_id: r.network_id,
  title: r.title,
  persona_id: r.persona_id,
  level: r.level,
  valid_from: r.valid_from,
  valid_to: r.valid_to,
  source: r.source,
  last_verified_on: r.last_verified_on,
});

/** Changes a post's title, persona, level, dates or source; `patch.version` must be current. */
export async function updatePost(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  id: number,
  patch: UpdatePostInput,
): Promise<Post> {
  const p = parse(UpdatePost, patch);
  const before = await lockedPost(tx, ctx, id);
  if (before.version !== p.version) throw postConflict(id);
  const old = postValues(before);
  const next: PostValues = {
    ...old,
    title: p.title ?? old.title,
    persona_id: p.persona_code === undefined ? old.persona_id : await personaId(tx, ctx, p.persona_code),
    level: p.level ?? old.level,
    valid_from: p.valid_from === undefined ? old.valid_from : p.valid_from,
    valid_to: p.valid_to === undefined ? old.valid_to : p.valid_to,
    source: p.source === undefined ? old.source : blankToNull(p.source),
    last_verified_on: p.last_verified_on === undefined ? old.last_verified_on : p.last_verified_on,
  };
  const repo = peopleRepo(tx, ctx);
  await checkPostDates(tx, ctx, next, await repo.holderOf(before), id);
  if (!(await repo.updatePost(id, p.version, next, actor.at))) throw postConflict(id);
  const fields = changedFields(
    old as unknown as Record<string, unknown>,
    next as unknown as Record<string, unknown>,
    ['title', 'persona_id', 'level', 'valid_from', 'valid_to', 'source', 'last_verified_on'],
  ).map((f) => (f === 'persona_id' ? 'persona_code' : f));
  await auditPeopleChange(tx, actor, {
    action: 'post.updated',
    targetType: 'post',
    targetId: id,
    personIds: [before.person_id],
    fields,
  });
  return repo.getPost(id);
}

/** Marks a post as verified today; `version` must be the version read. */
export async function verifyPost(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  id: number,
  version: number,
): Promise<Post> {
  if (!Number.isInteger(version) || version < 1) throw invalid('version', 'must be a whole number from 1');
  const before = await lockedPost(tx, ctx, id);
  if (before.version !== version) throw postConflict(id);
  const repo = peopleRepo(tx, ctx);
  if (!(await repo.updatePost(id, version, { ...postValues(before), last_verified_on: ctx.today }, actor.at)))
    throw postConflict(id);
  await auditPeopleChange(tx, actor, {
    action: 'post.verified',
    targetType: 'post',
    targetId: id,
    personIds: [before.person_id],
    fields: ['last_verified_on'],
  });
  return repo.getPost(id);
}

/** Deletes a post. */
export async function deletePost(tx: Queryable, ctx: PeopleCtx, actor: Actor, id: number): Promise<void> {
  const before = await lockedPost(tx, ctx, id);
  await peopleRepo(tx, ctx).deletePost(id);
  await auditPeopleChange(tx, actor, {
    action: 'post.deleted',
    targetType: 'post',
    targetId: id,
    personIds: [before.person_id],
    fields: [],
    details: before.org_code ? { organisation: before.org_code } : { network: before.net_code },
  });
}

/** Who holds which post at an organisation on a date, and who sits in networks for it. */
export async function organisationPeople(
  tx: Queryable,
  ctx: PeopleCtx,
  code: string,
  asAt: string,
): Promise<z.infer<typeof OrganisationPeople>> {
  const repo = peopleRepo(tx, ctx);
  const holder = await repo.findHolder('organisation', code);
  if (!holder) throw new DomainError('not_found', `no organisation has the code "${code}"`, { code });
  const posts = await repo.postsAtOrganisation(holder.id, asAt);
  const memberships = await tiesRepo(tx, ctx).listMemberships({
    organisation: holder.code,
    as_at: asAt,
    limit: 1000,
    offset: 0,
  });
  return {
    as_at: asAt,
    organisation: { code: holder.code, name: holder.name, kind: holder.kind as OrganisationKind },
    posts,
    memberships: memberships.items,
  };
}

// ---- personas -------------------------------------------------------------------------------

const CATALOGUE_READ_ONLY =
  'the national persona catalogue is read-only: add a persona of your own for this workspace instead';

/** A persona code from a name: lower-case words joined by _, at most 80 characters. */
export function personaCodeOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80)
    .replace(/_+$/, '');
  return slug.length >= 2 ? slug : `persona_${slug}`.replace(/_+$/, '') || 'persona';
}

/** Adds a workspace's own persona; its code comes from its name when not given. */
export async function createPersona(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  input: CreatePersonaInput,
): Promise<Persona> {
  const p = parse(CreatePersona, input);
  const repo = peopleRepo(tx, ctx);
  const v: PersonaValues = {
    name: p.name,
    level: p.level,
    summary: p.summary,
    decisions: [...new Set(p.decisions)],
    looks_for: p.looks_for,
    professions: [...new Set(p.professions)],
  };
  let code: string;
  if (p.code) {
    const existing = await repo.findPersonaRow(p.code);
    if (existing)
      throw new DomainError(
        'conflict',
        existing.workspace_id === null
          ? `code: "${p.code}" is a persona of the national catalogue: choose another code`
          : `code: this workspace already has a persona "${p.code}"`,
        { errors: [{ field: 'code', message: 'is already taken' }] },
      );
    code = p.code;
  } else {
    const base = personaCodeOf(p.name);
    const candidates = [base, ...Array.from({ length: 20 }, (_, i) => `${base.slice(0, 76)}_${i + 2}`)];
    const taken = await repo.takenPersonaCodes(candidates);
    const free = candidates.find((c) => !taken.has(c));
    if (!free) throw invalid('code', `choose a code: "${base}" and its variants are taken`);
    code = free;
  }
  await repo.insertPersona(code, v, actor.at);
  await auditPeopleChange(tx, actor, {
    action: 'persona.created',
    targetType: 'persona',
    targetId: code,
    personIds: [],
    fields: setFields({ code, ...v }),
  });
  return repo.getPersona(code);
}

/** The workspace's own persona for a change: not_found, or forbidden for the catalogue. */
async function ownPersona(tx: Queryable, ctx: PeopleCtx, code: string) {
  const row = await peopleRepo(tx, ctx).findPersonaRow(code);
  if (!row) throw new DomainError('not_found', `no persona has the code "${code}"`, { code });
  if (row.workspace_id === null) throw new DomainError('forbidden', CATALOGUE_READ_ONLY);
  return row;
}

/** Changes a workspace's own persona; the catalogue's are read-only (forbidden). */
export async function updatePersona(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  code: string,
  patch: UpdatePersonaInput,
): Promise<Persona> {
  const p = parse(UpdatePersona, patch);
  const before = await ownPersona(tx, ctx, code);
  const conflict = () =>
    new DomainError('conflict', `persona "${code}" was changed by someone else: reload it and try again`);
  if (before.version !== p.version) throw conflict();
  const old: PersonaValues = {
    name: before.name,
    level: before.level,
    summary: before.summary,
    decisions: before.decisions ?? [],
    looks_for: before.looks_for ?? [],
    professions: before.professions ?? [],
  };
  const next: PersonaValues = {
    name: p.name ?? old.name,
    level: p.level ?? old.level,
    summary: p.summary ?? old.summary,
    decisions: p.decisions ? [...new Set(p.decisions)] : old.decisions,
    looks_for: p.looks_for ?? old.looks_for,
    professions: p.professions ? [...new Set(p.professions)] : old.professions,
  };
  const repo = peopleRepo(tx, ctx);
  if (!(await repo.updatePersona(before.code, p.version, next, actor.at))) throw conflict();
  await auditPeopleChange(tx, actor, {
    action: 'persona.updated',
    targetType: 'persona',
    targetId: before.code,
    personIds: [],
    fields: changedFields(
      old as unknown as Record<string, unknown>,
      next as unknown as Record<string, unknown>,
      ['name', 'level', 'summary', 'decisions', 'looks_for', 'professions'],
    ),
  });
  return repo.getPersona(before.code);
}

/** Deletes a workspace's own persona; posts that carried it keep their title and lose the persona. */
export async function deletePersona(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  code: string,
): Promise<void> {
  const before = await ownPersona(tx, ctx, code);
  await peopleRepo(tx, ctx).deletePersona(before.code);
  await auditPeopleChange(tx, actor, {
    action: 'persona.deleted',
    targetType: 'persona',
    targetId: before.code,
    personIds: [],
    fields: [],
    details: { open_posts: before.posts },
  });
}

// ---- freshness ------------------------------------------------------------------------------

/** What has gone stale in the workspace and what changed in the last `days` days. */
export async function freshness(
  tx: Queryable,
  ctx: PeopleCtx,
  f: { days: number; limit: number },
): Promise<z.infer<typeof Freshness>> {
  const repo = peopleRepo(tx, ctx);
  return {
    today: ctx.today,
    stale_after_months: ctx.staleAfterMonths,
    stale_before: ctx.staleBefore,
    counts: await repo.freshnessCounts(),
    stale_people: await repo.stalestPeople(f.limit),
    recent_changes: await repo.recentChanges(f.days, f.limit),
  };
}

/** Sets how many months a record may go unverified before it is stale (audited as a settings change). */
export async function setStaleAfterMonths(tx: Queryable, actor: Actor, months: number): Promise<void> {
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw invalid('stale_after_months', 'must be a whole number of months from 1 to 120');
  const [before] = await tx.query<{ stale_after_months: number }>(
    'SELECT stale_after_months FROM workspaces WHERE id = $1 FOR UPDATE',
    [actor.workspaceId],
  );
  if (!before) throw new DomainError('not_found', 'no such workspace');
  await tx.query('UPDATE workspaces SET stale_after_months = $2 WHERE id = $1', [actor.workspaceId, months]);
  await appendAudit(tx, {
    at: actor.at,
    workspaceId: actor.workspaceId,
    actorId: actor.actorId,
    actorEmail: actor.actorEmail,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ?? null,
    action: 'workspace.settings_changed',
    targetType: 'workspace',
    targetId: actor.workspaceId,
    before: { stale_after_months: before.stale_after_months },
    after: { stale_after_months: months },
  });
}
