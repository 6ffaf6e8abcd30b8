import os from 'node:os';

/** Timings in milliseconds, one per run or per request. */
export type Samples = number[];

/** The statistic a benchmark is judged on. */
export type Stat = 'median' | 'p95';

/** One named series of timings: what was measured, or the baseline measured beside it. */
export interface Series {
  label: string;
  samples: Samples;
}

/** What one benchmark reports: its measure, a baseline from the same run, and the target it aims at. */
export interface BenchResult {
  measured: Series;
  baseline: Series;
  /** The statistic compared with the baseline and the target. */
  stat: Stat;
  /** The most the statistic may be, in milliseconds. */
  targetMs?: number;
  /** Further figures worth printing (e.g. shutdown time), already formatted. */
  notes?: string[];
}

/** Options every benchmark receives from the command line. */
export interface BenchOptions {
  /** Repetitions for benchmarks that spawn a process (each run is seconds long). */
  runs: number;
  /** Repository root: the working directory of spawned processes. */
  root: string;
  /** Progress lines for the person watching. */
  log: (line: string) => void;
}

/** A named benchmark. Add one by writing a module that exports it and listing it in bench/run.ts. */
export interface Bench {
  name: string;
  title: string;
  run(opts: BenchOptions): Promise<BenchResult>;
}

/** A set-up made once per benchmark run, however many benchmarks ask for it (the same promise after). */
export function once<T>(setUp: (opts: BenchOptions) => Promise<T>): (opts: BenchOptions) => Promise<T> {
  let made: Promise<T> | undefined;
  return (opts) => {
    made ??= setUp(opts);
    return made;
  };
}

/**
 * Thrown by a benchmark's `run()` when it cannot run here (e.g. the shared data files are absent):
 * the runner prints the reason and counts it as skipped, not failed.
 */
export class BenchSkipped extends Error {}

/** The q-quantile (0..1) of `xs` by the nearest-rank method; NaN when empty. */
export function quantile(xs: Samples, q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The median of `xs` (the mean of the middle two for an even count); NaN when empty. */
export function median(xs: Samples): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The statistic `stat` of `xs`, in the samples' unit. */
export function statOf(xs: Samples, stat: Stat): number {
  return stat === 'median' ? median(xs) : quantile(xs, 0.95);
}

/** Milliseconds for people: 0.42 ms, 12.3 ms, 1234 ms. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x < 10) return `${x.toFixed(2)} ms`;
  if (x < 100) return `${x.toFixed(1)} ms`;
  return `${Math.round(x)} ms`;
}

/** The machine the figures were measured on, in one line. */
export function machine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  const mem = Math.round(os.totalmem() / 2 ** 30);
  return `Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpus.length} cores (${model}), ${mem} GiB`;
}

/** Milliseconds since `t0`, where `t0` came from performance.now(). */
export function since(t0: number): number {
  return performance.now() - t0;
}
