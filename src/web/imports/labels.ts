/** People's words for the kinds of file the Atlas imports, and for the changes an import makes. */

export const FILE_KIND_LABELS: Record<string, string> = {
  epraccur: 'GP practices (epraccur)',
  etr: 'NHS trusts (etr)',
  eccg: 'Sub-ICB locations (eccg)',
  epcn_details: 'Primary care networks (ePCN details)',
  epcn_members: 'PCN member practices (ePCN)',
  ons_lsoa: 'LSOA lookup (ONS)',
  sicbl_boundaries: 'Sub-ICB location boundaries',
  boundaries: 'Boundaries',
  imd_lsoa: 'IMD 2019 by LSOA',
  imd_practice: 'IMD 2019 by GP practice',
  imd_pcn: 'IMD 2019 by PCN',
  practice_demographics: 'GP practice list sizes',
};

export const fileKindLabel = (kind: string): string => FILE_KIND_LABELS[kind] ?? kind.replaceAll('_', ' ');

export const CHANGE_LABELS: Record<string, string> = {
  opened: 'Opened',
  closed: 'Closed',
  reopened: 'Reopened',
  renamed: 'Renamed',
  moved: 'Moved',
  joined: 'Joined',
  left: 'Left',
  recoded: 'New code',
  changed: 'Changed',
};

export const changeLabel = (change: string): string => CHANGE_LABELS[change] ?? change;

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  postcode: 'Postcode',
  opened_on: 'Opened',
  closed_on: 'Closed',
  status: 'ODS status',
  parent: 'Part of',
  commissioned_by: 'Commissioned by',
  part_of: 'Part of',
  member_of: 'Member of',
  pcn: 'Primary care network',
  code: 'Code',
  sicbl: 'Sub-ICB location',
  icb: 'ICB',
  lad: 'Local authority',
  list_size: 'List size',
  imd_score: 'IMD score',
  imd_rank: 'IMD rank',
  imd_decile: 'IMD decile',
  imd_decile_of_practices: 'IMD decile among practices',
  imd_decile_of_pcns: 'IMD decile among PCNs',
  pct_over_65: 'Aged 65 and over (%)',
  pct_under_5: 'Aged under 5 (%)',
  pct_5_19: 'Aged 5 to 19 (%)',
};

export const fieldLabel = (field: string | null): string =>
  field ? (FIELD_LABELS[field] ?? field.replaceAll('_', ' ')) : '';

export const VIA_LABELS: Record<string, string> = {
  cli: 'Command line',
  upload: 'Upload',
  download: 'Download',
  reference: 'National reference',
};

export const viaLabel = (via: string): string => VIA_LABELS[via] ?? via;

/** The import groups, as the upload form offers them. */
export const IMPORT_GROUPS = [
  {
    value: 'ods',
    text: 'ODS organisations',
    hint: 'epraccur, etr, eccg or ePCN files from the NHS Organisation Data Service',
  },
  {
    value: 'geography',
    text: 'Geography',
    hint: 'ONS LSOA lookups, or sub-ICB location boundaries (GeoJSON)',
  },
  {
    value: 'deprivation',
    text: 'Deprivation and list sizes',
    hint: 'IMD 2019 by LSOA, practice or PCN, or practice list sizes',
  },
] as const;

export type ImportGroup = (typeof IMPORT_GROUPS)[number]['value'];
