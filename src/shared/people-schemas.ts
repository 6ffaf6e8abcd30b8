import { z } from 'zod';
import {
  DECISIONS,
  DECLARATION_KINDS,
  LAWFUL_BASES,
  LEVELS,
  MEMBERSHIP_ROLES,
  PERSONA_CATEGORIES,
  PROFESSIONS,
  RELATIONSHIP_CONFIDENCES,
  RELATIONSHIP_KINDS,
  SECTORS,
} from '../core/people.ts';
import { IsoDate, NetworkKind, OrganisationKind } from './schemas.ts';

/**
 * The people API's contract: resources as the server sends them, and inputs as it accepts them.
 * One file for server and web app. Every private resource carries `version` for optimistic
 * concurrency: an update sends the version it read, and a stale one gets 409.
 */

export const Profession = z.enum(PROFESSIONS);
export const Level = z.enum(LEVELS);
export const Decision = z.enum(DECISIONS);
export const PersonaCategory = z.enum(PERSONA_CATEGORIES);
export const MembershipRole = z.enum(MEMBERSHIP_ROLES);
export const Sector = z.enum(SECTORS);
export const DeclarationKind = z.enum(DECLARATION_KINDS);
export const RelationshipKind = z.enum(RELATIONSHIP_KINDS);
export const RelationshipConfidence = z.enum(RELATIONSHIP_CONFIDENCES);
export const LawfulBasis = z.enum(LAWFUL_BASES);

const Text = (max: number) => z.string().trim().max(max);
const OptionalText = (max: number) => Text(max).nullable().optional();
const Version = z.number().int().min(1);

export const OrgRef = z.object({ code: z.string(), name: z.string(), kind: OrganisationKind });
export const NetRef = z.object({ code: z.string(), name: z.string(), kind: NetworkKind });
export const PersonRef = z.object({ id: z.number().int(), name: z.string() });
export const PersonaRef = z.object({ code: z.string(), name: z.string() });

/** Dated, verifiable: what every post, membership and relationship carries. */
const DatedFields = {
  valid_from: IsoDate.nullable(),
  valid_to: IsoDate.nullable(),
  source: z.string().nullable(),
  last_verified_on: IsoDate.nullable(),
  /** Never verified, or verified longer ago than the workspace's stale_after_months. */
  stale: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
  version: Version,
};
const DatedInput = {
  valid_from: IsoDate.nullable().optional(),
  valid_to: IsoDate.nullable().optional(),
  source: OptionalText(400),
  last_verified_on: IsoDate.nullable().optional(),
};

// ---- personas --------------------------------------------------------------------------------

export const Persona = z.object({
  code: z.string(),
  name: z.string(),
  category: PersonaCategory,
  level: Level,
  summary: z.string(),
  decisions: z.array(Decision),
  looks_for: z.array(z.string()),
  professions: z.array(Profession),
  /** true for the workspace's own personas (editable); false for the national catalogue */
  custom: z.boolean(),
  /** posts in this workspace open today with this persona */
  posts: z.number().int(),
  version: Version,
});
export type Persona = z.infer<typeof Persona>;
export const CreatePersona = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{1,79}$/, 'lower-case letters, digits, - and _')
    .optional(),
  name: Text(160).min(1),
  level: Level,
  summary: Text(4000).default(''),
  decisions: z.array(Decision).default([]),
  looks_for: z.array(Text(400).min(1)).max(30).default([]),
  professions: z.array(Profession).default([]),
});
export const UpdatePersona = CreatePersona.omit({ code: true }).partial().extend({ version: Version });

// ---- people ----------------------------------------------------------------------------------

export const Person = z.object({
  id: z.number().int(),
  name: z.string(),
  honorific: z.string().nullable(),
  given_name: z.string(),
  family_name: z.string(),
  postnominals: z.string().nullable(),
  professions: z.array(Profession),
  specialty: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  work_address: z.string().nullable(),
  do_not_contact: z.boolean(),
  /** the workspace's team engages with this person: introduction paths and persona coverage start from them */
  engaged: z.boolean(),
  source: z.string(),
  lawful_basis: LawfulBasis,
  last_verified_on: IsoDate.nullable(),
  stale: z.boolean(),
  notes: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  version: Version,
});
export type Person = z.infer<typeof Person>;

/** A person in a list: with the posts they hold on the date asked for. */
export const PersonSummary = Person.omit({ notes: true, work_address: true }).extend({
  current_posts: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      organisation: OrgRef.nullable(),
      network: NetRef.nullable(),
      persona: PersonaRef.nullable(),
    }),
  ),
});
export type PersonSummary = z.infer<typeof PersonSummary>;
export const PersonList = z.object({
  as_at: IsoDate,
  total: z.number().int(),
  items: z.array(PersonSummary),
});

const PersonFields = {
  honorific: OptionalText(40),
  given_name: Text(120).min(1),
  family_name: Text(120).min(1),
  postnominals: OptionalText(120),
  professions: z.array(Profession).max(10).default([]),
  specialty: OptionalText(160),
  email: z.string().trim().email().max(254).nullable().optional(),
  phone: OptionalText(40),
  work_address: OptionalText(400),
  do_not_contact: z.boolean().default(false),
  engaged: z.boolean().default(false),
  source: Text(400).min(1),
  lawful_basis: LawfulBasis.default('legitimate_interests'),
  last_verified_on: IsoDate.nullable().optional(),
  notes: OptionalText(20000),
};
export const CreatePerson = z.object(PersonFields);
export type CreatePerson = z.infer<typeof CreatePerson>;
export const UpdatePerson = z
  .object({
    ...PersonFields,
    professions: z.array(Profession).max(10),
    do_not_contact: z.boolean(),
    engaged: z.boolean(),
    lawful_basis: LawfulBasis,
  })
  .partial()
  .extend({ version: Version });
export type UpdatePerson = z.infer<typeof UpdatePerson>;

export const PeopleFilter = z.object({
  q: z.string().max(200).optional(),
  persona: z.string().max(80).optional(),
  organisation: z.string().max(20).optional(),
  network: z.string().max(80).optional(),
  level: Level.optional(),
  profession: Profession.optional(),
  stale: z.enum(['true', 'false']).optional(),
  /** only people the workspace engages ('true') or does not ('false') */
  engaged: z.enum(['true', 'false']).optional(),
  as_at: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

// ---- posts -----------------------------------------------------------------------------------

export const Post = z.object({
  id: z.number().int(),
  person: PersonRef,
  organisation: OrgRef.nullable(),
  network: NetRef.nullable(),
  title: z.string(),
  persona: PersonaRef.nullable(),
  level: Level,
  ...DatedFields,
});
export type Post = z.infer<typeof Post>;
export const CreatePost = z.object({
  person_id: z.number().int().min(1),
  /** exactly one of organisation_code and network_code */
  organisation_code: z.string().trim().max(20).optional(),
  network_code: z.string().trim().max(80).optional(),
  title: Text(200).min(1),
  persona_code: z.string().max(80).nullable().optional(),
  /** defaults from the organisation's kind (a practice: neighbourhood; an ICB: system …) */
  level: Level.optional(),
  ...DatedInput,
});
export type CreatePost = z.infer<typeof CreatePost>;
export const UpdatePost = CreatePost.omit({ person_id: true, organisation_code: true, network_code: true })
  .partial()
  .extend({ version: Version });

export const PostFilter = z.object({
  person: z.coerce.number().int().min(1).optional(),
  organisation: z.string().max(20).optional(),
  network: z.string().max(80).optional(),
  persona: z.string().max(80).optional(),
  level: Level.optional(),
  stale: z.enum(['true', 'false']).optional(),
  /** only posts open on this date; omit for every post, past and future */
  as_at: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const PostList = z.object({ total: z.number().int(), items: z.array(Post) });

/** Who holds which post at an organisation on a date. */
export const OrganisationPeople = z.object({
  as_at: IsoDate,
  organisation: OrgRef,
  posts: z.array(Post),
  /** people sitting in networks for this organisation on the date */
  memberships: z.lazy(() => z.array(Membership)),
});

// ---- network memberships --------------------------------------------------------------------

export const Declaration = z.object({
  kind: DeclarationKind,
  description: Text(2000).min(1),
  declared_on: IsoDate,
});
export const Membership = z.object({
  id: z.number().int(),
  network: NetRef,
  person: PersonRef.extend({ professions: z.array(Profession) }).nullable(),
  organisation: OrgRef.nullable(),
  representing: OrgRef.nullable(),
  role: MembershipRole,
  voting: z.boolean(),
  /** as recorded, else derived from the organisation (a practice: primary; a trust: secondary …) */
  sector: Sector.nullable(),
  declarations: z.array(Declaration),
  ...DatedFields,
});
export type Membership = z.infer<typeof Membership>;
export const CreateMembership = z.object({
  network_code: z.string().trim().min(1).max(80),
  /** exactly one of person_id and organisation_code */
  person_id: z.number().int().min(1).optional(),
  organisation_code: z.string().trim().max(20).optional(),
  representing_code: z.string().trim().max(20).nullable().optional(),
  role: MembershipRole,
  voting: z.boolean().default(false),
  sector: Sector.nullable().optional(),
  declarations: z.array(Declaration).max(50).default([]),
  ...DatedInput,
});
export type CreateMembership = z.infer<typeof CreateMembership>;
export const UpdateMembership = CreateMembership.omit({
  network_code: true,
  person_id: true,
  organisation_code: true,
})
  .partial()
  .extend({ version: Version });
export const MembershipFilter = z.object({
  network: z.string().max(80).optional(),
  person: z.coerce.number().int().min(1).optional(),
  organisation: z.string().max(20).optional(),
  role: MembershipRole.optional(),
  as_at: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export const MembershipList = z.object({ total: z.number().int(), items: z.array(Membership) });

/** A network's roster on a date, and its make-up (source 002's tests of a managed network). */
export const Roster = z.object({
  as_at: IsoDate,
  network: NetRef,
  members: z.array(Membership),
  makeup: z.object({
    people: z.number().int(),
    organisations: z.number().int(),
    voting: z.number().int(),
    by_role: z.record(z.string(), z.number().int()),
    by_profession: z.record(z.string(), z.number().int()),
    by_sector: z.record(z.string(), z.number().int()),
    represented: z.array(OrgRef.extend({ members: z.number().int() })),
    triad: z.object({
      lead_doctor: PersonRef.nullable(),
      lead_nurse: PersonRef.nullable(),
      lead_manager: PersonRef.nullable(),
      complete: z.boolean(),
    }),
    patient_involvement: z.object({ present: z.boolean(), members: z.number().int() }),
    declarations: z.number().int(),
  }),
});
export type Roster = z.infer<typeof Roster>;

// ---- relationships --------------------------------------------------------------------------

export const RelationshipEnd = z.object({
  type: z.enum(['person', 'organisation', 'network']),
  /** person id, or organisation / network code */
  id: z.union([z.number().int(), z.string()]),
  name: z.string(),
});
export const Relationship = z.object({
  id: z.number().int(),
  from: PersonRef,
  to: RelationshipEnd,
  kind: RelationshipKind,
  strength: z.number().int().min(1).max(5),
  evidence: z.string().nullable(),
  confidence: RelationshipConfidence,
  ...DatedFields,
});
export type Relationship = z.infer<typeof Relationship>;
export const CreateRelationship = z.object({
  from_person_id: z.number().int().min(1),
  /** exactly one of to_person_id, to_organisation_code, to_network_code */
  to_person_id: z.number().int().min(1).optional(),
  to_organisation_code: z.string().trim().max(20).optional(),
  to_network_code: z.string().trim().max(80).optional(),
  kind: RelationshipKind,
  strength: z.number().int().min(1).max(5),
  evidence: OptionalText(4000),
  confidence: RelationshipConfidence.default('likely'),
  ...DatedInput,
});
export type CreateRelationship = z.infer<typeof CreateRelationship>;
export const UpdateRelationship = CreateRelationship.pick({
  kind: true,
  strength: true,
  evidence: true,
  confidence: true,
  valid_from: true,
  valid_to: true,
  source: true,
  last_verified_on: true,
})
  .partial()
  .extend({ version: Version });
export const RelationshipFilter = z.object({
  /** either end is this person */
  person: z.coerce.number().int().min(1).optional(),
  kind: RelationshipKind.optional(),
  organisation: z.string().max(20).optional(),
  network: z.string().max(80).optional(),
  as_at: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export const RelationshipList = z.object({ total: z.number().int(), items: z.array(Relationship) });

// ---- one person, whole ----------------------------------------------------------------------

export const PersonDetail = Person.extend({
  posts: z.array(Post),
  memberships: z.array(Membership),
  relationships_out: z.array(Relationship),
  relationships_in: z.array(Relationship),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

// ---- freshness -------------------------------------------------------------------------------

export const Freshness = z.object({
  today: IsoDate,
  stale_after_months: z.number().int(),
  /** records last verified before this date (or never) are stale */
  stale_before: IsoDate,
  counts: z.object({
    people: z.object({ total: z.number().int(), stale: z.number().int() }),
    posts: z.object({ total: z.number().int(), stale: z.number().int() }),
    memberships: z.object({ total: z.number().int(), stale: z.number().int() }),
    relationships: z.object({ total: z.number().int(), stale: z.number().int() }),
  }),
  /** the stalest people first (never verified, then oldest) */
  stale_people: z.array(PersonSummary),
  /** what changed in the last `days` days, newest first, from the audit log */
  recent_changes: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      target_type: z.string().nullable(),
      target_id: z.string().nullable(),
      actor_email: z.string().nullable(),
      person: PersonRef.nullable(),
      fields: z.array(z.string()),
    }),
  ),
});
export const FreshnessQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const FreshnessSettings = z.object({ stale_after_months: z.number().int().min(1).max(120) });

// ---- data protection -------------------------------------------------------------------------

/** Everything a workspace holds about one person: the answer to a subject access request. */
export const SubjectAccess = z.object({
  generated_at: z.string(),
  workspace: z.object({ id: z.number().int(), name: z.string() }),
  person: Person,
  posts: z.array(Post),
  memberships: z.array(Membership),
  relationships_out: z.array(Relationship),
  relationships_in: z.array(Relationship),
  /** audit entries about this person and their posts, memberships and relationships */
  history: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      target_type: z.string().nullable(),
      target_id: z.string().nullable(),
      actor_email: z.string().nullable(),
      fields: z.array(z.string()),
    }),
  ),
  /** one line per table read, with the rows it gave: the completeness record */
  tables: z.record(z.string(), z.number().int()),
  processing: z.object({
    lawful_basis: LawfulBasis,
    source: z.string(),
    purposes: z.string(),
    retention: z.string(),
    rights: z.string(),
  }),
});
export type SubjectAccess = z.infer<typeof SubjectAccess>;
export const EraseRequest = z.object({
  /** the person's id typed again, so an erasure is never a slip */
  confirm: z.number().int().min(1),
  version: Version.optional(),
});
export const EraseResult = z.object({
  erased: z.literal(true),
  removed: z.record(z.string(), z.number().int()),
  suppression_id: z.number().int(),
  /** what erasure could not do itself: notes (free text) that mention the person, to review by hand */
  details: z.object({ notes_mentioning: z.number().int() }).optional(),
});
export type EraseResult = z.infer<typeof EraseResult>;

// ---- bulk ------------------------------------------------------------------------------------

export const PeopleImportReport = z.object({
  dry_run: z.boolean(),
  file: z.string(),
  rows: z.number().int(),
  people: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
  posts: z.object({ created: z.number().int(), unchanged: z.number().int() }),
  suppressed: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
});
export type PeopleImportReport = z.infer<typeof PeopleImportReport>;
