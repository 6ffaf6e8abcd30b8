import { loadConfig, withOverrides } from '../../config.ts';
import { systemClock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import { IMPORT_GROUPS, type ImportGroup } from '../../importers/types.ts';
import { createLog } from '../../logger.ts';
import { downloadOdsFiles } from '../../services/download-ods.ts';
import { importFiles } from '../../services/import-files.ts';
import { openDatabase } from '../../services/open-database.ts';
import type { ImportReport } from '../../shared/import-schemas.ts';
import { type Command, DATA_DIR, JSON_FLAG } from '../command.ts';
import { type Io, table } from '../output.ts';

function progress(io: Io): ((file: string, rows: number) => void) | undefined {
  if (!io.isTty) return undefined;
  let last = 0;
  return (file, rows) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    const bar = '█'.repeat(Math.min(30, Math.floor(Math.log2(rows + 1) * 2))).padEnd(30, '░');
    process.stderr.write(`\r${bar} ${file}: ${rows.toLocaleString('en-GB')} rows read`);
  };
}

function printReports(io: Io, reports: ImportReport[], json: boolean): void {
  if (json) {
    const one = (r: ImportReport) => ({
      file: r.file,
      kind: r.kind,
      vintage: r.vintage,
      current: r.current,
      dry_run: r.dry_run,
      read: r.read,
      created: r.created,
      changed: r.changed,
      closed: r.closed,
      unchanged: r.unchanged,
      skipped: r.skipped,
      changes: r.changes.map((c) => ({
        code: c.code,
        kind: c.kind,
        change: c.change,
        field: c.field,
        from: c.from,
        to: c.to,
        effective_on: c.effective_on,
      })),
      skipped_rows: r.skipped_rows,
    });
    if (reports.length === 1) io.out(JSON.stringify(one(reports[0]!)));
    else {
      const sum = (k: 'read' | 'created' | 'changed' | 'closed' | 'unchanged' | 'skipped') =>
        reports.reduce((n, r) => n + r[k], 0);
      io.out(
        JSON.stringify({
          read: sum('read'),
          created: sum('created'),
          changed: sum('changed'),
          closed: sum('closed'),
          unchanged: sum('unchanged'),
          skipped: sum('skipped'),
          changes: reports.flatMap((r) => one(r).changes),
          files: reports.map(one).map(({ changes: _, ...rest }) => rest),
        }),
      );
    }
    return;
  }
  if (io.isTty) process.stderr.write('\r\x1b[K');
  io.out(
    table([
      ['file', 'kind', 'vintage', 'read', 'created', 'changed', 'closed', 'unchanged', 'skipped'],
      ...reports.map((r) => [
        r.file,
        r.kind,
        `${r.vintage ?? '-'}${r.current ? '' : ' (older: history only)'}`,
        r.read,
        r.created,
        r.changed,
        r.closed,
        r.unchanged,
        r.skipped,
      ]),
    ]),
  );
  for (const r of reports) {
    for (const s of r.skipped_rows.slice(0, 20))
      io.out(`skipped ${s.file}:${s.line}: ${s.field}: ${s.message}`);
    const moves = r.changes.filter((c) => c.change !== 'opened' && c.change !== 'joined');
    for (const c of moves.slice(0, 10))
      io.out(
        `  ${c.change} ${c.kind} ${c.code}${c.field ? ` ${c.field}` : ''}: ${c.from ?? '—'} → ${c.to ?? '—'}${c.effective_on ? ` (${c.effective_on})` : ''}`,
      );
    if (moves.length > 10) io.out(`  … and ${moves.length - 10} more changes (--json lists them all)`);
  }
  if (reports.some((r) => r.dry_run)) io.out('Dry run: nothing was written.');
}

function importCommand(group: ImportGroup, what: string): Command {
  return {
    summary: `Import ${what}, bringing the Atlas up to date and keeping the history`,
    usage: `atlas import ${group} <file-or-folder>…${group === 'ods' ? ' | --download' : ''} [--dry-run] [--skip-invalid] [--json]`,
    options: {
      'dry-run': { type: 'boolean', description: 'report what would change; write nothing' },
      'skip-invalid': {
        type: 'boolean',
        description: 'leave bad rows out (listed in the report) instead of refusing the load',
      },
      ...(group === 'ods'
        ? {
            download: {
              type: 'boolean' as const,
              description: 'fetch the current ODS files from NHS England first (addresses: ATLAS_ODS_URLS)',
            },
          }
        : {}),
      json: JSON_FLAG,
      'data-dir': DATA_DIR,
    },
    async run(v, p, io) {
      const config = withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });
      let paths = p;
      let cleanup: () => void = () => {};
      if (v.download) {
        const d = await downloadOdsFiles(config.odsUrls, (msg) => io.err(msg));
        paths = [...p, d.dir];
        cleanup = d.cleanup;
      }
      if (paths.length === 0)
        throw new DomainError(
          'invalid',
          `expected files or folders to import (${IMPORT_GROUPS[group].join(', ')})`,
        );
      const db = await openDatabase(config, createLog('warn'), { handleSignals: true });
      try {
        const reports = await importFiles(db, systemClock, paths, {
          group,
          dryRun: Boolean(v['dry-run']),
          skipInvalid: Boolean(v['skip-invalid']),
          via: v.download ? 'download' : 'cli',
          actorEmail: 'cli',
          onProgress: progress(io),
        });
        printReports(io, reports, Boolean(v.json));
        return 0;
      } finally {
        await db.close();
        cleanup();
      }
    },
  };
}

export const importOds = importCommand(
  'ods',
  'ODS files: sub-ICB locations (eccg), trusts (etr), GP practices (epraccur), PCNs (ePCN)',
);
export const importGeography = importCommand(
  'geography',
  'ONS LSOA → sub-ICB location → ICB (→ local authority) lookups',
);
export const importDeprivation = importCommand(
  'deprivation',
  'IMD 2019 by LSOA, practice and PCN, and practice list sizes',
);
