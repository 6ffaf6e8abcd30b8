import {
  NETWORK_KIND_LABELS,
  NETWORK_KINDS,
  type NetworkKind,
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
  type OrganisationKind,
} from '../../core/landscape.ts';

export type { NetworkKind, OrganisationKind };
export { NETWORK_KIND_LABELS, NETWORK_KINDS, ORGANISATION_KIND_LABELS, ORGANISATION_KINDS };

/** Plural people-facing labels for organisation kinds, for table headings and counts. */
export const ORGANISATION_KIND_PLURALS: Record<OrganisationKind, string> = {
  nhs_region: 'NHS England regions',
  icb: 'Integrated care boards',
  sub_icb_location: 'Sub-ICB locations',
  place: 'Places',
  pcn: 'Primary care networks',
  gp_practice: 'GP practices',
  nhs_trust: 'NHS trusts',
  trust_site: 'Trust sites',
  local_authority: 'Local authorities',
  national_body: 'National bodies',
  independent_provider: 'Independent providers',
  voluntary_org: 'Voluntary organisations',
  academic: 'Academic organisations',
  company: 'Companies',
};

/** Plural labels for network kinds. */
export const NETWORK_KIND_PLURALS: Record<NetworkKind, string> = {
  strategic_clinical_network: 'Strategic clinical networks',
  operational_delivery_network: 'Operational delivery networks',
  cancer_alliance: 'Cancer Alliances',
  clinical_reference_group: 'Clinical reference groups',
  area_prescribing_committee: 'Area prescribing committees',
  clinical_senate: 'Clinical senates',
  health_innovation_network: 'Health Innovation Networks',
  managed_clinical_network: 'Managed clinical networks',
  local_professional_network: 'Local professional networks',
  local_network: 'Local networks',
  provider_network: 'Provider networks',
};

export function isOrganisationKind(s: string): s is OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(s);
}

export function isNetworkKind(s: string): s is NetworkKind {
  return (NETWORK_KINDS as readonly string[]).includes(s);
}

/** The plural label of an organisation or network kind, or the kind itself when unknown. */
export function pluralLabel(kind: string): string {
  if (isOrganisationKind(kind)) return ORGANISATION_KIND_PLURALS[kind];
  if (isNetworkKind(kind)) return NETWORK_KIND_PLURALS[kind];
  return kind;
}

/** The NHS Outcomes Framework domains, 1 to 5. */
export const OUTCOME_DOMAINS: Record<number, string> = {
  1: 'Preventing people from dying prematurely',
  2: 'Enhancing quality of life for people with long-term conditions',
  3: 'Helping people to recover from episodes of ill health or following injury',
  4: 'Ensuring that people have a positive experience of care',
  5: 'Treating and caring for people in a safe environment and protecting them from avoidable harm',
};

export const FOCUS_TYPE_LABELS: Record<string, string> = {
  disease: 'Disease',
  specialty: 'Specialty',
  client_group: 'Client group',
  function: 'Function',
};

export const FORMALITY_LABELS: Record<string, string> = {
  mandated: 'Mandated',
  managed: 'Managed',
  informal: 'Informal',
};

export const ROLE_LABELS: Record<string, string> = {
  covers: 'Covers this area',
  member: 'Member',
  host: 'Host',
};

export const SUCCESSION_LABELS: Record<string, string> = {
  merger: 'Merger',
  split: 'Split',
  acquisition: 'Acquisition',
  recode: 'New code',
};
