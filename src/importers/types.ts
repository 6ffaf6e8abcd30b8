import { DomainError } from '../core/errors.ts';

/** The file formats the Atlas reads, each recognised by its content, never by its name. */
export const FILE_KINDS = [
  'epraccur', // ODS GP practices (classic or DSE export layout), 27 columns, no header
  'etr', // ODS NHS trusts, 27 columns, no header
  'eccg', // ODS sub-ICB locations (and former CCGs), 27 columns, no header
  'epcn_details', // ePCN sheet "PCNDetails" (XLSX sheet or its CSV)
  'epcn_members', // ePCN sheet "PCN Core Partner Details": practice → PCN with dates
  'ons_lsoa', // ONS LSOA (2011 or 2021) → sub-ICB location → ICB (→ LAD) lookup
  'imd_lsoa', // IMD 2019 rank and decile by LSOA (2011)
  'imd_practice', // population-weighted IMD 2019 by GP practice
  'imd_pcn', // population-weighted IMD 2019 by PCN
  'practice_demographics', // practice list sizes with IMD and age mix
  'boundaries', // GeoJSON area boundaries (sub-ICB locations or ICBs) for the map
  'ods_successions', // ODS successor file: old code → new code, dated
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Which `atlas import <group>` command takes which kinds. */
export const IMPORT_GROUPS = {
  ods: ['eccg', 'etr', 'epraccur', 'epcn_details', 'epcn_members', 'ods_successions'],
  geography: ['ons_lsoa', 'boundaries'],
  deprivation: ['imd_lsoa', 'imd_practice', 'imd_pcn', 'practice_demographics'],
} as const satisfies Record<string, readonly FileKind[]>;
export type ImportGroup = keyof typeof IMPORT_GROUPS;

/** One bad row: where, which field, what is wrong. */
export interface RowError {
  file: string;
  /** 1-based line number in the file (for XLSX: the sheet row number). */
  line: number;
  field: string;
  message: string;
}

/** A bad row as the one-line message people see: `file:line: field: message`. */
export function formatRowError(e: RowError): string {
  return `${e.file}:${e.line}: ${e.field}: ${e.message}`;
}

/** A file the Atlas cannot read at all (wrong shape, wrong encoding): one line saying what was expected. */
export class FileFormatError extends DomainError {
  constructor(file: string, expected: string) {
    super('invalid', `${file}: ${expected}`);
  }
}

/** An organisation as an ODS or ePCN file states it. Dates are ISO YYYY-MM-DD. */
export interface OrgRecord {
  line: number;
  code: string;
  name: string;
  kind: 'gp_practice' | 'nhs_trust' | 'sub_icb_location' | 'pcn';
  postcode: string | null;
  opened_on: string | null;
  closed_on: string | null;
  /** ODS status where the file gives one (epraccur): active, closed (inactive), dormant, proposed. */
  status: 'active' | 'closed' | 'dormant' | 'proposed' | null;
  /** NHS England region code (Y56…Y63) where given. */
  region: string | null;
  /**
   * The organisation this one sits under, as the file says: a practice is commissioned_by its
   * sub-ICB location (epraccur column 15, from column 16); a trust or SICBL is part_of its ICB
   * (column 4); a PCN is part_of its sub-ICB location.
   */
  parent: { kind: 'commissioned_by' | 'part_of'; code: string; from: string | null } | null;
}

/** A practice's membership of a PCN, from the ePCN core partners sheet. */
export interface MembershipRecord {
  line: number;
  practice: string;
  pcn: string;
  from: string | null;
  to: string | null;
}

/** One LSOA's place in the geography, from an ONS lookup. Codes: ONS LSOA, ODS SICBL and ICB, ONS LAD. */
export interface LsoaRecord {
  line: number;
  lsoa: string;
  vintage: 2011 | 2021;
  name: string | null;
  sicbl: string;
  sicbl_ons: string | null;
  icb: string;
  icb_ons: string | null;
  lad: string | null;
  lad_name: string | null;
}

/** A measured value for an area or organisation (IMD rank, decile or score; list size; age mix). */
export interface MeasureRecord {
  line: number;
  area_type: 'lsoa' | 'practice' | 'pcn';
  code: string;
  /** e.g. imd_rank, imd_decile (1 = most deprived tenth), imd_score, list_size, pct_over_65. */
  measure: string;
  value: number;
}

/** A re-coding from the ODS successor file: the organisation `old` carried on as `new` from `date`. */
export interface SuccessionRecord {
  line: number;
  old: string;
  new: string;
  date: string;
}

/** An area's boundary from a GeoJSON file, keyed by the area's ODS code. */
export interface BoundaryRecord {
  line: number;
  area_type: 'sub_icb_location' | 'icb';
  code: string;
  name: string;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

/** What reading a file gives: its kind, layout, vintage, records and bad rows. */
export interface ReadResult {
  file: string;
  kind: FileKind;
  /** The layout within the kind, e.g. `epraccur-classic`, `epraccur-dse`, `epcn-xlsx`. */
  format: string;
  /** The latest date stated in the file (YYYY-MM-DD): how imports order vintages; null when it gives none. */
  vintage: string | null;
  /** Rows read (data rows, header excluded). */
  read: number;
  orgs: OrgRecord[];
  memberships: MembershipRecord[];
  lsoas: LsoaRecord[];
  measures: MeasureRecord[];
  /** Area boundaries (GeoJSON files only). */
  boundaries?: BoundaryRecord[];
  /** Re-codings (the ODS successor file only). */
  successions?: SuccessionRecord[];
  /** Rows skipped as not of interest (e.g. epraccur prescribing cost centres that are not GP practices). */
  ignored: number;
  errors: RowError[];
}
