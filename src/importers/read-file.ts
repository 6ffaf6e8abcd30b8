import fs from 'node:fs/promises';
import nodePath from 'node:path';
import { parse } from 'csv-parse/sync';
import { DomainError } from '../core/errors.ts';
import { looksLikeGeoJson, readBoundaries } from './boundaries.ts';
import { detailsColumns, membersColumns, readEpcnCsv, readEpcnXlsx } from './epcn.ts';
import { headerIndex } from './headed-csv.ts';
import { imdColumns, readImd } from './imd.ts';
import { readOdsCsv, sniffOds } from './ods-csv.ts';
import { lsoaColumns, readOnsLsoa } from './ons-lsoa.ts';
import { readSuccessions, successionColumns } from './successions.ts';
import { FileFormatError, type ReadResult } from './types.ts';

export const EXPECTED =
  'not a recognised file: expected an ODS 27-column CSV (epraccur, etr, eccg), an ePCN workbook or sheet, the ODS successor file, an ONS LSOA lookup, a GeoJSON of area boundaries, or an IMD / practice list-size CSV';

/** Bytes read from the start of a file to tell what it is. */
const HEAD_BYTES = 64 * 1024;
/** Records of the head looked at. */
const HEAD_RECORDS = 200;

export interface ReadOptions {
  /** The name used in errors (default: the file's base name). */
  displayName?: string;
  /** Called every 1,000 rows and at the end with the number of rows read so far. */
  onProgress?: (rowsRead: number) => void;
}

/** What a file is, found from its first bytes. */
export type Detected =
  | { kind: 'epraccur' | 'etr' | 'eccg'; format: 'epraccur-classic' | 'epraccur-dse' | 'etr' | 'eccg' }
  | { kind: 'epcn_details' | 'epcn_members'; format: 'csv' | 'xlsx' }
  | { kind: 'ons_lsoa' | 'imd_lsoa' | 'imd_practice' | 'imd_pcn' | 'practice_demographics'; format: 'csv' }
  | { kind: 'boundaries'; format: 'geojson' }
  | { kind: 'ods_successions'; format: 'csv' };

/**
 * Reads an import file of any supported kind, recognised by its content (never its name).
 * Bad rows come back as `errors`; only a file that is not one of the kinds at all (or not
 * UTF-8 text) throws, as FileFormatError with one line saying what was expected.
 */
export async function readImportFile(path: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const file = opts.displayName ?? nodePath.basename(path);
  try {
    const found = await detectFile(path, file);
    switch (found.kind) {
      case 'epraccur':
      case 'etr':
      case 'eccg':
        return await readOdsCsv(path, file, found.format, opts.onProgress);
      case 'epcn_details':
      case 'epcn_members':
        return found.format === 'xlsx'
          ? await readEpcnXlsx(path, file, opts.onProgress)
          : await readEpcnCsv(path, file, found.kind, opts.onProgress);
      case 'ons_lsoa':
        return await readOnsLsoa(path, file, opts.onProgress);
      case 'boundaries':
        return readBoundaries(path, file);
      case 'ods_successions':
        return await readSuccessions(path, file, opts.onProgress);
      default:
        return await readImd(path, file, found.kind, opts.onProgress);
    }
  } catch (e) {
    throw asDomainError(e, file);
  }
}

function asDomainError(e: unknown, file: string): unknown {
  if (e instanceof DomainError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return new DomainError('not_found', `${file}: no such file`);
  if (code === 'EISDIR') return new FileFormatError(file, 'is a folder, not a file');
  if (code === 'EACCES' || code === 'EPERM')
    return new DomainError('forbidden', `${file}: cannot read the file`);
  return e;
}

/** Tells the file's kind from its first 64 KiB; throws FileFormatError when it is none of them. */
export async function detectFile(path: string, file: string): Promise<Detected> {
  const head = await readHead(path);
  if (head.bytes.length === 0 || /^(\uFEFF)?\s*$/.test(head.text)) {
    throw new FileFormatError(file, `the file is empty: ${EXPECTED.replace('not a recognised file: ', '')}`);
  }
  if (head.bytes[0] === 0x50 && head.bytes[1] === 0x4b && head.bytes[2] === 0x03 && head.bytes[3] === 0x04) {
    return { kind: 'epcn_details', format: 'xlsx' }; // a ZIP: only the ePCN workbook is an XLSX we read
  }
  if (
    (head.bytes[0] === 0xff && head.bytes[1] === 0xfe) ||
    (head.bytes[0] === 0xfe && head.bytes[1] === 0xff)
  ) {
    throw new FileFormatError(file, 'the file is UTF-16: expected UTF-8 (or ASCII) CSV text');
  }
  if (looksLikeGeoJson(head.text.slice(0, 4096))) return { kind: 'boundaries', format: 'geojson' };
  if (head.bytes.includes(0) || head.badLineShare > 0.5) {
    throw new FileFormatError(file, 'not a text file: expected UTF-8 (or ASCII) CSV text');
  }
  let records: string[][] = [];
  try {
    // CRLF as LF, as the readers see it (csv-parse would otherwise take the first line end as the
    // only one, and a file mixing CRLF and LF lines would not parse).
    records = parse(head.text.replace(/\r\n/g, '\n'), {
      bom: true,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      to: HEAD_RECORDS,
    }) as string[][];
  } catch {
    records = [];
  }
  const first = records[0];
  if (first) {
    const ix = headerIndex(first);
    if (detailsColumns(ix)) return { kind: 'epcn_details', format: 'csv' };
    if (membersColumns(ix)) return { kind: 'epcn_members', format: 'csv' };
    if (lsoaColumns(ix)) return { kind: 'ons_lsoa', format: 'csv' };
    if (successionColumns(ix)) return { kind: 'ods_successions', format: 'csv' };
    const imd = imdColumns(ix);
    if (imd) return { kind: imd.kind, format: 'csv' };
  }
  const ods = sniffOds(records);
  if (ods) return { kind: ods === 'etr' ? 'etr' : ods === 'eccg' ? 'eccg' : 'epraccur', format: ods };
  throw new FileFormatError(file, EXPECTED);
}

/** The first bytes of a file, decoded (whole lines only unless the file is shorter). */
async function readHead(path: string): Promise<{ bytes: Buffer; text: string; badLineShare: number }> {
  const fh = await fs.open(path, 'r');
  let bytes: Buffer;
  let whole: boolean;
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    bytes = buf.subarray(0, bytesRead);
    whole = bytesRead < HEAD_BYTES;
  } finally {
    await fh.close();
  }
  let lines = bytes;
  if (!whole) {
    const nl = bytes.lastIndexOf(0x0a);
    if (nl > 0) lines = bytes.subarray(0, nl + 1);
  }
  const fatal = new TextDecoder('utf-8', { fatal: true });
  let bad = 0;
  let total = 0;
  let text: string;
  try {
    text = fatal.decode(lines);
    total = 1;
  } catch {
    const parts: string[] = [];
    const lossy = new TextDecoder('utf-8');
    for (let s = 0; s < lines.length; ) {
      const nl = lines.indexOf(0x0a, s);
      const e = nl === -1 ? lines.length : nl + 1;
      const piece = lines.subarray(s, e);
      total++;
      try {
        parts.push(fatal.decode(piece));
      } catch {
        bad++;
        parts.push(lossy.decode(piece));
      }
      s = e;
    }
    text = parts.join('');
  }
  return { bytes, text, badLineShare: total === 0 ? 0 : bad / total };
}
