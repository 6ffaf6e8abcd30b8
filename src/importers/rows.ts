import { odsDate } from '../core/dates.ts';
import type { ErrorSink } from './text-stream.ts';
import type { FileKind, ReadResult } from './types.ts';

/** Longest text a field may hold; longer is a "huge field" (a broken or hostile file). */
export const MAX_FIELD = 500;

/**
 * Code shapes, checked against the real files (see the readers' tests):
 * GP practices are one letter and five digits (`A81001`, `Y02345`; the 6-character non-practice
 * cost centres such as `ALD200` are never GP practices); sub-ICB locations are a digit and two
 * characters (`00L`, `5A3`) or the 5-character form (`M1J4Y`); ICBs are `Q..` or, from April 2026,
 * the 5-character merged codes (`S1Y5D`); trusts are 3 characters starting with a letter (`RAE`,
 * `R0A`) or the newer 5-character form (`G6V2S`); PCNs are `U` and five digits.
 */
export const SHAPES = {
  practice: /^[A-Z]\d{5}$/,
  sicbl: /^(\d[0-9A-Z]{2}|[A-Z]\d[A-Z]\d[A-Z])$/,
  icb: /^(Q[0-9A-Z]{2}|[A-Z]\d[A-Z]\d[A-Z])$/,
  trust: /^([A-Z][0-9A-Z]{2}|[A-Z]\d[A-Z]\d[A-Z])$/,
  pcn: /^U\d{5}$/,
  region: /^[A-Z][0-9A-Z]{2}$/,
  lsoa: /^[EW]01\d{6}$/,
  onsSicbl: /^E38\d{6}$/,
  onsIcb: /^E54\d{6}$/,
  lad: /^[EWSN]\d{8}$/,
} as const;

/** Starts like a spreadsheet formula (CSV injection): = + @, or a tab or carriage return. */
const FORMULA = /^[=+@\t\r]/;

/** A new, empty result. */
export function emptyResult(file: string, kind: FileKind, format: string): ReadResult {
  return {
    file,
    kind,
    format,
    vintage: null,
    read: 0,
    orgs: [],
    memberships: [],
    lsoas: [],
    measures: [],
    ignored: 0,
    errors: [],
  };
}

/** Keeps the latest ISO date seen. */
export class Vintage {
  latest: string | null = null;
  see(iso: string | null): void {
    if (iso !== null && (this.latest === null || iso > this.latest)) this.latest = iso;
  }
}

/**
 * One data row being validated: reads fields by index, names them in errors by `names`, and
 * remembers whether anything was wrong (`ok`). Never throws.
 */
export class Row {
  ok = true;
  constructor(
    private readonly sink: ErrorSink,
    readonly line: number,
    readonly fields: readonly string[],
    private readonly names: readonly string[],
  ) {}

  name(i: number): string {
    return this.names[i] ?? `column ${i + 1}`;
  }

  error(field: string, message: string): void {
    this.ok = false;
    this.sink.add(this.line, field, message);
  }

  /** The raw value of column i ('' when absent). */
  raw(i: number): string {
    return this.fields[i] ?? '';
  }

  /** The trimmed value of column i. */
  get(i: number): string {
    return (this.fields[i] ?? '').trim();
  }

  /**
   * Checks the column count, every field's length and the encoding. Formula-likeness is checked
   * on the text fields that are kept (`text`), not on every column: the real epraccur has a Welsh
   * branch surgery whose address line reads "@ LOUDOUN,PLAS IONA", in a column nobody imports.
   */
  checkAll(expectedColumns: number, badEncoding: boolean): boolean {
    if (this.fields.length !== expectedColumns) {
      this.error('columns', `expected ${expectedColumns} columns, found ${this.fields.length}`);
      return false;
    }
    this.fields.forEach((v, i) => {
      if (badEncoding && v.includes('\uFFFD'))
        this.error(this.name(i), 'invalid UTF-8 bytes (the file must be UTF-8 or ASCII)');
      if (v.length > MAX_FIELD)
        this.error(this.name(i), `huge field: ${v.length} characters (at most ${MAX_FIELD})`);
    });
    if (badEncoding && this.ok) this.error('row', 'invalid UTF-8 bytes (the file must be UTF-8 or ASCII)');
    return this.ok;
  }

  /** A code of the given shape; '' is an error when required, else null. */
  code(i: number, shape: RegExp, what: string, required = true): string | null {
    const v = this.get(i);
    if (v === '') {
      if (required) this.error(this.name(i), `missing ${what}`);
      return null;
    }
    if (!shape.test(v)) {
      this.error(this.name(i), `"${clip(v)}" is not a ${what}`);
      return null;
    }
    return v;
  }

  /** A text that is kept (a name, a postcode): non-empty when required, never formula-like. */
  text(i: number, what: string, required = true): string | null {
    const raw = this.raw(i);
    if (FORMULA.test(raw)) {
      this.error(this.name(i), 'looks like a spreadsheet formula');
      return null;
    }
    const v = raw.trim();
    if (v === '') {
      if (required) this.error(this.name(i), `empty ${what}`);
      return null;
    }
    return v;
  }

  /** A YYYYMMDD date as ISO; '' is null (or an error when required). */
  date(i: number, required = false): string | null {
    const v = this.get(i);
    if (v === '') {
      if (required) this.error(this.name(i), 'missing date');
      return null;
    }
    const iso = odsDate(v);
    if (iso === null) this.error(this.name(i), `"${clip(v)}" is not a date (expected YYYYMMDD)`);
    return iso;
  }

  /** A number (integer when asked) within [min, max]; `na` values (e.g. "NA") give null without error. */
  num(
    i: number,
    opts: { integer?: boolean; min?: number; max?: number; na?: readonly string[] } = {},
  ): number | null {
    const v = this.get(i);
    if (opts.na?.includes(v)) return null;
    const re = opts.integer ? /^-?\d+$/ : /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
    const n = Number(v);
    if (v === '' || !re.test(v) || !Number.isFinite(n)) {
      this.error(this.name(i), `"${clip(v)}" is not ${opts.integer ? 'a whole number' : 'a number'}`);
      return null;
    }
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      this.error(this.name(i), `${v} is out of range (${opts.min ?? '…'} to ${opts.max ?? '…'})`);
      return null;
    }
    return n;
  }
}

/** A value shortened for an error message (and stripped of control characters). */
export function clip(v: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is stripped
  const s = v.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Calls onProgress every `every` rows. */
export function progress(onProgress: ((n: number) => void) | undefined, read: number, every = 1000): void {
  if (onProgress && read % every === 0) onProgress(read);
}

/** Normalises a header cell for matching: lower case, whitespace (including line breaks) collapsed. */
export function normHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
