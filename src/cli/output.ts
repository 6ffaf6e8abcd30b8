import type { ErrorCode } from '../core/errors.ts';

/** CLI exit status for each domain error code. Exhaustive by type. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  invalid: 2,
  not_found: 3,
  conflict: 4,
  forbidden: 5,
  unauthorised: 5,
  locked: 6,
  rate_limited: 7,
  unavailable: 8,
  internal: 1,
};

/** Where the CLI writes: injectable so tests can read what a command printed. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  isTty: boolean;
  /** All of standard input, as text (for --password-stdin). */
  readStdin(): Promise<string>;
}

export const processIo: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
  isTty: Boolean(process.stdout.isTTY),
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** A plain text table with aligned columns. */
export function table(rows: (string | number)[][]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, String(c).length);
    });
  }
  return rows
    .map((r) =>
      r
        .map((c, i) => String(c).padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
