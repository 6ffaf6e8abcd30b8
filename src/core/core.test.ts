import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../shared/csv.ts';
import { dayBefore, isIsoDate, isOpenOn, odsDate, parseIsoDate } from './dates.ts';
import { DomainError } from './errors.ts';
import { datedStatus, decodeCursor, encodeCursor, searchWords } from './paging.ts';

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2026-04-01')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('01/04/2026')).toBe(false);
  });

  it('names the field of a bad date', () => {
    expect(() => parseIsoDate('yesterday', 'as_at')).toThrow(DomainError);
    expect(() => parseIsoDate('yesterday', 'as_at')).toThrow(/as_at: "yesterday"/);
  });

  it('converts ODS YYYYMMDD dates', () => {
    expect(odsDate('20220701')).toBe('2022-07-01');
    expect(odsDate('')).toBeNull();
    expect(odsDate('20221301')).toBeNull();
  });

  it('treats periods as inclusive at both ends, as ODS does', () => {
    expect(isOpenOn('2026-03-31', '2022-07-01', '2026-03-31')).toBe(true);
    expect(isOpenOn('2026-04-01', '2022-07-01', '2026-03-31')).toBe(false);
    expect(isOpenOn('2022-06-30', '2022-07-01', null)).toBe(false);
    expect(dayBefore('2026-04-01')).toBe('2026-03-31');
    expect(datedStatus('2026-11-24', '2022-07-01', '2026-03-31')).toBe('closed');
    expect(datedStatus('2020-01-01', '2022-07-01', null)).toBe('not_yet_open');
  });
});

describe('cursors and search words', () => {
  it('round-trips any cursor', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (name, id) => {
        expect(decodeCursor(encodeCursor({ name, id }))).toEqual({ name, id });
      }),
      { seed: 2026, verbose: true },
    );
  });

  it('refuses a cursor it did not give', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(/cursor/);
  });

  it('splits and escapes LIKE wildcards', () => {
    expect(searchWords('  Cheshire   and 100%_ ')).toEqual(['cheshire', 'and', '100\\%\\_']);
  });
});

describe('csv', () => {
  it('quotes and neutralises formula-like cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(
      toCsv(
        [{ a: 1, b: 'x' }],
        [
          { header: 'A', value: (r) => r.a },
          { header: 'B', value: (r) => r.b },
        ],
      ),
    ).toBe('A,B\r\n1,x\r\n');
  });
});
