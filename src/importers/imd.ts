import { type HeaderIndex, readHeadedCsv } from './headed-csv.ts';
import { emptyResult, type Row, SHAPES } from './rows.ts';
import { ErrorSink } from './text-stream.ts';
import type { MeasureRecord, ReadResult } from './types.ts';

/**
 * Deprivation and list-size CSVs (each with a header row):
 * - `imd_lsoa`: IMD 2019 File 1, rank and decile per LSOA 2011 (1 = most deprived);
 * - `imd_practice` / `imd_pcn`: population-weighted IMD 2019 score per practice / PCN, with a
 *   decile taken over practices / PCNs (not the national LSOA decile), so emitted as
 *   `imd_decile_of_practices` / `imd_decile_of_pcns`;
 * - `practice_demographics`: list size, age mix, IMD score and a decile that runs the other way.
 */
export type ImdKind = 'imd_lsoa' | 'imd_practice' | 'imd_pcn' | 'practice_demographics';

type Cols = Record<string, number>;

/** Which deprivation file a header is, with its columns; null when none. */
export function imdColumns(ix: HeaderIndex): { kind: ImdKind; cols: Cols } | null {
  const all = (cols: Cols) => Object.values(cols).every((i) => i >= 0);
  const lsoa = {
    code: ix('lsoa code (2011)'),
    rank: ix('index of multiple deprivation (imd) rank'),
    decile: ix('index of multiple deprivation (imd) decile'),
  };
  if (all(lsoa)) return { kind: 'imd_lsoa', cols: lsoa };
  const demo = {
    code: ix('practice_code'),
    list: ix('list_size'),
    score: ix('imd_score'),
    decile: ix('imd_decile'),
    over65: ix('pct_over_65'),
    under5: ix('pct_under_5'),
    age5to19: ix('pct_5_19'),
  };
  if (all(demo)) return { kind: 'practice_demographics', cols: demo };
  const practice = { code: ix('practice_code'), score: ix('imd_score'), decile: ix('imd_decile') };
  if (all(practice)) return { kind: 'imd_practice', cols: practice };
  const pcn = {
    code: ix('pcn_code'),
    name: ix('pcn_name'),
    score: ix('imd_score'),
    decile: ix('imd_decile'),
  };
  if (all(pcn)) return { kind: 'imd_pcn', cols: pcn };
  return null;
}

const DECILE = { integer: true, min: 1, max: 10 } as const;
const SCORE = { min: 0, max: 100 } as const;
const PERCENT = { min: 0, max: 100 } as const;
/** practice_demographics writes a missing IMD score or decile as the literal `NA` (32 practices). */
const NA = ['NA'] as const;

function c(cols: Cols, k: string): number {
  return cols[k] ?? -1;
}

export async function readImd(
  path: string,
  file: string,
  kind: ImdKind,
  onProgress?: (rows: number) => void,
): Promise<ReadResult> {
  const res = emptyResult(file, kind, kind.replaceAll('_', '-'));
  const sink = new ErrorSink(file);
  let cols: Cols = {};
  const handlers: Record<ImdKind, (row: Row) => void> = {
    imd_lsoa: (row) => {
      const code = row.code(c(cols, 'code'), SHAPES.lsoa, 'LSOA code');
      const rank = row.num(c(cols, 'rank'), { integer: true, min: 1 });
      const decile = row.num(c(cols, 'decile'), DECILE);
      if (row.ok && code && rank !== null && decile !== null)
        push(row, 'lsoa', code, [
          ['imd_rank', rank],
          ['imd_decile', decile],
        ]);
    },
    imd_practice: (row) => {
      const code = row.code(c(cols, 'code'), SHAPES.practice, 'GP practice code');
      const score = row.num(c(cols, 'score'), SCORE);
      const decile = row.num(c(cols, 'decile'), DECILE);
      if (row.ok && code && score !== null && decile !== null)
        // Named apart from the demographics file's score (OHID Fingertips, newer), so loading both
        // keeps both and re-loading either changes nothing.
        push(row, 'practice', code, [
          ['imd_score_2023', score],
          ['imd_decile_of_practices_2023', decile],
        ]);
    },
    imd_pcn: (row) => {
      // One synthetic row (`U`, "Unknown", sub-ICB "UNK") pools the practices in no PCN: not a PCN.
      if (row.get(c(cols, 'code')) === 'U') {
        res.ignored++;
        return;
      }
      const code = row.code(c(cols, 'code'), SHAPES.pcn, 'PCN code');
      const score = row.num(c(cols, 'score'), SCORE);
      const decile = row.num(c(cols, 'decile'), DECILE);
      if (row.ok && code && score !== null && decile !== null)
        push(row, 'pcn', code, [
          ['imd_score', score],
          ['imd_decile_of_pcns', decile],
        ]);
    },
    practice_demographics: (row) => {
      const code = row.code(c(cols, 'code'), SHAPES.practice, 'GP practice code');
      const list = row.num(c(cols, 'list'), { integer: true, min: 0 });
      const score = row.num(c(cols, 'score'), { ...SCORE, na: NA });
      const decile = row.num(c(cols, 'decile'), { ...DECILE, na: NA });
      const over65 = row.num(c(cols, 'over65'), PERCENT);
      const under5 = row.num(c(cols, 'under5'), PERCENT);
      const age5to19 = row.num(c(cols, 'age5to19'), PERCENT);
      if (!row.ok || !code || list === null || over65 === null || under5 === null || age5to19 === null)
        return;
      const values: [string, number][] = [
        ['list_size', list],
        ['pct_over_65', over65],
        ['pct_under_5', under5],
        ['pct_5_19', age5to19],
      ];
      if (score !== null) values.push(['imd_score', score]);
      // This file's imd_decile is dplyr::ntile(imd_score, 10) over practices, so 10 = MOST
      // deprived: the reverse of the MHCLG convention (1 = most deprived) used everywhere else.
      // Converted here: decile_of_practices = 11 - file decile (file 10 → 1, file 1 → 10).
      if (decile !== null) values.push(['imd_decile_of_practices', 11 - decile]);
      push(row, 'practice', code, values);
    },
  };
  const push = (row: Row, area: MeasureRecord['area_type'], code: string, values: [string, number][]) => {
    for (const [measure, value] of values)
      res.measures.push({ line: row.line, area_type: area, code, measure, value });
  };
  res.read = await readHeadedCsv(
    path,
    sink,
    'expected an IMD 2019 LSOA, practice or PCN CSV or a practice list-size CSV',
    (ix) => {
      const found = imdColumns(ix);
      if (!found || found.kind !== kind) return false;
      cols = found.cols;
      return true;
    },
    handlers[kind],
    onProgress,
  );
  // These files state no dates (IMD 2019; list sizes undated): no vintage.
  res.vintage = null;
  res.errors = sink.finish();
  return res;
}
