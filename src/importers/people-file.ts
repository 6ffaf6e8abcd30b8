import fs from 'node:fs/promises';
import nodePath from 'node:path';
import ExcelJS from 'exceljs';
import { isIsoDate } from '../core/dates.ts';
import { DomainError } from '../core/errors.ts';
import {
  LAWFUL_BASES,
  LAWFUL_BASIS_LABELS,
  type LawfulBasis,
  LEVEL_LABELS,
  LEVELS,
  type Level,
  PROFESSION_LABELS,
  PROFESSIONS,
  type Profession,
} from '../core/people.ts';
import { clip, Row } from './rows.ts';
import { csvRows, ErrorSink } from './text-stream.ts';
import { FileFormatError, type RowError } from './types.ts';

/**
 * The people-and-posts template: one row per post, a person with several posts repeating their
 * person columns, a person with no post leaving the post columns empty. Read from CSV or XLSX
 * (told apart by content, never by name) into typed rows with their line numbers; the checks here
 * are the file's own (dates, yes/no, codes of the vocabularies, formulas). The rules of the API
 * (lengths, emails, overlapping posts, organisations) are applied when the rows are (people-import).
 */

/** One column of the template: its header, what it means, and what it may hold. */
export interface TemplateColumn {
  name: string;
  meaning: string;
  allowed: string;
  /**
   * A column added to the template after files were made from it: a file without it is still a
   * template, and its import keeps what the Atlas holds for the column (someone new gets the default).
   */
  optional?: true;
}

const list = (codes: readonly string[], labels: Record<string, string>) =>
  codes.map((c) => `${c} (${labels[c]})`).join('; ');

/** The template's columns, in order. The export writes the same columns, so an export re-imports. */
export const PEOPLE_COLUMNS: readonly TemplateColumn[] = [
  {
    name: 'person_id',
    meaning:
      'The Atlas id of an existing person in this workspace (the export fills it). Blank for someone new: they are matched by email, else created.',
    allowed: 'a whole number, or blank',
  },
  { name: 'honorific', meaning: 'Title, e.g. Dr, Prof, Ms', allowed: 'text, up to 40 characters' },
  { name: 'given_name', meaning: 'Given (first) name', allowed: 'text, required, up to 120 characters' },
  { name: 'family_name', meaning: 'Family name', allowed: 'text, required, up to 120 characters' },
  {
    name: 'postnominals',
    meaning: 'Letters after the name, e.g. FRCP',
    allowed: 'text, up to 120 characters',
  },
  {
    name: 'professions',
    meaning: 'Professions, separated by ;',
    allowed: `codes or labels: ${list(PROFESSIONS, PROFESSION_LABELS)}`,
  },
  { name: 'specialty', meaning: 'Clinical or professional specialty', allowed: 'text, up to 160 characters' },
  { name: 'email', meaning: 'Work email address', allowed: 'an email address, or blank' },
  { name: 'phone', meaning: 'Work phone number', allowed: 'text, up to 40 characters' },
  { name: 'work_address', meaning: 'Work address', allowed: 'text, up to 400 characters' },
  {
    name: 'do_not_contact',
    meaning:
      'The person asked not to be contacted: exports leave out their email, phone and address (blank contact columns on such a row keep what the Atlas holds)',
    allowed: 'yes or no (blank: no)',
  },
  {
    name: 'engaged',
    meaning:
      'The workspace already has a working relationship with this person: the stakeholder map starts its introduction paths from them',
    allowed:
      'yes or no (blank: no); a file without this column (an older template) keeps what the Atlas holds, and someone new is not engaged',
    optional: true,
  },
  {
    name: 'source',
    meaning: 'Where the record comes from (a website, a meeting, a directory)',
    allowed: 'text, required, up to 400 characters',
  },
  {
    name: 'lawful_basis',
    meaning: 'UK GDPR lawful basis for holding the record',
    allowed: `${list(LAWFUL_BASES, LAWFUL_BASIS_LABELS)} (blank: legitimate_interests)`,
  },
  {
    name: 'last_verified_on',
    meaning: 'When the record was last checked (also given to the post)',
    allowed: 'a date YYYY-MM-DD (or DD/MM/YYYY), or blank',
  },
  {
    name: 'organisation_code',
    meaning: 'ODS code of the organisation the post is at (give this or network_code, not both)',
    allowed: 'an ODS code the Atlas knows, e.g. QHM',
  },
  {
    name: 'network_code',
    meaning: 'Code of the network the post is at (give this or organisation_code, not both)',
    allowed: 'a network code the Atlas knows',
  },
  { name: 'post_title', meaning: 'Job title of the post', allowed: 'text, up to 200 characters' },
  {
    name: 'persona_code',
    meaning: 'The decision-maker persona the post fits',
    allowed: "a persona code from the workspace's persona catalogue, or blank",
  },
  {
    name: 'level',
    meaning: 'The level of the system the post works at',
    allowed: `${list(LEVELS, LEVEL_LABELS)} (blank: from the organisation's kind)`,
  },
  {
    name: 'post_valid_from',
    meaning: 'First day in post',
    allowed: 'a date YYYY-MM-DD (or DD/MM/YYYY); required when the organisation has an open date',
  },
  {
    name: 'post_valid_to',
    meaning: 'Last day in post (blank: still in post)',
    allowed: 'a date YYYY-MM-DD (or DD/MM/YYYY), or blank',
  },
];

export const PEOPLE_COLUMN_NAMES = PEOPLE_COLUMNS.map((c) => c.name);

/** The columns a file must have to be a template (all but the `optional` ones). */
export const REQUIRED_COLUMN_NAMES = PEOPLE_COLUMNS.filter((c) => !c.optional).map((c) => c.name);

/** The person columns of a row (what repeats on each of a person's rows). */
export interface PersonFields {
  honorific: string | null;
  given_name: string;
  family_name: string;
  postnominals: string | null;
  professions: Profession[];
  specialty: string | null;
  email: string | null;
  phone: string | null;
  work_address: string | null;
  do_not_contact: boolean;
  /** null: the file has no `engaged` column (an older template), so what is held is kept */
  engaged: boolean | null;
  source: string;
  lawful_basis: LawfulBasis;
  last_verified_on: string | null;
}

/** The post columns of a row. */
export interface PostFields {
  organisation_code: string | null;
  network_code: string | null;
  title: string;
  persona_code: string | null;
  level: Level | null;
  valid_from: string | null;
  valid_to: string | null;
}

/** One good row of a template: where it is, whom it is about, and the post it gives (if any). */
export interface PeopleFileRow {
  line: number;
  person_id: number | null;
  person: PersonFields;
  post: PostFields | null;
}

/** A read template: its good rows and the bad rows (`file:line: field: message`). */
export interface PeopleFile {
  file: string;
  format: 'csv' | 'xlsx';
  /** data rows read (header and blank rows excluded) */
  read: number;
  rows: PeopleFileRow[];
  errors: RowError[];
}

/** A far larger workbook is not a people template (and would not fit an upload). */
const MAX_XLSX_BYTES = 50_000_000;

const TEMPLATE_HINT = 'download the template with `atlas people template` or GET /api/v1/people/template';

/** A header cell as a column name: `Given name` and `given_name` are the same column. */
export function columnName(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Reads a people-and-posts template (CSV or XLSX, by content). Bad rows come back as `errors`
 * with their line and column; a file that is not a template (a required column missing, not text,
 * not a workbook) throws FileFormatError naming the file and what is missing. An optional column
 * (`engaged`) may be missing: its rows then carry null for it.
 */
export async function readPeopleFile(path: string, opts: { displayName?: string } = {}): Promise<PeopleFile> {
  const file = opts.displayName ?? nodePath.basename(path);
  let head: Buffer;
  try {
    const fh = await fs.open(path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') throw new DomainError('not_found', `${file}: no such file`);
    if (code === 'EISDIR') throw new FileFormatError(file, 'is a folder, not a file');
    throw e;
  }
  if (head.length === 0 || /^(\uFEFF)?\s*$/.test(head.toString('utf8'))) {
    throw new FileFormatError(
      file,
      `the file is empty: expected the people-and-posts template (${TEMPLATE_HINT})`,
    );
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
    return readXlsx(path, file);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new FileFormatError(
      file,
      'the file is UTF-16: expected UTF-8 (or ASCII) CSV text or an XLSX workbook',
    );
  }
  if (head.includes(0)) {
    throw new FileFormatError(
      file,
      'not a text file: expected UTF-8 (or ASCII) CSV text or an XLSX workbook',
    );
  }
  return readCsv(path, file);
}

/** The header's column positions, or FileFormatError naming the missing columns. */
function columnsOf(header: readonly string[], file: string): Map<string, number> {
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const n = columnName(h);
    if (n && !at.has(n)) at.set(n, i);
  });
  const missing = REQUIRED_COLUMN_NAMES.filter((n) => !at.has(n));
  if (missing.length > 0) throw missingColumns(file, missing);
  return at;
}

function missingColumns(file: string, missing: string[]): FileFormatError {
  const shown =
    missing.length > 6
      ? `${missing.slice(0, 6).join(', ')} and ${missing.length - 6} more`
      : missing.join(', ');
  return new FileFormatError(
    file,
    `not a people-and-posts template: missing column${missing.length > 1 ? 's' : ''} ${shown} (${TEMPLATE_HINT})`,
  );
}

async function readCsv(path: string, file: string): Promise<PeopleFile> {
  const sink = new ErrorSink(file);
  const out: PeopleFile = { file, format: 'csv', read: 0, rows: [], errors: [] };
  let header: string[] | null = null;
  let at: Map<string, number> | null = null;
  for await (const rec of csvRows(path, sink)) {
    if (header === null) {
      if (rec.fields.every((f) => f.trim() === '')) continue;
      header = rec.fields.map((h) =>
        h
          .replace(/^\uFEFF/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      at = columnsOf(header, file);
      continue;
    }
    if (rec.fields.every((f) => f.trim() === '')) continue;
    out.read++;
    const cells = fitToHeader([...rec.fields], header.length);
    const row = new Row(sink, rec.line, cells, header);
    if (!row.checkAll(header.length, rec.badEncoding)) continue;
    const r = parseRow(row, at!);
    if (r) out.rows.push(r);
  }
  if (header === null) {
    throw new FileFormatError(
      file,
      `the file is empty: expected the people-and-posts template (${TEMPLATE_HINT})`,
    );
  }
  out.errors = sink.finish();
  return out;
}

/** Trailing empty cells are not extra columns, and missing trailing cells are empty. */
function fitToHeader(cells: string[], width: number): string[] {
  while (cells.length > width && cells[cells.length - 1]!.trim() === '') cells.pop();
  while (cells.length < width) cells.push('');
  return cells;
}

/** The text a spreadsheet cell holds, for the template: dates as YYYY-MM-DD, formulas as `=…`. */
export function xlsxCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.formula === 'string') return `=${o.formula}`;
    if (typeof o.sharedFormula === 'string') return `=${o.sharedFormula}`;
    if (Array.isArray(o.richText)) {
      return o.richText
        .map((p) => (p && typeof p === 'object' ? String((p as { text?: unknown }).text ?? '') : ''))
        .join('');
    }
    // a hyperlink (spreadsheets make email addresses links): the text shown
    if ('text' in o) return xlsxCellText(o.text);
    if ('error' in o) return String(o.error);
  }
  return String(v);
}

async function readXlsx(path: string, file: string): Promise<PeopleFile> {
  const size = (await fs.stat(path)).size;
  if (size > MAX_XLSX_BYTES) {
    throw new FileFormatError(
      file,
      `an XLSX workbook over ${MAX_XLSX_BYTES / 1e6} MB: too large for a people template`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (e) {
    throw new FileFormatError(
      file,
      `not a readable XLSX workbook (${clip(e instanceof Error ? e.message : String(e))})`,
    );
  }
  // The sheet is found by its header row (the one with the template's columns), never its name.
  let best: { sheet: ExcelJS.Worksheet; missing: string[] } | null = null;
  for (const sheet of workbook.worksheets) {
    const header = headerOf(sheet);
    if (!header) continue;
    const names = new Set(header.cells.map(columnName));
    const missing = REQUIRED_COLUMN_NAMES.filter((n) => !names.has(n));
    if (!best || missing.length < best.missing.length) best = { sheet, missing };
  }
  if (!best) {
    throw new FileFormatError(
      file,
      `the workbook is empty: expected the people-and-posts template (${TEMPLATE_HINT})`,
    );
  }
  if (best.missing.length > 0) throw missingColumns(file, best.missing);
  const sink = new ErrorSink(file);
  const out: PeopleFile = { file, format: 'xlsx', read: 0, rows: [], errors: [] };
  const { cells: header, rowNumber: headerRow } = headerOf(best.sheet)!;
  const at = columnsOf(header, file);
  best.sheet.eachRow({ includeEmpty: false }, (xrow, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const cells = valuesOf(xrow);
    if (cells.every((c) => c.trim() === '')) return;
    out.read++;
    const row = new Row(sink, rowNumber, fitToHeader(cells, header.length), header);
    if (!row.checkAll(header.length, false)) return;
    const r = parseRow(row, at);
    if (r) out.rows.push(r);
  });
  out.errors = sink.finish();
  return out;
}

function valuesOf(xrow: ExcelJS.Row): string[] {
  const values = Array.isArray(xrow.values) ? (xrow.values as unknown[]) : [];
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(xlsxCellText(values[i]));
  return cells;
}

/** The first non-empty row of a sheet, as header cells. */
function headerOf(sheet: ExcelJS.Worksheet): { cells: string[]; rowNumber: number } | null {
  let found: { cells: string[]; rowNumber: number } | null = null;
  sheet.eachRow({ includeEmpty: false }, (xrow, rowNumber) => {
    if (found) return;
    const cells = valuesOf(xrow).map((h) => h.replace(/\s+/g, ' ').trim());
    if (cells.some((c) => c !== '')) found = { cells, rowNumber };
  });
  return found;
}

// ---- one row -----------------------------------------------------------------------------------

/** Starts like a spreadsheet formula (as the ODS readers see it). */
const FORMULA = /^[=+@\t\r]/;
/** How the Atlas's own CSV export neutralises a cell that would start like a formula. */
const NEUTRALISED = /^'[=+\-@\t\r]/;
/** A phone number written with its international prefix is not a formula. */
const PHONE = /^\+[\d\s().-]+$/;

const byLabel = <T extends string>(codes: readonly T[], labels: Record<T, string>) => {
  const m = new Map<string, T>();
  for (const c of codes) {
    m.set(c, c);
    m.set(labels[c].toLowerCase(), c);
  }
  return m;
};
const PROFESSION_BY = byLabel(PROFESSIONS, PROFESSION_LABELS);
const LAWFUL_BY = byLabel(LAWFUL_BASES, LAWFUL_BASIS_LABELS);
const LEVEL_BY = byLabel(LEVELS, LEVEL_LABELS);

/** Reads one data row's cells by column name, recording each problem against the column. */
class Cells {
  constructor(
    private readonly row: Row,
    private readonly at: Map<string, number>,
  ) {}

  /** Trimmed text, '' → null; the export's formula guard (a leading ') is taken off. */
  text(col: string): string | null {
    const raw = this.row.raw(this.at.get(col)!);
    if (NEUTRALISED.test(raw)) return raw.slice(1).trim() || null;
    const v = raw.trim();
    if (v === '') return null;
    if (FORMULA.test(raw) && !(col === 'phone' && PHONE.test(v))) {
      this.row.error(col, 'looks like a spreadsheet formula');
      return null;
    }
    return v;
  }

  date(col: string): string | null {
    const v = this.text(col);
    if (v === null) return null;
    const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : v;
    if (!isIsoDate(iso)) {
      this.row.error(col, `"${clip(v)}" is not a date (expected YYYY-MM-DD)`);
      return null;
    }
    return iso;
  }

  code<T extends string>(col: string, by: Map<string, T>, what: string): T | null {
    const v = this.text(col);
    if (v === null) return null;
    const c = by.get(v.toLowerCase()) ?? by.get(v.toLowerCase().replace(/[\s-]+/g, '_'));
    if (!c) {
      this.row.error(col, `"${clip(v)}" is not ${what} (the template's Columns sheet lists them)`);
      return null;
    }
    return c;
  }

  professions(): Profession[] {
    const v = this.text('professions');
    if (v === null) return [];
    const out: Profession[] = [];
    for (const part of v.split(/[;,]/)) {
      const p = part.trim();
      if (p === '') continue;
      const c =
        PROFESSION_BY.get(p.toLowerCase()) ?? PROFESSION_BY.get(p.toLowerCase().replace(/[\s-]+/g, '_'));
      if (!c) {
        this.row.error('professions', `"${clip(p)}" is not a profession (codes such as gp, nurse, manager)`);
        continue;
      }
      if (!out.includes(c)) out.push(c);
    }
    return out;
  }

  yesNo(col: string): boolean {
    const v = this.text(col);
    if (v === null) return false;
    const t = v.toLowerCase();
    if (['yes', 'y', 'true', '1'].includes(t)) return true;
    if (['no', 'n', 'false', '0'].includes(t)) return false;
    this.row.error(col, `"${clip(v)}" is not yes or no`);
    return false;
  }

  /** yesNo of an optional column; null when the file does not have the column. */
  optionalYesNo(col: string): boolean | null {
    return this.at.has(col) ? this.yesNo(col) : null;
  }

  id(col: string): number | null {
    const v = this.text(col);
    if (v === null) return null;
    if (!/^\d{1,9}$/.test(v) || Number(v) < 1) {
      this.row.error(col, `"${clip(v)}" is not a person id (a whole number)`);
      return null;
    }
    return Number(v);
  }
}

/** A data row as typed fields, or null when it has problems (recorded on the row). */
function parseRow(row: Row, at: Map<string, number>): PeopleFileRow | null {
  const c = new Cells(row, at);
  const person_id = c.id('person_id');
  const person: PersonFields = {
    honorific: c.text('honorific'),
    given_name: c.text('given_name') ?? '',
    family_name: c.text('family_name') ?? '',
    postnominals: c.text('postnominals'),
    professions: c.professions(),
    specialty: c.text('specialty'),
    email: c.text('email'),
    phone: c.text('phone'),
    work_address: c.text('work_address'),
    do_not_contact: c.yesNo('do_not_contact'),
    engaged: c.optionalYesNo('engaged'),
    source: c.text('source') ?? '',
    lawful_basis: c.code('lawful_basis', LAWFUL_BY, 'a lawful basis') ?? 'legitimate_interests',
    last_verified_on: c.date('last_verified_on'),
  };
  const post: PostFields = {
    organisation_code: c.text('organisation_code'),
    network_code: c.text('network_code'),
    title: c.text('post_title') ?? '',
    persona_code: c.text('persona_code'),
    level: c.code('level', LEVEL_BY, 'a level'),
    valid_from: c.date('post_valid_from'),
    valid_to: c.date('post_valid_to'),
  };
  const postGiven = [
    'organisation_code',
    'network_code',
    'post_title',
    'persona_code',
    'level',
    'post_valid_from',
    'post_valid_to',
  ].some((col) => row.get(at.get(col)!) !== '');
  if (postGiven) {
    if (!post.title) row.error('post_title', 'a post needs a title (or leave all the post columns empty)');
    if (!post.organisation_code && !post.network_code)
      row.error('organisation_code', 'a post needs an organisation_code or a network_code');
    if (post.organisation_code && post.network_code)
      row.error('network_code', 'give organisation_code or network_code, not both');
  }
  if (!row.ok) return null;
  return { line: row.line, person_id, person, post: postGiven ? post : null };
}
