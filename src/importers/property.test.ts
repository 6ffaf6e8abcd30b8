import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readImportFile } from './read-file.ts';
import { FileFormatError, type ReadResult } from './types.ts';

/**
 * Property tests: malformed rows mixed with good ones, and arbitrary bytes. The seed is printed;
 * rerun a failure with FC_SEED=<seed>.
 */
const seed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FC_RUNS ?? 80);
console.log(`[importers] fast-check seed ${seed} (rerun with FC_SEED=${seed})`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-importers-prop-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const writeTemp = (bytes: Buffer) => {
  const file = path.join(tmp, `f${n++}`);
  fs.writeFileSync(file, bytes);
  return file;
};

const quote = (fields: string[]) => fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',');
/** A good classic epraccur GP practice row. */
const goodRow = (code: string) =>
  quote([
    code,
    `FICTIONAL SURGERY ${code}`,
    'Y63',
    'QHM',
    '1 EXAMPLE ROAD',
    'ELMWOOD, EAST',
    '',
    'EXAMPLETOWN',
    '',
    'AB1 2CD',
    '19740401',
    '',
    'A',
    'B',
    '00X',
    '20200401',
    '',
    '',
    '',
    '',
    '',
    '0',
    '',
    '00X',
    '',
    '4',
    '',
  ]);
const template = (): string[] => {
  // a fresh copy of a good row's fields
  const f = goodRow('Z00000')
    .slice(1, -1)
    .split('","')
    .map((x) => x.replaceAll('""', '"'));
  return f;
};

/** Text without quotes, line ends or NUL (so a malformed row cannot swallow the rows after it). */
const safeText = fc.string({ maxLength: 30 }).map((s) => s.replace(/["\r\n\0]/g, ' '));
const formulaLike = fc
  .tuple(fc.constantFrom('=', '+', '@', '\t', '\r'), safeText)
  .map(([p, s]) => p + s.replace(/["\r\n\0]/g, ''));
const randomDate = fc.oneof(
  fc.stringMatching(/^\d{8}$/),
  fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  fc.integer({ min: 0, max: 99_999_999 }).map(String),
  safeText,
);
const randomCode = fc.oneof(fc.stringMatching(/^[A-Z0-9]{1,8}$/), safeText);
/** Bytes that are not valid UTF-8. */
const invalidUtf8 = fc.constantFrom(
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0x80, 0x80]),
);

/** One malformed line (exactly one, ending in LF) of some kind. */
const malformed: fc.Arbitrary<Buffer> = fc.oneof(
  // wrong column count
  fc
    .tuple(
      fc.integer({ min: 1, max: 40 }).filter((k) => k !== 27),
      safeText,
    )
    .map(([k, t]) => Buffer.from(`${quote(Array.from({ length: k }, () => t))}\n`)),
  // one field replaced by a random date, code, status, huge or formula-like value
  fc
    .tuple(
      fc.constantFrom(0, 1, 9, 10, 11, 12, 14, 15, 16, 25),
      fc.oneof(randomDate, randomCode, safeText, formulaLike, fc.constant('x'.repeat(700))),
    )
    .map(([i, v]) => {
      const f = template();
      f[i] = v;
      return Buffer.from(`${quote(f)}\n`);
    }),
  // invalid UTF-8 in the name
  invalidUtf8.map((bad) => {
    const [head, tail] = quote(template()).split('FICTIONAL');
    return Buffer.concat([Buffer.from(`${head}FICTIONAL`), bad, Buffer.from(`${tail}\n`)]);
  }),
  // random bytes on one line (no quotes, NUL or LF)
  fc
    .uint8Array({ minLength: 1, maxLength: 200 })
    .map((a) =>
      Buffer.concat([Buffer.from(a.filter((b) => b !== 0x22 && b !== 0 && b !== 0x0a)), Buffer.from('\n')]),
    ),
);

const checkErrors = (r: ReadResult, name: string) => {
  for (const e of r.errors) {
    expect(e.file).toBe(name);
    expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
    expect(typeof e.field === 'string' && e.field.length > 0).toBe(true);
    expect(e.message.length).toBeGreaterThan(0);
  }
};

describe('readImportFile on malformed input (fast-check)', () => {
  it('malformed rows are reported, good rows mixed in are still read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }),
        fc.array(malformed, { maxLength: 12 }),
        fc.boolean(),
        async (order, bad, crlf) => {
          // At least as many good rows as bad ones (plus one), so the file is still an epraccur.
          const goodCount = Math.max(order.filter(Boolean).length, bad.length + 1);
          const parts: Buffer[] = [];
          const expected: [string, number][] = [];
          let line = 1;
          let g = 0;
          let b = 0;
          while (g < goodCount || b < bad.length) {
            const takeGood = b >= bad.length || (g < goodCount && order[(g + b) % order.length]);
            if (takeGood) {
              const code = `V${String(10000 + g).padStart(5, '0')}`;
              expected.push([code, line]);
              parts.push(Buffer.from(`${goodRow(code)}${crlf ? '\r\n' : '\n'}`));
              line++;
              g++;
            } else {
              const m = bad[b++]!;
              parts.push(m);
              for (const byte of m) if (byte === 0x0a) line++;
            }
          }
          const file = writeTemp(Buffer.concat(parts));
          const r = await readImportFile(file, { displayName: 'mixed.csv' });
          expect(r.kind).toBe('epraccur');
          checkErrors(r, 'mixed.csv');
          const got = new Map(r.orgs.map((o) => [o.line, o.code]));
          for (const [code, l] of expected) expect(got.get(l)).toBe(code);
          // every row read is a practice, ignored, or has errors on its line
          const errorLines = new Set(r.errors.map((e) => e.line));
          expect(r.orgs.length + r.ignored + errorLines.size).toBe(r.read);
        },
      ),
      { seed, numRuns: RUNS },
    );
  });

  it('arbitrary bytes never throw anything but FileFormatError', async () => {
    const anyFile = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
      fc.array(malformed, { maxLength: 8 }).map((a) => Buffer.concat(a)),
      // a good header followed by anything
      fc
        .tuple(
          fc.constantFrom(
            'PCN Code,PCN Name,Current Sub ICB Loc Code,Open Date,Close Date\n',
            'practice_code,list_size,imd_score,imd_decile,pct_over_65,pct_under_5,pct_5_19\n',
            'lsoa21_code,sicbl24_code_nhs,icb24_code_nhs\n',
          ),
          fc.uint8Array({ maxLength: 300 }),
        )
        .map(([h, a]) => Buffer.concat([Buffer.from(h), Buffer.from(a)])),
    );
    await fc.assert(
      fc.asyncProperty(anyFile, async (bytes) => {
        const file = writeTemp(bytes);
        try {
          const r = await readImportFile(file, { displayName: 'any.bin' });
          checkErrors(r, 'any.bin');
          expect(r.read).toBeGreaterThanOrEqual(0);
        } catch (e) {
          expect(e).toBeInstanceOf(FileFormatError);
          expect((e as Error).message.startsWith('any.bin: ')).toBe(true);
        }
      }),
      { seed, numRuns: RUNS * 2 },
    );
  });
});
