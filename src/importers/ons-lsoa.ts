import { type HeaderIndex, readHeadedCsv } from './headed-csv.ts';
import { emptyResult, SHAPES } from './rows.ts';
import { ErrorSink } from './text-stream.ts';
import type { LsoaRecord, ReadResult } from './types.ts';

/**
 * ONS LSOA → sub-ICB location → ICB (→ LAD) lookups, 2011 or 2021 LSOAs. Columns are found by
 * header: the ONS names (`LSOA11CD`, `SICBL22CDH`, `ICB22CDH`, `LAD22CD`…) or the geographr
 * renamings (`lsoa11_code`, `sicbl22_code_h` / `sicbl24_code_nhs`, `ltla22_code`…). The ODS
 * codes of the SICBL and ICB are the `CDH` ("code, health") columns.
 */

interface LsoaCols {
  vintage: 2011 | 2021;
  lsoa: number;
  name: number;
  sicbl: number;
  sicblOns: number;
  icb: number;
  icbOns: number;
  lad: number;
  ladName: number;
}

export function lsoaColumns(ix: HeaderIndex): LsoaCols | null {
  const lsoa = ix(/^lsoa(11|21)(_code|cd)$/);
  const sicbl = ix(/^sicbl\d\d(_code_h|_code_nhs|cdh)$/);
  const icb = ix(/^icb\d\d(_code_h|_code_nhs|cdh)$/);
  if (lsoa < 0 || sicbl < 0 || icb < 0) return null;
  // Which LSOA vintage: from the LSOA column's own header.
  const v21 = ix(/^lsoa21(_code|cd)$/) === lsoa;
  return {
    vintage: v21 ? 2021 : 2011,
    lsoa,
    name: ix(/^lsoa(11|21)(_name|nm)$/),
    sicbl,
    sicblOns: ix(/^sicbl\d\d(_code|cd)$/),
    icb,
    icbOns: ix(/^icb\d\d(_code|cd)$/),
    lad: ix(/^(ltla|lad)\d\d(_code|cd)$/),
    ladName: ix(/^(ltla|lad)\d\d(_name|nm)$/),
  };
}

export async function readOnsLsoa(
  path: string,
  file: string,
  onProgress?: (rows: number) => void,
): Promise<ReadResult> {
  const res = emptyResult(file, 'ons_lsoa', 'ons-lsoa');
  const sink = new ErrorSink(file);
  let c: LsoaCols | null = null;
  res.read = await readHeadedCsv(
    path,
    sink,
    'expected an ONS LSOA lookup (LSOA code, SICBL and ICB ODS code columns)',
    (ix) => {
      c = lsoaColumns(ix);
      if (c) res.format = `ons-lsoa${c.vintage === 2011 ? 11 : 21}`;
      return c !== null;
    },
    (row) => {
      if (!c) return;
      const lsoa = row.code(c.lsoa, SHAPES.lsoa, 'LSOA code');
      const sicbl = row.code(c.sicbl, SHAPES.sicbl, 'sub-ICB location ODS code');
      const icb = row.code(c.icb, SHAPES.icb, 'ICB ODS code');
      const opt = (i: number, shape: RegExp, what: string) => (i < 0 ? null : row.code(i, shape, what));
      const sicblOns = opt(c.sicblOns, SHAPES.onsSicbl, 'sub-ICB location ONS code');
      const icbOns = opt(c.icbOns, SHAPES.onsIcb, 'ICB ONS code');
      const lad = opt(c.lad, SHAPES.lad, 'local authority code');
      const text = (i: number) => (i < 0 ? null : row.text(i, 'name', false));
      const name = text(c.name);
      const ladName = text(c.ladName);
      if (!row.ok || !lsoa || !sicbl || !icb) return;
      const rec: LsoaRecord = {
        line: row.line,
        lsoa,
        vintage: c.vintage,
        name,
        sicbl,
        sicbl_ons: sicblOns,
        icb,
        icb_ons: icbOns,
        lad,
        lad_name: ladName,
      };
      res.lsoas.push(rec);
    },
    onProgress,
  );
  // The lookups state no dates; their vintage (e.g. "July 2022") is in the file's name only.
  res.vintage = null;
  res.errors = sink.finish();
  return res;
}
