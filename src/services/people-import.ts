import { DomainError, isDomainError } from '../core/errors.ts';
import { normaliseForMatch } from '../core/people.ts';
import {
  type PeopleFile,
  type PeopleFileRow,
  type PersonFields,
  readPeopleFile,
} from '../importers/people-file.ts';
import { formatRowError } from '../importers/types.ts';
import type { PeopleImportReport } from '../shared/people-schemas.ts';
import type { Db, Queryable } from '../storage/db.ts';
import { loadPeopleCtx, type PeopleCtx } from '../storage/people-ctx.ts';
import { type PersonRow, peopleRepo } from '../storage/people-repo.ts';
import { inWorkspace } from '../storage/workspace-scope.ts';
import { createPerson, createPost, updatePerson } from './people.ts';
import { type Actor, auditPeopleChange } from './people-audit.ts';
import { isSuppressed } from './suppression.ts';

/**
 * Applies a people-and-posts template with the import model of the ODS importers (docs/imports.md):
 * every row is read and checked, then applied in ONE transaction, each row through the same
 * services as the API (createPerson, updatePerson, createPost), so a row obeys exactly the API's
 * rules. One bad row refuses the whole file — nothing is written and every bad row is listed with
 * its line and column — unless `skipInvalid`, when the good rows land and the bad ones are listed
 * in the report. A dry run does all the work and rolls it back. Each row runs inside a SAVEPOINT,
 * so a row that fails cannot abort the transaction for the rows after it.
 */

/** How a people import is asked for. */
export interface PeopleImportOptions {
  actor: Actor;
  /** today, YYYY-MM-DD, from the app's clock */
  today: string;
  dryRun?: boolean;
  /** Leave bad rows out (listed in the report) instead of refusing the whole file. */
  skipInvalid?: boolean;
  /** The name shown in the report and errors (an upload's original file name). */
  displayName?: string;
  /** Where the request came from, for the hint in a refusal: `--skip-invalid` or `skip_invalid=true`. */
  via?: 'cli' | 'upload';
}

class DryRunRollback extends Error {}
class Refused extends Error {}

/** The columns of a person compared between a file and the Atlas (and between a person's rows). */
const PERSON_KEYS = [
  'honorific',
  'given_name',
  'family_name',
  'postnominals',
  'professions',
  'specialty',
  'email',
  'phone',
  'work_address',
  'do_not_contact',
  'engaged',
  'source',
  'lawful_basis',
  'last_verified_on',
] as const satisfies readonly (keyof PersonFields)[];
type PersonKey = (typeof PERSON_KEYS)[number];
/** Contact columns an export leaves blank for a do-not-contact person; blank there keeps what is held. */
const CONTACT_KEYS: readonly PersonKey[] = ['email', 'phone', 'work_address'];
/**
 * Columns of the template that a file made from an older template lacks (read as null): such a
 * file keeps what is held for them, and someone new gets the API's default.
 */
const OPTIONAL_KEYS: readonly PersonKey[] = ['engaged'];

/** The API's field names as template columns, for a post's errors. */
const POST_FIELD_COLUMN: Record<string, string> = {
  title: 'post_title',
  valid_from: 'post_valid_from',
  valid_to: 'post_valid_to',
  person_id: 'person_id',
  organisation_code: 'organisation_code',
  network_code: 'network_code',
  persona_code: 'persona_code',
  level: 'level',
  source: 'source',
  last_verified_on: 'last_verified_on',
};

/**
 * Reads a template file and applies it to a workspace (see the module comment). Returns the
 * report; throws DomainError('invalid') when the file is not a template, and when it has bad rows
 * and `skipInvalid` is not set (then nothing is written; `details.errors` lists every bad row as
 * `file:line:column`, `details.report` is the report the good rows would have given).
 */
export async function importPeopleFile(
  db: Db,
  path: string,
  opts: PeopleImportOptions,
): Promise<PeopleImportReport> {
  const file = await readPeopleFile(path, opts.displayName ? { displayName: opts.displayName } : {});
  return applyPeopleFile(db, file, opts);
}

/** Applies a read template to the actor's workspace in one transaction (see importPeopleFile). */
export async function applyPeopleFile(
  db: Db,
  file: PeopleFile,
  opts: PeopleImportOptions,
): Promise<PeopleImportReport> {
  let report: PeopleImportReport | undefined;
  try {
    await inWorkspace(db, opts.actor.workspaceId, async (tx) => {
      const ctx = await loadPeopleCtx(tx, opts.actor.workspaceId, opts.today);
      const applied = await applyRows(tx, ctx, opts.actor, file);
      report = {
        dry_run: Boolean(opts.dryRun),
        file: file.file,
        rows: file.read,
        people: applied.people,
        posts: applied.posts,
        suppressed: applied.suppressed,
        errors: [...file.errors, ...applied.errors]
          .sort((a, b) => a.line - b.line)
          .map((e) => ({ line: e.line, field: e.field, message: e.message })),
      };
      if (report.errors.length > 0 && !opts.skipInvalid) throw new Refused();
      if (opts.dryRun) throw new DryRunRollback();
      await auditPeopleChange(tx, opts.actor, {
        action: 'people.imported',
        targetType: 'people_import',
        targetId: null,
        personIds: applied.touched,
        fields: [],
        details: {
          format: file.format,
          rows: report.rows,
          people: report.people,
          posts: report.posts,
          suppressed: report.suppressed,
          skipped_rows: report.errors.length,
        },
      });
    });
  } catch (e) {
    if (e instanceof DryRunRollback) return report!;
    if (e instanceof Refused) throw refusal(report!, opts.via ?? 'cli');
    throw e;
  }
  // fresh planner statistics after a bulk write (no autovacuum in the embedded database)
  await db.query('SELECT atlas_analyze_people()');
  return report!;
}

/** The error for a file with bad rows: the first in full, and all of them in `details.errors`. */
function refusal(report: PeopleImportReport, via: 'cli' | 'upload'): DomainError {
  const bad = report.errors.map((e) => ({ file: report.file, ...e }));
  const hint = via === 'cli' ? '--skip-invalid' : 'skip_invalid=true';
  return new DomainError(
    'invalid',
    `${formatRowError(bad[0]!)}${bad.length > 1 ? ` (and ${bad.length - 1} more bad rows)` : ''}; nothing was written (${hint} leaves bad rows out)`,
    {
      errors: bad.slice(0, 100).map((e) => ({ field: `${e.file}:${e.line}:${e.field}`, message: e.message })),
      report,
    },
  );
}

interface Applied {
  people: PeopleImportReport['people'];
  posts: PeopleImportReport['posts'];
  suppressed: number;
  errors: { line: number; field: string; message: string }[];
  /** ids of the people created, changed or given a post */
  touched: number[];
}

/** What one person key resolved to in this file: a person, or a suppressed (erased) person. */
type Resolved =
  | { kind: 'person'; id: number; line: number; fields: PersonFields }
  | { kind: 'suppressed'; line: number; fields: PersonFields };

/**
 * Applies the rows in file order, each in its own savepoint: a person is matched by person_id
 * (which must be in this workspace), else by email, else (no email given) by name, else created —
 * unless the suppression list holds them: then their rows are skipped and counted as suppressed. A
 * post identical to one held (same person, holder, title and dates) is unchanged, else created.
 * Counts are of distinct people.
 */
export async function applyRows(
  tx: Queryable,
  ctx: PeopleCtx,
  actor: Actor,
  file: PeopleFile,
): Promise<Applied> {
  const repo = peopleRepo(tx, ctx);
  const seen = new Map<string, Resolved>();
  const created = new Set<number>();
  const updated = new Set<number>();
  const unchanged = new Set<number>();
  const touched = new Set<number>();
  const suppressedKeys = new Set<string>();
  const posts = { created: 0, unchanged: 0 };
  const errors: Applied['errors'] = [];

  for (const row of file.rows) {
    const key = personKey(row);
    const before = seen.get(key);
    if (before) {
      const differs = PERSON_KEYS.find((k) => !sameValue(k, before.fields[k], row.person[k]));
      if (differs) {
        errors.push({
          line: row.line,
          field: differs,
          message: `differs from line ${before.line} for the same person: a person's columns must be the same on each of their rows`,
        });
        continue;
      }
      if (before.kind === 'suppressed') continue;
    }
    await tx.query('SAVEPOINT people_row');
    let phase: 'person' | 'post' = 'person';
    try {
      let personId: number;
      let outcome: 'created' | 'updated' | 'unchanged' | null = null;
      if (before?.kind === 'person') {
        personId = before.id;
      } else {
        const existing = await findExisting(tx, ctx, row);
        if (existing) {
          personId = existing.id;
          const patch = personPatch(existing, row.person);
          if (patch) {
            await updatePerson(tx, ctx, actor, existing.id, { ...patch, version: existing.version });
            outcome = 'updated';
          } else outcome = 'unchanged';
        } else {
          if (await isSuppressed(tx, ctx.workspaceId, row.person)) {
            await tx.query('RELEASE SAVEPOINT people_row');
            seen.set(key, { kind: 'suppressed', line: row.line, fields: row.person });
            suppressedKeys.add(key);
            continue;
          }
          const p = await createPerson(tx, ctx, actor, {
            ...row.person,
            engaged: row.person.engaged ?? false,
          });
          personId = p.id;
          outcome = 'created';
        }
      }
      phase = 'post';
      let postOutcome: 'created' | 'unchanged' | null = null;
      if (row.post) {
        const post = row.post;
        const holder = post.organisation_code
          ? await repo.findHolder('organisation', post.organisation_code)
          : await repo.findHolder('network', post.network_code!);
        if (holder && (await samePostHeld(tx, ctx, personId, holder, post))) postOutcome = 'unchanged';
        else {
          await createPost(tx, ctx, actor, {
            person_id: personId,
            ...(post.organisation_code ? { organisation_code: post.organisation_code } : {}),
            ...(post.network_code ? { network_code: post.network_code } : {}),
            title: post.title,
            persona_code: post.persona_code,
            ...(post.level ? { level: post.level } : {}),
            valid_from: post.valid_from,
            valid_to: post.valid_to,
            source: row.person.source || null,
            last_verified_on: row.person.last_verified_on,
          });
          postOutcome = 'created';
        }
      }
      await tx.query('RELEASE SAVEPOINT people_row');
      // Only a row that landed whole counts.
      if (!before) seen.set(key, { kind: 'person', id: personId, line: row.line, fields: row.person });
      if (outcome === 'created') created.add(personId);
      if (outcome === 'updated') updated.add(personId);
      if (outcome === 'unchanged') unchanged.add(personId);
      if (outcome === 'created' || outcome === 'updated' || postOutcome === 'created') touched.add(personId);
      if (postOutcome === 'created') posts.created++;
      if (postOutcome === 'unchanged') posts.unchanged++;
    } catch (e) {
      await tx.query('ROLLBACK TO SAVEPOINT people_row');
      await tx.query('RELEASE SAVEPOINT people_row');
      errors.push(...rowErrors(e, row.line, phase));
    }
  }
  const changed = new Set([...updated].filter((id) => !created.has(id)));
  return {
    people: {
      created: created.size,
      updated: changed.size,
      unchanged: [...unchanged].filter((id) => !created.has(id) && !changed.has(id)).length,
    },
    posts,
    suppressed: suppressedKeys.size,
    errors,
    touched: [...touched],
  };
}

/** The key under which a file's rows are one person: their id, else their email, else their name. */
function personKey(row: PeopleFileRow): string {
  if (row.person_id !== null) return `id:${row.person_id}`;
  if (row.person.email) return `email:${normaliseForMatch(row.person.email)}`;
  return `name:${normaliseForMatch(`${row.person.given_name} ${row.person.family_name}`)}`;
}

/**
 * The person a row is about: by person_id (must be in this workspace), else by email, else (a row
 * with no email) the one person of the same name; null: someone new.
 */
async function findExisting(tx: Queryable, ctx: PeopleCtx, row: PeopleFileRow): Promise<PersonRow | null> {
  const repo = peopleRepo(tx, ctx);
  if (row.person_id !== null) {
    const r = await repo.findPersonRow(row.person_id);
    if (!r)
      throw new DomainError('invalid', `person_id: no person ${row.person_id} in this workspace`, {
        errors: [
          {
            field: 'person_id',
            message: `no person ${row.person_id} in this workspace (leave it blank for someone new)`,
          },
        ],
      });
    return r;
  }
  if (row.person.email) {
    const ids = await tx.query<{ id: number }>(
      'SELECT id FROM people WHERE workspace_id = $1 AND lower(btrim(email)) = lower(btrim($2)) ORDER BY id LIMIT 2',
      [ctx.workspaceId, row.person.email],
    );
    if (ids.length > 1) throw several('email', 'several people in this workspace have this email');
    return ids[0] ? repo.findPersonRow(ids[0].id) : null;
  }
  // No id and no email: the one person of the same name (so that the same file imports twice the same).
  if (!row.person.given_name || !row.person.family_name) return null;
  const want = normaliseForMatch(`${row.person.given_name} ${row.person.family_name}`);
  const named = await tx.query<{ id: number; given_name: string; family_name: string }>(
    `SELECT id, given_name, family_name FROM people
     WHERE workspace_id = $1 AND lower(family_name) = lower($2) ORDER BY id`,
    [ctx.workspaceId, row.person.family_name],
  );
  const same = named.filter((p) => normaliseForMatch(`${p.given_name} ${p.family_name}`) === want);
  if (same.length > 1) throw several('family_name', 'several people in this workspace have this name');
  return same[0] ? repo.findPersonRow(same[0].id) : null;
}

function several(field: string, what: string): DomainError {
  const message = `${what}: give the person_id to say which`;
  return new DomainError('invalid', `${field}: ${message}`, { errors: [{ field, message }] });
}

/** Two values of a person column the same (emails without regard to case, professions as sets). */
function sameValue(k: PersonKey, a: unknown, b: unknown): boolean {
  if (k === 'professions')
    return [...(a as string[])].sort().join(';') === [...(b as string[])].sort().join(';');
  const norm = (v: unknown) => (v === undefined || v === null || v === '' ? null : v);
  const x = norm(a);
  const y = norm(b);
  if (k === 'email' && typeof x === 'string' && typeof y === 'string')
    return x.toLowerCase() === y.toLowerCase();
  return x === y;
}

/** A row's changes to a person: the columns it changes (an optional one only when the file has it). */
type PersonPatch = Partial<Omit<PersonFields, 'engaged'>> & { engaged?: boolean };

/**
 * The changes a row makes to a person held, or null when it makes none. Blank contact columns on a
 * do-not-contact row keep what is held (the export leaves them blank for such a person), and so
 * does a column the file does not have (an older template without `engaged`).
 */
function personPatch(held: PersonRow, row: PersonFields): PersonPatch | null {
  const patch: Record<string, unknown> = {};
  for (const k of PERSON_KEYS) {
    if (row.do_not_contact && CONTACT_KEYS.includes(k) && !row[k]) continue;
    if (OPTIONAL_KEYS.includes(k) && row[k] === null) continue;
    if (!sameValue(k, held[k], row[k])) patch[k] = row[k];
  }
  return Object.keys(patch).length > 0 ? (patch as PersonPatch) : null;
}

/** Whether the person already holds this post: same holder, title (case and spacing aside) and dates. */
async function samePostHeld(
  tx: Queryable,
  ctx: PeopleCtx,
  personId: number,
  holder: { type: 'organisation' | 'network'; id: number },
  post: { title: string; valid_from: string | null; valid_to: string | null },
): Promise<boolean> {
  const same = await peopleRepo(tx, ctx).samePosts(
    personId,
    {
      organisation_id: holder.type === 'organisation' ? holder.id : null,
      network_id: holder.type === 'network' ? holder.id : null,
    },
    post.title,
  );
  return same.some((s) => s.valid_from === post.valid_from && s.valid_to === post.valid_to);
}

/** A failed row's errors, against the template's columns. */
function rowErrors(e: unknown, line: number, phase: 'person' | 'post'): Applied['errors'] {
  if (!isDomainError(e)) {
    return [{ line, field: 'row', message: `could not be saved (${(e as Error).message ?? String(e)})` }];
  }
  const column = (f: string) => (phase === 'post' ? (POST_FIELD_COLUMN[f] ?? f) : f);
  const listed = e.details?.errors as { field: string; message: string }[] | undefined;
  if (listed && listed.length > 0) {
    return listed.map((x) => ({ line, field: column(x.field || 'row'), message: x.message }));
  }
  const m = /^([a-z_]+): (.*)$/s.exec(e.message);
  return [m ? { line, field: column(m[1]!), message: m[2]! } : { line, field: 'row', message: e.message }];
}
