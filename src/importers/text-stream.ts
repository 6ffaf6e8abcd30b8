import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import { FileFormatError, type RowError } from './types.ts';

/** Longest physical line passed to the parser; the rest of a longer line is dropped (see limitLines). */
const MAX_LINE = 64 * 1024;
/** csv-parse gives up on a record longer than this (only a quote left open over many lines gets there). */
const MAX_RECORD_SIZE = 16 * 1024 * 1024;
const QUOTE = Buffer.from('"');
const NEWLINE = Buffer.from('\n');

function countQuotes(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(0x22); i !== -1; i = b.indexOf(0x22, i + 1)) n++;
  return n;
}
/** Errors kept per file; beyond this they are only counted (a broken file must not fill memory). */
export const MAX_ERRORS = 1000;

/** Collects the bad rows of one file, keeping at most MAX_ERRORS of them. */
export class ErrorSink {
  readonly list: RowError[] = [];
  private dropped = 0;
  private lastLine = 1;
  constructor(readonly file: string) {}

  add(line: number, field: string, message: string): void {
    this.lastLine = Math.max(1, line);
    if (this.list.length < MAX_ERRORS)
      this.list.push({ file: this.file, line: this.lastLine, field, message });
    else this.dropped++;
  }

  /** The errors, with one closing entry saying how many more were not listed. */
  finish(): RowError[] {
    if (this.dropped > 0) {
      this.list.push({
        file: this.file,
        line: this.lastLine,
        field: 'file',
        message: `${this.dropped} further errors not listed`,
      });
      this.dropped = 0;
    }
    return this.list;
  }
}

/**
 * Bytes in, text out, checking the bytes are UTF-8 line by line. A fatal TextDecoder checks each
 * run of whole lines; when a run fails, its lines are decoded one by one so the bad line numbers
 * are known (they are recorded in `badLines`, and the line is passed on with U+FFFD replacements
 * so the row can still be located and reported). CRLF becomes LF, the one line end the parser
 * accepts, so that files mixing CRLF and LF lines read correctly and lines are counted one way.
 */
export class Utf8Lines extends Transform {
  readonly badLines = new Set<number>();
  /** Line breaks seen (lines = breaks + 1 when the last line has no break). */
  lines = 0;
  sawNul = false;
  private pending: Buffer = Buffer.alloc(0);
  private lineLen = 0;
  private quotes = 0;
  private dropping = false;
  private readonly fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  constructor() {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const limited = this.limitLines(chunk);
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, limited]) : limited;
    const cut = buf.lastIndexOf(0x0a) + 1;
    // What follows the last line break waits for the rest of its line (at most MAX_LINE bytes).
    this.pending = Buffer.from(buf.subarray(cut));
    if (cut > 0) this.emitText(buf.subarray(0, cut));
    done();
  }

  /**
   * Cuts every physical line to MAX_LINE bytes (at a character boundary), dropping the rest up to
   * the line break, so that a single huge line cannot fill memory; the cut line still reaches the
   * parser and fails as a "huge field" or with the wrong column count. A quote left open by the
   * cut is closed so that the following lines are not swallowed into it.
   */
  private limitLines(chunk: Buffer): Buffer {
    const out: Buffer[] = [];
    for (let start = 0; start < chunk.length; ) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      const seg = chunk.subarray(start, end);
      if (!this.dropping) {
        if (this.lineLen + seg.length <= MAX_LINE) {
          out.push(seg);
          this.lineLen += seg.length;
          this.quotes += countQuotes(seg);
        } else {
          let keep = MAX_LINE - this.lineLen;
          while (keep > 0 && (seg[keep]! & 0xc0) === 0x80) keep--;
          const kept = seg.subarray(0, keep);
          out.push(kept);
          this.quotes += countQuotes(kept);
          if (this.quotes % 2 === 1) out.push(QUOTE);
          this.dropping = true;
        }
      }
      if (nl !== -1) {
        out.push(NEWLINE);
        this.lineLen = 0;
        this.quotes = 0;
        this.dropping = false;
      }
      start = end + 1;
    }
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  override _flush(done: TransformCallback): void {
    if (this.pending.length > 0) this.emitText(this.pending);
    this.pending = Buffer.alloc(0);
    done();
  }

  private emitText(bytes: Buffer): void {
    if (!this.sawNul && bytes.includes(0)) this.sawNul = true;
    let text: string;
    try {
      text = this.fatal.decode(bytes);
    } catch {
      const parts: string[] = [];
      let start = 0;
      let line = this.lines + 1;
      while (start < bytes.length) {
        const nl = bytes.indexOf(0x0a, start);
        const end = nl === -1 ? bytes.length : nl + 1;
        const piece = bytes.subarray(start, end);
        try {
          parts.push(this.fatal.decode(piece));
        } catch {
          this.badLines.add(line);
          parts.push(this.lossy.decode(piece));
        }
        start = end;
        line++;
      }
      text = parts.join('');
    }
    let n = 0;
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
    this.lines += n;
    this.push(text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text);
  }
}

/** One CSV record with the line it starts on and the line it ends on (1-based). */
export interface CsvRow {
  fields: string[];
  line: number;
  endLine: number;
  /** True when the record's lines were not valid UTF-8 (already reported). */
  badEncoding: boolean;
}

/** The share of invalid UTF-8 lines above which a file is "not UTF-8" rather than a file with bad rows. */
const MOSTLY_NOT_UTF8 = 0.5;

/**
 * Streams the CSV records of a file (csv-parse over a file stream), with real line numbers.
 * Parse errors are recorded in `errors`; a row whose lines are not valid UTF-8 is yielded with
 * `badEncoding` set (bad bytes replaced by U+FFFD) for the caller to report with its field names
 * and skip. Throws FileFormatError only when the file turns out to be mostly not UTF-8 text.
 */
export async function* csvRows(path: string, errors: ErrorSink): AsyncGenerator<CsvRow> {
  const decoder = new Utf8Lines();
  // Line numbers are counted here from each record's raw text (LF line breaks; CRLF is already LF),
  // not taken from csv-parse's info.lines, which also counts a lone CR inside a quoted field as a
  // line break (and, before normalisation, counted a CRLF inside quotes twice).
  let recordsParsed = 0;
  const parser = parse({
    raw: true,
    bom: true,
    // Only LF ends a line (CRLF has become LF): csv-parse would otherwise take whichever line end it
    // meets first, and a stray CR in the first line would make the whole file one record.
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_SIZE,
    on_record: (record: string[]) => {
      recordsParsed++;
      return record;
    },
  });
  // csv-parse reports a record it cannot parse (an unclosed quote) as it parses, ahead of the loop
  // below: the error waits until the records before it have been counted, so its line is known.
  const skipped: { after: number; message: string }[] = [];
  parser.on('skip', (err: Error & { code?: string }) => {
    skipped.push({ after: recordsParsed, message: csvMessage(err) });
  });
  const input = fs.createReadStream(path);
  input.on('error', (e) => parser.destroy(e));
  decoder.on('error', (e) => parser.destroy(e));
  input.pipe(decoder).pipe(parser);
  let consumed = 0; // line breaks before the next record
  let seen = 0;
  const flushSkipped = () => {
    while (skipped.length > 0 && skipped[0]!.after <= seen) {
      errors.add(consumed + 1, 'row', skipped.shift()!.message);
    }
  };
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      flushSkipped();
      const fields = item.record;
      const raw = item.raw;
      let lead = 0;
      while (raw.charCodeAt(lead) === 10) lead++;
      let breaks = 0;
      for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) breaks++;
      const line = consumed + 1 + lead;
      const endLine = consumed + 1 + breaks - (raw.endsWith('\n') ? 1 : 0);
      consumed += breaks;
      seen++;
      let badEncoding = false;
      for (let l = line; l <= endLine; l++) {
        if (decoder.badLines.has(l)) {
          badEncoding = true;
          break;
        }
      }
      yield { fields, line, endLine: Math.max(line, endLine), badEncoding };
    }
    flushSkipped();
    seen = Number.POSITIVE_INFINITY;
    flushSkipped();
  } finally {
    input.destroy();
  }
  const total = decoder.lines + 1;
  if (decoder.sawNul || (decoder.badLines.size >= 3 && decoder.badLines.size > total * MOSTLY_NOT_UTF8)) {
    throw new FileFormatError(errors.file, 'not a text file: expected UTF-8 (or ASCII) CSV text');
  }
}

function csvMessage(err: Error & { code?: string }): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field starting on this line is never closed';
    case 'CSV_MAX_RECORD_SIZE':
      return `row longer than ${MAX_RECORD_SIZE} characters`;
    default:
      return `cannot parse the row (${err.code ?? err.message})`;
  }
}
