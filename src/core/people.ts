/**
 * People in their roles: the fixed vocabularies (the same lists as the CHECKs of migration 0007)
 * and the domain rules every way in (API, bulk import, demo generator) applies before writing.
 * Pure: no I/O.
 */

/** The professions of source 000's cast, and the lay and managerial roles around them. */
export const PROFESSIONS = [
  'gp',
  'consultant',
  'doctor',
  'nurse',
  'pharmacist',
  'pharmacy_technician',
  'allied_health_professional',
  'social_worker',
  'social_care_practitioner',
  'psychologist',
  'healthcare_scientist',
  'midwife',
  'dentist',
  'optometrist',
  'orthoptist',
  'paramedic',
  'public_health',
  'manager',
  'commissioner',
  'finance',
  'academic',
  'patient_representative',
  'carer_representative',
  'voluntary_sector',
  'industry',
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const PROFESSION_LABELS: Record<Profession, string> = {
  gp: 'GP',
  consultant: 'Consultant',
  doctor: 'Doctor (other grade)',
  nurse: 'Nurse',
  pharmacist: 'Pharmacist',
  pharmacy_technician: 'Pharmacy technician',
  allied_health_professional: 'Allied health professional',
  social_worker: 'Social worker',
  social_care_practitioner: 'Social care practitioner',
  psychologist: 'Psychologist',
  healthcare_scientist: 'Healthcare scientist',
  midwife: 'Midwife',
  dentist: 'Dentist',
  optometrist: 'Optometrist',
  orthoptist: 'Orthoptist',
  paramedic: 'Paramedic',
  public_health: 'Public health professional',
  manager: 'Manager',
  commissioner: 'Commissioner',
  finance: 'Finance',
  academic: 'Academic',
  patient_representative: 'Patient representative',
  carer_representative: 'Carer representative',
  voluntary_sector: 'Voluntary sector',
  industry: 'Industry',
  other: 'Other',
};

/** The levels of the system a post or persona works at, national down to provider. */
export const LEVELS = ['national', 'regional', 'system', 'place', 'neighbourhood', 'provider'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = {
  national: 'National',
  regional: 'Regional',
  system: 'System (ICS)',
  place: 'Place',
  neighbourhood: 'Neighbourhood (PCN)',
  provider: 'Provider',
};

/** The decisions a persona influences. */
export const DECISIONS = [
  'formulary',
  'pathway_redesign',
  'workforce_resourcing',
  'budget',
  'service_specification',
  'pilot_adoption',
  'specialised_commissioning',
] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = {
  formulary: 'Formulary',
  pathway_redesign: 'Pathway redesign',
  workforce_resourcing: 'Workforce and resourcing',
  budget: 'Budget',
  service_specification: 'Service specification',
  pilot_adoption: 'Pilot adoption',
  specialised_commissioning: 'Specialised commissioning',
};

/** Persona categories: the ten key personas of source 001, base roles, a workspace's own. */
export const PERSONA_CATEGORIES = ['key', 'base', 'custom'] as const;
export type PersonaCategory = (typeof PERSONA_CATEGORIES)[number];

/** Roles in a network (source 002's managed network: lead doctor, lead nurse, lead manager). */
export const MEMBERSHIP_ROLES = [
  'chair',
  'clinical_lead',
  'nursing_lead',
  'professional_lead',
  'network_manager',
  'member',
  'deputy',
  'patient_representative',
  'observer',
] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
export const MEMBERSHIP_ROLE_LABELS: Record<MembershipRole, string> = {
  chair: 'Chair',
  clinical_lead: 'Clinical lead (lead doctor)',
  nursing_lead: 'Nursing lead',
  professional_lead: 'Other professional lead',
  network_manager: 'Network manager',
  member: 'Member',
  deputy: 'Deputy',
  patient_representative: 'Patient or carer representative',
  observer: 'Observer',
};

/** Care sectors a network's members come from. */
export const SECTORS = [
  'primary',
  'secondary',
  'tertiary',
  'community',
  'social_care',
  'voluntary',
  'lay',
] as const;
export type Sector = (typeof SECTORS)[number];
export const SECTOR_LABELS: Record<Sector, string> = {
  primary: 'Primary care',
  secondary: 'Secondary care',
  tertiary: 'Tertiary care',
  community: 'Community',
  social_care: 'Social care',
  voluntary: 'Voluntary sector',
  lay: 'Lay (patients and carers)',
};

/** Kinds of declared interest, as NHS conflicts-of-interest guidance groups them. */
export const DECLARATION_KINDS = [
  'financial',
  'non_financial_professional',
  'non_financial_personal',
  'indirect',
] as const;
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

/** Relationship kinds: typed, directed ties from a person. */
export const RELATIONSHIP_KINDS = [
  'reports_to',
  'works_with',
  'advises',
  'influences',
  'chairs',
  'knows',
] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];
export const RELATIONSHIP_KIND_LABELS: Record<RelationshipKind, string> = {
  reports_to: 'Reports to',
  works_with: 'Works with',
  advises: 'Advises',
  influences: 'Influences',
  chairs: 'Chairs',
  knows: 'Knows',
};

export const RELATIONSHIP_CONFIDENCES = ['confirmed', 'likely', 'possible'] as const;
export type RelationshipConfidence = (typeof RELATIONSHIP_CONFIDENCES)[number];

/** UK GDPR Article 6 lawful bases for holding a work contact. */
export const LAWFUL_BASES = [
  'legitimate_interests',
  'consent',
  'contract',
  'public_task',
  'legal_obligation',
  'vital_interests',
] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];
export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  legitimate_interests: 'Legitimate interests',
  consent: 'Consent',
  contract: 'Contract',
  public_task: 'Public task',
  legal_obligation: 'Legal obligation',
  vital_interests: 'Vital interests',
};

/** Months without verification before a record is stale, unless the workspace sets otherwise. */
export const DEFAULT_STALE_AFTER_MONTHS = 12;

/** An inclusive date period; null ends are open. Dates are YYYY-MM-DD strings. */
export interface Period {
  valid_from: string | null;
  valid_to: string | null;
}

/** True when two inclusive periods share at least one day. */
export function periodsOverlap(a: Period, b: Period): boolean {
  const aStartsAfterBEnds = a.valid_from !== null && b.valid_to !== null && a.valid_from > b.valid_to;
  const bStartsAfterAEnds = b.valid_from !== null && a.valid_to !== null && b.valid_from > a.valid_to;
  return !aStartsAfterBEnds && !bStartsAfterAEnds;
}

/** True when a period is open on `day`. */
export function openOn(p: Period, day: string): boolean {
  return (p.valid_from === null || p.valid_from <= day) && (p.valid_to === null || p.valid_to >= day);
}

/** A rule a record breaks: the field and a sentence a person can act on. */
export interface RuleProblem {
  field: string;
  message: string;
}

/** A period's own shape: valid_to not before valid_from. */
export function periodProblem(p: Period): RuleProblem | null {
  if (p.valid_from && p.valid_to && p.valid_to < p.valid_from) {
    return { field: 'valid_to', message: `ends (${p.valid_to}) before it starts (${p.valid_from})` };
  }
  return null;
}

/**
 * A post must sit inside its organisation's (or network's) open period: it cannot start before the
 * body opened, nor run on (or be left open) after it closed.
 */
export function postWithinHolder(
  post: Period,
  holder: { name: string; opened_on: string | null; closed_on: string | null },
): RuleProblem | null {
  if (holder.opened_on && post.valid_from && post.valid_from < holder.opened_on) {
    return {
      field: 'valid_from',
      message: `starts ${post.valid_from}, before ${holder.name} opened on ${holder.opened_on}`,
    };
  }
  if (holder.opened_on && !post.valid_from) {
    return {
      field: 'valid_from',
      message: `needs a start date: ${holder.name} opened on ${holder.opened_on}`,
    };
  }
  if (holder.closed_on && (post.valid_to === null || post.valid_to > holder.closed_on)) {
    return {
      field: 'valid_to',
      message: `${post.valid_to ? `ends ${post.valid_to}` : 'is open-ended'}, but ${holder.name} closed on ${holder.closed_on}`,
    };
  }
  return null;
}

/** The identity of "the same post": one person, one organisation or network, one title. */
export function samePostKey(p: {
  person_id: number;
  organisation_id: number | null;
  network_id: number | null;
  title: string;
}): string {
  return `${p.person_id}|${p.organisation_id ?? ''}|${p.network_id ?? ''}|${p.title.trim().toLowerCase()}`;
}

/** The same post may not be held twice over the same days: the first clash, or null. */
export function overlappingPost<T extends Period & { id?: number }>(
  candidate: Period & { id?: number },
  others: T[],
): T | null {
  for (const o of others) {
    if (candidate.id !== undefined && o.id === candidate.id) continue;
    if (periodsOverlap(candidate, o)) return o;
  }
  return null;
}

/** A relationship cannot point from a person to themselves. */
export function relationshipProblem(r: {
  from_person_id: number;
  to_person_id: number | null;
}): RuleProblem | null {
  if (r.to_person_id !== null && r.to_person_id === r.from_person_id) {
    return { field: 'to_person_id', message: 'a relationship needs two different people' };
  }
  return null;
}

/** The sector an organisation of a kind belongs to, where its kind says so. */
export function sectorOfOrganisationKind(kind: string): Sector | null {
  switch (kind) {
    case 'gp_practice':
    case 'pcn':
      return 'primary';
    case 'nhs_trust':
    case 'trust_site':
    case 'independent_provider':
      return 'secondary';
    case 'local_authority':
      return 'social_care';
    case 'voluntary_org':
      return 'voluntary';
    default:
      return null;
  }
}

/** The level a post at an organisation of a kind usually works at. */
export function levelOfOrganisationKind(kind: string): Level {
  switch (kind) {
    case 'national_body':
      return 'national';
    case 'nhs_region':
      return 'regional';
    case 'icb':
    case 'sub_icb_location':
      return 'system';
    case 'place':
    case 'local_authority':
      return 'place';
    case 'pcn':
    case 'gp_practice':
      return 'neighbourhood';
    default:
      return 'provider';
  }
}

/** A record is stale when never verified, or last verified more than `months` months before `today`. */
export function isStale(lastVerifiedOn: string | null, today: string, months: number): boolean {
  if (!lastVerifiedOn) return true;
  return lastVerifiedOn < staleBefore(today, months);
}

/** The first date still fresh: `today` less `months` calendar months (clamped to the month's end). */
export function staleBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A person's display name: honorific, given and family name, post-nominals. */
export function displayName(p: {
  honorific?: string | null;
  given_name: string;
  family_name: string;
  postnominals?: string | null;
}): string {
  const core = [p.honorific, p.given_name, p.family_name].filter((s) => s?.trim()).join(' ');
  return p.postnominals ? `${core} ${p.postnominals}` : core;
}

/** The normal form of a name or email for matching (suppression, duplicate detection). */
export function normaliseForMatch(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9@.]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Roles that make up the managed-network triad of source 002. */
export const TRIAD = {
  lead_doctor: 'clinical_lead',
  lead_nurse: 'nursing_lead',
  lead_manager: 'network_manager',
} as const satisfies Record<string, MembershipRole>;
