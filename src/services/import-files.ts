import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../core/clock.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import { readImportFile } from '../importers/read-file.ts';
import {
  FILE_KINDS,
  type FileKind,
  formatRowError,
  IMPORT_GROUPS,
  type ImportGroup,
  type ReadResult,
} from '../importers/types.ts';
import type { ImportReport } from '../shared/import-schemas.ts';
import type { Db, Queryable } from '../storage/db.ts';
import { applyBoundaries, applyLsoas, applyMeasures } from './apply-areas.ts';
import {
  type ApplyContext,
  type ApplyOutcome,
  applyMemberships,
  applyOrgs,
  applySuccessions,
  emptyOutcome,
} from './apply-orgs.ts';

/** How an import is asked for. */
export interface ImportOptions {
  group: ImportGroup;
  dryRun?: boolean;
  /** Leave bad rows out (listed in the report) instead of refusing the whole load. */
  skipInvalid?: boolean;
  via: 'cli' | 'upload' | 'download';
  actorEmail?: string | null;
  /** Names to show for paths (an upload's original file name). */
  displayNames?: Map<string, string>;
  onProgress?: (file: string, rowsRead: number) => void;
}

/** The order files are applied in: parents before children, then oldest vintage first. */
const KIND_ORDER: FileKind[] = [
  'eccg',
  'etr',
  'epcn_details',
  'epraccur',
  'epcn_members',
  'ods_successions',
  'ons_lsoa',
  'imd_lsoa',
  'imd_practice',
  'imd_pcn',
  'practice_demographics',
  'boundaries',
];

class DryRunRollback extends Error {}

function expand(paths: string[]): { file: string; explicit: boolean }[] {
  return paths.flatMap((p): { file: string; explicit: boolean }[] => {
    if (!fs.existsSync(p)) throw new DomainError('not_found', `${p}: no such file or folder`);
    if (fs.statSync(p).isDirectory()) {
      return fs
        .readdirSync(p)
        .filter((f) => !f.startsWith('.') && fs.statSync(path.join(p, f)).isFile())
        .sort()
        .map((f) => ({ file: path.join(p, f), explicit: false }));
    }
    return [{ file: p, explicit: true }];
  });
}

/** Whether a newer vintage of this kind is already loaded (then this file only fills in history). */
async function isCurrent(q: Queryable, kind: FileKind, vintage: string | null): Promise<boolean> {
  if (!vintage) return true;
  const [r] = await q.query<{ latest: string | null }>(
    'SELECT max(vintage) AS latest FROM imports WHERE kind = $1 AND current',
    [kind],
  );
  return !r?.latest || vintage >= r.latest;
}

async function applyOne(
  q: Queryable,
  read: ReadResult,
  ctx: ApplyContext,
): Promise<ApplyOutcome & { unresolved?: number }> {
  const total = emptyOutcome();
  const merge = (o: ApplyOutcome) => {
    total.created += o.created;
    total.changed += o.changed;
    total.closed += o.closed;
    total.unchanged += o.unchanged;
    total.changes.push(...o.changes);
    total.errors.push(...o.errors);
    total.ignored = (total.ignored ?? 0) + (o.ignored ?? 0);
  };
  if (read.orgs.length > 0) merge(await applyOrgs(q, read.orgs, ctx));
  if (read.memberships.length > 0) merge(await applyMemberships(q, read.memberships, ctx));
  if (read.lsoas.length > 0) merge(await applyLsoas(q, read.lsoas, ctx));
  if (read.measures.length > 0) merge(await applyMeasures(q, read.measures, ctx));
  if (read.boundaries && read.boundaries.length > 0) merge(await applyBoundaries(q, read.boundaries, ctx));
  if (read.successions && read.successions.length > 0)
    merge(await applySuccessions(q, read.successions, ctx));
  return total;
}

/**
 * Imports NHS and ONS files (or every recognised file in a folder): reads and checks them all
 * first — a bad row stops the load before anything is written, unless `skipInvalid` — then applies
 * each file in its own transaction, parents before children and oldest vintage first, so the
 * history comes out in order. A dry run does the same work and rolls it back.
 */
export async function importFiles(
  db: Db,
  clock: Clock,
  paths: string[],
  opts: ImportOptions,
): Promise<ImportReport[]> {
  const wanted: readonly FileKind[] = IMPORT_GROUPS[opts.group];
  const reads: { file: string; read: ReadResult; sha256: string }[] = [];
  for (const { file, explicit } of expand(paths)) {
    const name = opts.displayNames?.get(file) ?? path.basename(file);
    let read: ReadResult;
    try {
      read = await readImportFile(file, { displayName: name, onProgress: (n) => opts.onProgress?.(name, n) });
    } catch (e) {
      if (!explicit && isDomainError(e)) continue; // a folder may hold other files
      throw e;
    }
    if (!wanted.includes(read.kind)) {
      if (!explicit) continue;
      const group = (Object.keys(IMPORT_GROUPS) as ImportGroup[]).find((g) =>
        (IMPORT_GROUPS[g] as readonly FileKind[]).includes(read.kind),
      );
      throw new DomainError(
        'invalid',
        `${name}: this is ${read.kind === 'epraccur' ? 'an' : 'a'} ${read.kind} file: import it with \`atlas import ${group}\``,
      );
    }
    const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    reads.push({ file: name, read, sha256 });
  }
  if (reads.length === 0) {
    throw new DomainError(
      'invalid',
      `no ${opts.group} files found in ${paths.join(', ')}: expected ${wanted.join(', ')}`,
    );
  }
  const bad = reads.flatMap((r) => r.read.errors);
  if (bad.length > 0 && !opts.skipInvalid) {
    throw new DomainError(
      'invalid',
      `${formatRowError(bad[0]!)}${bad.length > 1 ? ` (and ${bad.length - 1} more bad rows)` : ''}; nothing was written (--skip-invalid leaves bad rows out)`,
      {
        errors: bad
          .slice(0, 100)
          .map((e) => ({ field: `${e.file}:${e.line}:${e.field}`, message: e.message })),
      },
    );
  }
  reads.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.read.kind) - KIND_ORDER.indexOf(b.read.kind) ||
      (a.read.vintage ?? '').localeCompare(b.read.vintage ?? '') ||
      a.file.localeCompare(b.file),
  );

  const reports: ImportReport[] = [];
  for (const { file, read, sha256 } of reads) {
    const started = clock.now();
    let report: ImportReport | undefined;
    try {
      await db.transaction(async (tx) => {
        const vintage = read.vintage ?? started.toISOString().slice(0, 10);
        const current = await isCurrent(tx, read.kind, read.vintage);
        let importId: number | null = null;
        if (!opts.dryRun) {
          const [row] = await tx.query<{ id: number }>(
            `INSERT INTO imports (kind, format, file_name, sha256, vintage, current, via, actor_email, started_at, finished_at, counts)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, '{}') RETURNING id`,
            [
              read.kind,
              read.format,
              file,
              sha256,
              read.vintage,
              current,
              opts.via,
              opts.actorEmail ?? null,
              started.toISOString(),
            ],
          );
          importId = row!.id;
        }
        const o = await applyOne(tx, read, { importId, file, vintage, current });
        if (o.errors.length > 0 && !opts.skipInvalid) {
          const e = o.errors[0]!;
          throw new DomainError(
            'invalid',
            `${formatRowError(e)}${o.errors.length > 1 ? ` (and ${o.errors.length - 1} more bad rows)` : ''}; nothing of this file was written (--skip-invalid leaves bad rows out)`,
          );
        }
        const skippedRows = [...read.errors, ...o.errors];
        report = {
          id: importId,
          file,
          kind: read.kind,
          format: read.format,
          vintage: read.vintage,
          current,
          dry_run: Boolean(opts.dryRun),
          read: read.read,
          created: o.created,
          changed: o.changed,
          closed: o.closed,
          unchanged: o.unchanged,
          skipped: skippedRows.length,
          ignored: read.ignored + (o.ignored ?? 0),
          changes: o.changes,
          skipped_rows: skippedRows,
        };
        if (opts.dryRun) throw new DryRunRollback();
        const counts = {
          read: report.read,
          created: o.created,
          changed: o.changed,
          closed: o.closed,
          unchanged: o.unchanged,
          skipped: report.skipped,
          ignored: read.ignored,
        };
        await tx.query('UPDATE imports SET finished_at = $2, counts = $3, skipped_rows = $4 WHERE id = $1', [
          importId,
          clock.now().toISOString(),
          JSON.stringify(counts),
          JSON.stringify(skippedRows.slice(0, 1000)),
        ]);
      });
    } catch (e) {
      if (e instanceof DryRunRollback) {
        // the dry run's work is undone; its report stands
      } else if (isDomainError(e)) {
        throw e;
      } else {
        throw new DomainError(
          'internal',
          `${file}: the import failed and nothing of this file was written (${(e as Error).message})`,
        );
      }
    }
    reports.push(report!);
  }
  // New rows change the data's shape a lot: give the planner fresh statistics (no autovacuum in PGlite).
  if (!opts.dryRun) await db.query('SELECT atlas_analyze_landscape()');
  return reports;
}

/** The kinds an import group takes, for help texts. */
export const groupKinds = (g: ImportGroup): readonly string[] => IMPORT_GROUPS[g];
export { FILE_KINDS };
