import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { type HeaderIndex, headerIndex, readHeadedCsv } from './headed-csv.ts';
import { clip, emptyResult, progress, Row, SHAPES, Vintage } from './rows.ts';
import { ErrorSink } from './text-stream.ts';
import { FileFormatError, type ReadResult } from './types.ts';

/**
 * The ODS ePCN workbook (sheets "PCNDetails" and "PCN Core Partner Details", headers over several
 * lines) and each of its sheets saved as CSV. Columns are found by header text (line breaks and
 * repeated spaces collapsed, case ignored), sheets by their header row, never by name.
 */

/** The ePCN workbook is about 0.6 MB; a far larger workbook is not one. */
const MAX_XLSX_BYTES = 50_000_000;

const EXPECTED_XLSX =
  'an XLSX workbook, but not the ePCN workbook: expected a sheet with the PCNDetails columns (PCN Code, PCN Name, Current Sub ICB Loc Code, Open Date) or the PCN Core Partner Details columns';

interface DetailsCols {
  code: number;
  name: number;
  sicbl: number;
  open: number;
  close: number;
  postcode: number;
}
interface MembersCols {
  practice: number;
  pcn: number;
  start: number;
  end: number;
}

/** The PCNDetails columns, or null when the header is not that sheet's. */
export function detailsColumns(ix: HeaderIndex): DetailsCols | null {
  const c = {
    code: ix('pcn code'),
    name: ix('pcn name'),
    sicbl: ix('current sub icb loc code'),
    open: ix('open date'),
    close: ix('close date'),
    postcode: ix('postcode'),
  };
  return c.code >= 0 && c.name >= 0 && c.sicbl >= 0 && c.open >= 0 ? c : null;
}

/** The PCN Core Partner Details columns, or null when the header is not that sheet's. */
export function membersColumns(ix: HeaderIndex): MembersCols | null {
  const c = {
    practice: ix('partner organisation code'),
    pcn: ix('pcn code'),
    start: ix('practice to pcn relationship start date'),
    end: ix('practice to pcn relationship end date'),
  };
  return c.practice >= 0 && c.pcn >= 0 && c.start >= 0 && c.end >= 0 ? c : null;
}

function detailsRow(row: Row, c: DetailsCols, res: ReadResult, vintage: Vintage): void {
  const code = row.code(c.code, SHAPES.pcn, 'PCN code');
  const name = row.text(c.name, 'PCN name');
  const sicbl = row.code(c.sicbl, SHAPES.sicbl, 'sub-ICB location code');
  const opened = row.date(c.open, true);
  const closed = c.close >= 0 ? row.date(c.close) : null;
  if (opened && closed && closed < opened) row.error(row.name(c.close), 'close date is before the open date');
  vintage.see(opened);
  vintage.see(closed);
  const postcode = c.postcode >= 0 ? row.text(c.postcode, 'postcode', false) : null;
  if (!row.ok || !code || !name || !sicbl) return;
  res.orgs.push({
    line: row.line,
    code,
    name,
    kind: 'pcn',
    postcode,
    opened_on: opened,
    closed_on: closed,
    status: null,
    region: null,
    parent: { kind: 'part_of', code: sicbl, from: opened },
  });
}

function membersRow(row: Row, c: MembersCols, res: ReadResult, vintage: Vintage): void {
  const practice = row.code(c.practice, SHAPES.practice, 'GP practice code');
  const pcn = row.code(c.pcn, SHAPES.pcn, 'PCN code');
  const from = row.date(c.start, true);
  const to = row.date(c.end);
  if (from && to && to < from) row.error(row.name(c.end), 'end date is before the start date');
  vintage.see(from);
  vintage.see(to);
  if (!row.ok || !practice || !pcn) return;
  res.memberships.push({ line: row.line, practice, pcn, from, to });
}

const EXPECTED_CSV = 'expected the ePCN PCNDetails or PCN Core Partner Details columns';

/** One ePCN sheet saved as CSV (with its header row). */
export async function readEpcnCsv(
  path: string,
  file: string,
  kind: 'epcn_details' | 'epcn_members',
  onProgress?: (rows: number) => void,
): Promise<ReadResult> {
  const res = emptyResult(file, kind, kind === 'epcn_details' ? 'epcn-details-csv' : 'epcn-members-csv');
  const sink = new ErrorSink(file);
  const vintage = new Vintage();
  let details: DetailsCols | null = null;
  let members: MembersCols | null = null;
  res.read = await readHeadedCsv(
    path,
    sink,
    EXPECTED_CSV,
    (ix) => {
      if (kind === 'epcn_details') details = detailsColumns(ix);
      else members = membersColumns(ix);
      return details !== null || members !== null;
    },
    (row) => {
      if (details) detailsRow(row, details, res, vintage);
      else if (members) membersRow(row, members, res, vintage);
    },
    onProgress,
  );
  res.vintage = vintage.latest;
  res.errors = sink.finish();
  return res;
}

/** The text a spreadsheet cell shows, as the CSV conversion would write it. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Date) {
    return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10).replaceAll('-', '');
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // A formula cell is reported as what it is (a formula), whatever its cached result.
    if (typeof o.formula === 'string') return `=${o.formula}`;
    if (typeof o.sharedFormula === 'string') return `=${o.sharedFormula}`;
    if (Array.isArray(o.richText)) {
      return o.richText
        .map((p) => (p && typeof p === 'object' ? String((p as { text?: unknown }).text ?? '') : ''))
        .join('');
    }
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

/**
 * The ePCN workbook. Gives the PCNs and the memberships in one result (kind `epcn_details`, format
 * `epcn-xlsx`); line numbers are sheet row numbers. Read with `Workbook.xlsx.readFile` rather than
 * ExcelJS's streaming reader: on a truncated workbook the streaming reader neither resolves nor
 * rejects (the process just runs out of work), while readFile rejects ("Corrupted zip"). The ePCN
 * workbook is small (well under 1 MB), so holding it in memory is fine; larger ones are refused.
 */
export async function readEpcnXlsx(
  path: string,
  file: string,
  onProgress?: (rows: number) => void,
): Promise<ReadResult> {
  const res = emptyResult(file, 'epcn_details', 'epcn-xlsx');
  const sink = new ErrorSink(file);
  const vintage = new Vintage();
  let sawDetails = false;
  let sawMembers = false;
  const size = (await fs.stat(path)).size;
  if (size > MAX_XLSX_BYTES)
    throw new FileFormatError(
      file,
      `an XLSX workbook over ${MAX_XLSX_BYTES / 1e6} MB: too large for an ePCN workbook`,
    );
  try {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    for (const sheet of workbook.worksheets) {
      let header: string[] | null = null;
      let details: DetailsCols | null = null;
      let members: MembersCols | null = null;
      sheet.eachRow({ includeEmpty: false }, (xrow, rowNumber) => {
        const values = Array.isArray(xrow.values) ? (xrow.values as unknown[]) : [];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (header === null) {
          header = cells.map((h) => h.replace(/\s+/g, ' ').trim());
          const ix = headerIndex(header);
          details = sawDetails ? null : detailsColumns(ix);
          members = details || sawMembers ? null : membersColumns(ix);
          sawDetails ||= details !== null;
          sawMembers ||= members !== null;
          return;
        }
        if (!details && !members) return; // not an ePCN sheet
        if (cells.every((c) => c === '')) return;
        // Trailing empty cells are not extra columns; the header's width is the row's width.
        while (cells.length > header.length && cells[cells.length - 1] === '') cells.pop();
        while (cells.length < header.length) cells.push('');
        res.read++;
        progress(onProgress, res.read);
        const row = new Row(sink, rowNumber, cells, header);
        if (!row.checkAll(header.length, false)) return;
        if (details) detailsRow(row, details, res, vintage);
        else if (members) membersRow(row, members, res, vintage);
      });
    }
  } catch (e) {
    if (e instanceof FileFormatError) throw e;
    throw new FileFormatError(
      file,
      `not a readable XLSX workbook (${clip(e instanceof Error ? e.message : String(e))})`,
    );
  }
  if (!sawDetails && !sawMembers) throw new FileFormatError(file, EXPECTED_XLSX);
  if (!sawDetails) res.kind = 'epcn_members';
  onProgress?.(res.read);
  res.vintage = vintage.latest;
  res.errors = sink.finish();
  return res;
}
