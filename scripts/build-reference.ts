/**
 * Builds the project's national reference of the NHS England structure, with its history,
 * from the shared source files (read-only input, never copied into the project):
 *
 *   npx tsx scripts/build-reference.ts [path-to-shared-data]
 *
 * The default path is `../shared/data` relative to the repository root. The output,
 * `src/storage/reference/nhs-england.json`, is deterministic (stable order) and committed.
 * See docs/reference-data.md for what is in it and how each fact was decided.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalCase } from '../src/core/names.ts';
import { NationalReference, type NationalReferenceInput } from '../src/storage/reference-format.ts';

type Org = NationalReferenceInput['organisations'][number];
type Link = NationalReferenceInput['links'][number];
type Succession = NationalReferenceInput['successions'][number];
type Network = NationalReferenceInput['networks'][number];
type Footprint = NationalReferenceInput['footprints'][number];
type Confidence = 'confirmed' | 'likely';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(REPO, 'src', 'storage', 'reference', 'nhs-england.json');

export const VERSION = '2026-11';
/** The day the 42-ICB structure began, and the April 2026 change. */
export const ICB_START = '2022-07-01';
export const CHANGE_DAY = '2026-04-01';
export const LAST_OLD_DAY = '2026-03-31';

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, with or without a final newline. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Rows of a CSV with a header row, as objects keyed by the header. */
function readTable(file: string): Record<string, string>[] {
  const [head, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  if (!head) return [];
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

/** Rows of a raw ODS CSV (no header; 27 columns). */
function readOds(file: string): string[][] {
  return parseCsv(fs.readFileSync(file, 'utf8')).map((r) => r.map((v) => v.trim()));
}

/** ODS YYYYMMDD → ISO YYYY-MM-DD (blank → null). */
function odsDate(v: string | undefined): string | null {
  if (!v) return null;
  if (!/^\d{8}$/.test(v)) throw new Error(`bad ODS date "${v}"`);
  return `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;
}

/** A stable slug from a name: lower case, ASCII letters and digits, single hyphens. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export { normalCase };

function countBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** The key with the most items; ties broken by `tie` (higher wins), then by code order. */
function majority(counts: Map<string, number>, tie?: (k: string) => number): string {
  const sorted = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (tie ? tie(b[0]) - tie(a[0]) : 0) || a[0].localeCompare(b[0]),
  );
  return sorted[0]![0];
}

function fmtCounts(counts: Map<string, number>): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function byCode<T extends { code: string }>(a: T, b: T): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Fixed facts the shared files do not carry as data (each documented in docs/reference-data.md)
// ---------------------------------------------------------------------------------------------

/**
 * Local authority districts abolished on 1 April 2023 (the Cumbria, North Yorkshire and Somerset
 * structural changes), to the unitary authority that replaced them. The 2022 lookup uses the old
 * districts; `lad24_region24.csv` has the new unitaries.
 */
const LAD_2023_REORGANISATION: Record<string, string> = {
  E07000026: 'E06000063', // Allerdale → Cumberland
  E07000028: 'E06000063', // Carlisle → Cumberland
  E07000029: 'E06000063', // Copeland → Cumberland
  E07000027: 'E06000064', // Barrow-in-Furness → Westmorland and Furness
  E07000030: 'E06000064', // Eden → Westmorland and Furness
  E07000031: 'E06000064', // South Lakeland → Westmorland and Furness
  E07000163: 'E06000065', // Craven → North Yorkshire
  E07000164: 'E06000065', // Hambleton → North Yorkshire
  E07000165: 'E06000065', // Harrogate → North Yorkshire
  E07000166: 'E06000065', // Richmondshire → North Yorkshire
  E07000167: 'E06000065', // Ryedale → North Yorkshire
  E07000168: 'E06000065', // Scarborough → North Yorkshire
  E07000169: 'E06000065', // Selby → North Yorkshire
  E07000187: 'E06000066', // Mendip → Somerset
  E07000188: 'E06000066', // Sedgemoor → Somerset
  E07000189: 'E06000066', // South Somerset → Somerset
  E07000246: 'E06000066', // Somerset West and Taunton → Somerset
};

/**
 * The ceremonial county of each local authority district inside the three ICBs that were split on
 * 1 April 2026, used only to match an area to the footprint each successor ICB describes
 * (`icbs_2026-04_new_and_changed.csv`, column footprint_described).
 */
const COUNTY_OF_SPLIT_AREA_LAD: Record<string, string> = {
  // NHS Frimley ICB (QNQ)
  E06000036: 'Berkshire', // Bracknell Forest
  E06000039: 'Berkshire', // Slough
  E06000040: 'Berkshire', // Windsor and Maidenhead
  E07000089: 'Hampshire', // Hart
  E07000092: 'Hampshire', // Rushmoor
  E07000209: 'Surrey', // Guildford
  E07000212: 'Surrey', // Runnymede
  E07000214: 'Surrey', // Surrey Heath
  E07000216: 'Surrey', // Waverley
  // NHS Hertfordshire and West Essex ICB (QM7)
  E07000095: 'Hertfordshire', // Broxbourne
  E07000096: 'Hertfordshire', // Dacorum
  E07000098: 'Hertfordshire', // Hertsmere
  E07000099: 'Hertfordshire', // North Hertfordshire
  E07000102: 'Hertfordshire', // Three Rivers
  E07000103: 'Hertfordshire', // Watford
  E07000240: 'Hertfordshire', // St Albans
  E07000241: 'Hertfordshire', // Welwyn Hatfield
  E07000242: 'Hertfordshire', // East Hertfordshire
  E07000243: 'Hertfordshire', // Stevenage
  E07000072: 'Essex', // Epping Forest
  E07000073: 'Essex', // Harlow
  E07000077: 'Essex', // Uttlesford
  // NHS Suffolk and North East Essex ICB (QJG)
  E07000071: 'Essex', // Colchester
  E07000076: 'Essex', // Tendring
  E07000200: 'Suffolk', // Babergh
  E07000202: 'Suffolk', // Ipswich
  E07000203: 'Suffolk', // Mid Suffolk
  E07000244: 'Suffolk', // East Suffolk
  E07000245: 'Suffolk', // West Suffolk
};

/**
 * For each split ICB, the county → successor that takes that county's part. Each pairing is
 * checked below against the successor's described footprint (the county must be named in it).
 */
const SPLIT_SUCCESSOR_BY_COUNTY: Record<string, Record<string, string>> = {
  QNQ: { Berkshire: 'S0E4D', Hampshire: 'QRL', Surrey: 'S9B9J' },
  QM7: { Hertfordshire: 'S1Y5D', Essex: 'D7T5G' },
  QJG: { Suffolk: 'T6Y0W', Essex: 'D7T5G' },
};

const ODN_FOCUS: Record<string, string> = {
  neonatal: 'neonatal care',
  adult_critical_care: 'adult critical care',
  paediatric_critical_care: 'paediatric critical care',
  burns: 'burn care',
  congenital_heart_disease: 'congenital heart disease',
  major_trauma: 'major trauma',
  surgery_in_children: 'surgery in children',
};

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** "1 April 2016 (…)" → 2016-04-01; a bare year or anything else → null (kept in notes). */
function statedDay(v: string): string | null {
  const m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})/.exec(v.trim());
  if (!m) return null;
  const mon = MONTHS.indexOf(m[2]!.toLowerCase());
  if (mon < 0) return null;
  return `${m[3]}-${String(mon + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Source names (short, stable strings written into the reference)
// ---------------------------------------------------------------------------------------------

const SRC = {
  regions: 'NHS England regions (ODS/ONS codes), via rcpch/rcpch-nhs-organisations constants (MIT)',
  icb24: 'ONS ICB (December 2024) Names and Codes in EN (OGL v3.0)',
  sicbl22: 'NHS Digital ODS Sub ICB Location and ICB mapping, 1 July 2022 (OGL v3.0)',
  eccg: 'NHS England ODS eccg, July 2024 (OGL v3.0)',
  lsoa22: 'ONS LSOA (2011) to Sub ICB Locations to ICBs (July 2022) lookup (OGL v3.0)',
  lsoa24: 'ONS LSOA (2021) to SICBL to ICB (April 2024) lookup (OGL v3.0)',
  lad24: 'ONS Local Authority District to Region (December 2024) lookup (OGL v3.0)',
  etr24: 'NHS England ODS etr, December 2024 (OGL v3.0)',
  etr26: 'NHS England ODS etr, June 2026 (OGL v3.0)',
  succ: 'ICB successions 1 April 2026: rcpch/rcpch-nhs-organisations documentation/docs/developer/icb-history.md @2346f35 (ODS-verified; MIT, facts OGL v3.0)',
  newIcbs:
    'New and changed ICBs, April 2026: rcpch/rcpch-nhs-organisations icb-history.md @2346f35; written ministerial statement, 9 Sep 2025; NHS England pages (OGL v3.0)',
  caTrusts:
    'Cancer Alliance trust mapping, Bennett Institute for Applied Data Science, University of Oxford (bennettoxford/openprescribing-hospitals static/data/ods_ca_mapping.csv @7607414, MIT); trust codes ODS (OGL v3.0)',
  hin: 'NHS England Innovation Service database migrations RenameAHSN1698314580972 (Oct 2023) and RenameOrgsAndUnits1725893242219 (Sep 2024) (OGL v3.0)',
  openuk:
    'OPEN UK paediatric epilepsy networks, rcpch/rcpch-nhs-organisations open_uk_networks.py @6cdaddb (MIT, RCPCH)',
  diabetes:
    'Paediatric diabetes networks and units, rcpch/rcpch-nhs-organisations paediatric_diabetes_*.py @7495d7c (MIT, RCPCH)',
  sites:
    'Hospital sites with parent trust, rcpch/rcpch-nhs-organisations rcpch_organisations.py @80dbbac (MIT, RCPCH)',
};

const DERIVED_PLACE_NOTE =
  'Derived by the Atlas from ONS lookups (LSOA → sub-ICB location → ICB → local authority district): the local authority district as a place within its ICB. Editable.';

// ---------------------------------------------------------------------------------------------
// The build
// ---------------------------------------------------------------------------------------------

export function buildReference(shared: string): NationalReference {
  const file = (...p: string[]) => path.join(shared, ...p);
  const orgs = new Map<string, Org>();
  const links: Link[] = [];
  const successions: Succession[] = [];
  const networks: Network[] = [];
  const footprints: Footprint[] = [];
  const addOrg = (o: Org) => {
    if (orgs.has(o.code)) throw new Error(`duplicate organisation code ${o.code}`);
    orgs.set(o.code, o);
  };
  const partOf = (
    from: string,
    to: string,
    valid_from: string | null,
    valid_to: string | null,
    confidence: Confidence,
    source: string,
  ) => links.push({ kind: 'part_of', from, to, valid_from, valid_to, confidence, source });

  // --- 1. Regions ---------------------------------------------------------------------------
  const regionByName = new Map<string, string>();
  for (const r of readTable(file('ods', 'nhs_england_regions.csv'))) {
    addOrg({
      code: r.region_ods_code!,
      ons_code: r.region_ons_code!,
      name: r.region_name!,
      kind: 'nhs_region',
      source: SRC.regions,
    });
    regionByName.set(r.region_name!.toLowerCase(), r.region_ods_code!);
  }
  const regionCode = (text: string): string | null => {
    const t = text.split(' (')[0]!.trim().toLowerCase();
    return regionByName.get(t) ?? null;
  };

  // --- 2. ICBs --------------------------------------------------------------------------------
  const sicbl22 = readTable(file('ods', 'sicbl_icb_region_2022-07.csv'));
  const icb24 = new Map(readTable(file('ods', 'icb24_names_codes.csv')).map((r) => [r.ICB24CDH!, r]));
  const lsoa22 = readTable(file('geography', 'lsoa11_sicbl22_icb22_lad22.csv'));
  const lsoa24 = readTable(file('geography', 'lsoa21_sicbl24_icb24.csv'));
  const icbOns22 = new Map(lsoa22.map((r) => [r.icb22_code_h!, r.icb22_code!]));
  const succRows = readTable(file('networks', 'icb_successions_2026-04.csv'));
  const newIcbRows = readTable(file('networks', 'icbs_2026-04_new_and_changed.csv'));

  const oldIcbs = new Map<string, { region: string }>();
  for (const r of sicbl22) oldIcbs.set(r['ICB Code']!, { region: r['Region Code']! });
  const closing = new Set(
    succRows
      .filter((r) => r.predecessor_ods_code !== r.successor_ods_code)
      .map((r) => r.predecessor_ods_code!),
  );
  // QRL is an acquisition: it continues with its code.
  const continuing = new Set(
    succRows.filter((r) => r.succession_type === 'acquisition').map((r) => r.successor_ods_code!),
  );
  for (const c of continuing) closing.delete(c);

  for (const [code, { region }] of oldIcbs) {
    const ons = icb24.get(code);
    if (!ons) throw new Error(`ICB ${code} missing from icb24_names_codes.csv`);
    const ons22 = icbOns22.get(code);
    const closed = closing.has(code);
    const notes: string[] = [];
    if (ons22 && ons22 !== ons.ICB24CD) notes.push(`ONS code ${ons22} until the April 2023 boundary change.`);
    if (continuing.has(code))
      notes.push('Gained part of the former NHS Frimley ICB area on 1 April 2026 (same code).');
    if (closed) notes.push('Closed 31 March 2026 in the April 2026 ICB mergers; see successions.');
    addOrg({
      code,
      ons_code: ons.ICB24CD!,
      name: ons.ICB24NM!,
      kind: 'icb',
      opened_on: ICB_START,
      closed_on: closed ? LAST_OLD_DAY : null,
      source: `${SRC.icb24}; ${SRC.sicbl22}${closed ? `; ${SRC.succ}` : ''}`,
      notes: notes.length ? notes.join(' ') : null,
    });
    partOf(code, region, null, closed ? LAST_OLD_DAY : null, 'confirmed', SRC.sicbl22);
  }
  for (const r of newIcbRows) {
    if (orgs.has(r.ods_code!)) continue; // QRL: existing ICB, boundary change only
    addOrg({
      code: r.ods_code!,
      name: r.name!,
      kind: 'icb',
      opened_on: CHANGE_DAY,
      source: SRC.newIcbs,
      notes: `Formed 1 April 2026 from ${r.predecessor_icbs}. Footprint as described: ${r.footprint_described}. Working name in the ministerial statement: ${r.name_in_ministerial_statement}. ONS E54 code not yet in the shared files.`,
    });
    partOf(r.ods_code!, r.nhs_region_ods_code!, null, null, 'confirmed', SRC.newIcbs);
  }
  for (const r of succRows) {
    successions.push({
      predecessor: r.predecessor_ods_code!,
      successor: r.successor_ods_code!,
      effective_on: r.succession_date!,
      kind: r.succession_type as Succession['kind'],
      notes: r.notes || null,
      confidence: r.confidence as Confidence,
      source: SRC.succ,
    });
  }
  const successorsOf = new Map<string, string[]>();
  for (const r of succRows) {
    const l = successorsOf.get(r.predecessor_ods_code!) ?? [];
    l.push(r.successor_ods_code!);
    successorsOf.set(r.predecessor_ods_code!, l);
  }
  // Check each split pairing against the successor's described footprint.
  const footprintOf = new Map(
    newIcbRows.map((r) => [r.ods_code!, `${r.footprint_described} ${r.predecessor_icbs}`]),
  );
  for (const [pred, byCounty] of Object.entries(SPLIT_SUCCESSOR_BY_COUNTY)) {
    const succs = new Set(successorsOf.get(pred) ?? []);
    for (const [county, succ] of Object.entries(byCounty)) {
      if (!succs.has(succ)) throw new Error(`${succ} is not a successor of ${pred}`);
      if (!footprintOf.get(succ)?.includes(county))
        throw new Error(`${succ} footprint does not name ${county}`);
    }
    if (succs.size !== new Set(Object.values(byCounty)).size)
      throw new Error(`split table for ${pred} incomplete`);
  }

  // --- The ICB after 1 April 2026 of each LSOA (2011), area by area -------------------------
  const lad24 = new Map(readTable(file('geography', 'lad24_region24.csv')).map((r) => [r.ltla24_code!, r]));
  const lad24Of = (lad22: string): string => {
    const c = LAD_2023_REORGANISATION[lad22] ?? lad22;
    if (!lad24.has(c)) throw new Error(`LAD ${lad22} → ${c} not in lad24_region24.csv`);
    return c;
  };
  const icbAfter = (icb: string, lad22: string): { icb: string; inferredBy: string } => {
    const succs = successorsOf.get(icb);
    if (!succs || continuing.has(icb)) return { icb, inferredBy: 'unchanged' };
    if (succs.length === 1) return { icb: succs[0]!, inferredBy: 'merger' };
    const county = COUNTY_OF_SPLIT_AREA_LAD[lad22];
    const succ = county ? SPLIT_SUCCESSOR_BY_COUNTY[icb]?.[county] : undefined;
    if (!succ) throw new Error(`no split rule for LAD ${lad22} in ${icb}`);
    return { icb: succ, inferredBy: 'split' };
  };

  // --- 3. Sub-ICB locations -------------------------------------------------------------------
  const eccg = new Map(readOds(file('ods', 'eccg_2024-07.csv')).map((r) => [r[0]!, r]));
  const sicblOns24 = new Map(lsoa24.map((r) => [r.sicbl24_code_nhs!, r]));
  const sicblOns22 = new Map(lsoa22.map((r) => [r.sicbl22_code_h!, r]));
  const lsoaBySicbl = new Map<string, Record<string, string>[]>();
  for (const r of lsoa22) {
    const l = lsoaBySicbl.get(r.sicbl22_code_h!) ?? [];
    l.push(r);
    lsoaBySicbl.set(r.sicbl22_code_h!, l);
  }
  const splitDecisions: string[] = [];
  for (const r of [...sicbl22].sort((a, b) =>
    a['Sub ICB Location ODS Code']!.localeCompare(b['Sub ICB Location ODS Code']!),
  )) {
    const code = r['Sub ICB Location ODS Code']!;
    const icb = r['ICB Code']!;
    const on24 = sicblOns24.get(code);
    const on22 = sicblOns22.get(code);
    const e = eccg.get(code);
    if (!on24 || !on22) throw new Error(`SICBL ${code} missing from the LSOA lookups`);
    if (!e?.[13]?.includes('RO319')) throw new Error(`SICBL ${code} not an RO319 row in eccg`);
    if (on24.icb24_code_nhs !== icb || on22.icb22_code_h !== icb)
      throw new Error(`SICBL ${code} ICB differs between lookups`);
    const closedOn = odsDate(e[11]);
    const notes: string[] = [];
    const odsOpen = odsDate(e[10]);
    if (odsOpen && odsOpen < ICB_START) {
      notes.push(
        `ODS record open since ${odsOpen} as a clinical commissioning group; a sub-ICB location since ${ICB_START}.`,
      );
    }
    if (e[13]!.includes('RO326')) notes.push('Also acts as its ICB’s commissioning proxy (ODS role RO326).');
    if (on22.sicbl22_code !== on24.sicbl24_code) {
      notes.push(`ONS code ${on22.sicbl22_code} until the April 2023 boundary change.`);
    }
    // Parent after 1 April 2026, decided area by area (LSOA by LSOA).
    const lsoas = lsoaBySicbl.get(code) ?? [];
    const after = countBy(lsoas, (l) => icbAfter(icb, l.ltla22_code!).icb);
    const newParent = majority(after);
    const how = icbAfter(icb, lsoas[0]!.ltla22_code!).inferredBy;
    let afterSource = SRC.succ;
    if (how === 'split') {
      const lads = countBy(lsoas, (l) => `${l.ltla22_name} (${COUNTY_OF_SPLIT_AREA_LAD[l.ltla22_code!]})`);
      afterSource = `${SRC.succ}; ${SRC.newIcbs}; ${SRC.lsoa22}`;
      if (after.size > 1) {
        notes.push(
          `Its ICB (${icb}) was split on 1 April 2026 and this area is itself divided between successors by local authority district (LSOAs: ${fmtCounts(after)}; districts: ${fmtCounts(lads)}). Placed in ${newParent}, which holds most of its LSOAs; no source yet states its new parent.`,
        );
      } else {
        notes.push(
          `Its ICB (${icb}) was split on 1 April 2026; all of its area (${fmtCounts(lads)}) matches the footprint of ${newParent}. Inferred; no source yet states its new parent.`,
        );
      }
      splitDecisions.push(`${code} ${icb} → ${newParent} (${fmtCounts(after)})`);
    }
    addOrg({
      code,
      ons_code: on24.sicbl24_code!,
      name: on24.sicbl24_name!,
      kind: 'sub_icb_location',
      opened_on: ICB_START,
      closed_on: closedOn,
      postcode: e[9] || null,
      source: `${SRC.sicbl22}; ${SRC.eccg}; ${SRC.lsoa24}`,
      notes: notes.length ? notes.join(' ') : null,
    });
    if (newParent === icb) {
      partOf(code, icb, null, closedOn, 'confirmed', `${SRC.sicbl22}; ${SRC.eccg}`);
    } else {
      partOf(code, icb, null, LAST_OLD_DAY, 'confirmed', `${SRC.sicbl22}; ${SRC.eccg}`);
      if (!closedOn || closedOn >= CHANGE_DAY) {
        partOf(code, newParent, CHANGE_DAY, closedOn, 'likely', `Inferred from ${afterSource}`);
      }
    }
  }

  // --- 4. NHS trusts ----------------------------------------------------------------------------
  const etr24 = new Map(readOds(file('ods', 'etr_2024-12.csv')).map((r) => [r[0]!, r]));
  const etr26 = new Map(readOds(file('ods', 'etr_2026-06.csv')).map((r) => [r[0]!, r]));
  const trustCodes = [...new Set([...etr24.keys(), ...etr26.keys()])].sort();
  const trustAfterChecks: string[] = [];
  for (const code of trustCodes) {
    const a = etr24.get(code);
    const b = etr26.get(code);
    const newest = (b ?? a)!;
    const icbA = a?.[3] ?? '';
    const icbB = b?.[3] ?? '';
    if (!icbA && !icbB) continue; // Welsh trusts (no ICB)
    if (code.startsWith('W') || newest[2]?.startsWith('W')) continue;
    const opened = odsDate(newest[10]);
    const closed = odsDate(newest[11]);
    const notes: string[] = [];
    if (a && b && a[1] !== b[1]) notes.push(`Named ${normalCase(a[1]!)} in the December 2024 ODS file.`);
    if (a && b && a[9] !== b[9]) notes.push(`Headquarters postcode ${a[9]} in the December 2024 ODS file.`);
    const sources = [a ? SRC.etr24 : null, b ? SRC.etr26 : null].filter((s): s is string => s !== null);
    addOrg({
      code,
      name: normalCase(newest[1]!),
      kind: 'nhs_trust',
      opened_on: opened,
      closed_on: closed,
      postcode: newest[9] || null,
      source: sources.join('; '),
      notes: notes.length ? notes.join(' ') : null,
    });
    // ICB links: only for the ICB era (a trust closed before July 2022 had no ICB).
    if (closed && closed < ICB_START) {
      const n = orgs.get(code)!;
      n.notes = [n.notes, `Closed before ICBs were established; ODS gives ${icbA || icbB} as its area.`]
        .filter(Boolean)
        .join(' ');
      continue;
    }
    if (a && b && icbA && icbB && icbA !== icbB) {
      partOf(
        code,
        icbA,
        null,
        closed && closed < LAST_OLD_DAY ? closed : LAST_OLD_DAY,
        'confirmed',
        SRC.etr24,
      );
      if (!closed || closed >= CHANGE_DAY) partOf(code, icbB, CHANGE_DAY, closed, 'confirmed', SRC.etr26);
      if (closing.has(icbA) || continuing.has(icbA)) {
        const succ = successorsOf.get(icbA) ?? [];
        if (!succ.includes(icbB) && icbA !== icbB)
          trustAfterChecks.push(`${code}: ${icbA} → ${icbB} is not a listed succession`);
      }
    } else {
      const icb = icbA || icbB;
      const closedIcb = orgs.get(icb)?.closed_on;
      // A trust found only in the 2024 file whose ICB closed: the link ends with that ICB.
      const to = closed ?? (closedIcb && !b ? closedIcb : null);
      partOf(
        code,
        icb,
        null,
        to,
        'confirmed',
        b && !a ? SRC.etr26 : a && !b ? SRC.etr24 : `${SRC.etr24}; ${SRC.etr26}`,
      );
    }
  }

  // --- 5. Places (local authority districts within each ICB) -----------------------------------
  const lsoaByLad24 = new Map<string, Record<string, string>[]>();
  for (const r of lsoa22) {
    const c = lad24Of(r.ltla22_code!);
    const l = lsoaByLad24.get(c) ?? [];
    l.push(r);
    lsoaByLad24.set(c, l);
  }
  // Tie-break by the April 2024 lookup (LSOA 2021 names begin with the district's name).
  const lsoa24ByLadName = new Map<string, Map<string, number>>();
  for (const r of lsoa24) {
    const n = r.lsoa21_name!.replace(/ \d{3}[A-Z]$/, '');
    const m = lsoa24ByLadName.get(n) ?? new Map<string, number>();
    m.set(r.icb24_code_nhs!, (m.get(r.icb24_code_nhs!) ?? 0) + 1);
    lsoa24ByLadName.set(n, m);
  }
  const placeDecisions: string[] = [];
  for (const [lad, lsoas] of [...lsoaByLad24.entries()].sort((x, y) => x[0].localeCompare(y[0]))) {
    const info = lad24.get(lad)!;
    const before = countBy(lsoas, (l) => l.icb22_code_h!);
    const after = countBy(lsoas, (l) => icbAfter(l.icb22_code_h!, l.ltla22_code!).icb);
    const tie24 = lsoa24ByLadName.get(info.ltla24_name!);
    const icbBefore = majority(before, (k) => tie24?.get(k) ?? 0);
    const icbNew = majority(after);
    const notes = [DERIVED_PLACE_NOTE];
    if (before.size > 1) {
      const tied = [...before.values()].filter((v) => v === before.get(icbBefore)).length > 1;
      notes.push(
        `The district is split between ICBs (LSOAs 2011: ${fmtCounts(before)}); linked to ${icbBefore}, which holds most of them${tied ? ` (a tie, broken by the April 2024 lookup: ${fmtCounts(tie24 ?? new Map())})` : ''}.`,
      );
      placeDecisions.push(
        `${lad} ${info.ltla24_name}: ${fmtCounts(before)} → ${icbBefore}${tied ? ' (tie)' : ''}`,
      );
    }
    if (after.size > 1 && icbNew !== icbBefore) {
      notes.push(`From 1 April 2026 (LSOAs: ${fmtCounts(after)}) linked to ${icbNew}.`);
    }
    const reorganised = Object.entries(LAD_2023_REORGANISATION)
      .filter(([, v]) => v === lad)
      .map(([k]) => k);
    if (reorganised.length) {
      notes.push(
        `Formed 1 April 2023 from the districts ${reorganised.join(', ')} (the 2022 lookup uses those).`,
      );
    }
    addOrg({
      code: lad,
      ons_code: lad,
      name: info.ltla24_name!,
      kind: 'place',
      derived: true,
      confidence: 'likely',
      source: `${SRC.lsoa22}; ${SRC.lad24}`,
      notes: notes.join(' '),
    });
    const src = `Derived from ${SRC.lsoa22}`;
    if (icbNew === icbBefore) partOf(lad, icbBefore, null, null, 'likely', src);
    else {
      partOf(lad, icbBefore, null, LAST_OLD_DAY, 'likely', src);
      partOf(lad, icbNew, CHANGE_DAY, null, 'likely', `${src}; ${SRC.succ}`);
    }
  }

  // --- 6. Networks --------------------------------------------------------------------------------
  const isOrg = (c: string) => orgs.has(c);
  const pushFootprint = (f: Footprint) => {
    if (!orgs.has(f.organisation)) throw new Error(`footprint org ${f.organisation} unknown`);
    const dup = footprints.some(
      (x) =>
        x.network === f.network &&
        x.organisation === f.organisation &&
        x.role === f.role &&
        x.valid_from === f.valid_from,
    );
    if (!dup) footprints.push(f);
  };

  // Cancer Alliances
  const caTrusts = readTable(file('networks', 'cancer_alliance_trusts_2026.csv'));
  const caFoot = readTable(file('networks', 'cancer_alliance_icb_footprints_2026.csv'));
  const skipped: string[] = [];
  for (const r of caFoot) {
    const code = r.cancer_alliance_code!;
    const members = caTrusts.filter((t) => t.cancer_alliance_code === code);
    const partners = members.filter((t) => t.notes).map((t) => `${t.ods_code}: ${t.notes}`);
    const hostMatch = /\(([A-Z0-9]{3})\)/.exec(r.host_organisation ?? '');
    const host = hostMatch && isOrg(hostMatch[1]!) ? hostMatch[1]! : null;
    const regions = (r.nhs_regions_of_member_trusts ?? '').split(';').map((s) => s.trim());
    const notes: string[] = [];
    if (r.footprint_as_stated) notes.push(`Footprint as stated: ${r.footprint_as_stated}.`);
    if (partners.length) notes.push(`Cross-alliance partnerships: ${partners.join('; ')}.`);
    notes.push(
      'ICB coverage is derived from the headquarters ICB of member trusts (not a population footprint); from 1 April 2026 the new ICBs are added from the June 2026 trust file.',
    );
    networks.push({
      code,
      name: r.cancer_alliance_name!,
      kind: 'cancer_alliance',
      focus_type: 'disease',
      focus: 'cancer',
      host,
      host_name: r.host_organisation || null,
      region: regions.length === 1 ? regionCode(regions[0]!) : null,
      footprint_text: r.footprint_as_stated || r.icb_names_of_member_trusts || null,
      outcome_domains: [1],
      confidence: r.confidence as Confidence,
      source: `${SRC.caTrusts}; cancer_alliance_icb_footprints_2026.csv: ${r.source}`,
      notes: notes.join(' '),
    });
    for (const t of members) {
      if (!isOrg(t.ods_code!)) {
        skipped.push(`${code} member ${t.ods_code} (${t.ods_name}): not in the ODS trust files`);
        continue;
      }
      pushFootprint({
        network: code,
        organisation: t.ods_code!,
        role: 'member',
        confidence: 'confirmed',
        source: SRC.caTrusts,
      });
    }
    if (host) {
      const from = /from ([A-Z][a-z]+ \d{4})/.exec(r.host_organisation ?? '');
      pushFootprint({
        network: code,
        organisation: host,
        role: 'host',
        valid_from: from ? statedDay(`1 ${from[1]}`) : null,
        confidence: r.confidence as Confidence,
        source: r.source || null,
      });
    }
    for (const icb of (r.icb_codes_of_member_trusts ?? '').split(';').map((s) => s.trim())) {
      if (!icb) continue;
      pushFootprint({
        network: code,
        organisation: icb,
        role: 'covers',
        valid_to: orgs.get(icb)?.closed_on ?? null,
        confidence: r.confidence as Confidence,
        source: 'cancer_alliance_icb_footprints_2026.csv (member trusts joined to ODS etr December 2024)',
      });
    }
    // After 1 April 2026: the new ICBs of the member trusts, by the same method (June 2026 trust file).
    const newIcbs = new Set<string>();
    for (const t of members) {
      const b = etr26.get(t.ods_code!);
      if (!b || b[11] || /AMBULANCE/.test(b[1]!)) continue;
      if (orgs.get(b[3]!)?.opened_on === CHANGE_DAY) newIcbs.add(b[3]!);
    }
    for (const icb of [...newIcbs].sort()) {
      pushFootprint({
        network: code,
        organisation: icb,
        role: 'covers',
        valid_from: CHANGE_DAY,
        confidence: 'likely',
        source: `Derived: member trusts (${SRC.caTrusts}) joined to ${SRC.etr26}`,
      });
    }
  }

  // Health Innovation Networks
  for (const r of readTable(file('networks', 'health_innovation_networks.csv'))) {
    networks.push({
      code: `hin-${r.acronym!.toLowerCase()}`,
      name: r.hin_name!,
      kind: 'health_innovation_network',
      focus_type: 'function',
      focus: 'innovation adoption and spread',
      confidence: 'confirmed',
      source: SRC.hin,
      notes: [
        r.former_ahsn_name && r.former_ahsn_name !== r.hin_name
          ? `Formerly ${r.former_ahsn_name} (academic health science network).`
          : 'Kept its name when the AHSNs became Health Innovation Networks.',
        `Innovation Service acronym ${r.acronym}. No footprint was found as data.`,
      ].join(' '),
    });
  }

  // Strategic clinical networks
  for (const r of readTable(file('networks', 'strategic_clinical_networks.csv'))) {
    const base = r
      .name!.replace(/\bStrategic Clinical Networks?\b/, '')
      .replace(/\bClinical Networks?\b/, '')
      .trim();
    const status = r.status_as_of_source ?? '';
    const uncertain =
      !status.startsWith('current (') ||
      /uncertain/i.test(`${r.notes} ${status}`) ||
      /\b(19|20)\d\d\/\d\d\b/.test(status);
    const notes = [
      `Status as of source: ${status || 'not stated'}.`,
      r.established ? `Established: ${r.established}.` : '',
      r.notes ? `${r.notes}.` : '',
    ].filter(Boolean);
    networks.push({
      code: `scn-${slug(base)}`,
      name: r.name!,
      kind: 'strategic_clinical_network',
      focus: r.focus_areas || null,
      host_name: r.host || null,
      region: regionCode(r.nhs_region ?? ''),
      footprint_text: r.footprint || null,
      established_on: statedDay(r.established ?? ''),
      status: uncertain ? 'uncertain' : 'active',
      confidence: r.confidence as Confidence,
      source: r.source || null,
      notes: notes.join(' '),
    });
  }

  // Clinical senates
  for (const r of readTable(file('networks', 'clinical_senates.csv'))) {
    const listed = r.listed_in ?? '';
    const current = /current list/.test(listed);
    networks.push({
      code: `senate-${slug(r.name!.replace(/\bClinical Senate\b/, ''))}`,
      name: r.name!,
      kind: 'clinical_senate',
      focus_type: 'function',
      focus: 'independent clinical advice on major service change',
      region: regionCode(r.nhs_region ?? ''),
      footprint_text: r.footprint || null,
      status: current ? 'active' : 'uncertain',
      confidence: r.confidence as Confidence,
      source: r.source || null,
      notes: [`Listed in: ${listed}.`, r.notes ? `${r.notes}.` : ''].filter(Boolean).join(' '),
    });
  }

  // Operational delivery networks (including the major trauma networks the file gives as networks)
  for (const r of readTable(file('networks', 'operational_delivery_networks.csv'))) {
    const base = r
      .network_name!.replace(/\bOperational Delivery Network\b/, '')
      .replace(/\bODN\b/, '')
      .trim();
    const code = `odn-${slug(base)}`;
    const hosts = (r.host_ods_code ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter((c) => c && isOrg(c));
    const types = (r.odn_type ?? '').split(';').map((s) => s.trim());
    const regions = (r.nhs_region ?? '').split(';').map((s) => s.trim());
    const hostClosed = hosts.map((h) => orgs.get(h)!).filter((o) => o.closed_on);
    const notes = [
      r.notes ? `${r.notes}.` : '',
      r.member_units_as_stated ? `Member units as stated: ${r.member_units_as_stated}.` : '',
      hostClosed.length
        ? `Host ${hostClosed.map((o) => `${o.code} closes ${o.closed_on}`).join(', ')} (ODS).`
        : '',
    ].filter(Boolean);
    networks.push({
      code,
      name: r.network_name!,
      kind: 'operational_delivery_network',
      focus_type: 'specialty',
      focus: types.map((t) => ODN_FOCUS[t] ?? t.replace(/_/g, ' ')).join('; '),
      host: hosts[0] ?? null,
      host_name: r.host_organisation || null,
      region: regions.length === 1 ? regionCode(regions[0]!) : null,
      footprint_text: r.footprint || null,
      confidence: r.confidence as Confidence,
      source: r.source || null,
      notes: notes.join(' ') || null,
    });
    for (const h of hosts) {
      pushFootprint({
        network: code,
        organisation: h,
        role: 'host',
        confidence: r.confidence as Confidence,
        source: r.source || null,
      });
    }
    for (const m of (r.member_units_as_stated ?? '').matchAll(/\(([A-Z0-9]{3,5})\)/g)) {
      if (isOrg(m[1]!) && orgs.get(m[1]!)!.kind === 'nhs_trust') {
        pushFootprint({
          network: code,
          organisation: m[1]!,
          role: 'member',
          confidence: r.confidence as Confidence,
          source: r.source || null,
        });
      }
    }
  }

  // OPEN UK paediatric epilepsy networks (English)
  const openukMembers = readTable(file('networks', 'paediatric_epilepsy_network_trusts_openuk.csv'));
  for (const r of readTable(file('networks', 'paediatric_epilepsy_networks_openuk.csv'))) {
    const english = openukMembers.filter(
      (m) => m['OPEN UK Network Code'] === r.OPEN_UK_Network_Code && m.country === 'England',
    );
    if (r.country !== 'England' && english.length === 0) continue; // Welsh networks
    const crossBorder = r.country !== 'England';
    const code = `openuk-${r.OPEN_UK_Network_Code!.toLowerCase()}`;
    networks.push({
      code,
      name: r.OPEN_UK_Network_Name!,
      kind: 'managed_clinical_network',
      focus_type: 'disease',
      focus: 'epilepsy in children and young people',
      confidence: 'confirmed',
      source: SRC.openuk,
      notes: `OPEN UK regional paediatric epilepsy network (code ${r.OPEN_UK_Network_Code}). Members as listed by RCPCH (January 2024).${crossBorder ? ` Cross-border: the source gives its country as ${r.country}, but ${english.length} of its members are English trusts (only those are in the footprint).` : ''}`,
    });
    for (const m of openukMembers) {
      if (m['OPEN UK Network Code'] !== r.OPEN_UK_Network_Code || m.country !== 'England') continue;
      const t = m['ods trust code']!;
      if (!isOrg(t)) {
        skipped.push(`${code} member ${t}: not in the ODS trust files`);
        continue;
      }
      pushFootprint({
        network: code,
        organisation: t,
        role: 'member',
        confidence: 'confirmed',
        source: SRC.openuk,
      });
    }
  }

  // Paediatric diabetes networks (English)
  const sites = new Map(
    readTable(file('ods', 'hospital_sites_rcpch.csv')).map((r) => [r.OrganisationCode!, r.ParentODSCode!]),
  );
  const units = readTable(file('networks', 'paediatric_diabetes_units_networks.csv'));
  for (const r of readTable(file('networks', 'paediatric_diabetes_networks.csv'))) {
    if (r.name === 'Jersey' || r.name === 'Wales') continue;
    const code = `pdn-${slug(r.name!)}`;
    networks.push({
      code,
      name: `${r.name} Paediatric Diabetes Network`,
      kind: 'managed_clinical_network',
      focus_type: 'disease',
      focus: 'diabetes in children and young people',
      confidence: 'confirmed',
      source: SRC.diabetes,
      notes: `Regional paediatric diabetes network ${r.id} (named "${r.name}" in the source). Members are the trusts of its paediatric diabetes units (NPDA), as listed by RCPCH (August 2024).`,
    });
    for (const u of units) {
      if (u.network_code !== r.id) continue;
      const raw = u.ods_code!;
      let trust: string | null = null;
      let conf: Confidence = 'confirmed';
      if (isOrg(raw) && orgs.get(raw)!.kind === 'nhs_trust') trust = raw;
      else if (sites.has(raw) && isOrg(sites.get(raw)!)) trust = sites.get(raw)!;
      else if (
        raw.length === 5 &&
        isOrg(raw.slice(0, 3)) &&
        orgs.get(raw.slice(0, 3))!.kind === 'nhs_trust'
      ) {
        trust = raw.slice(0, 3);
        conf = 'likely';
      }
      if (!trust) {
        skipped.push(`${code} unit ${raw} (${u.npda_code}): no known trust`);
        continue;
      }
      pushFootprint({
        network: code,
        organisation: trust,
        role: 'member',
        confidence: conf,
        source: conf === 'confirmed' ? `${SRC.diabetes}; ${SRC.sites}` : `${SRC.diabetes} (site code prefix)`,
      });
    }
  }

  // --- 7. Assemble, in a stable order ---------------------------------------------------------
  const kindOrder = ['nhs_region', 'icb', 'sub_icb_location', 'place', 'nhs_trust'];
  const organisations = [...orgs.values()].sort(
    (a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || byCode(a, b),
  );
  const orgIndex = new Map(organisations.map((o, i) => [o.code, i]));
  links.sort(
    (a, b) =>
      orgIndex.get(a.from)! - orgIndex.get(b.from)! ||
      (a.valid_from ?? '').localeCompare(b.valid_from ?? '') ||
      a.to.localeCompare(b.to),
  );
  successions.sort(
    (a, b) => a.predecessor.localeCompare(b.predecessor) || a.successor.localeCompare(b.successor),
  );
  const netOrder = [
    'cancer_alliance',
    'health_innovation_network',
    'strategic_clinical_network',
    'clinical_senate',
    'operational_delivery_network',
    'managed_clinical_network',
  ];
  networks.sort((a, b) => netOrder.indexOf(a.kind) - netOrder.indexOf(b.kind) || byCode(a, b));
  const codes = new Set<string>();
  for (const n of networks) {
    if (codes.has(n.code)) throw new Error(`duplicate network code ${n.code}`);
    codes.add(n.code);
  }
  const netIndex = new Map(networks.map((n, i) => [n.code, i]));
  const roleOrder = ['host', 'covers', 'member'];
  footprints.sort(
    (a, b) =>
      netIndex.get(a.network)! - netIndex.get(b.network)! ||
      roleOrder.indexOf(a.role ?? 'covers') - roleOrder.indexOf(b.role ?? 'covers') ||
      a.organisation.localeCompare(b.organisation) ||
      (a.valid_from ?? '').localeCompare(b.valid_from ?? ''),
  );
  for (const l of links) {
    if (!orgs.has(l.from) || !orgs.has(l.to)) throw new Error(`link ${l.from} → ${l.to}: unknown code`);
  }

  const input: NationalReferenceInput = {
    version: VERSION,
    description:
      'The NHS England structure with its history: 7 NHS England regions, the ICBs of July 2022 and of 1 April 2026 (42 → 36) with their successions, the 106 sub-ICB locations, NHS trusts, places derived from ONS local authority lookups, and clinical networks (Cancer Alliances, Health Innovation Networks, strategic clinical networks, clinical senates, operational delivery networks, paediatric epilepsy and diabetes networks). Sources: NHS England ODS (etr December 2024 and June 2026, eccg July 2024, the July 2022 sub-ICB location and ICB mapping), ONS lookups and names and codes (LSOA to SICBL to ICB to LAD, July 2022 and April 2024; LAD to region December 2024; ICB December 2024), the ODS-verified April 2026 ICB successions recorded by RCPCH, the Bennett Institute (University of Oxford) Cancer Alliance trust mapping, RCPCH network lists, and hand-compiled network tables citing NHS England and network pages. See NOTICE and docs/reference-data.md.',
    organisations,
    links,
    successions,
    networks,
    footprints,
  };
  const ref = NationalReference.parse(input);
  report.skipped = skipped;
  report.splitDecisions = splitDecisions;
  report.placeDecisions = placeDecisions;
  report.trustAfterChecks = trustAfterChecks;
  return ref;
}

/** What the last build decided or skipped, for the console. */
export const report: {
  skipped: string[];
  splitDecisions: string[];
  placeDecisions: string[];
  trustAfterChecks: string[];
} = { skipped: [], splitDecisions: [], placeDecisions: [], trustAfterChecks: [] };

/** Drops fields the format defaults anyway (null, false, empty lists), to keep the file compact. */
function compact(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v === null || v === false || (Array.isArray(v) && v.length === 0) ? undefined : v,
  );
}

/** Compact, stable JSON: one record per line. */
export function serialise(ref: NationalReference): string {
  const section = (name: string, items: unknown[]) =>
    ` "${name}": [\n${items.map((x) => `  ${compact(x)}`).join(',\n')}\n ]`;
  return `{\n "version": ${JSON.stringify(ref.version)},\n "description": ${JSON.stringify(ref.description)},\n${[
    section('organisations', ref.organisations),
    section('links', ref.links),
    section('successions', ref.successions),
    section('networks', ref.networks),
    section('footprints', ref.footprints),
  ].join(',\n')}\n}\n`;
}

function main(): void {
  const shared = path.resolve(process.argv[2] ?? path.join(REPO, '..', 'shared', 'data'));
  if (!fs.existsSync(path.join(shared, 'ods', 'etr_2026-06.csv'))) {
    console.error(`shared data not found at ${shared} (pass its path as the first argument)`);
    process.exit(1);
  }
  const ref = buildReference(shared);
  const text = serialise(ref);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  const count = (k: string) => ref.organisations.filter((o) => o.kind === k).length;
  console.log(
    `wrote ${path.relative(REPO, OUT)} (${(text.length / 1024).toFixed(0)} KB): regions ${count('nhs_region')}, ICBs ${count('icb')}, sub-ICB locations ${count('sub_icb_location')}, places ${count('place')}, trusts ${count('nhs_trust')}, links ${ref.links.length}, successions ${ref.successions.length}, networks ${ref.networks.length}, footprints ${ref.footprints.length}`,
  );
  for (const s of report.splitDecisions) console.log(`split: ${s}`);
  for (const s of report.placeDecisions) console.log(`place: ${s}`);
  for (const s of report.trustAfterChecks) console.log(`check: ${s}`);
  for (const s of report.skipped) console.log(`skipped: ${s}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
