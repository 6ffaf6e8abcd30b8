/** Organisation kinds, as in PRODUCT.md. */
export const ORGANISATION_KINDS = [
  'nhs_region',
  'icb',
  'sub_icb_location',
  'place',
  'pcn',
  'gp_practice',
  'nhs_trust',
  'trust_site',
  'local_authority',
  'national_body',
  'independent_provider',
  'voluntary_org',
  'academic',
  'company',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Dated organisation link kinds. */
export const LINK_KINDS = ['part_of', 'member_of', 'commissioned_by', 'site_of', 'partner_of'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** Network kinds, as in PRODUCT.md. */
export const NETWORK_KINDS = [
  'strategic_clinical_network',
  'operational_delivery_network',
  'cancer_alliance',
  'clinical_reference_group',
  'area_prescribing_committee',
  'clinical_senate',
  'health_innovation_network',
  'managed_clinical_network',
  'local_professional_network',
  'local_network',
  'provider_network',
] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export const FOCUS_TYPES = ['disease', 'specialty', 'client_group', 'function'] as const;
export type FocusType = (typeof FOCUS_TYPES)[number];

export const FORMALITIES = ['mandated', 'managed', 'informal'] as const;
export type Formality = (typeof FORMALITIES)[number];

/** How sure the Atlas is of a fact: stated by its source, or inferred / indirect. */
export const CONFIDENCES = ['confirmed', 'likely'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const SUCCESSION_KINDS = ['merger', 'split', 'acquisition', 'recode'] as const;
export type SuccessionKind = (typeof SUCCESSION_KINDS)[number];

/** People-facing labels for organisation kinds (British NHS terms). */
export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  nhs_region: 'NHS England region',
  icb: 'Integrated care board',
  sub_icb_location: 'Sub-ICB location',
  place: 'Place',
  pcn: 'Primary care network',
  gp_practice: 'GP practice',
  nhs_trust: 'NHS trust',
  trust_site: 'Trust site',
  local_authority: 'Local authority',
  national_body: 'National body',
  independent_provider: 'Independent provider',
  voluntary_org: 'Voluntary organisation',
  academic: 'Academic organisation',
  company: 'Company',
};

/** People-facing labels for network kinds. */
export const NETWORK_KIND_LABELS: Record<NetworkKind, string> = {
  strategic_clinical_network: 'Strategic clinical network',
  operational_delivery_network: 'Operational delivery network',
  cancer_alliance: 'Cancer Alliance',
  clinical_reference_group: 'Clinical reference group',
  area_prescribing_committee: 'Area prescribing committee',
  clinical_senate: 'Clinical senate',
  health_innovation_network: 'Health Innovation Network',
  managed_clinical_network: 'Managed clinical network',
  local_professional_network: 'Local professional network',
  local_network: 'Local network',
  provider_network: 'Provider network',
};

/** The order of the levels of the structure, top first, used to sort a chain of parents. */
export const KIND_RANK: Record<OrganisationKind, number> = {
  national_body: 0,
  nhs_region: 1,
  icb: 2,
  sub_icb_location: 3,
  place: 4,
  local_authority: 4,
  pcn: 5,
  nhs_trust: 5,
  gp_practice: 6,
  trust_site: 6,
  independent_provider: 6,
  voluntary_org: 6,
  academic: 6,
  company: 6,
};
