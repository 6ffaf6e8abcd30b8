import fs from 'node:fs';
import { loadConfig, withOverrides } from '../../config.ts';
import { systemClock } from '../../core/clock.ts';
import { today } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { createLog } from '../../logger.ts';
import { openDatabase } from '../../services/open-database.ts';
import type { Actor } from '../../services/people-audit.ts';
import { type ExportFormat, exportPeople, peopleTemplate } from '../../services/people-export.ts';
import { importPeopleFile } from '../../services/people-import.ts';
import type { PeopleImportReport } from '../../shared/people-schemas.ts';
import type { Db } from '../../storage/db.ts';
import { type Command, DATA_DIR, JSON_FLAG } from '../command.ts';
import { type Io, table } from '../output.ts';

const WORKSPACE = { type: 'string' as const, description: 'the workspace, by name' };
const FORMAT = { type: 'string' as const, description: 'csv (default) or xlsx' };
const OUT = {
  type: 'string' as const,
  description: 'write to this file (default: standard output, CSV only)',
};

function requiredFlag(v: Record<string, string | boolean | undefined>, flag: string): string {
  const x = v[flag];
  if (typeof x !== 'string' || x.trim() === '') throw new DomainError('invalid', `--${flag} is required`);
  return x.trim();
}

function formatOf(v: Record<string, string | boolean | undefined>): ExportFormat {
  const f = (v.format as string | undefined) ?? 'csv';
  if (f !== 'csv' && f !== 'xlsx') throw new DomainError('invalid', `--format: "${f}" is not csv or xlsx`);
  return f;
}

/** Opens the configured database and finds the workspace by name; the CLI acts as `cli`. */
async function withWorkspace<T>(
  v: Record<string, string | boolean | undefined>,
  fn: (db: Db, actor: Actor) => Promise<T>,
): Promise<T> {
  const name = requiredFlag(v, 'workspace');
  const config = withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });
  const db = await openDatabase(config, createLog('warn'), { handleSignals: true });
  try {
    const [w] = await db.query<{ id: number }>('SELECT id FROM workspaces WHERE name = $1', [name]);
    if (!w) throw new DomainError('not_found', `--workspace: no workspace is called "${name}"`);
    return await fn(db, { at: systemClock.now(), workspaceId: w.id, actorId: null, actorEmail: 'cli' });
  } finally {
    await db.close();
  }
}

/** Writes an export or template to --out, or CSV to standard output. */
function deliver(
  io: Io,
  v: Record<string, string | boolean | undefined>,
  body: string | Buffer,
  format: ExportFormat,
) {
  const out = v.out as string | undefined;
  if (out) {
    fs.writeFileSync(out, body);
    return out;
  }
  if (format === 'xlsx') throw new DomainError('invalid', '--format xlsx needs --out FILE');
  io.out(body as string);
  return null;
}

function printReport(io: Io, r: PeopleImportReport, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(r));
    return;
  }
  io.out(
    table([
      [
        'file',
        'rows',
        'people created',
        'updated',
        'unchanged',
        'posts created',
        'unchanged',
        'suppressed',
        'skipped',
      ],
      [
        r.file,
        r.rows,
        r.people.created,
        r.people.updated,
        r.people.unchanged,
        r.posts.created,
        r.posts.unchanged,
        r.suppressed,
        r.errors.length,
      ],
    ]),
  );
  for (const e of r.errors.slice(0, 20)) io.out(`skipped ${r.file}:${e.line}: ${e.field}: ${e.message}`);
  if (r.errors.length > 20) io.out(`… and ${r.errors.length - 20} more skipped rows (--json lists them all)`);
  if (r.suppressed > 0)
    io.out(`${r.suppressed} erased ${r.suppressed === 1 ? 'person was' : 'people were'} not imported again.`);
  if (r.dry_run) io.out('Dry run: nothing was written.');
}

export const peopleImport: Command = {
  summary: 'Import people and their posts from the people-and-posts template (CSV or XLSX)',
  usage: 'atlas people import <file> --workspace NAME [--dry-run] [--skip-invalid] [--json]',
  options: {
    workspace: WORKSPACE,
    'dry-run': { type: 'boolean', description: 'report what would change; write nothing' },
    'skip-invalid': {
      type: 'boolean',
      description: 'apply the good rows and list the bad ones, instead of refusing the file',
    },
    json: JSON_FLAG,
    'data-dir': DATA_DIR,
  },
  async run(v, p, io) {
    if (p.length !== 1 || !p[0]) throw new DomainError('invalid', 'expected one file to import');
    const file = p[0];
    const report = await withWorkspace(v, (db, actor) =>
      importPeopleFile(db, file, {
        actor,
        today: today(systemClock),
        dryRun: Boolean(v['dry-run']),
        skipInvalid: Boolean(v['skip-invalid']),
        via: 'cli',
      }),
    );
    printReport(io, report, Boolean(v.json));
    return 0;
  },
};

export const peopleExport: Command = {
  summary: "Export a workspace's people and posts in the template's columns (audited)",
  usage:
    'atlas people export --workspace NAME [--format csv|xlsx] [--out FILE] [--organisation CODE] [--network CODE] [--persona CODE]',
  options: {
    workspace: WORKSPACE,
    format: FORMAT,
    out: OUT,
    organisation: { type: 'string', description: 'only people with a post at this organisation today' },
    network: { type: 'string', description: 'only people with a post at this network today' },
    persona: { type: 'string', description: 'only people with a post of this persona today' },
    'data-dir': DATA_DIR,
  },
  async run(v, _p, io) {
    const format = formatOf(v);
    if (format === 'xlsx' && !v.out) throw new DomainError('invalid', '--format xlsx needs --out FILE');
    const f = await withWorkspace(v, (db, actor) =>
      exportPeople(db, actor, today(systemClock), format, {
        organisation: v.organisation as string | undefined,
        network: v.network as string | undefined,
        persona: v.persona as string | undefined,
      }),
    );
    const out = deliver(io, v, f.body, format);
    if (out) io.err(`Exported ${f.rows} rows to ${out}`);
    return 0;
  },
};

export const peopleTemplateCmd: Command = {
  summary: 'Write the people-and-posts template (header and one fictional example row)',
  usage: 'atlas people template [--format csv|xlsx] [--out FILE]',
  options: { format: FORMAT, out: OUT },
  async run(v, _p, io) {
    const format = formatOf(v);
    const f = await peopleTemplate(format);
    const out = deliver(io, v, f.body, format);
    if (out) io.err(`Wrote the template to ${out}`);
    return 0;
  },
};
