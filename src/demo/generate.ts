/**
 * The demo generator: fictional people in realistic posts across whatever structure is loaded
 * (ICBs, sub-ICB locations, places, trusts, PCNs and practices, clinical networks), with network
 * memberships and relationships. Pure and deterministic: the same structure, seed and day give the
 * same plan, row for row. Nothing here touches the database (see write.ts).
 */
import { DomainError } from '../core/errors.ts';
import {
  type DeclarationKind,
  type Level,
  levelOfOrganisationKind,
  type MembershipRole,
  overlappingPost,
  type Profession,
  periodProblem,
  postWithinHolder,
  RELATIONSHIP_KINDS,
  type RelationshipConfidence,
  type RelationshipKind,
  relationshipProblem,
  type Sector,
  samePostKey,
  sectorOfOrganisationKind,
} from '../core/people.ts';
import { dramaPhone, emailLocalPart, familyName, givenName } from './names.ts';
import { type Rng, rngFor } from './random.ts';

/** Where every demo record says it came from: re-running the demo replaces exactly these people. */
export const DEMO_SOURCE = 'Atlas demo generator (fictional)';

export const DEMO_SCALES = ['small', 'national'] as const;
export type DemoScale = (typeof DEMO_SCALES)[number];

/** An organisation as the generator needs it. */
export interface DemoOrganisation {
  id: number;
  code: string;
  name: string;
  kind: string;
  opened_on: string | null;
  closed_on: string | null;
  postcode: string | null;
}
export interface DemoLink {
  kind: string;
  from_id: number;
  to_id: number;
  valid_from: string | null;
  valid_to: string | null;
}
export interface DemoNetwork {
  id: number;
  code: string;
  name: string;
  kind: string;
  focus: string | null;
  host_id: number | null;
  region_id: number | null;
  established_on: string | null;
  closed_on: string | null;
  status: string;
}
export interface DemoFootprint {
  network_id: number;
  organisation_id: number;
  role: string;
  valid_from: string | null;
  valid_to: string | null;
}
export interface DemoSuccession {
  predecessor_id: number;
  successor_id: number;
  effective_on: string;
}
/** The imported structure the people are placed in. */
export interface DemoStructure {
  organisations: DemoOrganisation[];
  links: DemoLink[];
  networks: DemoNetwork[];
  footprints: DemoFootprint[];
  successions: DemoSuccession[];
}

export interface DemoOptions {
  seed: number;
  /** today, YYYY-MM-DD: posts run up to it and verification dates spread back from it */
  today: string;
  scale: DemoScale;
  /** small scale: the ICB's code (default: the first ICB open today, by code) */
  icb?: string | undefined;
}

/** A fictional person; `key` is their index in the plan. */
export interface DemoPerson {
  key: number;
  honorific: string | null;
  given_name: string;
  family_name: string;
  professions: Profession[];
  specialty: string | null;
  email: string | null;
  phone: string | null;
  work_address: string | null;
  do_not_contact: boolean;
  last_verified_on: string;
}
export interface DemoPost {
  person: number;
  organisation_id: number | null;
  network_id: number | null;
  title: string;
  /** a persona code of the national catalogue */
  persona: string | null;
  level: Level;
  valid_from: string;
  valid_to: string | null;
  last_verified_on: string | null;
}
export interface DemoMembership {
  person: number;
  network_id: number;
  representing_id: number | null;
  role: MembershipRole;
  voting: boolean;
  sector: Sector | null;
  declarations: { kind: DeclarationKind; description: string; declared_on: string }[];
  valid_from: string;
  valid_to: string | null;
  last_verified_on: string | null;
}
export interface DemoRelationship {
  from: number;
  to_person: number | null;
  to_organisation_id: number | null;
  to_network_id: number | null;
  kind: RelationshipKind;
  strength: number;
  confidence: RelationshipConfidence;
  evidence: string | null;
  valid_from: string;
  valid_to: string | null;
  last_verified_on: string | null;
}
/** What the generator makes, and for what. */
export interface DemoPlan {
  people: DemoPerson[];
  posts: DemoPost[];
  memberships: DemoMembership[];
  relationships: DemoRelationship[];
  scope: {
    scale: DemoScale;
    icb: { code: string; name: string } | null;
    organisations: number;
    networks: number;
  };
}

// ---------------------------------------------------------------------------------------------
// Days as numbers (days since 1970-01-01), so date arithmetic is integer arithmetic.

const dayOf = (iso: string): number =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 864e5;
const isoCache = new Map<number, string>();
const isoOf = (day: number): string => {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * 864e5).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
};
const YEAR = 365;

/** An open period in days; null ends are open. */
interface Span {
  from: number | null;
  to: number | null;
}

const SPECIALTIES = [
  'Cardiology',
  'Respiratory medicine',
  'Gastroenterology',
  'Rheumatology',
  'Dermatology',
  'Diabetes and endocrinology',
  'Medical oncology',
  'Clinical oncology',
  'Haematology',
  'Renal medicine',
  'Neurology',
  'Ophthalmology',
  'Paediatrics',
  'Geriatric medicine',
  'Acute medicine',
  'Emergency medicine',
  'General surgery',
  'Trauma and orthopaedics',
  'Urology',
  'Obstetrics and gynaecology',
  'Anaesthetics',
  'Clinical radiology',
  'Psychiatry',
  'Palliative medicine',
  'Infectious diseases',
  'Stroke medicine',
] as const;

/** Specialties whose medicines are often high-cost drugs (their consultants work with HCD pharmacists). */
const HCD_SPECIALTIES = new Set([
  'Rheumatology',
  'Dermatology',
  'Gastroenterology',
  'Medical oncology',
  'Clinical oncology',
  'Haematology',
  'Ophthalmology',
  'Neurology',
]);

/** ICB programmes, with the words of a specialty or network focus that belong to each. */
const PROGRAMMES: { name: string; words: string[] }[] = [
  { name: 'Cancer', words: ['oncology', 'cancer', 'haematology'] },
  { name: 'Cardiovascular disease', words: ['cardio', 'cardiac', 'stroke', 'heart', 'vascular'] },
  { name: 'Diabetes', words: ['diabetes', 'endocrin'] },
  { name: 'Respiratory', words: ['respiratory', 'lung'] },
  { name: 'Mental health', words: ['mental', 'psychiat'] },
  { name: 'Urgent and emergency care', words: ['emergency', 'acute', 'trauma', 'critical'] },
  { name: 'Elective recovery', words: ['surgery', 'orthopaedic', 'ophthalm', 'urology'] },
  { name: 'Children and young people', words: ['paediatric', 'children', 'neonat'] },
  { name: 'Maternity', words: ['obstetric', 'maternity', 'neonat'] },
  { name: 'Primary care', words: ['primary', 'general practice'] },
  { name: 'Medicines optimisation', words: ['medicines', 'prescribing', 'pharmac'] },
  { name: 'Population health', words: ['population', 'prevention', 'public health'] },
];

const TRANSFORMATION_AREAS = [
  'Integrated neighbourhood teams',
  'Digital transformation',
  'Outpatient transformation',
  'Virtual wards',
  'Health inequalities',
  'Workforce',
];

const EVIDENCE = {
  reports_to: ['Organisation chart', 'Named as line manager on the team page', 'Job description'],
  works_with: ['Same team', 'Joint meeting minutes', 'Co-authored a pathway document', 'Shared clinic'],
  advises: ['Medicines advice recorded in minutes', 'Named adviser in a service specification'],
  influences: ['Presented at the committee', 'Raised the proposal at the board', 'Sits on the same panel'],
  knows: ['Introduced at a network meeting', 'Worked together previously', 'Met at a regional event'],
  chairs: ['Named as chair in the terms of reference'],
} satisfies Record<RelationshipKind, string[]>;

const DECLARATIONS: { kind: DeclarationKind; description: string }[] = [
  { kind: 'financial', description: 'Paid advisory board work for a pharmaceutical company (fictional)' },
  { kind: 'non_financial_professional', description: 'Trustee of a national clinical charity (fictional)' },
  {
    kind: 'non_financial_personal',
    description: 'Close family member works for a local provider (fictional)',
  },
  { kind: 'indirect', description: 'Spouse is a partner in a local GP practice (fictional)' },
];

/** The order footprint organisations are asked for network members in: system first. */
const POOL_ORDER: Record<string, number> = { icb: 0, nhs_trust: 1, pcn: 2 };

/** The level a network's posts work at, by its kind. */
function networkLevel(kind: string): Level {
  switch (kind) {
    case 'clinical_reference_group':
      return 'national';
    case 'cancer_alliance':
    case 'area_prescribing_committee':
      return 'system';
    case 'local_professional_network':
    case 'local_network':
      return 'place';
    case 'provider_network':
      return 'provider';
    default:
      return 'regional';
  }
}

/** Which programme a specialty or a network focus belongs to, if any. */
function programmeOf(text: string | null): string | null {
  if (!text) return null;
  const t = text.toLowerCase();
  return PROGRAMMES.find((p) => p.words.some((w) => t.includes(w)))?.name ?? null;
}

/** Someone holding a current post at an organisation, as the generator keeps them for ties. */
interface Holder {
  person: number;
  /** the organisation the post is at (null: a network) */
  org: number | null;
  role: string;
  from: number;
  to: number | null;
  specialty?: string | null;
  programme?: string | null;
}

/**
 * Builds the demo plan for a structure. Throws DomainError('not_found') when `icb` names no ICB open
 * today, and ('invalid') when the structure has no ICB at all for the small scale.
 */
export function generateDemo(structure: DemoStructure, opts: DemoOptions): DemoPlan {
  const T = dayOf(opts.today);
  const seed = opts.seed;
  const orgs = new Map(structure.organisations.map((o) => [o.id, o]));
  const span = (o: DemoOrganisation): Span => ({
    from: o.opened_on ? dayOf(o.opened_on) : null,
    to: o.closed_on ? dayOf(o.closed_on) : null,
  });
  const openToday = (s: Span) => (s.from === null || s.from <= T) && (s.to === null || s.to >= T);
  const byCode = (a: { code: string }, b: { code: string }) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

  // Parents: the link open today, else the most recent one.
  const parents = new Map<string, Map<number, number>>();
  const bestLink = new Map<string, DemoLink>();
  for (const l of structure.links) {
    const from = orgs.get(l.from_id);
    const to = orgs.get(l.to_id);
    if (!from || !to) continue;
    const key = `${l.from_id}|${l.kind}|${to.kind}`;
    const rank = (x: DemoLink) => {
      const s = {
        from: x.valid_from ? dayOf(x.valid_from) : null,
        to: x.valid_to ? dayOf(x.valid_to) : null,
      };
      return openToday(s) ? Number.MAX_SAFE_INTEGER : (s.to ?? 0);
    };
    const prev = bestLink.get(key);
    if (!prev || rank(l) > rank(prev) || (rank(l) === rank(prev) && l.to_id < prev.to_id))
      bestLink.set(key, l);
  }
  for (const [key, l] of bestLink) {
    const [, kind, toKind] = key.split('|');
    const k = `${kind}|${toKind}`;
    if (!parents.has(k)) parents.set(k, new Map());
    parents.get(k)!.set(l.from_id, l.to_id);
  }
  const parent = (id: number, kind: string, toKind: string) =>
    parents.get(`${kind}|${toKind}`)?.get(id) ?? null;
  const icbOf = (o: DemoOrganisation): number | null => {
    switch (o.kind) {
      case 'icb':
        return o.id;
      case 'sub_icb_location':
      case 'place':
      case 'nhs_trust':
        return parent(o.id, 'part_of', 'icb');
      case 'pcn': {
        const s = parent(o.id, 'part_of', 'sub_icb_location');
        return s === null ? null : parent(s, 'part_of', 'icb');
      }
      case 'gp_practice': {
        const s = sicblOfPractice(o.id);
        return s === null ? null : parent(s, 'part_of', 'icb');
      }
      default:
        return null;
    }
  };
  const sicblOfPractice = (id: number): number | null => {
    const direct = parent(id, 'commissioned_by', 'sub_icb_location');
    if (direct !== null) return direct;
    const pcn = parent(id, 'member_of', 'pcn');
    return pcn === null ? null : parent(pcn, 'part_of', 'sub_icb_location');
  };

  // Scope: every organisation, or one ICB and what sits under it.
  let scopeIcb: DemoOrganisation | null = null;
  let inScope: (o: DemoOrganisation) => boolean = () => true;
  const predecessors = new Map<number, number[]>();
  for (const s of structure.successions) {
    if (!predecessors.has(s.successor_id)) predecessors.set(s.successor_id, []);
    predecessors.get(s.successor_id)!.push(s.predecessor_id);
  }
  if (opts.scale === 'small') {
    const icbs = structure.organisations.filter((o) => o.kind === 'icb' && openToday(span(o))).sort(byCode);
    if (opts.icb) {
      scopeIcb = icbs.find((o) => o.code.toUpperCase() === opts.icb!.toUpperCase()) ?? null;
      if (!scopeIcb)
        throw new DomainError('not_found', `icb: no ICB open on ${opts.today} has the code "${opts.icb}"`);
    } else {
      scopeIcb = icbs[0] ?? null;
      if (!scopeIcb)
        throw new DomainError('invalid', `icb: no ICB is open on ${opts.today}: import the structure first`);
    }
    const icbId = scopeIcb.id;
    const preds = new Set(predecessors.get(icbId) ?? []);
    inScope = (o) => {
      if (o.id === icbId || preds.has(o.id)) return true;
      const i = icbOf(o);
      return i !== null && (i === icbId || preds.has(i));
    };
  }
  const scoped = structure.organisations.filter(inScope).sort(byCode);
  const scopedIds = new Set(scoped.map((o) => o.id));

  const push = <K, V>(m: Map<K, V[]>, k: K | null, v: V) => {
    if (k === null) return;
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(v);
  };

  // ------------------------------------------------------------------------------------------
  // The plan being built.
  const people: DemoPerson[] = [];
  const posts: DemoPost[] = [];
  const memberships: DemoMembership[] = [];
  const relationships: DemoRelationship[] = [];
  const emails = new Set<string>();
  const tieKeys = new Set<number>();
  const staff = new Map<number, Holder[]>(); // organisation id → current holders
  const staffByRole = new Map<number, Map<string, Holder[]>>();
  const networkStaff = new Map<number, Holder[]>();
  const register = (orgId: number, h: Holder) => {
    push(staff, orgId, h);
    let roles = staffByRole.get(orgId);
    if (!roles) {
      roles = new Map();
      staffByRole.set(orgId, roles);
    }
    push(roles, h.role, h);
  };
  const verifiedDay = (rng: Rng) => isoOf(T - rng.int(0, 2 * YEAR));

  function newPerson(
    rng: Rng,
    o: { code: string; name?: string; postcode?: string | null } | null,
    professions: Profession[],
    specialty: string | null = null,
  ): number {
    const given = givenName(rng);
    const family = familyName(rng);
    const doctor = professions.some((p) => p === 'gp' || p === 'consultant' || p === 'doctor');
    let email: string | null = null;
    if (o) {
      const domain = `${o.code.toLowerCase()}.nhs.example`;
      const local = emailLocalPart(given, family);
      email = `${local}@${domain}`;
      for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
      emails.add(email);
    }
    const key = people.length;
    people.push({
      key,
      honorific: doctor ? (professions.includes('consultant') && rng.chance(0.05) ? 'Prof' : 'Dr') : null,
      given_name: given,
      family_name: family,
      professions,
      specialty,
      email,
      phone: rng.chance(0.9) ? dramaPhone(rng) : null,
      work_address: o?.name && o.postcode ? `${o.name}, ${o.postcode}` : null,
      do_not_contact: rng.chance(0.02),
      last_verified_on: verifiedDay(rng),
    });
    return key;
  }

  /** A start day for a post at a holder open over `s`: inside its period, up to `years` back. */
  function startIn(rng: Rng, s: Span, years: number): number | null {
    const lo = Math.max(s.from ?? -Infinity, T - years * YEAR);
    let hi = Math.min(T - 30, s.to ?? Infinity);
    if (lo > hi) hi = Math.min(T, s.to ?? Infinity);
    if (lo > hi) return null;
    return rng.int(lo, hi);
  }

  function addPost(
    rng: Rng,
    person: number,
    at: { organisation_id: number } | { network_id: number },
    title: string,
    persona: string | null,
    level: Level,
    from: number,
    to: number | null,
  ): void {
    posts.push({
      person,
      organisation_id: 'organisation_id' in at ? at.organisation_id : null,
      network_id: 'network_id' in at ? at.network_id : null,
      title,
      persona,
      level,
      valid_from: isoOf(from),
      valid_to: to === null ? null : isoOf(to),
      last_verified_on: rng.chance(0.85) ? people[person]!.last_verified_on : verifiedDay(rng),
    });
  }

  function tie(
    rng: Rng,
    kind: RelationshipKind,
    from: Holder,
    to: Holder | { organisation_id: number } | { network_id: number },
    strength: [number, number],
    confidence: RelationshipConfidence = 'likely',
  ): void {
    const toPerson = 'person' in to ? to.person : null;
    if (toPerson === from.person) return;
    // One number per tie (person, kind, target), so the set of ties made stays cheap at national scale.
    const target =
      'person' in to
        ? to.person * 3
        : 'organisation_id' in to
          ? to.organisation_id * 3 + 1
          : to.network_id * 3 + 2;
    const key =
      (from.person * RELATIONSHIP_KINDS.length + RELATIONSHIP_KINDS.indexOf(kind)) * 2 ** 24 + target;
    if (tieKeys.has(key)) return;
    tieKeys.add(key);
    const start = Math.max(from.from, 'person' in to ? to.from : from.from);
    const toEnd = 'person' in to ? to.to : null;
    const end = from.to === null ? toEnd : toEnd === null ? from.to : Math.min(from.to, toEnd);
    if (end !== null && end < start) return;
    relationships.push({
      from: from.person,
      to_person: toPerson,
      to_organisation_id: 'organisation_id' in to ? to.organisation_id : null,
      to_network_id: 'network_id' in to ? to.network_id : null,
      kind,
      strength: rng.int(strength[0], strength[1]),
      confidence,
      evidence: rng.chance(0.4) ? rng.pick(EVIDENCE[kind]) : null,
      valid_from: isoOf(start),
      valid_to: end === null ? null : isoOf(end),
      last_verified_on: rng.chance(0.6) ? verifiedDay(rng) : null,
    });
  }

  /**
   * Someone new in a current post at an organisation, perhaps with an earlier post elsewhere
   * (`previous`: organisations of the same kind they may have come from) or an earlier title here.
   */
  function hire(
    rng: Rng,
    o: DemoOrganisation,
    role: {
      title: string;
      persona: string | null;
      professions: Profession[];
      specialty?: string | null;
      programme?: string | null;
      years?: number;
      earlierTitle?: string;
    },
    previous: DemoOrganisation[] = [],
  ): Holder | null {
    const s = span(o);
    const preds = (predecessors.get(o.id) ?? []).map((id) => orgs.get(id)).filter((x) => x !== undefined);
    // Staff of a body that took over others mostly came across from them on its first day.
    const cameAcross = preds.length > 0 && s.from !== null && rng.chance(0.6);
    const from = cameAcross ? s.from : startIn(rng, s, role.years ?? 12);
    if (from === null) return null;
    const to = s.to;
    const person = newPerson(rng, o, role.professions, role.specialty ?? null);
    const level = levelOfOrganisationKind(o.kind);
    addPost(rng, person, { organisation_id: o.id }, role.title, role.persona, level, from, to);
    // History: an earlier post at a predecessor, at another organisation nearby, or here under another title.
    const earlierAt = cameAcross
      ? rng.pick(preds)
      : previous.length > 0 && rng.chance(0.12)
        ? rng.pick(previous)
        : null;
    if (earlierAt && earlierAt.id !== o.id) {
      const es = span(earlierAt);
      const end = Math.min(from - 1, es.to ?? Infinity);
      const start = Math.max(es.from ?? -Infinity, end - rng.int(1, 8) * YEAR);
      if (start <= end) {
        addPost(
          rng,
          person,
          { organisation_id: earlierAt.id },
          role.title,
          role.persona,
          levelOfOrganisationKind(earlierAt.kind),
          start,
          end,
        );
      }
    } else if (role.earlierTitle && rng.chance(0.3)) {
      const start = Math.max(s.from ?? -Infinity, from - rng.int(1, 6) * YEAR);
      if (start <= from - 1) {
        addPost(rng, person, { organisation_id: o.id }, role.earlierTitle, null, level, start, from - 1);
      }
    }
    const h: Holder = {
      person,
      org: o.id,
      role: role.persona ?? role.title,
      from,
      to,
      specialty: role.specialty ?? null,
      programme: role.programme ?? null,
    };
    register(o.id, h);
    return h;
  }

  /** A second, current post for someone already placed (a GP partner who is also a PCN's clinical director). */
  function alsoHolds(
    rng: Rng,
    h: Holder,
    at: DemoOrganisation | DemoNetwork,
    isNetwork: boolean,
    title: string,
    persona: string | null,
  ): Holder | null {
    const s: Span = isNetwork
      ? {
          from: (at as DemoNetwork).established_on ? dayOf((at as DemoNetwork).established_on!) : null,
          to: (at as DemoNetwork).closed_on ? dayOf((at as DemoNetwork).closed_on!) : null,
        }
      : span(at as DemoOrganisation);
    const lo = Math.max(h.from, s.from ?? -Infinity, T - 6 * YEAR);
    const hi = Math.min(T - 1, s.to ?? Infinity, h.to ?? Infinity);
    if (lo > hi) return null;
    const from = rng.int(lo, hi);
    const to = s.to === null ? h.to : h.to === null ? s.to : Math.min(s.to, h.to);
    const level = isNetwork
      ? networkLevel((at as DemoNetwork).kind)
      : levelOfOrganisationKind((at as DemoOrganisation).kind);
    addPost(
      rng,
      h.person,
      isNetwork ? { network_id: at.id } : { organisation_id: at.id },
      title,
      persona,
      level,
      from,
      to,
    );
    const second: Holder = {
      person: h.person,
      org: isNetwork ? null : at.id,
      role: persona ?? title,
      from,
      to,
      specialty: h.specialty ?? null,
    };
    if (isNetwork) push(networkStaff, at.id, second);
    else register(at.id, second);
    return second;
  }

  const NONE: Holder[] = [];
  const holders = (orgId: number | null, role?: string): Holder[] =>
    orgId === null
      ? NONE
      : role === undefined
        ? (staff.get(orgId) ?? NONE)
        : (staffByRole.get(orgId)?.get(role) ?? NONE);
  const first = (orgId: number | null, role: string): Holder | undefined => holders(orgId, role)[0];

  // Clusters for history moves: practices by sub-ICB location, trusts by ICB.
  const practicesBySicbl = new Map<number, DemoOrganisation[]>();
  const trustsByIcb = new Map<number, DemoOrganisation[]>();
  const pcnsBySicbl = new Map<number, DemoOrganisation[]>();
  const sicblsByIcb = new Map<number, DemoOrganisation[]>();
  const placesByIcb = new Map<number, DemoOrganisation[]>();
  const practicesByPcn = new Map<number, DemoOrganisation[]>();
  for (const o of scoped) {
    if (o.kind === 'gp_practice') {
      push(practicesBySicbl, sicblOfPractice(o.id), o);
      if (openToday(span(o))) push(practicesByPcn, parent(o.id, 'member_of', 'pcn'), o);
    }
    if (o.kind === 'nhs_trust') push(trustsByIcb, icbOf(o), o);
    if (o.kind === 'pcn') push(pcnsBySicbl, parent(o.id, 'part_of', 'sub_icb_location'), o);
    if (o.kind === 'sub_icb_location') push(sicblsByIcb, icbOf(o), o);
    if (o.kind === 'place') push(placesByIcb, icbOf(o), o);
  }
  const currentByKind = new Map<string, DemoOrganisation[]>();
  for (const o of scoped) if (openToday(span(o))) push(currentByKind, o.kind, o);
  const current = (kind: string) => currentByKind.get(kind) ?? [];
  const others = (list: DemoOrganisation[] | undefined, o: DemoOrganisation) =>
    (list ?? []).filter((x) => x.id !== o.id);

  // ------------------------------------------------------------------------------------------
  // ICBs: the system's leaders, programme leads and managers, transformation leads.
  for (const o of current('icb')) {
    const rng = rngFor(seed, `org:${o.code}`);
    const md = hire(rng, o, {
      title: 'Medical Director',
      persona: 'icb_medical_director',
      professions: [rng.pick(['doctor', 'gp'] as const)],
    });
    const cn = hire(rng, o, { title: 'Chief Nurse', persona: 'icb_chief_nurse', professions: ['nurse'] });
    const cp = hire(rng, o, {
      title: 'Chief Pharmacist',
      persona: 'ics_chief_pharmacist',
      professions: ['pharmacist'],
      earlierTitle: 'Deputy Chief Pharmacist',
    });
    const hcd = hire(rng, o, {
      title: 'ICS High Cost Drugs Pharmacist Lead',
      persona: 'ics_hcd_pharmacist_lead',
      professions: ['pharmacist'],
      specialty: 'High-cost drugs',
    });
    if (cp) {
      alsoHolds(rng, cp, o, false, 'Chair, Area Prescribing Committee', 'apc_member');
      if (md) tie(rng, 'reports_to', cp, md, [3, 5], 'confirmed');
    }
    if (hcd && cp) tie(rng, 'reports_to', hcd, cp, [4, 5], 'confirmed');
    if (md && cn) {
      tie(rng, 'works_with', md, cn, [4, 5]);
      tie(rng, 'works_with', cn, md, [4, 5]);
    }
    for (const p of rng.sample(PROGRAMMES, rng.int(4, 6))) {
      const lead = hire(rng, o, {
        title: `Programme Lead, ${p.name}`,
        persona: 'ics_programme_lead',
        professions: [
          rng.pick(['commissioner', 'nurse', 'public_health', 'allied_health_professional'] as const),
        ],
        programme: p.name,
      });
      const manager = hire(rng, o, {
        title: `Programme Manager, ${p.name}`,
        persona: 'ics_programme_manager',
        professions: ['manager'],
        programme: p.name,
        earlierTitle: `Project Manager, ${p.name}`,
      });
      if (lead && manager) tie(rng, 'reports_to', manager, lead, [4, 5], 'confirmed');
      if (lead && (md || cn)) tie(rng, 'reports_to', lead, (rng.chance(0.5) ? md : cn) ?? md ?? cn!, [3, 4]);
      if (lead && cp) tie(rng, 'advises', cp, lead, [2, 4]);
    }
    for (const area of rng.sample(TRANSFORMATION_AREAS, rng.int(1, 3))) {
      const tl = hire(rng, o, {
        title: `Transformation Lead, ${area}`,
        persona: 'transformation_lead',
        professions: [rng.pick(['manager', 'commissioner'] as const)],
      });
      if (tl && cn) tie(rng, 'reports_to', tl, cn, [3, 4]);
    }
  }

  // Sub-ICB locations and places: local commissioning and place leadership.
  for (const o of current('sub_icb_location')) {
    const rng = rngFor(seed, `org:${o.code}`);
    const icb = icbOf(o);
    const mo = hire(rng, o, {
      title: 'Head of Medicines Optimisation',
      persona: null,
      professions: ['pharmacist'],
    });
    const cm = hire(rng, o, {
      title: 'Primary Care Commissioning Manager',
      persona: null,
      professions: ['commissioner'],
    });
    const cp = first(icb, 'ics_chief_pharmacist');
    if (mo && cp) tie(rng, 'reports_to', mo, cp, [3, 5], 'confirmed');
    const primary = holders(icb, 'ics_programme_lead').find((h) => h.programme === 'Primary care');
    if (cm && primary) tie(rng, 'reports_to', cm, primary, [3, 4]);
    else if (cm && first(icb, 'icb_medical_director'))
      tie(rng, 'reports_to', cm, first(icb, 'icb_medical_director')!, [2, 4]);
  }
  for (const o of current('place')) {
    const rng = rngFor(seed, `org:${o.code}`);
    const icb = icbOf(o);
    const pl = hire(rng, o, {
      title: 'Place Transformation Lead',
      persona: 'transformation_lead',
      professions: [rng.pick(['manager', 'public_health', 'social_worker'] as const)],
    });
    const boss = first(icb, 'transformation_lead') ?? first(icb, 'icb_chief_nurse');
    if (pl && boss) tie(rng, 'works_with', pl, boss, [2, 4]);
  }

  // Trusts: the board's clinicians, pharmacy, consultants by specialty and their service leads.
  for (const o of current('nhs_trust')) {
    const rng = rngFor(seed, `org:${o.code}`);
    const icb = icbOf(o);
    const near = others(trustsByIcb.get(icb ?? -1), o);
    const md = hire(rng, o, {
      title: 'Medical Director',
      persona: 'trust_medical_director',
      professions: ['consultant'],
    });
    const cn = hire(rng, o, { title: 'Chief Nurse', persona: 'trust_chief_nurse', professions: ['nurse'] });
    const cp = hire(
      rng,
      o,
      { title: 'Chief Pharmacist', persona: 'trust_chief_pharmacist', professions: ['pharmacist'] },
      near,
    );
    if (cp && md) tie(rng, 'reports_to', cp, md, [3, 5], 'confirmed');
    if (cn && md) tie(rng, 'works_with', cn, md, [4, 5]);
    const hcds: Holder[] = [];
    for (let i = rng.int(1, 2); i > 0; i--) {
      const h = hire(
        rng,
        o,
        {
          title: 'High Cost Drugs Pharmacist',
          persona: 'high_cost_drug_pharmacist',
          professions: ['pharmacist'],
          specialty: 'High-cost drugs',
          earlierTitle: 'Specialist Pharmacist',
        },
        near,
      );
      if (h) {
        hcds.push(h);
        if (cp) tie(rng, 'reports_to', h, cp, [4, 5], 'confirmed');
      }
    }
    const specialties = rng.sample(SPECIALTIES, rng.int(6, 12));
    const leads = new Map<string, Holder>();
    for (const sp of rng.sample(specialties, rng.int(2, 4))) {
      const sl = hire(rng, o, {
        title: `Service Lead, ${sp}`,
        persona: 'service_lead',
        professions: rng.pick([
          ['manager'],
          ['nurse', 'manager'],
          ['allied_health_professional', 'manager'],
          ['consultant'],
        ] as Profession[][]),
        specialty: sp,
      });
      if (sl) {
        leads.set(sp, sl);
        const boss = md && (cn === null || rng.chance(0.6)) ? md : cn;
        if (boss) tie(rng, 'reports_to', sl, boss, [3, 4]);
      }
    }
    for (const sp of specialties) {
      const team: Holder[] = [];
      for (let i = rng.int(1, 3); i > 0; i--) {
        const c = hire(
          rng,
          o,
          {
            title: `Consultant ${sp === 'Clinical radiology' ? 'Radiologist' : `in ${sp}`}`,
            persona: 'consultant',
            professions: ['consultant'],
            specialty: sp,
            years: 20,
          },
          near,
        );
        if (!c) continue;
        team.push(c);
        const boss = leads.get(sp) ?? md;
        if (boss) tie(rng, 'reports_to', c, boss, [2, 4], rng.chance(0.5) ? 'confirmed' : 'likely');
        if (HCD_SPECIALTIES.has(sp) && hcds.length > 0) tie(rng, 'advises', rng.pick(hcds), c, [3, 5]);
      }
      for (let i = 1; i < team.length; i++) {
        tie(rng, 'works_with', team[i]!, team[i - 1]!, [3, 5]);
        tie(rng, 'works_with', team[i - 1]!, team[i]!, [3, 5]);
      }
    }
    if (cp && icb !== null && orgs.get(icb) && openToday(span(orgs.get(icb)!))) {
      alsoHolds(rng, cp, orgs.get(icb)!, false, 'Member, Area Prescribing Committee', 'apc_member');
    }
  }

  // GP practices: partners, salaried GPs, a practice manager, practice nurses.
  for (const o of current('gp_practice')) {
    const rng = rngFor(seed, `org:${o.code}`);
    const near = others(practicesBySicbl.get(sicblOfPractice(o.id) ?? -1), o);
    const partners: Holder[] = [];
    for (let i = rng.pick([1, 2, 2, 3, 3, 4]); i > 0; i--) {
      const p = hire(
        rng,
        o,
        {
          title: 'GP Partner',
          persona: 'gp_partner',
          professions: ['gp'],
          specialty: 'General practice',
          years: 25,
          earlierTitle: 'Salaried GP',
        },
        near,
      );
      if (p) partners.push(p);
    }
    const senior = partners.reduce<Holder | undefined>(
      (a, b) => (a === undefined || b.from < a.from ? b : a),
      undefined,
    );
    for (let i = 1; i < partners.length; i++) tie(rng, 'works_with', partners[i]!, partners[i - 1]!, [3, 5]);
    const team: Holder[] = [];
    for (let i = rng.pick([0, 1, 1, 2]); i > 0; i--) {
      const h = hire(
        rng,
        o,
        { title: 'Salaried GP', persona: 'salaried_gp', professions: ['gp'], specialty: 'General practice' },
        near,
      );
      if (h) team.push(h);
    }
    const pm = hire(
      rng,
      o,
      {
        title: 'Practice Manager',
        persona: 'practice_manager',
        professions: ['manager'],
        earlierTitle: 'Assistant Practice Manager',
      },
      near,
    );
    if (pm) team.push(pm);
    for (let i = rng.pick([1, 1, 2]); i > 0; i--) {
      const h = hire(
        rng,
        o,
        {
          title: rng.chance(0.25) ? 'Advanced Nurse Practitioner' : 'Practice Nurse',
          persona: 'practice_nurse',
          professions: ['nurse'],
        },
        near,
      );
      if (h) team.push(h);
    }
    if (senior)
      for (const h of team)
        tie(rng, 'reports_to', h, senior, [3, 5], rng.chance(0.6) ? 'confirmed' : 'likely');
    if (pm && senior) tie(rng, 'works_with', senior, pm, [4, 5]);
  }

  // PCNs: a clinical director from a member practice's partners, a clinical pharmacist team lead, a manager.
  for (const o of current('pcn')) {
    const rng = rngFor(seed, `org:${o.code}`);
    const sicbl = parent(o.id, 'part_of', 'sub_icb_location');
    const members = (practicesByPcn.get(o.id) ?? []).slice().sort(byCode);
    const partnersOf = (p: DemoOrganisation) => holders(p.id, 'gp_partner');
    const candidates = members.flatMap(partnersOf);
    let cd: Holder | null = null;
    if (candidates.length > 0) {
      cd = alsoHolds(rng, rng.pick(candidates), o, false, 'Clinical Director', 'pcn_clinical_director');
    }
    if (!cd) {
      cd = hire(rng, o, {
        title: 'Clinical Director',
        persona: 'pcn_clinical_director',
        professions: ['gp'],
        specialty: 'General practice',
      });
    }
    const pcnNear = others(pcnsBySicbl.get(sicbl ?? -1), o);
    const lead = hire(
      rng,
      o,
      {
        title: 'Clinical Pharmacist Team Lead',
        persona: 'pcn_clinical_pharmacist_lead',
        professions: ['pharmacist'],
        earlierTitle: 'Clinical Pharmacist',
      },
      pcnNear,
    );
    const manager = hire(
      rng,
      o,
      { title: 'PCN Manager', persona: 'pcn_manager', professions: ['manager'] },
      pcnNear,
    );
    if (cd) {
      if (lead) tie(rng, 'reports_to', lead, cd, [3, 5], 'confirmed');
      if (manager) tie(rng, 'reports_to', manager, cd, [4, 5], 'confirmed');
      if (sicbl !== null && scopedIds.has(sicbl))
        tie(rng, 'influences', cd, { organisation_id: sicbl }, [2, 4]);
    }
    let lastPm: Holder | undefined;
    for (const p of members) {
      const partners = partnersOf(p);
      const pm = first(p.id, 'practice_manager');
      if (cd) for (const partner of partners) tie(rng, 'works_with', cd, partner, [2, 4]);
      if (lead) for (const partner of partners) tie(rng, 'advises', lead, partner, [2, 4]);
      if (lead) for (const gp of holders(p.id, 'salaried_gp')) tie(rng, 'advises', lead, gp, [2, 3]);
      if (manager && pm) {
        tie(rng, 'works_with', manager, pm, [3, 5]);
        tie(rng, 'works_with', pm, manager, [3, 5]);
      }
      if (pm && lastPm) tie(rng, 'works_with', pm, lastPm, [2, 4]);
      lastPm = pm ?? lastPm;
    }
  }

  // Across organisations: trusts and PCNs with their ICB.
  for (const o of [...current('nhs_trust'), ...current('pcn')]) {
    const rng = rngFor(seed, `ties:${o.code}`);
    const icb = icbOf(o);
    if (icb === null || !staff.has(icb)) continue;
    const programmeLead = (name: string | null) =>
      holders(icb, 'ics_programme_lead').find((h) => name !== null && h.programme === name);
    if (o.kind === 'nhs_trust') {
      const cp = first(o.id, 'trust_chief_pharmacist');
      const icp = first(icb, 'ics_chief_pharmacist');
      if (cp && icp) tie(rng, 'influences', cp, icp, [3, 4]);
      const lead = first(icb, 'ics_hcd_pharmacist_lead');
      if (lead)
        for (const h of holders(o.id, 'high_cost_drug_pharmacist')) tie(rng, 'works_with', h, lead, [3, 5]);
      const md = first(o.id, 'trust_medical_director');
      const imd = first(icb, 'icb_medical_director');
      if (md && imd) tie(rng, 'works_with', md, imd, [3, 4]);
      const seen = new Set<string>();
      for (const c of holders(o.id, 'consultant')) {
        const prog = programmeOf(c.specialty ?? null);
        const pl = programmeLead(prog);
        if (pl && prog && !seen.has(prog)) {
          seen.add(prog);
          tie(rng, 'advises', c, pl, [2, 4]);
          tie(rng, 'influences', c, pl, [1, 3], 'possible');
        }
      }
    } else {
      const cd = first(o.id, 'pcn_clinical_director');
      const pl = programmeLead('Primary care') ?? first(icb, 'icb_medical_director');
      if (cd && pl) tie(rng, 'influences', cd, pl, [2, 4]);
      const tl = first(icb, 'transformation_lead');
      if (cd && tl) tie(rng, 'knows', cd, tl, [1, 3], 'possible');
    }
  }

  // ------------------------------------------------------------------------------------------
  // Networks: leadership (the managed-network triad), patient representatives, members.
  const orgsOf = (kind: string, icbId: number) =>
    kind === 'nhs_trust'
      ? (trustsByIcb.get(icbId) ?? [])
      : kind === 'pcn'
        ? (sicblsByIcb.get(icbId) ?? []).flatMap((s) => pcnsBySicbl.get(s.id) ?? [])
        : [];
  const icbsOfRegion = new Map<number, number[]>();
  for (const o of scoped) {
    if (o.kind !== 'icb' || !openToday(span(o))) continue;
    push(icbsOfRegion, parent(o.id, 'part_of', 'nhs_region'), o.id);
  }
  const footprintsOf = new Map<number, DemoFootprint[]>();
  for (const f of structure.footprints) push(footprintsOf, f.network_id, f);
  const networksInScope: DemoNetwork[] = [];
  for (const n of [...structure.networks].sort(byCode)) {
    const ns: Span = {
      from: n.established_on ? dayOf(n.established_on) : null,
      to: n.closed_on ? dayOf(n.closed_on) : null,
    };
    if (n.status === 'closed' || !openToday(ns)) continue;
    // The organisations whose people may sit on it: its footprint, its host, its region's ICBs.
    const pool = new Set<number>();
    const addIcb = (icbId: number) => {
      pool.add(icbId);
      for (const t of orgsOf('nhs_trust', icbId)) pool.add(t.id);
      for (const p of orgsOf('pcn', icbId)) pool.add(p.id);
    };
    for (const f of footprintsOf.get(n.id) ?? []) {
      const fs = {
        from: f.valid_from ? dayOf(f.valid_from) : null,
        to: f.valid_to ? dayOf(f.valid_to) : null,
      };
      if (!openToday(fs)) continue;
      const o = orgs.get(f.organisation_id);
      if (!o) continue;
      if (o.kind === 'icb') addIcb(o.id);
      else pool.add(o.id);
    }
    if (n.host_id !== null) pool.add(n.host_id);
    if (n.region_id !== null && pool.size === 0)
      for (const i of icbsOfRegion.get(n.region_id) ?? []) addIcb(i);
    const poolInScope = [...pool]
      .filter((id) => scopedIds.has(id) && staff.has(id))
      .map((id) => orgs.get(id)!)
      .sort((a, b) => (POOL_ORDER[a.kind] ?? 9) - (POOL_ORDER[b.kind] ?? 9) || byCode(a, b))
      .map((o) => o.id);
    if (opts.scale === 'small' && poolInScope.length === 0) continue;
    networksInScope.push(n);
    const rng = rngFor(seed, `net:${n.code}`);
    const level = networkLevel(n.kind);
    const pick = (role: string, pred?: (h: Holder) => boolean): Holder | null => {
      const xs = poolInScope.flatMap((id) => holders(id, role)).filter((h) => !pred || pred(h));
      return xs.length > 0 ? rng.pick(xs) : null;
    };
    const netSpan = ns;
    const sectorOf = (h: Holder): { representing: number | null; sector: Sector | null } =>
      h.org === null
        ? { representing: null, sector: null }
        : { representing: h.org, sector: sectorOfOrganisationKind(orgs.get(h.org)!.kind) };
    const taken = new Set<number>();
    const join = (
      h: Holder,
      role: MembershipRole,
      representing: number | null,
      sector: Sector | null,
      voting: boolean,
    ) => {
      if (taken.has(h.person)) return false;
      const lo = Math.max(h.from, netSpan.from ?? -Infinity, T - 6 * YEAR);
      const hi = Math.min(T - 1, h.to ?? Infinity, netSpan.to ?? Infinity);
      if (lo > hi) return false;
      taken.add(h.person);
      const from = rng.int(lo, hi);
      const to = h.to === null ? netSpan.to : netSpan.to === null ? h.to : Math.min(h.to, netSpan.to);
      memberships.push({
        person: h.person,
        network_id: n.id,
        representing_id: representing,
        role,
        voting,
        sector,
        declarations: rng.chance(0.15)
          ? [{ ...rng.pick(DECLARATIONS), declared_on: isoOf(rng.int(from, Math.max(from, T - 1))) }]
          : [],
        valid_from: isoOf(from),
        valid_to: to === null ? null : isoOf(to),
        last_verified_on: rng.chance(0.7) ? verifiedDay(rng) : null,
      });
      return true;
    };
    /** Someone placed at the network itself (no post at a footprint organisation). */
    const own = (
      title: string,
      persona: string | null,
      professions: Profession[],
      withEmail = true,
    ): Holder | null => {
      const from = startIn(rng, netSpan, 8);
      if (from === null) return null;
      const person = newPerson(rng, withEmail ? { code: n.code } : null, professions);
      addPost(rng, person, { network_id: n.id }, title, persona, level, from, netSpan.to);
      const h: Holder = { person, org: null, role: persona ?? title, from, to: netSpan.to };
      push(networkStaff, n.id, h);
      return h;
    };
    const cancer = n.kind === 'cancer_alliance';
    const crg = n.kind === 'clinical_reference_group';
    const apc = n.kind === 'area_prescribing_committee';
    const leadPersona = cancer
      ? 'cancer_alliance_leadership'
      : crg
        ? 'clinical_reference_group_member'
        : 'clinical_network_lead';
    const focusProgramme = programmeOf(`${n.focus ?? ''} ${n.name}`);
    const matches = (h: Holder) =>
      focusProgramme !== null && programmeOf(h.specialty ?? null) === focusProgramme;

    // Leadership: clinical lead (a consultant, for preference in the network's field), chair, nurse, manager.
    let clinical: Holder | null = apc
      ? pick('ics_chief_pharmacist')
      : (pick('consultant', matches) ?? pick('consultant'));
    let clinicalPost: Holder | null = null;
    if (clinical) {
      clinicalPost = alsoHolds(
        rng,
        clinical,
        n,
        true,
        cancer ? 'Clinical Director' : 'Clinical Lead',
        apc ? 'apc_member' : leadPersona,
      );
      if (clinicalPost)
        join(clinical, 'clinical_lead', sectorOf(clinical).representing, sectorOf(clinical).sector, true);
    }
    if (!clinicalPost) {
      clinical = own(cancer ? 'Clinical Director' : 'Clinical Lead', leadPersona, ['consultant']);
      if (clinical) join(clinical, 'clinical_lead', null, null, true);
      clinicalPost = clinical;
    }
    let chair = pick('trust_medical_director') ?? pick('icb_medical_director');
    if (chair && !join(chair, 'chair', sectorOf(chair).representing, sectorOf(chair).sector, true))
      chair = null;
    if (!chair) {
      chair = own('Chair', cancer ? 'cancer_alliance_leadership' : null, [
        rng.pick(['consultant', 'gp'] as const),
      ]);
      if (chair) join(chair, 'chair', null, null, true);
    }
    if (chair) tie(rng, 'chairs', chair, { network_id: n.id }, [5, 5], 'confirmed');
    let nurse = pick('trust_chief_nurse') ?? pick('icb_chief_nurse');
    if (nurse && !join(nurse, 'nursing_lead', sectorOf(nurse).representing, sectorOf(nurse).sector, true))
      nurse = null;
    if (!nurse) {
      nurse = own('Lead Nurse', cancer ? 'cancer_alliance_leadership' : null, ['nurse']);
      if (nurse) join(nurse, 'nursing_lead', null, null, true);
    }
    const manager = own(
      cancer ? 'Managing Director' : 'Network Manager',
      cancer ? 'cancer_alliance_leadership' : 'network_manager',
      ['manager'],
    );
    if (manager) {
      join(manager, 'network_manager', null, null, false);
      for (const x of [clinicalPost, chair, nurse]) if (x) tie(rng, 'works_with', manager, x, [3, 5]);
      if (clinicalPost) tie(rng, 'works_with', clinicalPost, manager, [3, 5]);
    }
    for (let i = rng.int(1, 2); i > 0; i--) {
      const rep = own(
        rng.chance(0.7) ? 'Patient Representative' : 'Carer Representative',
        'patient_representative',
        [rng.chance(0.7) ? 'patient_representative' : 'carer_representative'],
        false,
      );
      if (rep) {
        join(rep, 'patient_representative', null, 'lay', rng.chance(0.5));
        if (manager) tie(rng, 'knows', rep, manager, [2, 4]);
      }
    }
    // Members: from each footprint organisation, people whose work fits the network.
    let organisationsAsked = 0;
    for (const id of poolInScope) {
      const o = orgs.get(id)!;
      if (o.kind !== 'pcn' && ++organisationsAsked > 40) continue;
      const sector = sectorOfOrganisationKind(o.kind);
      const fits: Holder[] = [];
      if (apc) {
        fits.push(...holders(id, 'trust_chief_pharmacist'), ...holders(id, 'high_cost_drug_pharmacist'));
        fits.push(...holders(id, 'ics_chief_pharmacist'), ...holders(id, 'pcn_clinical_pharmacist_lead'));
      } else if (o.kind === 'nhs_trust') {
        const cs = holders(id, 'consultant');
        const good = cs.filter(matches);
        fits.push(...rng.sample(good.length > 0 ? good : cs, rng.int(1, 2)));
        if (cancer) fits.push(...holders(id, 'high_cost_drug_pharmacist').slice(0, 1));
      } else if (o.kind === 'icb') {
        const pl = holders(id, 'ics_programme_lead').filter((h) => h.programme === focusProgramme);
        fits.push(...(pl.length > 0 ? pl : holders(id, 'icb_medical_director')));
      } else if (o.kind === 'pcn' && rng.chance(cancer ? 0.2 : 0.05)) {
        fits.push(...holders(id, 'pcn_clinical_director'));
      }
      for (const h of fits) {
        if (!join(h, rng.chance(0.1) ? 'deputy' : 'member', id, sector, rng.chance(0.8))) continue;
        if (crg) alsoHolds(rng, h, n, true, 'Member', 'clinical_reference_group_member');
        if (manager) tie(rng, 'knows', h, manager, [1, 3], rng.chance(0.5) ? 'likely' : 'possible');
        if (clinicalPost && rng.chance(0.5)) tie(rng, 'works_with', h, clinicalPost, [2, 4]);
      }
    }
  }

  // Everyone knows a few people nearby: in their own organisation, their PCN, their ICB.
  const neighbourhood = new Map<number, Holder[]>(); // ICB id (or organisation id) → holders
  for (const o of scoped) {
    const hs = staff.get(o.id);
    if (!hs) continue;
    for (const h of hs) push(neighbourhood, icbOf(o) ?? o.id, h);
  }
  for (const o of scoped) {
    const hs = staff.get(o.id);
    if (!hs) continue;
    const rng = rngFor(seed, `knows:${o.code}`);
    const local = o.kind === 'gp_practice' ? parent(o.id, 'member_of', 'pcn') : null;
    const near =
      local !== null ? (practicesByPcn.get(local) ?? []).flatMap((p) => staff.get(p.id) ?? []) : hs;
    const wide = neighbourhood.get(icbOf(o) ?? o.id) ?? [];
    for (const h of hs) {
      for (let i = rng.int(1, 3); i > 0; i--) {
        const pool = rng.chance(0.65) ? near : wide;
        if (pool.length > 1)
          tie(rng, 'knows', h, rng.pick(pool), [1, 3], rng.chance(0.5) ? 'possible' : 'likely');
      }
    }
  }

  return {
    people,
    posts,
    memberships,
    relationships,
    scope: {
      scale: opts.scale,
      icb: scopeIcb ? { code: scopeIcb.code, name: scopeIcb.name } : null,
      organisations: scoped.length,
      networks: networksInScope.length,
    },
  };
}

/**
 * Checks a plan against the domain rules every way in applies (src/core/people.ts): each post inside
 * its organisation's or network's open period, no same post held twice over the same days, no
 * relationship to oneself, valid periods. Returns the problems found (none for a sound plan).
 */
export function planProblems(plan: DemoPlan, structure: DemoStructure): string[] {
  const problems: string[] = [];
  const orgs = new Map(structure.organisations.map((o) => [o.id, o]));
  const nets = new Map(structure.networks.map((n) => [n.id, n]));
  const same = new Map<string, DemoPost[]>();
  plan.posts.forEach((p, i) => {
    const holder =
      p.organisation_id !== null
        ? orgs.get(p.organisation_id)
        : (() => {
            const n = nets.get(p.network_id!);
            return n ? { name: n.name, opened_on: n.established_on, closed_on: n.closed_on } : undefined;
          })();
    if (!holder) problems.push(`post ${i}: no such organisation or network`);
    else {
      const r = postWithinHolder(p, holder) ?? periodProblem(p);
      if (r) problems.push(`post ${i} (${p.title}): ${r.field} ${r.message}`);
    }
    const key = samePostKey({ ...p, person_id: p.person });
    const list = same.get(key) ?? [];
    const clash = overlappingPost(p, list);
    if (clash) problems.push(`post ${i} (${p.title}): overlaps the same post from ${clash.valid_from}`);
    list.push(p);
    same.set(key, list);
  });
  plan.relationships.forEach((r, i) => {
    const x = relationshipProblem({ from_person_id: r.from, to_person_id: r.to_person });
    if (x) problems.push(`relationship ${i}: ${x.message}`);
    const y = periodProblem(r);
    if (y) problems.push(`relationship ${i}: ${y.field} ${y.message}`);
  });
  plan.memberships.forEach((m, i) => {
    const y = periodProblem(m);
    if (y) problems.push(`membership ${i}: ${y.field} ${y.message}`);
  });
  return problems;
}
