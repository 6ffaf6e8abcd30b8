import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImportFile } from './read-file.ts';
import type { ReadResult } from './types.ts';

/**
 * The readers on the real shared files, checked against counts made here independently with plain
 * string splitting and regular expressions (no csv-parse, no reader code).
 */
const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const present = fs.existsSync(path.join(DATA, 'ods/epraccur_2026-02.csv'));
if (!present)
  console.log(`[importers] real-file tests skipped: shared data not found next to the repository`);

const text = (rel: string) => fs.readFileSync(path.join(DATA, rel), 'utf8');
/** Lines of a file without line ends, blank lines dropped. */
const lines = (rel: string) =>
  text(rel)
    .split(/\r?\n/)
    .filter((l) => l !== '');
/** A fully quoted ODS line ("a","b",…) split on the quote-comma-quote separators. */
const odsFields = (line: string) => line.slice(1, -1).split('","');
/** A plain CSV line split with a regular expression (quoted fields may hold commas). */
const csvFields = (line: string) =>
  [...`${line},`.matchAll(/("(?:[^"]|"")*"|[^,]*),/g)].map((m) => {
    const f = m[1] ?? '';
    return f.startsWith('"') ? f.slice(1, -1).replaceAll('""', '"') : f;
  });
const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
const maxDate = (rows: string[][], cols: number[]) =>
  iso(
    rows
      .flatMap((r) => cols.map((c) => r[c] ?? ''))
      .filter((d) => /^\d{8}$/.test(d))
      .sort()
      .at(-1)!,
  );

const cache = new Map<string, Promise<ReadResult>>();
const read = (rel: string) => {
  let p = cache.get(rel);
  if (!p) {
    p = readImportFile(path.join(DATA, rel));
    cache.set(rel, p);
  }
  return p;
};

describe.skipIf(!present)('readers on the real shared files', () => {
  it('epraccur classic (2025-09): GP practices = setting 4; active = status A', async () => {
    const rows = lines('ods/epraccur_2025-09.csv').map(odsFields);
    const gp = rows.filter((r) => r[25] === '4');
    const active = gp.filter((r) => r[12] === 'A');
    const r = await read('ods/epraccur_2025-09.csv');
    expect(r).toMatchObject({ kind: 'epraccur', format: 'epraccur-classic', errors: [] });
    expect(r.read).toBe(rows.length);
    expect(r.orgs.length).toBe(gp.length);
    expect(r.ignored).toBe(rows.length - gp.length);
    expect(r.orgs.filter((o) => o.status === 'active').length).toBe(active.length);
    expect(active.length).toBe(6618); // as the data README states
    expect(r.vintage).toBe(maxDate(rows, [10, 11, 15, 16]));
    expect(r.vintage).toBe('2025-09-01');
    const first = r.orgs[0]!;
    expect(first).toMatchObject({
      code: 'A81001',
      kind: 'gp_practice',
      line: 1,
      region: 'Y63',
      postcode: 'TS18 1HU',
    });
    expect(first.parent).toEqual({ kind: 'commissioned_by', code: '16C', from: '2020-04-01' });
  });

  it('epraccur DSE (2026-02): GP practices = role RO76; active = ACTIVE', async () => {
    const rows = lines('ods/epraccur_2026-02.csv').map(odsFields);
    const gp = rows.filter((r) => (r[25] ?? '').split('|').includes('RO76'));
    const active = gp.filter((r) => r[12] === 'ACTIVE');
    const r = await read('ods/epraccur_2026-02.csv');
    expect(r).toMatchObject({ kind: 'epraccur', format: 'epraccur-dse', errors: [] });
    expect(r.read).toBe(rows.length);
    expect(r.orgs.length).toBe(gp.length);
    expect(r.ignored).toBe(rows.length - gp.length);
    expect(r.orgs.filter((o) => o.status === 'active').length).toBe(active.length);
    expect(active.length).toBe(6604);
    expect(r.vintage).toBe(maxDate(rows, [10, 11, 15, 16]));
    expect(r.vintage).toBe('2026-02-03');
    expect(new Set(r.orgs.map((o) => o.code)).size).toBe(gp.length);
  });

  for (const [rel, vintage] of [
    ['ods/etr_2026-06.csv', '2026-06-30'],
    ['ods/etr_2024-12.csv', '2024-12-31'],
  ] as const) {
    it(`etr ${rel}: trusts with an ICB; Welsh (blank ICB) ignored`, async () => {
      const rows = lines(rel).map(odsFields);
      const withIcb = rows.filter((r) => r[3] !== '');
      const r = await read(rel);
      expect(r).toMatchObject({ kind: 'etr', format: 'etr', errors: [], vintage });
      expect(r.read).toBe(rows.length);
      expect(r.orgs.length).toBe(withIcb.length);
      expect(r.ignored).toBe(rows.length - withIcb.length);
      expect(r.orgs.filter((o) => o.closed_on === null).length).toBe(
        withIcb.filter((x) => x[11] === '').length,
      );
      expect(r.vintage).toBe(maxDate(rows, [10, 11]));
      for (const o of r.orgs) expect(o.parent?.code).toBe(rows.find((x) => x[0] === o.code)?.[3]);
    });
  }

  it('etr 2026-06 keeps the merged-ICB codes and the new 5-character trust', async () => {
    const r = await read('ods/etr_2026-06.csv');
    const parents = new Set(r.orgs.map((o) => o.parent?.code));
    for (const c of ['Z9B2Z', 'S9B9J', 'S1Y5D', 'T6Y0W', 'S0E4D', 'D7T5G']) expect(parents).toContain(c);
    expect(r.orgs.find((o) => o.code === 'K0N6A')).toMatchObject({
      opened_on: '2026-06-01',
      kind: 'nhs_trust',
    });
  });

  it('eccg: only RO319 rows are sub-ICB locations', async () => {
    const rows = lines('ods/eccg_2024-07.csv').map(odsFields);
    const sicbl = rows.filter((r) => (r[13] ?? '').split('|').includes('RO319'));
    const r = await read('ods/eccg_2024-07.csv');
    expect(r).toMatchObject({ kind: 'eccg', format: 'eccg', errors: [], vintage: maxDate(rows, [10, 11]) });
    expect(r.orgs.length).toBe(sicbl.length);
    expect(r.orgs.filter((o) => o.closed_on === null).length).toBe(sicbl.filter((x) => x[11] === '').length);
    expect(sicbl.length).toBe(106);
    expect(r.ignored).toBe(rows.length - sicbl.length);
    expect(new Set(r.orgs.map((o) => o.parent?.code)).size).toBe(42);
  });

  it('ePCN CSVs: PCNs, open PCNs, memberships, current memberships', async () => {
    const details = lines('ods/epcn_pcn_details_2025-01.csv').slice(1).map(csvFields);
    const members = lines('ods/epcn_core_partners_2025-01.csv').slice(1).map(csvFields);
    const d = await read('ods/epcn_pcn_details_2025-01.csv');
    const m = await read('ods/epcn_core_partners_2025-01.csv');
    expect(d).toMatchObject({ kind: 'epcn_details', errors: [], read: details.length });
    expect(m).toMatchObject({ kind: 'epcn_members', errors: [], read: members.length });
    expect(d.orgs.length).toBe(details.length);
    expect(d.orgs.filter((o) => o.closed_on === null).length).toBe(details.filter((x) => x[5] === '').length);
    expect([d.orgs.length, d.orgs.filter((o) => o.closed_on === null).length]).toEqual([1366, 1285]);
    expect(m.memberships.length).toBe(members.length);
    expect(m.memberships.length).toBe(7705);
    expect(m.memberships.filter((x) => x.to === null).length).toBe(members.filter((x) => x[9] === '').length);
    expect(d.vintage).toBe(maxDate(details, [4, 5]));
    expect(m.vintage).toBe(maxDate(members, [8, 9]));
    const pcn = d.orgs.find((o) => o.code === 'U00070')!;
    expect(pcn).toMatchObject({ kind: 'pcn', parent: { kind: 'part_of', code: '36L', from: '2019-10-01' } });
    // a name with commas, quoted in the CSV
    expect(d.orgs.some((o) => o.name.startsWith('CHAW (CHELFORD, HANDFORTH'))).toBe(true);
  });

  it('the ePCN workbook gives the same PCNs and memberships as its CSV sheets', async () => {
    const x = await read('ods/ePCN_2025-01.xlsx');
    const d = await read('ods/epcn_pcn_details_2025-01.csv');
    const m = await read('ods/epcn_core_partners_2025-01.csv');
    expect(x).toMatchObject({ kind: 'epcn_details', format: 'epcn-xlsx', errors: [] });
    expect(x.read).toBe(d.read + m.read);
    expect(x.vintage).toBe([d.vintage, m.vintage].sort().at(-1));
    // Sheet row n is CSV line n (both have the header on row/line 1).
    expect(x.orgs).toEqual(d.orgs);
    expect(x.memberships).toEqual(m.memberships);
  });

  for (const [rel, vintage] of [
    ['geography/lsoa11_sicbl22_icb22_lad22.csv', 2011],
    ['geography/lsoa21_sicbl24_icb24.csv', 2021],
  ] as const) {
    it(`ONS lookup ${rel}`, async () => {
      const rows = lines(rel).slice(1).map(csvFields);
      const r = await read(rel);
      expect(r).toMatchObject({ kind: 'ons_lsoa', errors: [], vintage: null });
      expect(r.lsoas.length).toBe(rows.length);
      expect(new Set(r.lsoas.map((l) => l.sicbl)).size).toBe(106);
      expect(new Set(r.lsoas.map((l) => l.icb)).size).toBe(42);
      expect(r.lsoas.every((l) => l.vintage === vintage)).toBe(true);
      const first = rows[0]!;
      expect(r.lsoas[0]).toMatchObject({
        line: 2,
        lsoa: first[1],
        sicbl: first[4],
        icb: first[7],
        sicbl_ons: first[3],
      });
    });
  }

  it('IMD 2019 by LSOA: rank and decile for every row', async () => {
    const rows = lines('population/imd2019_lsoa11.csv').slice(1).map(csvFields);
    const r = await read('population/imd2019_lsoa11.csv');
    expect(r).toMatchObject({ kind: 'imd_lsoa', errors: [], vintage: null, read: rows.length });
    expect(r.measures.length).toBe(rows.length * 2);
    const last = rows.at(-1)!;
    expect(r.measures.filter((x) => x.code === last[0]).map((x) => [x.measure, x.value])).toEqual([
      ['imd_rank', Number(last[4])],
      ['imd_decile', Number(last[5])],
    ]);
  });

  it('IMD by practice and by PCN (decile over practices / PCNs; the U row ignored)', async () => {
    const prac = lines('population/practice_imd2019_2023-01.csv').slice(1).map(csvFields);
    const pcn = lines('population/pcn_imd2019_2023-01.csv').slice(1).map(csvFields);
    const p = await read('population/practice_imd2019_2023-01.csv');
    const n = await read('population/pcn_imd2019_2023-01.csv');
    expect(p).toMatchObject({ kind: 'imd_practice', errors: [], read: prac.length, ignored: 0 });
    expect(p.measures.filter((x) => x.measure === 'imd_decile_of_practices_2023').length).toBe(prac.length);
    const synthetic = pcn.filter((x) => x[0] === 'U').length;
    expect(synthetic).toBe(1);
    expect(n).toMatchObject({ kind: 'imd_pcn', errors: [], read: pcn.length, ignored: synthetic });
    expect(n.measures.filter((x) => x.measure === 'imd_decile_of_pcns').length).toBe(pcn.length - synthetic);
    expect(n.measures.filter((x) => x.measure === 'imd_score').length).toBe(pcn.length - synthetic);
  });

  it('practice demographics: list sizes, age mix, and the reversed decile turned round', async () => {
    const rows = lines('population/practice_demographics_2026-01.csv')
      .slice(1)
      .map((l) => l.split(','));
    const r = await read('population/practice_demographics_2026-01.csv');
    expect(r).toMatchObject({ kind: 'practice_demographics', errors: [], read: rows.length });
    const sum = (m: string) => r.measures.filter((x) => x.measure === m).reduce((a, x) => a + x.value, 0);
    expect(sum('list_size')).toBe(rows.reduce((a, x) => a + Number(x[1]), 0));
    expect(sum('list_size')).toBe(63_790_727);
    const na = rows.filter((x) => x[2] === 'NA').length;
    expect(na).toBe(32);
    expect(r.measures.filter((x) => x.measure === 'imd_score').length).toBe(rows.length - na);
    // The file's decile: 10 = most deprived; ours: 1 = most deprived.
    for (const row of rows.slice(0, 50).filter((x) => x[3] !== 'NA')) {
      const ours = r.measures.find((x) => x.code === row[0] && x.measure === 'imd_decile_of_practices');
      expect(ours?.value).toBe(11 - Number(row[3]));
    }
    const deciles = r.measures.filter((x) => x.measure === 'imd_decile_of_practices');
    const mostDeprived = deciles.filter((x) => x.value === 1).map((x) => x.code);
    const scoreOf = new Map(
      r.measures.filter((x) => x.measure === 'imd_score').map((x) => [x.code, x.value]),
    );
    const leastDeprived = deciles.filter((x) => x.value === 10).map((x) => x.code);
    const mean = (codes: string[]) => codes.reduce((a, c) => a + (scoreOf.get(c) ?? 0), 0) / codes.length;
    expect(mean(mostDeprived)).toBeGreaterThan(mean(leastDeprived));
  });
});
