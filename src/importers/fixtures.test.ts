import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../core/errors.ts';
import { readImportFile } from './read-file.ts';
import { FileFormatError, formatRowError } from './types.ts';

/** Handmade fixtures (fictional organisations) for every quirk the readers handle. */
const FIX = path.resolve(import.meta.dirname, '../../test/fixtures/importers');
const fx = (name: string) => path.join(FIX, name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-importers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const errorLines = (errors: { file: string; line: number; field: string; message: string }[]) =>
  errors.map(formatRowError);

describe('ODS 27-column CSVs', () => {
  it('reads the classic epraccur layout (LF): GP practices only, statuses, parents', async () => {
    const r = await readImportFile(fx('epraccur-classic.csv'));
    expect(r).toMatchObject({
      kind: 'epraccur',
      format: 'epraccur-classic',
      read: 5,
      ignored: 1,
      errors: [],
    });
    expect(r.vintage).toBe('2025-09-01');
    expect(r.orgs.map((o) => [o.code, o.status, o.line])).toEqual([
      ['Z90001', 'active', 1],
      ['Z90002', 'closed', 2],
      ['Z90004', 'dormant', 4],
      ['Y90005', 'proposed', 5],
    ]);
    expect(r.orgs[0]).toMatchObject({
      name: 'ELMWOOD GREEN SURGERY',
      kind: 'gp_practice',
      postcode: 'AB1 2CD',
      opened_on: '1974-04-01',
      closed_on: null,
      region: 'Y63',
      parent: { kind: 'commissioned_by', code: '00X', from: '2020-04-01' },
    });
    expect(r.orgs[1]?.closed_on).toBe('2023-10-31');
    expect(r.orgs[3]?.parent).toBeNull(); // no commissioner yet
  });

  it('reports progress as rows are read', async () => {
    const seen: number[] = [];
    await readImportFile(fx('epraccur-classic.csv'), { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([5]);
  });

  it('reads the DSE epraccur layout (CRLF): words for status, role codes for the setting', async () => {
    const r = await readImportFile(fx('epraccur-dse.csv'));
    expect(r).toMatchObject({ kind: 'epraccur', format: 'epraccur-dse', read: 6, ignored: 2, errors: [] });
    expect(r.orgs.map((o) => [o.code, o.status, o.line])).toEqual([
      ['Z90001', 'active', 1],
      ['Z90002', 'closed', 2],
      ['Z90006', 'active', 4], // RO76|RO268
      ['Z90008', 'dormant', 6],
    ]);
    expect(r.orgs[3]?.region).toBeNull();
  });

  it('reads etr: 3- and 5-character trust codes, 2026 merged ICB codes, Welsh trusts ignored', async () => {
    const r = await readImportFile(fx('etr.csv'));
    expect(r).toMatchObject({
      kind: 'etr',
      format: 'etr',
      read: 4,
      ignored: 1,
      errors: [],
      vintage: '2026-03-31',
    });
    expect(r.orgs.map((o) => [o.code, o.parent?.code, o.closed_on])).toEqual([
      ['Z9X8W', 'S1Y5D', null],
      ['RZ1', 'QE1', null],
      ['RZ2', 'QE1', '2026-03-31'],
    ]);
    expect(r.orgs[0]).toMatchObject({
      kind: 'nhs_trust',
      status: null,
      parent: { kind: 'part_of', from: null },
    });
  });

  it('reads eccg: only RO319 rows are sub-ICB locations', async () => {
    const r = await readImportFile(fx('eccg.csv'));
    expect(r).toMatchObject({ kind: 'eccg', format: 'eccg', read: 4, ignored: 2, errors: [] });
    expect(r.orgs.map((o) => [o.code, o.kind, o.parent?.code])).toEqual([
      ['00X', 'sub_icb_location', 'QHM'],
      ['A1B2C', 'sub_icb_location', 'QJ2'],
    ]);
  });

  it('recognises a renamed file by its content', async () => {
    const r = await readImportFile(fx('renamed-trusts.dat'));
    expect(r).toMatchObject({ file: 'renamed-trusts.dat', kind: 'etr', read: 4 });
    const copy = path.join(tmp, 'no-extension');
    fs.copyFileSync(fx('epraccur-dse.csv'), copy);
    expect(await readImportFile(copy, { displayName: 'upload 1' })).toMatchObject({
      file: 'upload 1',
      format: 'epraccur-dse',
    });
  });

  it('reports each kind of bad row with its file, line and field, and reads the good rows', async () => {
    const r = await readImportFile(fx('epraccur-bad-rows.csv'), { displayName: 'bad.csv' });
    expect(r.orgs.map((o) => [o.code, o.line])).toEqual([
      ['Z91001', 1],
      ['Z91013', 13],
    ]);
    expect(r.read).toBe(13);
    expect(errorLines(r.errors)).toEqual([
      'bad.csv:2: columns: expected 27 columns, found 3',
      'bad.csv:3: Open Date: "20230230" is not a date (expected YYYYMMDD)',
      'bad.csv:4: Close Date: "2023-01-01" is not a date (expected YYYYMMDD)',
      'bad.csv:5: Organisation Code: "Z9100X" is not a GP practice code',
      'bad.csv:6: Name: empty name',
      'bad.csv:7: Address Line 1: huge field: 600 characters (at most 500)',
      'bad.csv:8: Name: looks like a spreadsheet formula',
      'bad.csv:9: Status Code: unknown status "X"',
      'bad.csv:10: Name: looks like a spreadsheet formula',
      'bad.csv:11: Name: invalid UTF-8 bytes (the file must be UTF-8 or ASCII)',
      'bad.csv:12: Commissioner: "TOOLONG" is not a sub-ICB location code',
    ]);
  });
});

describe('ePCN', () => {
  it('reads the PCNDetails sheet as CSV (quoted commas)', async () => {
    const r = await readImportFile(fx('epcn-details.csv'));
    expect(r).toMatchObject({ kind: 'epcn_details', read: 2, errors: [], vintage: '2024-09-30' });
    expect(r.orgs[1]).toEqual({
      line: 3,
      code: 'U90002',
      name: 'RIVER, HILL AND DALE PCN',
      kind: 'pcn',
      postcode: 'AB2 3CD',
      opened_on: '2019-07-01',
      closed_on: '2024-09-30',
      status: null,
      region: null,
      parent: { kind: 'part_of', code: 'A1B2C', from: '2019-07-01' },
    });
  });

  it('reads the core partners sheet as CSV (CRLF): memberships with dates', async () => {
    const r = await readImportFile(fx('epcn-members.csv'));
    expect(r).toMatchObject({ kind: 'epcn_members', read: 3, errors: [], vintage: '2024-10-01' });
    expect(r.memberships).toEqual([
      { line: 2, practice: 'Z90001', pcn: 'U90001', from: '2019-07-01', to: null },
      { line: 3, practice: 'Z90006', pcn: 'U90002', from: '2019-07-01', to: '2024-09-30' },
      { line: 4, practice: 'Z90006', pcn: 'U90001', from: '2024-10-01', to: null },
    ]);
  });

  it('a header-only file is recognised and gives nothing', async () => {
    const r = await readImportFile(fx('epcn-details-header-only.csv'));
    expect(r).toMatchObject({ kind: 'epcn_details', read: 0, orgs: [], errors: [], vintage: null });
  });

  it('reports bad rows in a headed CSV, with the line a multi-line record starts on', async () => {
    const r = await readImportFile(fx('epcn-details-bad-rows.csv'));
    expect(r.orgs.map((o) => [o.code, o.line])).toEqual([
      ['U90001', 2],
      ['U90007', 9],
    ]);
    expect(errorLines(r.errors)).toEqual([
      'epcn-details-bad-rows.csv:3: PCN Code: "X90002" is not a PCN code',
      'epcn-details-bad-rows.csv:4: Open Date: "20191301" is not a date (expected YYYYMMDD)',
      'epcn-details-bad-rows.csv:5: Close Date: close date is before the open date',
      'epcn-details-bad-rows.csv:6: columns: expected 12 columns, found 13',
      'epcn-details-bad-rows.csv:7: Postcode: looks like a spreadsheet formula',
    ]);
  });

  it('reads a workbook by its sheets’ headers (multi-line headers, typed cells, formulas)', async () => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('Notes');
    a.addRow(['This workbook is fictional']);
    const d = wb.addWorksheet('Renamed details');
    d.addRow([
      'PCN Code',
      'PCN\nName',
      'Current Sub ICB\nLoc Code',
      'Sub ICB Location',
      'Open Date',
      'Close Date',
      'Postcode',
    ]);
    d.addRow(['U90001', 'ELMWOOD PCN', '00X', 'NHS EXAMPLE ICB - 00X', '20190701', '', 'AB1 2CD']);
    d.addRow(['U90002', { formula: 'CONCAT("A","B")', result: 'AB' }, '00X', 'X', 20190701, null, 'AB1 2CD']);
    d.addRow(['U90003', 'DATE CELL PCN', '00X', 'X', new Date(Date.UTC(2020, 3, 1)), null, null]);
    const m = wb.addWorksheet('Partners');
    m.addRow([
      'Partner\nOrganisation\nCode',
      'Partner\nName',
      'PCN Code',
      'Practice to PCN\nRelationship\nStart Date',
      'Practice to PCN\nRelationship\nEnd Date',
      'Practice Sub ICB Loc and PCN Sub ICB Loc Match ',
    ]);
    m.addRow(['Z90001', 'ELMWOOD GREEN SURGERY', 'U90001', '20190701', null, true]);
    const file = path.join(tmp, 'book.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await readImportFile(file);
    expect(r).toMatchObject({ kind: 'epcn_details', format: 'epcn-xlsx', read: 4, vintage: '2020-04-01' });
    expect(r.orgs.map((o) => [o.code, o.line, o.opened_on])).toEqual([
      ['U90001', 2, '2019-07-01'],
      ['U90003', 4, '2020-04-01'],
    ]);
    expect(r.memberships).toEqual([
      { line: 2, practice: 'Z90001', pcn: 'U90001', from: '2019-07-01', to: null },
    ]);
    expect(errorLines(r.errors)).toEqual(['book.xlsx:3: PCN Name: looks like a spreadsheet formula']);
  });

  it('refuses a workbook that is not the ePCN one, and a broken one', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['a', 'b']);
    const file = path.join(tmp, 'other.xlsx');
    await wb.xlsx.writeFile(file);
    await expect(readImportFile(file)).rejects.toThrow(
      /other\.xlsx: an XLSX workbook, but not the ePCN workbook/,
    );
    const broken = path.join(tmp, 'broken.xlsx');
    fs.writeFileSync(broken, fs.readFileSync(file).subarray(0, 200));
    await expect(readImportFile(broken)).rejects.toThrow(/broken\.xlsx: not a readable XLSX workbook/);
  });
});

describe('ONS lookups and deprivation files', () => {
  it('reads the geographr LSOA 2011 lookup (LF) and the ONS-named 2021 one (CRLF)', async () => {
    const a = await readImportFile(fx('lsoa11.csv'));
    expect(a).toMatchObject({ kind: 'ons_lsoa', format: 'ons-lsoa11', read: 2, errors: [], vintage: null });
    expect(a.lsoas[1]).toEqual({
      line: 3,
      lsoa: 'E01990002',
      vintage: 2011,
      name: 'Sampleville, East 002B',
      sicbl: 'A1B2C',
      sicbl_ons: 'E38990002',
      icb: 'QJ2',
      icb_ons: 'E54990002',
      lad: 'E07990002',
      lad_name: 'Sampleville',
    });
    const b = await readImportFile(fx('lsoa21-ons-names.csv'));
    expect(b).toMatchObject({ kind: 'ons_lsoa', format: 'ons-lsoa21', read: 1, errors: [] });
    expect(b.lsoas[0]).toMatchObject({
      lsoa: 'E01990101',
      vintage: 2021,
      sicbl: '00X',
      icb: 'QHM',
      lad: null,
    });
  });

  it('reads IMD by LSOA, practice and PCN (skipping the synthetic U row)', async () => {
    const l = await readImportFile(fx('imd-lsoa.csv'));
    expect(l).toMatchObject({ kind: 'imd_lsoa', read: 2, errors: [] });
    expect(l.measures.map((x) => [x.code, x.measure, x.value])).toEqual([
      ['E01990001', 'imd_rank', 101],
      ['E01990001', 'imd_decile', 1],
      ['E01990002', 'imd_rank', 32000],
      ['E01990002', 'imd_decile', 10],
    ]);
    const p = await readImportFile(fx('practice-imd.csv'));
    expect(p).toMatchObject({ kind: 'imd_practice', read: 2, errors: [] });
    expect(p.measures.filter((x) => x.code === 'Z90009').map((x) => x.measure)).toEqual([
      'imd_score_2023',
      'imd_decile_of_practices_2023',
    ]);
    const n = await readImportFile(fx('pcn-imd.csv'));
    expect(n).toMatchObject({ kind: 'imd_pcn', read: 2, ignored: 1, errors: [] });
    expect(n.measures.map((x) => [x.area_type, x.code, x.measure])).toEqual([
      ['pcn', 'U90001', 'imd_score'],
      ['pcn', 'U90001', 'imd_decile_of_pcns'],
    ]);
  });

  it('reads practice demographics: NA scores skipped, the reversed decile turned round', async () => {
    const r = await readImportFile(fx('demographics.csv'));
    expect(r).toMatchObject({ kind: 'practice_demographics', read: 3, errors: [] });
    const of = (code: string) =>
      Object.fromEntries(r.measures.filter((x) => x.code === code).map((x) => [x.measure, x.value]));
    expect(of('Z90001')).toMatchObject({ list_size: 3890, imd_decile_of_practices: 3 }); // file decile 8
    expect(of('Z90010')).toMatchObject({ imd_decile_of_practices: 10, pct_over_65: 20 }); // file decile 1
    expect(of('Z90006')).toEqual({
      list_size: 45,
      pct_over_65: 2.2222222222222223,
      pct_under_5: 0,
      pct_5_19: 1.1111111111111112,
    });
    const bad = await readImportFile(fx('demographics-bad-rows.csv'));
    expect(errorLines(bad.errors)).toEqual([
      'demographics-bad-rows.csv:2: list_size: "abc" is not a whole number',
      'demographics-bad-rows.csv:3: imd_decile: 11 is out of range (1 to 10)',
      'demographics-bad-rows.csv:4: pct_over_65: "NA" is not a number',
    ]);
    expect(new Set(bad.measures.map((x) => x.code))).toEqual(new Set(['Z90004']));
  });
});

describe('files that are not import files', () => {
  const refuse = async (file: string, pattern: RegExp) => {
    const err = await readImportFile(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FileFormatError);
    expect(isDomainError(err) && err.code).toBe('invalid');
    expect(String((err as Error).message)).toMatch(pattern);
    expect(String((err as Error).message)).not.toContain('\n');
  };

  it('an empty file', async () => {
    await refuse(fx('empty.csv'), /^empty\.csv: the file is empty: expected an ODS 27-column CSV/);
    const blank = path.join(tmp, 'blank.csv');
    fs.writeFileSync(blank, '\r\n\n  \n');
    await refuse(blank, /the file is empty/);
  });

  it('an unrecognised CSV says what was expected', async () => {
    const other = path.join(tmp, 'other.csv');
    fs.writeFileSync(other, 'region_ods_code,region_ons_code,region_name\nY56,E40000003,LONDON\n');
    await refuse(
      other,
      /^other\.csv: not a recognised file: expected an ODS 27-column CSV \(epraccur, etr, eccg\), an ePCN workbook or sheet, the ODS successor file, an ONS LSOA lookup, a GeoJSON of area boundaries, or an IMD \/ practice list-size CSV$/,
    );
  });

  it('binary, UTF-16 and mostly-not-UTF-8 files', async () => {
    const bin = path.join(tmp, 'bin.dat');
    fs.writeFileSync(bin, Buffer.from([0, 1, 2, 3, 255, 254, 10, 0, 0]));
    await refuse(bin, /not a text file: expected UTF-8/);
    const utf16 = path.join(tmp, 'utf16.csv');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('"A","B"\n', 'utf16le')]));
    await refuse(utf16, /UTF-16/);
    const latin1 = path.join(tmp, 'latin1.csv');
    fs.writeFileSync(latin1, Buffer.from('"CAF\xc9 ONE","\xa3"\n"CAF\xc9 TWO","\xa3"\n', 'latin1'));
    await refuse(latin1, /not a text file/);
  });

  it('a single huge line is refused without reading it all into memory', async () => {
    const huge = path.join(tmp, 'huge.csv');
    fs.writeFileSync(huge, `"A81001","${'x'.repeat(3_000_000)}`);
    await refuse(huge, /not a recognised file/);
  });

  it('a huge line inside a good file is one bad row', async () => {
    const file = path.join(tmp, 'huge-inside.csv');
    const good = fs.readFileSync(fx('etr.csv'), 'utf8').split('\r\n');
    good.splice(2, 0, `"RZ9","${'y'.repeat(2_000_000)}","Y58"`);
    fs.writeFileSync(file, good.join('\r\n'));
    const r = await readImportFile(file);
    expect(r.orgs.map((o) => [o.code, o.line])).toEqual([
      ['Z9X8W', 1],
      ['RZ1', 2],
      ['RZ2', 4],
    ]);
    expect(errorLines(r.errors)).toEqual(['huge-inside.csv:3: columns: expected 27 columns, found 2']);
  });

  it('a missing file is not_found', async () => {
    const err = await readImportFile(path.join(tmp, 'nope.csv')).catch((e: unknown) => e);
    expect(isDomainError(err) && err.code).toBe('not_found');
  });
});
