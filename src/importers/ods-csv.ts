import { emptyResult, progress, Row, SHAPES, Vintage } from './rows.ts';
import { csvRows, ErrorSink } from './text-stream.ts';
import type { OrgRecord, ReadResult } from './types.ts';

/**
 * The standard 27-column headerless ODS CSVs: epraccur (GP practices and other prescribing cost
 * centres, in the classic layout or the ODS Data Search and Export "DSE" layout), etr (NHS trusts)
 * and eccg (sub-ICB locations and former CCGs).
 */
export type OdsFormat = 'epraccur-classic' | 'epraccur-dse' | 'etr' | 'eccg';

export const ODS_COLUMNS = 27;

/** Column names of the ODS 27-column layout, used to name fields in errors. */
export const ODS_NAMES: readonly string[] = [
  'Organisation Code',
  'Name',
  'National Grouping',
  'High Level Health Geography',
  'Address Line 1',
  'Address Line 2',
  'Address Line 3',
  'Address Line 4',
  'Address Line 5',
  'Postcode',
  'Open Date',
  'Close Date',
  'Status Code',
  'Organisation Sub-Type Code',
  'Commissioner',
  'Join Provider/Purchaser Date',
  'Left Provider/Purchaser Date',
  'Contact Telephone Number',
  'Null (column 19)',
  'Null (column 20)',
  'Null (column 21)',
  'Amended Record Indicator',
  'Null (column 23)',
  'Provider/Purchaser',
  'Null (column 25)',
  'Prescribing Setting',
  'Null (column 27)',
];

const C = {
  code: 0,
  name: 1,
  region: 2,
  icb: 3,
  postcode: 9,
  open: 10,
  close: 11,
  status: 12,
  subtype: 13,
  commissioner: 14,
  join: 15,
  left: 16,
  purchaser: 23,
  setting: 25,
} as const;
const DATE_COLUMNS = [C.open, C.close, C.join, C.left];

const CLASSIC_STATUS: Record<string, OrgRecord['status']> = {
  A: 'active',
  C: 'closed',
  D: 'dormant',
  P: 'proposed',
};
const DSE_STATUS: Record<string, OrgRecord['status']> = {
  ACTIVE: 'active',
  INACTIVE: 'closed',
  DORMANT: 'dormant',
  PROPOSED: 'proposed',
};
const ROLE_LIST = /^RO\d+(\|RO\d+)*$/;
const FIVE_CHAR = /^[A-Z]\d[A-Z]\d[A-Z]$/;

/**
 * Which ODS file a sample of records is, by content alone: epraccur rows have 6-character codes
 * and a status (a letter in the classic layout, a word in the DSE layout); eccg rows have SICBL-shaped
 * codes (`00L`) or role codes (`RO319`) in column 14; etr rows have trust codes (`RAE`, or
 * 5-character codes with a trust type in column 24) and nothing in columns 13-14. The layout
 * most rows agree on wins; null when fewer than half of the 27-column rows agree.
 */
export function sniffOds(records: readonly (readonly string[])[]): OdsFormat | null {
  const votes: Record<OdsFormat, number> = { 'epraccur-classic': 0, 'epraccur-dse': 0, etr: 0, eccg: 0 };
  let wide = 0;
  for (const r of records) {
    if (r.length !== ODS_COLUMNS) continue;
    wide++;
    const f = (i: number) => (r[i] ?? '').trim();
    const code = f(C.code);
    const status = f(C.status);
    const sub = f(C.subtype);
    if (/^[A-Z0-9]{6}$/.test(code)) {
      if (status in CLASSIC_STATUS) votes['epraccur-classic']++;
      else if (status in DSE_STATUS) votes['epraccur-dse']++;
    } else if (status === '') {
      if (/^\d[0-9A-Z]{2}$/.test(code) || (FIVE_CHAR.test(code) && ROLE_LIST.test(sub))) votes.eccg++;
      else if (
        sub === '' &&
        (/^[A-Z][0-9A-Z]{2}$/.test(code) || (FIVE_CHAR.test(code) && f(C.purchaser) !== ''))
      )
        votes.etr++;
    }
  }
  if (wide === 0 || wide * 2 < records.length) return null;
  let best: OdsFormat | null = null;
  for (const k of Object.keys(votes) as OdsFormat[]) if (best === null || votes[k] > votes[best]) best = k;
  return best !== null && votes[best] * 2 > wide ? best : null;
}

/** Reads one 27-column ODS CSV of the given layout, keeping GP practices, trusts or sub-ICB locations. */
export async function readOdsCsv(
  path: string,
  file: string,
  format: OdsFormat,
  onProgress?: (rows: number) => void,
): Promise<ReadResult> {
  const kind = format === 'etr' ? 'etr' : format === 'eccg' ? 'eccg' : 'epraccur';
  const res = emptyResult(file, kind, format);
  const sink = new ErrorSink(file);
  const vintage = new Vintage();
  const statuses = format === 'epraccur-classic' ? CLASSIC_STATUS : DSE_STATUS;
  for await (const rec of csvRows(path, sink)) {
    res.read++;
    progress(onProgress, res.read);
    const row = new Row(sink, rec.line, rec.fields, ODS_NAMES);
    if (!row.checkAll(ODS_COLUMNS, rec.badEncoding)) continue;
    const dates = DATE_COLUMNS.map((i) => row.date(i));
    let status: OrgRecord['status'] = null;
    let keep = false;
    if (kind === 'epraccur') {
      const s = row.get(C.status);
      status = statuses[s] ?? null;
      if (status === null) row.error(row.name(C.status), `unknown status "${s}"`);
      const setting = row.get(C.setting);
      if (format === 'epraccur-classic') {
        if (!/^\d*$/.test(setting))
          row.error(row.name(C.setting), `unknown prescribing setting "${setting}"`);
        keep = setting === '4';
      } else {
        if (setting !== '' && !ROLE_LIST.test(setting))
          row.error(row.name(C.setting), `"${setting}" is not a list of ODS role codes`);
        keep = setting.split('|').includes('RO76');
      }
    } else if (kind === 'eccg') {
      const roles = row.get(C.subtype);
      if (roles !== '' && !ROLE_LIST.test(roles))
        row.error(row.name(C.subtype), `"${roles}" is not a list of ODS role codes`);
      keep = roles.split('|').includes('RO319');
    } else {
      keep = row.get(C.icb) !== ''; // the Welsh trusts have no ICB
    }
    if (!row.ok) continue;
    for (const d of dates) vintage.see(d);
    if (!keep) {
      res.ignored++;
      continue;
    }
    const org = orgFrom(row, kind, status, dates);
    if (row.ok && org) res.orgs.push(org);
  }
  onProgress?.(res.read);
  res.vintage = vintage.latest;
  res.errors = sink.finish();
  return res;
}

function orgFrom(
  row: Row,
  kind: 'epraccur' | 'etr' | 'eccg',
  status: OrgRecord['status'],
  [opened, closed, joined]: (string | null)[],
): OrgRecord | null {
  const shape = kind === 'epraccur' ? SHAPES.practice : kind === 'etr' ? SHAPES.trust : SHAPES.sicbl;
  const what =
    kind === 'epraccur' ? 'GP practice code' : kind === 'etr' ? 'trust code' : 'sub-ICB location code';
  const code = row.code(C.code, shape, what);
  const name = row.text(C.name, 'name');
  const region = row.code(C.region, SHAPES.region, 'region code', false);
  let parent: OrgRecord['parent'] = null;
  if (kind === 'epraccur') {
    const sicbl = row.code(C.commissioner, SHAPES.sicbl, 'sub-ICB location code', false);
    if (sicbl) parent = { kind: 'commissioned_by', code: sicbl, from: joined ?? null };
  } else {
    const icb = row.code(C.icb, SHAPES.icb, 'ICB code');
    if (icb) parent = { kind: 'part_of', code: icb, from: null };
  }
  if (opened && closed && closed < opened) row.error(row.name(C.close), 'close date is before the open date');
  if (!code || !name) return null;
  const postcode = row.text(C.postcode, 'postcode', false);
  if (!row.ok) return null;
  return {
    line: row.line,
    code,
    name,
    kind: kind === 'epraccur' ? 'gp_practice' : kind === 'etr' ? 'nhs_trust' : 'sub_icb_location',
    postcode,
    opened_on: opened ?? null,
    closed_on: closed ?? null,
    status,
    region,
    parent,
  };
}
