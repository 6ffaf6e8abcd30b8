import ExcelJS from 'exceljs';
import { searchWords } from '../core/paging.ts';
import type { Level, Profession } from '../core/people.ts';
import { PEOPLE_COLUMN_NAMES, PEOPLE_COLUMNS } from '../importers/people-file.ts';
import { toCsv } from '../shared/csv.ts';
import type { Db, Queryable } from '../storage/db.ts';
import { loadPeopleCtx, openOnSql, type PeopleCtx, staleSql } from '../storage/people-ctx.ts';
import { inWorkspace } from '../storage/workspace-scope.ts';
import { type Actor, auditPeopleChange } from './people-audit.ts';

/**
 * The people-and-posts export and the blank template: the template's columns, one row per post (a
 * person with no post has one row with the post columns empty), person_id filled so that the file
 * re-imports as updates. A do-not-contact person is exported with email, phone and work_address
 * blank, whatever the format; every export is audited with its row count.
 */

/** One row of the template: a value (possibly '') for every column. */
export type TemplateRow = Record<string, string | number>;

/** The people filters an export takes (the API's PeopleFilter without paging). */
export interface PeopleExportFilter {
  q?: string | undefined;
  persona?: string | undefined;
  organisation?: string | undefined;
  network?: string | undefined;
  level?: Level | undefined;
  profession?: Profession | undefined;
  stale?: 'true' | 'false' | undefined;
  as_at?: string | undefined;
}

export type ExportFormat = 'csv' | 'xlsx';

/** A file to hand over: its bytes, type and a name to save it as. */
export interface ExportFile {
  body: string | Buffer;
  contentType: string;
  fileName: string;
  rows: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The obviously fictional example row of the template. */
export const EXAMPLE_ROW: TemplateRow = {
  person_id: '',
  honorific: 'Dr',
  given_name: 'Ada',
  family_name: 'Testwell',
  postnominals: 'MRCGP',
  professions: 'gp;manager',
  specialty: 'Respiratory medicine',
  email: 'ada.testwell@example.org',
  phone: '020 7946 0000',
  work_address: 'Example House, 1 Sample Street, Testtown',
  do_not_contact: 'no',
  engaged: 'no',
  source: 'Example: replace with where the record comes from',
  lawful_basis: 'legitimate_interests',
  last_verified_on: '2026-01-15',
  organisation_code: 'QHM',
  network_code: '',
  post_title: 'Clinical lead for respiratory (example)',
  persona_code: '',
  level: 'system',
  post_valid_from: '2024-04-01',
  post_valid_to: '',
};

interface ExportRecord {
  id: number;
  honorific: string | null;
  given_name: string;
  family_name: string;
  postnominals: string | null;
  professions: string[];
  specialty: string | null;
  email: string | null;
  phone: string | null;
  work_address: string | null;
  do_not_contact: boolean;
  engaged: boolean;
  source: string;
  lawful_basis: string;
  last_verified_on: string | null;
  org_code: string | null;
  net_code: string | null;
  title: string | null;
  persona_code: string | null;
  level: string | null;
  valid_from: string | null;
  valid_to: string | null;
}

/**
 * The template rows of a workspace's people matching `f` (post filters: a post open on `as_at`,
 * default today, as the people list reads them), each with every post they hold, past and future.
 * Run inside the workspace's transaction.
 */
export async function peopleExportRows(
  tx: Queryable,
  ctx: PeopleCtx,
  f: PeopleExportFilter,
): Promise<{ rows: TemplateRow[]; people: number }> {
  const params: unknown[] = [ctx.workspaceId];
  const where = ['p.workspace_id = $1'];
  for (const w of searchWords(f.q ?? '')) {
    params.push(`%${w}%`);
    const n = `$${params.length}`;
    where.push(`(lower(p.given_name || ' ' || p.family_name) LIKE ${n} OR lower(p.email) LIKE ${n})`);
  }
  if (f.profession) {
    params.push(f.profession);
    where.push(`$${params.length} = ANY(p.professions)`);
  }
  if (f.stale !== undefined) {
    params.push(ctx.staleBefore);
    const s = staleSql('p.last_verified_on', `$${params.length}`);
    where.push(f.stale === 'true' ? s : `NOT ${s}`);
  }
  const postWhere: string[] = [];
  if (f.persona) {
    params.push(f.persona);
    postWhere.push(
      `fp.persona_id IN (SELECT id FROM personas WHERE code = $${params.length} AND (workspace_id IS NULL OR workspace_id = $1))`,
    );
  }
  if (f.organisation) {
    params.push(f.organisation);
    postWhere.push(
      `fp.organisation_id = (SELECT id FROM organisations WHERE upper(code) = upper($${params.length}))`,
    );
  }
  if (f.network) {
    params.push(f.network);
    postWhere.push(`fp.network_id = (SELECT id FROM networks WHERE lower(code) = lower($${params.length}))`);
  }
  if (f.level) {
    params.push(f.level);
    postWhere.push(`fp.level = $${params.length}`);
  }
  if (postWhere.length > 0) {
    params.push(f.as_at ?? ctx.today);
    postWhere.push(openOnSql('fp', `$${params.length}`));
    where.push(`EXISTS (SELECT 1 FROM posts fp WHERE fp.workspace_id = $1 AND fp.person_id = p.id
      AND ${postWhere.join(' AND ')})`);
  }
  const records = await tx.query<ExportRecord>(
    `SELECT p.id, p.honorific, p.given_name, p.family_name, p.postnominals, p.professions, p.specialty,
       p.email, p.phone, p.work_address, p.do_not_contact, p.engaged, p.source, p.lawful_basis, p.last_verified_on,
       o.code AS org_code, n.code AS net_code, po.title, pa.code AS persona_code, po.level,
       po.valid_from, po.valid_to
     FROM people p
     LEFT JOIN posts po ON po.person_id = p.id AND po.workspace_id = $1
     LEFT JOIN organisations o ON o.id = po.organisation_id
     LEFT JOIN networks n ON n.id = po.network_id
     LEFT JOIN personas pa ON pa.id = po.persona_id
     WHERE ${where.join(' AND ')}
     ORDER BY p.family_name, p.given_name, p.id, po.valid_from NULLS FIRST, po.id`,
    params,
  );
  const people = new Set(records.map((r) => r.id));
  return { rows: records.map(templateRow), people: people.size };
}

/** A record as a template row; a do-not-contact person's contact details are left out. */
function templateRow(r: ExportRecord): TemplateRow {
  const dnc = r.do_not_contact;
  return {
    person_id: r.id,
    honorific: r.honorific ?? '',
    given_name: r.given_name,
    family_name: r.family_name,
    postnominals: r.postnominals ?? '',
    professions: r.professions.join(';'),
    specialty: r.specialty ?? '',
    email: dnc ? '' : (r.email ?? ''),
    phone: dnc ? '' : (r.phone ?? ''),
    work_address: dnc ? '' : (r.work_address ?? ''),
    do_not_contact: dnc ? 'yes' : 'no',
    engaged: r.engaged ? 'yes' : 'no',
    source: r.source,
    lawful_basis: r.lawful_basis,
    last_verified_on: r.last_verified_on ?? '',
    organisation_code: r.org_code ?? '',
    network_code: r.net_code ?? '',
    post_title: r.title ?? '',
    persona_code: r.persona_code ?? '',
    level: r.level ?? '',
    post_valid_from: r.valid_from ?? '',
    post_valid_to: r.valid_to ?? '',
  };
}

/** Template rows as CSV (the house CSV: CRLF, cells that look like formulas neutralised). */
export function templateCsv(rows: readonly TemplateRow[]): string {
  return toCsv(
    rows,
    PEOPLE_COLUMN_NAMES.map((name) => ({ header: name, value: (r: TemplateRow) => r[name] ?? '' })),
  );
}

/**
 * Template rows as an XLSX workbook: the sheet "People and posts" (every cell text, so dates and
 * phone numbers stay as written; person_id a number), and a second sheet "Columns" giving each
 * column's meaning and allowed values.
 */
export async function templateXlsx(rows: readonly TemplateRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Clinical Network Atlas';
  const sheet = wb.addWorksheet('People and posts', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = PEOPLE_COLUMN_NAMES.map((name) => ({
    header: name,
    key: name,
    width: Math.max(12, Math.min(40, name.length + 4)),
    style: { numFmt: name === 'person_id' ? '0' : '@' },
  }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values: Record<string, string | number | null> = {};
    for (const name of PEOPLE_COLUMN_NAMES) {
      const v = r[name];
      values[name] = v === '' || v === undefined ? null : name === 'person_id' ? Number(v) : String(v);
    }
    sheet.addRow(values);
  }
  const help = wb.addWorksheet('Columns');
  help.columns = [
    { header: 'column', key: 'column', width: 20 },
    { header: 'meaning', key: 'meaning', width: 70 },
    { header: 'allowed values', key: 'allowed', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of PEOPLE_COLUMNS) help.addRow({ column: c.name, meaning: c.meaning, allowed: c.allowed });
  help.getColumn('meaning').alignment = { wrapText: true, vertical: 'top' };
  help.getColumn('allowed').alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The blank template: the header row and one example row with an obviously fictional person. */
export async function peopleTemplate(format: ExportFormat): Promise<ExportFile> {
  return {
    body: format === 'xlsx' ? await templateXlsx([EXAMPLE_ROW]) : templateCsv([EXAMPLE_ROW]),
    contentType: CONTENT_TYPES[format],
    fileName: `atlas-people-template.${format}`,
    rows: 1,
  };
}

/**
 * Exports a workspace's people and their posts in the template's columns, audited (as
 * `people.exported`, with the row and people counts, the format and the filter) in the same
 * transaction as the read.
 */
export async function exportPeople(
  db: Db,
  actor: Actor,
  today: string,
  format: ExportFormat,
  filter: PeopleExportFilter = {},
): Promise<ExportFile> {
  const { rows } = await inWorkspace(db, actor.workspaceId, async (tx) => {
    const ctx = await loadPeopleCtx(tx, actor.workspaceId, today);
    const out = await peopleExportRows(tx, ctx, filter);
    await auditPeopleChange(tx, actor, {
      action: 'people.exported',
      targetType: 'people_export',
      targetId: null,
      personIds: [],
      fields: [],
      details: { format, rows: out.rows.length, people: out.people, filter: definedOnly(filter) },
    });
    return out;
  });
  return {
    body: format === 'xlsx' ? await templateXlsx(rows) : templateCsv(rows),
    contentType: CONTENT_TYPES[format],
    fileName: `atlas-people-${today}.${format}`,
    rows: rows.length,
  };
}

/** The filter as audited: codes and dates only; the search words may be a name, so only their presence. */
function definedOnly(f: PeopleExportFilter): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(f)) {
    if (typeof v !== 'string' || v === '') continue;
    out[k] = k === 'q' ? true : v;
  }
  return out;
}
