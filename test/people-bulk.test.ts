import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { Io } from '../src/cli/output.ts';
import { fakeClock } from '../src/core/clock.ts';
import { PEOPLE_COLUMN_NAMES, readPeopleFile } from '../src/importers/people-file.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import { addSuppression } from '../src/services/suppression.ts';
import { PeopleImportReport } from '../src/shared/people-schemas.ts';
import { Problem } from '../src/shared/schemas.ts';
import type { Db } from '../src/storage/db.ts';
import { openPglite } from '../src/storage/pglite.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, type Engine, freshDb } from './support/db.ts';
import { testDatabaseUrl } from './support/engines.ts';

const HEADER = PEOPLE_COLUMN_NAMES.join(',');

/** A CSV template from rows given as column → value (missing columns empty). */
function csv(rows: Record<string, string>[], header = PEOPLE_COLUMN_NAMES): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return `${[header.join(','), ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(','))].join('\n')}\n`;
}

/** An XLSX template from rows given as column → value (Dates written as date cells). */
async function xlsx(
  rows: Record<string, string | Date | { text: string; hyperlink: string }>[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Anything');
  sheet.addRow(PEOPLE_COLUMN_NAMES);
  for (const r of rows) sheet.addRow(PEOPLE_COLUMN_NAMES.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ADA = {
  honorific: 'Dr',
  given_name: 'Ada',
  family_name: 'Quillby',
  professions: 'gp;Manager',
  email: 'ada.quillby@example.org',
  phone: '+44 20 7946 0001',
  work_address: '1 Sample Street, Testtown',
  engaged: 'yes',
  source: 'Fictional test directory',
  last_verified_on: '2026-10-01',
};
const BRAM = {
  given_name: 'Bram',
  family_name: 'Samplewood',
  professions: 'Nurse',
  source: 'Fictional test directory',
  lawful_basis: 'Public task',
};
const CLEO = {
  given_name: 'Cleo',
  family_name: 'Placeholder',
  professions: 'pharmacist',
  email: 'cleo.placeholder@example.org',
  phone: '020 7946 0002',
  work_address: '2 Sample Street, Testtown',
  do_not_contact: 'yes',
  source: 'Fictional test directory',
};

/** Three fictional people: Ada (engaged) with two posts, Bram with one, Cleo (do not contact) with none. */
const FIRST = csv([
  {
    ...ADA,
    organisation_code: 'QHM',
    post_title: 'Clinical lead for respiratory',
    level: 'system',
    post_valid_from: '2024-04-01',
  },
  {
    ...ADA,
    network_code: 'N45',
    post_title: 'Alliance adviser',
    post_valid_from: '2025-01-01',
    post_valid_to: '2025-12-31',
  },
  { ...BRAM, organisation_code: 'QE1', post_title: 'Lead nurse', post_valid_from: '01/06/2023' },
  CLEO,
]);

describe.each(ENGINES)('people and posts in bulk on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  let auth: Record<string, string>;
  let workspaceId: number;
  const clock = fakeClock('2026-11-24T12:00:00Z');
  beforeAll(async () => {
    db = await freshDb(engine);
    app = createApp({ db, clock, log: silentLog });
    const m = await buildMember(db, clock, { workspace: 'Bulk team', role: 'editor' });
    auth = { authorization: `Bearer ${m.token}` };
    workspaceId = m.workspaceId;
  });
  afterAll(async () => {
    await db.close();
  });

  const upload = async (body: string | Buffer, query: Record<string, string> = {}) => {
    const qs = new URLSearchParams({ name: 'people.csv', ...query }).toString();
    const res = await app.request(`/api/v1/people/import?${qs}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const imported = async (body: string | Buffer, query: Record<string, string> = {}) => {
    const r = await upload(body, query);
    expect(r.status, JSON.stringify(r.body)).toBe(query.dry_run === 'true' ? 200 : 201);
    return PeopleImportReport.parse(r.body);
  };
  const count = async (sql: string, params: unknown[] = []) =>
    inWorkspace(db, workspaceId, async (tx) => {
      const [r] = await tx.query<{ n: number }>(sql, [workspaceId, ...params]);
      return r!.n;
    });
  const people = () => count('SELECT count(*)::int AS n FROM people WHERE workspace_id = $1');
  const posts = () => count('SELECT count(*)::int AS n FROM posts WHERE workspace_id = $1');
  /** family name → engaged, for the people of FIRST (or those named). */
  const engagedOf = async (names = ['Quillby', 'Samplewood', 'Placeholder']) => {
    const rows = await inWorkspace(db, workspaceId, (tx) =>
      tx.query<{ family_name: string; engaged: boolean }>(
        'SELECT family_name, engaged FROM people WHERE workspace_id = $1 AND family_name = ANY($2) ORDER BY family_name',
        [workspaceId, names],
      ),
    );
    return Object.fromEntries(rows.map((r) => [r.family_name, r.engaged]));
  };
  /** The fields of the `person.updated` audit entries about a person, oldest first. */
  const updatesAudited = async (familyName: string) =>
    inWorkspace(db, workspaceId, async (tx) => {
      const rows = await tx.query<{ details: { fields: string[] } }>(
        `SELECT a.details FROM audit_log a
         WHERE a.workspace_id = $1 AND a.action = 'person.updated'
           AND a.target_id = (SELECT id::text FROM people WHERE workspace_id = $1 AND family_name = $2)
         ORDER BY a.id`,
        [workspaceId, familyName],
      );
      return rows.map((r) => r.details.fields);
    });
  const getFile = async (url: string) => {
    const res = await app.request(url, { headers: auth });
    expect(res.status, url).toBe(200);
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const exportCsv = async (query = '') => {
    const { bytes } = await getFile(`/api/v1/people/export?format=csv${query}`);
    return parse(bytes.toString('utf8'), { columns: true }) as Record<string, string>[];
  };

  it('imports a CSV template: people and posts created, with the values of the file', async () => {
    const r = await imported(FIRST);
    expect(r).toMatchObject({
      dry_run: false,
      file: 'people.csv',
      rows: 4,
      people: { created: 3, updated: 0, unchanged: 0 },
      posts: { created: 3, unchanged: 0 },
      suppressed: 0,
      errors: [],
    });
    expect(await people()).toBe(3);
    expect(await posts()).toBe(3);
    const ada = await inWorkspace(db, workspaceId, (tx) =>
      tx.query<{ id: number; professions: string[]; phone: string; lawful_basis: string }>(
        "SELECT id, professions, phone, lawful_basis FROM people WHERE workspace_id = $1 AND given_name = 'Ada'",
        [workspaceId],
      ),
    );
    expect(ada).toHaveLength(1);
    expect(ada[0]).toMatchObject({
      professions: ['gp', 'manager'],
      phone: '+44 20 7946 0001',
      lawful_basis: 'legitimate_interests',
    });
    const bram = await inWorkspace(db, workspaceId, (tx) =>
      tx.query<{ professions: string[]; lawful_basis: string; valid_from: string; level: string }>(
        `SELECT p.professions, p.lawful_basis, po.valid_from, po.level FROM people p JOIN posts po ON po.person_id = p.id
         WHERE p.workspace_id = $1 AND p.family_name = 'Samplewood'`,
        [workspaceId],
      ),
    );
    // labels are accepted for codes; a DD/MM/YYYY date is read as such; the level defaults from the ICB
    expect(bram).toEqual([
      { professions: ['nurse'], lawful_basis: 'public_task', valid_from: '2023-06-01', level: 'system' },
    ]);
    // engaged: yes on Ada's rows, blank on Bram's, absent from Cleo's row object (so blank)
    expect(await engagedOf()).toEqual({ Placeholder: false, Quillby: true, Samplewood: false });
    // one audit entry for the import: counts and person ids, never a name or an email
    const audit = await inWorkspace(db, workspaceId, (tx) =>
      tx.query<{ details: Record<string, unknown> }>(
        "SELECT details FROM audit_log WHERE workspace_id = $1 AND action = 'people.imported'",
        [workspaceId],
      ),
    );
    expect(audit).toHaveLength(1);
    const d = audit[0]!.details;
    expect(d).toMatchObject({ rows: 4, people: { created: 3 }, posts: { created: 3 }, suppressed: 0 });
    expect((d.person_ids as number[]).sort()).toHaveLength(3);
    expect(JSON.stringify(d)).not.toMatch(/Ada|Quillby|example\.org|Samplewood/);
  });

  it('imports the same file again as all unchanged', async () => {
    const r = await imported(FIRST);
    expect(r.people).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(r.posts).toEqual({ created: 0, unchanged: 3 });
    expect(await people()).toBe(3);
    expect(await posts()).toBe(3);
  });

  it('imports an XLSX template (dates as date cells, an email as a link) and re-imports it unchanged', async () => {
    const file = await xlsx([
      {
        given_name: 'Dov',
        family_name: 'Fictitious',
        professions: 'consultant',
        email: { text: 'dov.fictitious@example.org', hyperlink: 'mailto:dov.fictitious@example.org' },
        source: 'Fictional test directory',
        last_verified_on: new Date(Date.UTC(2026, 8, 30)),
        organisation_code: 'QE1',
        post_title: 'Consultant respiratory physician',
        post_valid_from: new Date(Date.UTC(2022, 9, 1)),
      },
      {
        given_name: 'Dov',
        family_name: 'Fictitious',
        professions: 'consultant',
        email: 'dov.fictitious@example.org',
        source: 'Fictional test directory',
        last_verified_on: '2026-09-30',
        network_code: 'N45',
        post_title: 'Clinical adviser',
      },
    ]);
    const r = await imported(file, { name: 'people.xlsx' });
    expect(r).toMatchObject({
      file: 'people.xlsx',
      rows: 2,
      people: { created: 1, updated: 0, unchanged: 0 },
      posts: { created: 2, unchanged: 0 },
      errors: [],
    });
    const [dov] = await inWorkspace(db, workspaceId, (tx) =>
      tx.query<{ email: string; last_verified_on: string }>(
        "SELECT email, last_verified_on FROM people WHERE workspace_id = $1 AND family_name = 'Fictitious'",
        [workspaceId],
      ),
    );
    expect(dov).toEqual({ email: 'dov.fictitious@example.org', last_verified_on: '2026-09-30' });
    const again = await imported(file, { name: 'people.xlsx' });
    expect(again.people).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(again.posts).toEqual({ created: 0, unchanged: 2 });
  });

  it('exports CSV in the template columns, do-not-contact people without contact details, audited', async () => {
    const rows = await exportCsv();
    // Ada 2 posts, Bram 1, Cleo none (1 row), Dov 2
    expect(rows).toHaveLength(6);
    expect(Object.keys(rows[0]!)).toEqual(PEOPLE_COLUMN_NAMES);
    const cleo = rows.filter((r) => r.given_name === 'Cleo');
    expect(cleo).toHaveLength(1);
    expect(cleo[0]).toMatchObject({
      email: '',
      phone: '',
      work_address: '',
      do_not_contact: 'yes',
      engaged: 'no',
      post_title: '',
    });
    expect(Number(cleo[0]!.person_id)).toBeGreaterThan(0);
    const ada = rows.filter((r) => r.given_name === 'Ada');
    expect(
      ada.map((r) => [r.organisation_code, r.network_code, r.post_title, r.post_valid_from, r.post_valid_to]),
    ).toEqual([
      ['QHM', '', 'Clinical lead for respiratory', '2024-04-01', ''],
      ['', 'N45', 'Alliance adviser', '2025-01-01', '2025-12-31'],
    ]);
    expect(ada[0]).toMatchObject({
      email: 'ada.quillby@example.org',
      professions: 'gp;manager',
      do_not_contact: 'no',
      engaged: 'yes',
    });
    expect(ada[1]!.engaged).toBe('yes');
    // the database still holds Cleo's details: only the export leaves them out
    expect(
      await count(
        "SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND email = 'cleo.placeholder@example.org'",
      ),
    ).toBe(1);
    const [audit] = await inWorkspace(db, workspaceId, (tx) =>
      tx.query<{ details: Record<string, unknown> }>(
        "SELECT details FROM audit_log WHERE workspace_id = $1 AND action = 'people.exported' ORDER BY id DESC LIMIT 1",
        [workspaceId],
      ),
    );
    expect(audit!.details).toMatchObject({ format: 'csv', rows: 6, people: 4 });
    // filtered: people with a post at QE1 today
    const qe1 = await exportCsv('&organisation=QE1');
    expect([...new Set(qe1.map((r) => r.family_name))].sort()).toEqual(['Fictitious', 'Samplewood']);
  });

  it('round trip: an export re-imports as all unchanged, and keeps the do-not-contact details held', async () => {
    const { bytes } = await getFile('/api/v1/people/export?format=csv');
    const r = await imported(bytes, { name: 'export.csv' });
    expect(r).toMatchObject({
      rows: 6,
      people: { created: 0, updated: 0, unchanged: 4 },
      posts: { created: 0, unchanged: 5 },
      errors: [],
    });
    expect(
      await count(
        "SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND email = 'cleo.placeholder@example.org' AND phone IS NOT NULL",
      ),
    ).toBe(1);
    // the engaged person stays engaged, and no one else becomes so
    expect(await engagedOf()).toEqual({ Placeholder: false, Quillby: true, Samplewood: false });
    // an edited export updates the person it names
    const rows = parse(bytes.toString('utf8'), { columns: true }) as Record<string, string>[];
    const edited = rows.map((x) =>
      x.given_name === 'Bram' ? { ...x, specialty: 'Respiratory nursing' } : x,
    );
    const u = await imported(csv(edited), { name: 'edited.csv' });
    expect(u.people).toEqual({ created: 0, updated: 1, unchanged: 3 });
    expect(
      await count(
        "SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND specialty = 'Respiratory nursing'",
      ),
    ).toBe(1);
    expect(await engagedOf()).toEqual({ Placeholder: false, Quillby: true, Samplewood: false });
  });

  it('exports XLSX the same way (no contact details for do-not-contact), with the columns sheet, and re-imports it', async () => {
    const { res, bytes } = await getFile('/api/v1/people/export?format=xlsx');
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['People and posts', 'Columns']);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(PEOPLE_COLUMN_NAMES);
    const col = (name: string) => PEOPLE_COLUMN_NAMES.indexOf(name) + 1;
    let cleoRows = 0;
    const adaEngaged: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(col('given_name')).value === 'Ada')
        adaEngaged.push(row.getCell(col('engaged')).value);
      if (n === 1 || row.getCell(col('given_name')).value !== 'Cleo') return;
      cleoRows++;
      expect(row.getCell(col('email')).value ?? '').toBe('');
      expect(row.getCell(col('phone')).value ?? '').toBe('');
      expect(row.getCell(col('work_address')).value ?? '').toBe('');
      expect(row.getCell(col('do_not_contact')).value).toBe('yes');
      expect(row.getCell(col('engaged')).value).toBe('no');
    });
    expect(cleoRows).toBe(1);
    expect(adaEngaged).toEqual(['yes', 'yes']);
    expect(sheet.rowCount).toBe(7);
    const r = await imported(bytes, { name: 'export.xlsx' });
    expect(r).toMatchObject({
      people: { created: 0, updated: 0, unchanged: 4 },
      posts: { created: 0, unchanged: 5 },
    });
    expect(await engagedOf()).toEqual({ Placeholder: false, Quillby: true, Samplewood: false });
  });

  it('engaged: a re-import that changes it updates the person (dry run counts it, audited), and back', async () => {
    const bramEngaged = (engaged: string) =>
      csv([
        {
          ...BRAM,
          engaged,
          organisation_code: 'QE1',
          post_title: 'Lead nurse',
          post_valid_from: '01/06/2023',
          specialty: 'Respiratory nursing',
        },
      ]);
    const auditedBefore = (await updatesAudited('Samplewood')).length;
    const dry = await imported(bramEngaged('Yes'), { dry_run: 'true' });
    expect(dry.people).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await engagedOf()).toMatchObject({ Samplewood: false });

    const real = await imported(bramEngaged('Yes'));
    expect({ ...real, dry_run: true }).toEqual(dry);
    expect(await engagedOf()).toEqual({ Placeholder: false, Quillby: true, Samplewood: true });
    // audited like any other field: the field's name, never its value
    const audited = await updatesAudited('Samplewood');
    expect(audited.slice(auditedBefore)).toEqual([['engaged']]);
    expect((await imported(bramEngaged('yes'))).people).toEqual({ created: 0, updated: 0, unchanged: 1 });

    // a blank cell in a file that has the column is "no", as for do_not_contact
    const back = await imported(bramEngaged(''));
    expect(back.people).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await engagedOf()).toEqual({ Placeholder: false, Quillby: true, Samplewood: false });
    expect((await updatesAudited('Samplewood')).slice(auditedBefore)).toEqual([['engaged'], ['engaged']]);

    // a person's rows must agree on it
    const split = csv([
      {
        ...ADA,
        organisation_code: 'QHM',
        post_title: 'Clinical lead for respiratory',
        post_valid_from: '2024-04-01',
      },
      {
        ...ADA,
        engaged: 'no',
        network_code: 'N45',
        post_title: 'Alliance adviser',
        post_valid_from: '2025-01-01',
        post_valid_to: '2025-12-31',
      },
    ]);
    const p = Problem.parse((await upload(split, { name: 'split.csv' })).body);
    expect(p.errors?.map((e) => e.field)).toEqual(['split.csv:3:engaged']);
    expect(p.errors?.[0]?.message).toMatch(/differs from line 2 for the same person/);
    expect(await engagedOf()).toMatchObject({ Quillby: true });
  });

  it('engaged: a file from the older template (no engaged column) keeps what is held', async () => {
    const older = PEOPLE_COLUMN_NAMES.filter((c) => c !== 'engaged');
    // an export made before the column existed: the current export without it, Ada's specialty edited
    const rows = await exportCsv();
    const edited = rows.map((x) =>
      x.given_name === 'Ada' ? { ...x, specialty: 'Respiratory medicine' } : x,
    );
    const auditedBefore = (await updatesAudited('Quillby')).length;
    const r = await imported(csv(edited, older), { name: 'older.csv' });
    expect(r).toMatchObject({
      people: { created: 0, updated: 1, unchanged: 3 },
      posts: { created: 0, unchanged: 5 },
      errors: [],
    });
    // Ada is still engaged (the file says nothing about it), and only her specialty was changed
    expect(await engagedOf()).toEqual({ Placeholder: false, Quillby: true, Samplewood: false });
    expect((await updatesAudited('Quillby')).slice(auditedBefore)).toEqual([['specialty']]);
    // the same older file again: all unchanged
    const again = await imported(csv(edited, older), { name: 'older.csv' });
    expect(again.people).toEqual({ created: 0, updated: 0, unchanged: 4 });

    // someone new in an older file is not engaged; the reader says the column was not there
    const nell = csv([{ ...BRAM, given_name: 'Nell', family_name: 'Oldtemplate' }], older);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-people-older-'));
    try {
      const f = path.join(dir, 'older.csv');
      fs.writeFileSync(f, nell);
      const read = await readPeopleFile(f);
      expect(read.errors).toEqual([]);
      expect(read.rows.map((x) => x.person.engaged)).toEqual([null]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect((await imported(nell, { name: 'older.csv' })).people).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await engagedOf(['Oldtemplate'])).toEqual({ Oldtemplate: false });

    // an older XLSX workbook the same
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Old');
    sheet.addRow(older);
    const adaRow = edited.find((x) => x.given_name === 'Ada')!;
    sheet.addRow(older.map((h) => adaRow[h] || null));
    const x = await imported(Buffer.from(await wb.xlsx.writeBuffer()), { name: 'older.xlsx' });
    expect(x).toMatchObject({ people: { created: 0, updated: 0, unchanged: 1 }, errors: [] });
    expect(await engagedOf()).toMatchObject({ Quillby: true });
  });

  it('engaged: a value that is not yes or no is refused with file, line and column (CSV and XLSX)', async () => {
    const before = await people();
    const bad = csv([
      { ...BRAM, given_name: 'Oli', family_name: 'Maybeson' },
      { ...BRAM, given_name: 'Pip', family_name: 'Maybeson', engaged: 'maybe' },
    ]);
    const r = await upload(bad, { name: 'maybe.csv' });
    expect(r.status).toBe(400);
    const p = Problem.parse(r.body);
    expect(p.detail).toMatch(/^maybe\.csv:3: engaged: "maybe" is not yes or no; nothing was written/);
    expect(p.errors).toEqual([{ field: 'maybe.csv:3:engaged', message: '"maybe" is not yes or no' }]);
    const x = await upload(
      await xlsx([{ ...BRAM, given_name: 'Pip', family_name: 'Maybeson', engaged: 'sometimes' }]),
      {
        name: 'maybe.xlsx',
      },
    );
    expect(x.status).toBe(400);
    expect(Problem.parse(x.body).errors).toEqual([
      { field: 'maybe.xlsx:2:engaged', message: '"sometimes" is not yes or no' },
    ]);
    expect(await people()).toBe(before);
  });

  it('refuses a file with bad rows, naming line and column, and writes nothing', async () => {
    const before = [await people(), await posts()];
    const bad = csv([
      { ...BRAM, given_name: 'Eve', family_name: 'Badmail', email: 'not-an-email' },
      { ...BRAM, given_name: 'Finn', family_name: 'Nowhere', organisation_code: 'ZZZ99', post_title: 'Lead' },
      // Ada already holds this post from 2024-04-01, open-ended
      {
        ...ADA,
        organisation_code: 'QHM',
        post_title: 'Clinical lead for respiratory',
        post_valid_from: '2025-01-01',
      },
      {
        ...BRAM,
        given_name: 'Gus',
        family_name: 'Baddate',
        organisation_code: 'QE1',
        post_title: 'Lead',
        post_valid_from: '2024-02-30',
      },
      { ...BRAM, given_name: 'Hana', family_name: 'Goodrow', email: 'hana.goodrow@example.org' },
    ]);
    const r = await upload(bad, { name: 'bad.csv' });
    expect(r.status).toBe(400);
    const p = Problem.parse(r.body);
    expect(p.detail ?? p.title).toBeTruthy();
    expect(JSON.stringify(r.body)).toMatch(/bad\.csv:2: email: .*nothing was written/);
    expect(p.errors?.map((e) => e.field)).toEqual([
      'bad.csv:2:email',
      'bad.csv:3:organisation_code',
      'bad.csv:4:post_valid_from',
      'bad.csv:5:post_valid_from',
    ]);
    expect(p.errors?.[1]?.message).toMatch(/ZZZ99/);
    expect(p.errors?.[2]?.message).toMatch(/already holds/);
    expect(p.errors?.[3]?.message).toMatch(/"2024-02-30" is not a date/);
    expect([await people(), await posts()]).toEqual(before);

    // skip_invalid: the good row lands; the bad ones are listed in the report
    const s = await imported(bad, { name: 'bad.csv', skip_invalid: 'true' });
    expect(s.people).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(s.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'email'],
      [3, 'organisation_code'],
      [4, 'post_valid_from'],
      [5, 'post_valid_from'],
    ]);
    expect(await people()).toBe(before[0]! + 1);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND family_name = 'Badmail'",
      ),
    ).toBe(0);
  });

  it('a dry run reports the same counts as the real import and writes nothing', async () => {
    const file = csv([
      {
        ...BRAM,
        given_name: 'Ivo',
        family_name: 'Drymouse',
        email: 'ivo.drymouse@example.org',
        organisation_code: 'QE1',
        post_title: 'Service lead',
        post_valid_from: '2025-04-01',
      },
      { ...BRAM, given_name: 'Jo', family_name: 'Dryfield' },
    ]);
    const before = [await people(), await posts()];
    const auditsBefore = await count('SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1');
    const dry = await imported(file, { dry_run: 'true' });
    expect(dry).toMatchObject({ dry_run: true, people: { created: 2 }, posts: { created: 1 }, errors: [] });
    expect([await people(), await posts()]).toEqual(before);
    expect(await count('SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1')).toBe(
      auditsBefore,
    );
    const real = await imported(file);
    expect({ ...real, dry_run: true }).toEqual(dry);
    expect([await people(), await posts()]).toEqual([before[0]! + 2, before[1]! + 1]);
  });

  it('skips a person on the suppression list (erased) and counts them as suppressed', async () => {
    await inWorkspace(db, workspaceId, (tx) =>
      addSuppression(
        tx,
        workspaceId,
        { given_name: 'Kit', family_name: 'Erasedsample', email: 'kit@example.org' },
        clock.now(),
        null,
      ),
    );
    const file = csv([
      {
        ...BRAM,
        given_name: 'Kit',
        family_name: 'Erasedsample',
        email: 'KIT@example.org',
        organisation_code: 'QE1',
        post_title: 'Lead',
        post_valid_from: '2025-01-01',
      },
      {
        ...BRAM,
        given_name: 'Kit',
        family_name: 'Erasedsample',
        email: 'kit@example.org',
        network_code: 'N45',
        post_title: 'Adviser',
      },
      { ...BRAM, given_name: 'Lou', family_name: 'Keptperson', email: 'lou@example.org' },
    ]);
    const r = await imported(file);
    expect(r).toMatchObject({ suppressed: 1, people: { created: 1 }, posts: { created: 0 }, errors: [] });
    expect(
      await count(
        "SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND family_name = 'Erasedsample'",
      ),
    ).toBe(0);
  });

  it('refuses a file that is not a template with one error naming the file and the missing column', async () => {
    const noEmail = PEOPLE_COLUMN_NAMES.filter((c) => c !== 'email');
    const r = await upload(csv([{ ...BRAM }], noEmail), { name: 'missing.csv' });
    expect(r.status).toBe(400);
    const p = Problem.parse(r.body);
    expect(p.detail).toBe(
      'missing.csv: not a people-and-posts template: missing column email (download the template with `atlas people template` or GET /api/v1/people/template)',
    );
    // engaged may be missing (an older template); the required columns may not
    const older = noEmail.filter((c) => c !== 'engaged');
    const o = Problem.parse((await upload(csv([{ ...BRAM }], older), { name: 'missing.csv' })).body);
    expect(o.detail).toMatch(/^missing\.csv: not a people-and-posts template: missing column email \(/);
    const ods = await upload('A81001,THE DENSHAM SURGERY,Y63,QHM\n', { name: 'epraccur.csv' });
    expect(Problem.parse(ods.body).detail).toMatch(
      /^epraccur\.csv: not a people-and-posts template: missing columns person_id, /,
    );
  });

  it('gives the template as CSV and XLSX; its example row imports', async () => {
    const { bytes } = await getFile('/api/v1/people/template?format=csv');
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(HEADER);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ given_name: 'Ada', family_name: 'Testwell', professions: 'gp;manager' });
    const dry = await imported(bytes, { dry_run: 'true', name: 'template.csv' });
    expect(dry).toMatchObject({ people: { created: 1 }, posts: { created: 1 }, errors: [] });

    const x = await getFile('/api/v1/people/template?format=xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as unknown as ArrayBuffer);
    const help = wb.getWorksheet('Columns')!;
    const listed: string[] = [];
    help.eachRow((row, n) => {
      if (n > 1) listed.push(String(row.getCell(1).value));
    });
    expect(listed).toEqual(PEOPLE_COLUMN_NAMES);
    expect(listed.indexOf('engaged')).toBe(listed.indexOf('do_not_contact') + 1);
    const engagedHelp = help.getRow(listed.indexOf('engaged') + 2);
    expect(String(engagedHelp.getCell(2).value)).toMatch(/working relationship.*introduction paths/);
    expect(String(engagedHelp.getCell(3).value)).toMatch(
      /^yes or no .*without this column.*keeps what the Atlas holds/,
    );
    const professions = help.getRow(PEOPLE_COLUMN_NAMES.indexOf('professions') + 2).getCell(3).value;
    expect(String(professions)).toMatch(
      /gp \(GP\).*allied_health_professional \(Allied health professional\)/,
    );
    const xdry = await imported(x.bytes, { dry_run: 'true', name: 'template.xlsx' });
    expect(xdry).toMatchObject({ people: { created: 1 }, posts: { created: 1 }, errors: [] });
  });

  it('reads the file by its content: the reader gives typed rows with line numbers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-people-read-'));
    const f = path.join(dir, 'no-extension');
    fs.writeFileSync(f, `\uFEFF${FIRST.replace(/\n/g, '\r\n')}`);
    const read = await readPeopleFile(f, { displayName: 'first.csv' });
    expect(read.format).toBe('csv');
    expect(read.rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(read.rows[2]!.post).toMatchObject({ organisation_code: 'QE1', valid_from: '2023-06-01' });
    expect(read.rows[3]!.post).toBeNull();
    fs.writeFileSync(f, csv([{ ...BRAM, given_name: '=HYPERLINK("x")' }]));
    const formula = await readPeopleFile(f, { displayName: 'f.csv' });
    expect(formula.errors).toEqual([
      { file: 'f.csv', line: 2, field: 'given_name', message: 'looks like a spreadsheet formula' },
    ]);
    fs.writeFileSync(f, '');
    await expect(readPeopleFile(f, { displayName: 'empty.csv' })).rejects.toThrow(
      /^empty\.csv: the file is empty/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI imports and exports through `atlas people …`', { timeout: 180_000 }, async () => {
    const cli = await cliDatabase(engine);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-people-cli-'));
    const run = async (args: string[], withDb = true) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: Io = {
        out: (s) => out.push(s),
        err: (s) => err.push(s),
        isTty: false,
        readStdin: async () => '',
      };
      const status = await main([...args, ...(withDb && cli.dataDir ? ['--data-dir', cli.dataDir] : [])], io);
      return { status, out: out.join('\n'), err: err.join('\n') };
    };
    try {
      // Each command opens the database itself (some seconds on PGlite): five of them here.
      const file = path.join(dir, 'first.csv');
      fs.writeFileSync(file, FIRST);
      const real = await run(['people', 'import', file, '--workspace', 'CLI team', '--json']);
      expect(real.status, real.err).toBe(0);
      expect(JSON.parse(real.out)).toMatchObject({
        dry_run: false,
        rows: 4,
        people: { created: 3, updated: 0, unchanged: 0 },
        posts: { created: 3, unchanged: 0 },
        errors: [],
      });

      const out = path.join(dir, 'export.csv');
      const e = await run(['people', 'export', '--workspace', 'CLI team', '--out', out]);
      expect(e.status, e.err).toBe(0);
      expect(e.err).toMatch(/Exported 4 rows/);
      const rows = parse(fs.readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(4);
      expect(rows.find((r) => r.given_name === 'Cleo')).toMatchObject({
        email: '',
        phone: '',
        work_address: '',
        do_not_contact: 'yes',
        engaged: 'no',
      });
      expect(rows.filter((r) => r.given_name === 'Ada').map((r) => r.engaged)).toEqual(['yes', 'yes']);
      const again = await run(['people', 'import', out, '--workspace', 'CLI team']);
      expect(again.status, again.err).toBe(0);
      // file, rows, people created / updated / unchanged, posts created / unchanged, suppressed, skipped
      expect(again.out).toMatch(/export\.csv\s+4\s+0\s+0\s+3\s+0\s+3\s+0\s+0/);

      const xout = path.join(dir, 'export.xlsx');
      const x = await run(['people', 'export', '--workspace', 'CLI team', '--format', 'xlsx', '--out', xout]);
      expect(x.status, x.err).toBe(0);
      const xread = await readPeopleFile(xout);
      expect(xread.format).toBe('xlsx');
      expect(xread.rows.map((r) => [r.person_id, r.person.email, r.post?.title ?? null])).toEqual(
        rows.map((r) => [Number(r.person_id), r.email || null, r.post_title || null]),
      );

      const badFile = path.join(dir, 'bad.csv');
      fs.writeFileSync(badFile, csv([{ ...BRAM, given_name: 'Mo', email: 'nope' }]));
      const bad = await run(['people', 'import', badFile, '--workspace', 'CLI team', '--dry-run']);
      expect(bad.status).toBe(2);
      expect(bad.err).toMatch(
        /^atlas people import: bad\.csv:2: email: .*nothing was written \(--skip-invalid leaves bad rows out\)$/,
      );

      const t = await run(['people', 'template'], false);
      expect(t.status).toBe(0);
      expect(t.out.split('\r\n')[0]).toBe(HEADER);
      expect((await run(['people', 'template', '--format', 'xlsx'], false)).err).toMatch(
        /--format xlsx needs --out FILE/,
      );
    } finally {
      await cli.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A database for the CLI to open by itself: a fresh data dir for PGlite, or a fresh PostgreSQL
 * database from the test template (DATABASE_URL points the CLI at it while the test runs).
 */
async function cliDatabase(engine: Engine): Promise<{ dataDir?: string; close(): Promise<void> }> {
  const saved = process.env.DATABASE_URL;
  if (engine === 'pglite') {
    delete process.env.DATABASE_URL;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-people-cli-db-'));
    // Start from the migrated snapshot with the national reference, as freshDb does.
    const seeded = await openPglite({
      dataDir,
      loadDataDir: new Blob([fs.readFileSync(inject('pgliteSnapshot'))]),
    });
    await seeded.query("INSERT INTO workspaces (name) VALUES ('CLI team')");
    await seeded.close();
    return {
      dataDir,
      async close() {
        if (saved !== undefined) process.env.DATABASE_URL = saved;
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = testDatabaseUrl()!;
  const name = `atlas_t_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  process.env.DATABASE_URL = u.toString();
  const db = await openPostgres(u.toString(), 1);
  await db.query("INSERT INTO workspaces (name) VALUES ('CLI team')");
  await db.close();
  return {
    async close() {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      const a = await openPostgres(url, 1);
      await a.exec(`DROP DATABASE IF EXISTS ${name}`);
      await a.close();
    },
  };
}
