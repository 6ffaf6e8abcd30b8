/**
 * The Atlas's benchmarks: `npm run bench` runs them all, `npm run bench -- search warm-restart` runs
 * those named. Each prints its median (or p95), the same statistic of a baseline measured in the same
 * run, their ratio, and whether the target is met. Figures also go to bench/results/latest.json.
 * Benchmarks never run inside the test suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ANALYSIS_BENCHES } from './analysis.ts';
import { demoNational } from './demo.ts';
import { nationalImport, reimportEpraccur } from './import.ts';
import {
  type Bench,
  type BenchResult,
  BenchSkipped,
  machine,
  median,
  ms,
  quantile,
  type Series,
  statOf,
} from './lib.ts';
import { MAP_BENCHES } from './map.ts';
import { searchAsYouType } from './search.ts';
import { signIn } from './signin.ts';
import { firstStart, warmRestart } from './startup.ts';
import { workspaceFilter } from './workspace-filter.ts';

/** Every benchmark, in the order `npm run bench` runs them. Add new ones here. */
export const BENCHES: Bench[] = [
  firstStart,
  warmRestart,
  searchAsYouType,
  signIn,
  workspaceFilter,
  nationalImport,
  reimportEpraccur,
  demoNational,
  ...ANALYSIS_BENCHES,
  ...MAP_BENCHES,
];

/** Width of the name column in listings and the summary. */
const NAME_WIDTH = Math.max(...BENCHES.map((b) => b.name.length)) + 1;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm run bench -- [name…] [--runs N] [--list]

  name      run only these benchmarks (default: all)
  --runs N  repetitions of the benchmarks that spawn the server (default 3)
  --list    list the benchmarks and exit`;

function seriesLine(s: Series, stat: BenchResult['stat']): string {
  const xs = s.samples;
  const parts =
    stat === 'p95'
      ? [`p50 ${ms(quantile(xs, 0.5))}`, `p95 ${ms(quantile(xs, 0.95))}`, `max ${ms(Math.max(...xs))}`]
      : xs.length <= 10
        ? [`median ${ms(median(xs))}`, `runs ${xs.map(ms).join(', ')}`]
        : [
            `median ${ms(median(xs))}`,
            `p95 ${ms(quantile(xs, 0.95))}`,
            `max ${ms(Math.max(...xs))}`,
            `n ${xs.length}`,
          ];
  return `${parts.join('   ')}   ${s.label}`;
}

function report(bench: Bench, r: BenchResult): { lines: string[]; met: boolean | undefined } {
  const m = statOf(r.measured.samples, r.stat);
  const b = statOf(r.baseline.samples, r.stat);
  const met = r.targetMs === undefined ? undefined : m <= r.targetMs;
  const target =
    r.targetMs === undefined ? '' : `; target ${r.stat} ≤ ${ms(r.targetMs)}: ${met ? 'met' : 'NOT MET'}`;
  return {
    met,
    lines: [
      `${bench.name}: ${bench.title}`,
      `  measured  ${seriesLine(r.measured, r.stat)}`,
      `  baseline  ${seriesLine(r.baseline, r.stat)}`,
      `  ratio     ${(m / b).toFixed(1)}× the baseline (${r.stat})${target}`,
      ...(r.notes ?? []).map((n) => `  note      ${n}`),
    ],
  };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '3' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    for (const b of BENCHES) console.log(`${b.name.padEnd(NAME_WIDTH)} ${b.title}`);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`bench: --runs must be a whole number ≥ 1, not "${values.runs}"`);
    return 2;
  }
  const unknown = positionals.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(
      `bench: no benchmark named ${unknown.join(', ')}; there are ${BENCHES.map((b) => b.name).join(', ')}`,
    );
    return 2;
  }
  const chosen = positionals.length > 0 ? BENCHES.filter((b) => positionals.includes(b.name)) : BENCHES;

  const date = new Date().toISOString().slice(0, 10);
  console.log(`Clinical Network Atlas benchmarks, ${date}: ${machine()}\n`);
  const summary: string[] = [];
  const results: Record<string, unknown> = {};
  let failed = 0;
  for (const bench of chosen) {
    console.log(`… ${bench.name}`);
    try {
      const r = await bench.run({ runs, root: ROOT, log: (line) => console.log(`  ${line}`) });
      const { lines, met } = report(bench, r);
      console.log(`${lines.join('\n')}\n`);
      summary.push(
        `  ${bench.name.padEnd(NAME_WIDTH)} ${r.stat.padEnd(6)} ${ms(statOf(r.measured.samples, r.stat)).padStart(10)}` +
          `  ${(statOf(r.measured.samples, r.stat) / statOf(r.baseline.samples, r.stat)).toFixed(1).padStart(7)}×` +
          `  ${met === undefined ? '' : met ? 'met' : 'NOT MET'}`,
      );
      results[bench.name] = { ...r, measuredStat: statOf(r.measured.samples, r.stat) };
    } catch (e) {
      if (e instanceof BenchSkipped) {
        console.log(`${bench.name}: skipped: ${e.message}\n`);
        summary.push(`  ${bench.name.padEnd(NAME_WIDTH)} skipped`);
        continue;
      }
      failed++;
      console.error(`${bench.name}: failed: ${e instanceof Error ? e.message : String(e)}\n`);
      summary.push(`  ${bench.name.padEnd(NAME_WIDTH)} failed`);
    }
  }
  console.log(`Summary (statistic, value, ratio to baseline, target)\n${summary.join('\n')}`);

  const out = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, 'latest.json'),
    `${JSON.stringify({ date, machine: machine(), runs, results }, null, 2)}\n`,
  );
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
