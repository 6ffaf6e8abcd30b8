import { isIsoDate } from '../core/dates.ts';
import { type HeaderIndex, readHeadedCsv } from './headed-csv.ts';
import { clip, emptyResult, Vintage } from './rows.ts';
import { ErrorSink } from './text-stream.ts';
import type { ReadResult } from './types.ts';

/** ODS codes of any organisation type, old health authorities (2 characters) to sites. */
const ODS_CODE = /^[A-Z0-9]{2,8}$/;

/** Whether a header is the ODS successor file's (`old_code`, `new_code`, `date`). */
export function successionColumns(ix: HeaderIndex): { old: number; new: number; date: number } | null {
  const cols = { old: ix('old_code'), new: ix('new_code'), date: ix('date') };
  return Object.values(cols).every((i) => i >= 0) ? cols : null;
}

/** Reads the ODS successor file (as exported with a header: old_code, new_code, date as YYYY-MM-DD or YYYYMMDD). */
export async function readSuccessions(
  path: string,
  file: string,
  onProgress?: (rows: number) => void,
): Promise<ReadResult> {
  const res = {
    ...emptyResult(file, 'ods_successions', 'ods-successions'),
    successions: [] as NonNullable<ReadResult['successions']>,
  };
  const sink = new ErrorSink(file);
  const vintage = new Vintage();
  let cols = { old: -1, new: -1, date: -1 };
  res.read = await readHeadedCsv(
    path,
    sink,
    'expected the ODS successor file (old_code, new_code, date)',
    (ix) => {
      const c = successionColumns(ix);
      if (c) cols = c;
      return c !== null;
    },
    (row) => {
      const oldCode = row.code(cols.old, ODS_CODE, 'ODS code');
      const newCode = row.code(cols.new, ODS_CODE, 'ODS code');
      const raw = row.get(cols.date);
      const date = /^\d{8}$/.test(raw) ? `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}` : raw;
      if (!isIsoDate(date)) row.error(row.name(cols.date), `"${clip(raw)}" is not a date`);
      else vintage.see(date);
      // Some rows carry a code on to itself (a change of role, not of code): nothing to record.
      if (row.ok && oldCode && newCode && oldCode === newCode) res.ignored += 1;
      else if (row.ok && oldCode && newCode && isIsoDate(date))
        res.successions.push({ line: row.line, old: oldCode, new: newCode, date });
    },
    onProgress,
  );
  res.vintage = vintage.latest;
  res.errors = sink.finish();
  return res;
}
