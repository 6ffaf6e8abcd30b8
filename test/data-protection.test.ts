import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import { PERSON_JSON_REFERENCES, PERSON_TABLES, type PersonTable } from '../src/services/subject-access.ts';
import { EraseResult, SubjectAccess } from '../src/shared/people-schemas.ts';
import type { Db, Queryable } from '../src/storage/db.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, freshDb } from './support/db.ts';

/**
 * Data protection: the subject access export holds every row about a person in every table that
 * references one (checked against the database's own catalogue), and erasure leaves nothing of them
 * anywhere, keeps them off the workspace and is audited without their details.
 */

// Fictional people only.
const SUBJECT = {
  honorific: 'Dr',
  given_name: 'Zephyrine',
  family_name: 'Quillborrow',
  email: 'zq@example.test',
  phone: '01632 960123',
  work_address: '7 Imaginary Row, Nowhere NW1 0AA',
  professions: ['pharmacist'],
  specialty: 'Oncology pharmacy',
  source: 'Met at a fictional conference',
  lawful_basis: 'legitimate_interests',
  last_verified_on: '2026-01-10',
  notes: 'Prefers email; interested in the oral chemotherapy pathway',
};
const SEARCH_FOR = ['Zephyrine', 'Quillborrow', 'zq@example.test'];

/** Runs `fn` as the database's owner (the session user), so row-level security hides nothing. */
function asOwner<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL ROLE NONE');
    const [me] = await tx.query<{ r: string }>('SELECT current_user AS r');
    if (me?.r === 'atlas_app') throw new Error('the scan must not run as the application role');
    return fn(tx);
  });
}

/** Every (table, column) of the public schema that references a person, from the catalogue. */
async function personColumnsInCatalogue(db: Db): Promise<string[]> {
  const rows = await asOwner(db, (tx) =>
    tx.query<{ t: string; c: string }>(
      `-- every foreign key to people, and the column of people it points at
       SELECT cl.relname AS t, a.attname AS c
       FROM pg_constraint k
       JOIN pg_class cl ON cl.oid = k.conrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
       WHERE k.contype = 'f' AND k.confrelid = 'public.people'::regclass
       UNION
       SELECT 'people', a.attname
       FROM pg_constraint k
       JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = ANY (k.confkey)
       WHERE k.contype = 'f' AND k.confrelid = 'public.people'::regclass
       UNION
       -- every column named person_id or ending in _person_id, in any table of the schema
       SELECT cl.relname, a.attname
       FROM pg_attribute a
       JOIN pg_class cl ON cl.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       WHERE n.nspname = 'public' AND cl.relkind IN ('r', 'p', 'm') AND a.attnum > 0
         AND NOT a.attisdropped AND (a.attname = 'person_id' OR a.attname LIKE '%\\_person\\_id')`,
    ),
  );
  return rows.map((r) => `${r.t}.${r.c}`).sort();
}

/** Every (table, column) where any of `words` appears, case-insensitive, in any text-like column of any table. */
async function findAnywhere(db: Db, words: string[]): Promise<string[]> {
  return asOwner(db, async (tx) => {
    const cols = await tx.query<{ t: string; c: string }>(
      `SELECT cl.relname AS t, a.attname AS c
       FROM pg_attribute a
       JOIN pg_class cl ON cl.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       JOIN pg_type ty ON ty.oid = a.atttypid
       WHERE n.nspname = 'public' AND cl.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped
         AND ty.typname IN ('text', 'varchar', 'bpchar', 'json', 'jsonb', '_text', '_varchar', 'citext')
       ORDER BY 1, 2`,
    );
    const patterns = words.map((w) => `%${w}%`);
    const hits: string[] = [];
    for (const { t, c } of cols) {
      const [r] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM public."${t}" WHERE "${c}"::text ILIKE ANY ($1::text[])`,
        [patterns],
      );
      if ((r?.n ?? 0) > 0) hits.push(`${t}.${c}`);
    }
    return hits;
  });
}

/** The parts of API answers these tests read directly (the rest is parsed with the API's schemas). */
interface Answer {
  id: number;
  errors: { field: string; message: string }[];
  removed: Record<string, number>;
}

describe.each(ENGINES)('data protection on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  const clock = fakeClock('2026-11-24T10:00:00Z');
  let admin: Awaited<ReturnType<typeof buildMember>>;
  let editor: Awaited<ReturnType<typeof buildMember>>;
  let viewer: Awaited<ReturnType<typeof buildMember>>;
  let outsider: Awaited<ReturnType<typeof buildMember>>;
  let org: { code: string; from: string };
  let net: { code: string; from: string };

  beforeAll(async () => {
    db = await freshDb(engine);
    app = createApp({ db, clock, log: silentLog });
    admin = await buildMember(db, clock, { workspace: 'Data protection A', role: 'admin' });
    editor = await buildMember(db, clock, { workspace: 'Data protection A', role: 'editor' });
    viewer = await buildMember(db, clock, { workspace: 'Data protection A', role: 'viewer' });
    outsider = await buildMember(db, clock, { workspace: 'Data protection B', role: 'owner' });
    // An NHS trust and a network from the national reference, open since 2015 at least.
    const [o] = await db.query<{ code: string; from: string }>(
      `SELECT code, '2015-01-01' AS "from" FROM organisations
       WHERE kind = 'nhs_trust' AND closed_on IS NULL AND (opened_on IS NULL OR opened_on <= '2015-01-01')
       ORDER BY code LIMIT 1`,
    );
    const [n] = await db.query<{ code: string; from: string }>(
      `SELECT code, '2015-01-01' AS "from" FROM networks
       WHERE closed_on IS NULL AND status = 'active' AND (established_on IS NULL OR established_on <= '2015-01-01')
       ORDER BY code LIMIT 1`,
    );
    org = o!;
    net = n!;
  });
  afterAll(async () => {
    await db.close();
  });

  const call = async (
    who: { token: string },
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Answer; headers: Headers }> => {
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${who.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  const created = async (path: string, body: unknown): Promise<number> => {
    const r = await call(editor, 'POST', path, body);
    expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(201);
    return r.body.id;
  };
  const person = (given: string, family: string, over: Record<string, unknown> = {}) =>
    created('/api/v1/people', {
      given_name: given,
      family_name: family,
      source: 'Fictional test data',
      ...over,
    });

  /**
   * The subject with a row in every table that references a person: posts past, present and future
   * at an organisation and a network, memberships, relationships out to a person, an organisation and
   * a network, and in from two people. Two bystanders with ties of their own.
   */
  async function buildSubject(s: Record<string, unknown>) {
    const id = await person(s.given_name as string, s.family_name as string, s);
    const ada = await person('Ada', 'Testwell', { email: 'ada@example.test' });
    const bram = await person('Bram', 'Fictive');
    const posts = [
      await created('/api/v1/posts', {
        person_id: id,
        organisation_code: org.code,
        title: 'Lead Pharmacist',
        valid_from: org.from,
        valid_to: '2024-03-31',
      }),
      await created('/api/v1/posts', {
        person_id: id,
        organisation_code: org.code,
        title: 'Chief Pharmacist',
        valid_from: '2024-04-01',
        last_verified_on: '2026-06-01',
      }),
      await created('/api/v1/posts', {
        person_id: id,
        network_code: net.code,
        title: 'Clinical Lead (incoming)',
        valid_from: '2027-01-01',
      }),
    ];
    const memberships = [
      await created('/api/v1/memberships', {
        network_code: net.code,
        person_id: id,
        representing_code: org.code,
        role: 'clinical_lead',
        voting: true,
        declarations: [
          {
            kind: 'non_financial_professional',
            description: 'Fictional advisory board',
            declared_on: '2025-05-01',
          },
        ],
        valid_from: net.from,
      }),
    ];
    const out = [
      await created('/api/v1/relationships', {
        from_person_id: id,
        to_person_id: ada,
        kind: 'works_with',
        strength: 4,
      }),
      await created('/api/v1/relationships', {
        from_person_id: id,
        to_organisation_code: org.code,
        kind: 'advises',
        strength: 3,
        evidence: 'Fictional minutes',
      }),
      await created('/api/v1/relationships', {
        from_person_id: id,
        to_network_code: net.code,
        kind: 'chairs',
        strength: 5,
      }),
    ];
    const inn = [
      await created('/api/v1/relationships', {
        from_person_id: ada,
        to_person_id: id,
        kind: 'reports_to',
        strength: 5,
      }),
      await created('/api/v1/relationships', {
        from_person_id: bram,
        to_person_id: id,
        kind: 'knows',
        strength: 2,
      }),
    ];
    // The bystanders' own ties, which erasing the subject must not touch.
    await created('/api/v1/posts', {
      person_id: ada,
      organisation_code: org.code,
      title: 'Pharmacist',
      valid_from: org.from,
    });
    await created('/api/v1/memberships', {
      network_code: net.code,
      person_id: bram,
      role: 'member',
      valid_from: net.from,
    });
    await created('/api/v1/relationships', {
      from_person_id: ada,
      to_person_id: bram,
      kind: 'advises',
      strength: 2,
    });
    return { id, ada, bram, posts, memberships, out, inn };
  }

  /** The rows naming `id` in each PERSON_TABLES table, counted straight from the tables. */
  const rowsNaming = (workspaceId: number, id: number) =>
    inWorkspace(db, workspaceId, async (tx) => {
      const out: Record<string, number> = {};
      for (const [t, cols] of Object.entries(PERSON_TABLES)) {
        const [r] = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${t} WHERE ${(cols as readonly string[]).map((c) => `${c} = $1`).join(' OR ')}`,
          [id],
        );
        out[t] = r!.n;
      }
      return out;
    });
  const auditAbout = (id: number, action?: string) =>
    db.query<{ action: string; details: Record<string, unknown>; before: unknown; after: unknown }>(
      `SELECT action, details, before, after FROM audit_log
       WHERE ${PERSON_JSON_REFERENCES.audit_log} @> jsonb_build_array($1::int) ${action ? 'AND action = $2' : ''}
       ORDER BY id`,
      action ? [id, action] : [id],
    );

  it('PERSON_TABLES names exactly the tables and columns the catalogue says reference a person', async () => {
    const declared = Object.entries(PERSON_TABLES)
      .flatMap(([t, cols]) => (cols as readonly string[]).map((c) => `${t}.${c}`))
      .sort();
    expect(await personColumnsInCatalogue(db)).toEqual(declared);
    expect(declared).toEqual([
      'network_memberships.person_id',
      'people.id',
      'posts.person_id',
      'relationships.from_person_id',
      'relationships.to_person_id',
    ]);
  });

  it('the subject access export holds every row about the person, in every table that references one', async () => {
    const s = await buildSubject({
      ...SUBJECT,
      given_name: 'Philippa',
      family_name: 'Exportwell',
      email: 'pe@example.test',
    });
    const r = await call(viewer, 'GET', `/api/v1/people/${s.id}/subject-access`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.headers.get('content-disposition')).toBeNull();
    const sa = SubjectAccess.parse(r.body);

    // Every PERSON_TABLES table is read, with as many rows as the table holds about them.
    const counts = await rowsNaming(admin.workspaceId, s.id);
    expect(counts).toEqual({ people: 1, posts: 3, network_memberships: 1, relationships: 5 });
    expect(Object.keys(sa.tables).sort()).toEqual(
      [...Object.keys(PERSON_TABLES), ...Object.keys(PERSON_JSON_REFERENCES)].sort(),
    );
    for (const t of Object.keys(PERSON_TABLES) as PersonTable[]) expect(sa.tables[t]).toBe(counts[t]);

    // The record itself, whole.
    expect(sa.workspace).toEqual({ id: admin.workspaceId, name: 'Data protection A' });
    expect(sa.person).toMatchObject({
      id: s.id,
      given_name: 'Philippa',
      family_name: 'Exportwell',
      email: 'pe@example.test',
      phone: SUBJECT.phone,
      work_address: SUBJECT.work_address,
      notes: SUBJECT.notes,
      specialty: SUBJECT.specialty,
      professions: ['pharmacist'],
      source: SUBJECT.source,
      lawful_basis: 'legitimate_interests',
    });
    // Posts past, present and future, resolved to their organisation and network.
    expect(sa.posts.map((p) => p.id).sort()).toEqual([...s.posts].sort());
    expect(sa.posts.find((p) => p.id === s.posts[0])).toMatchObject({
      title: 'Lead Pharmacist',
      valid_to: '2024-03-31',
      organisation: { code: org.code },
      network: null,
    });
    expect(sa.posts.find((p) => p.id === s.posts[2])).toMatchObject({
      title: 'Clinical Lead (incoming)',
      valid_from: '2027-01-01',
      network: { code: net.code },
    });
    // Memberships with their declarations, and relationships both ways to every kind of end.
    expect(sa.memberships.map((m) => m.id)).toEqual(s.memberships);
    expect(sa.memberships[0]).toMatchObject({
      network: { code: net.code },
      representing: { code: org.code },
      role: 'clinical_lead',
      voting: true,
      declarations: [{ description: 'Fictional advisory board' }],
    });
    expect(sa.relationships_out.map((x) => x.id).sort()).toEqual([...s.out].sort());
    expect(sa.relationships_out.map((x) => `${x.to.type}:${x.to.id}`).sort()).toEqual(
      [`network:${net.code}`, `organisation:${org.code}`, `person:${s.ada}`].sort(),
    );
    expect(sa.relationships_in.map((x) => x.id).sort()).toEqual([...s.inn].sort());
    expect(sa.relationships_in.map((x) => x.from.id).sort()).toEqual([s.ada, s.bram].sort());
    expect(sa.relationships_in.every((x) => x.to.type === 'person' && x.to.id === s.id)).toBe(true);

    // The history: every audit entry naming the person, with field names and never values.
    // (the last entry is this export's own, written after it was read)
    const audited = await auditAbout(s.id);
    expect(audited.at(-1)!.action).toBe('person.subject_access');
    expect(sa.tables.audit_log).toBe(audited.length - 1);
    expect(sa.history.map((h) => h.action)).toEqual(audited.slice(0, -1).map((a) => a.action));
    expect(sa.history[0]).toMatchObject({
      action: 'person.created',
      target_type: 'person',
      target_id: String(s.id),
    });
    expect(sa.history[0]!.fields).toEqual(
      expect.arrayContaining(['given_name', 'family_name', 'email', 'notes']),
    );
    expect(sa.history.filter((h) => h.action.startsWith('relationship.')).length).toBe(5);
    expect(JSON.stringify(sa.history)).not.toMatch(/Philippa|Exportwell|pe@example/i);

    // How the record is processed.
    expect(sa.processing.lawful_basis).toBe('legitimate_interests');
    expect(sa.processing.source).toBe(SUBJECT.source);
    expect(sa.processing.retention).toMatch(/12 months/);
    expect(sa.processing.retention).toMatch(/last verified on 2026-01-10/);
    expect(sa.processing.rights).toMatch(/erase/);
  });

  it('a subject access export is audited by person id, downloadable, and appears in the next export', async () => {
    const id = await person('Ottilie', 'Auditwell', { email: 'oa@example.test' });
    const first = await call(viewer, 'GET', `/api/v1/people/${id}/subject-access?download=1`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toBe(`attachment; filename="subject-access-${id}.json"`);
    const entries = await auditAbout(id, 'person.subject_access');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({
      person_ids: [id],
      fields: [],
      tables: { people: 1, posts: 0 },
    });
    expect(JSON.stringify(entries[0])).not.toMatch(/Ottilie|Auditwell|oa@example/i);
    const second = SubjectAccess.parse(
      (await call(viewer, 'GET', `/api/v1/people/${id}/subject-access`)).body,
    );
    expect(second.history.map((h) => h.action)).toEqual(['person.created', 'person.subject_access']);
    expect(second.history[1]!.actor_email).toBe(viewer.email);
  });

  it('another workspace cannot read or erase the person (404), and a bad id is refused', async () => {
    const id = await person('Wilhelmina', 'Walledoff');
    expect((await call(outsider, 'GET', `/api/v1/people/${id}/subject-access`)).status).toBe(404);
    expect((await call(outsider, 'POST', `/api/v1/people/${id}/erase`, { confirm: id })).status).toBe(404);
    expect((await call(viewer, 'GET', '/api/v1/people/999999/subject-access')).status).toBe(404);
    expect((await call(admin, 'GET', `/api/v1/people/${id}/subject-access`)).status).toBe(200);
    expect(await rowsNaming(admin.workspaceId, id)).toMatchObject({ people: 1 });
  });

  it('erasure leaves nothing of the person anywhere, keeps their ties to others intact, and keeps them off', async () => {
    const s = await buildSubject(SUBJECT);
    // The scan finds the person before erasure: it looks in the right places.
    const before = await findAnywhere(db, SEARCH_FOR);
    expect(before).toEqual(
      expect.arrayContaining(['people.given_name', 'people.family_name', 'people.email']),
    );
    expect(before.filter((h) => !h.startsWith('people.'))).toEqual([]);
    const bystanders = async () =>
      inWorkspace(db, admin.workspaceId, async (tx) => ({
        people: await tx.query('SELECT * FROM people WHERE id = ANY ($1::int[]) ORDER BY id', [
          [s.ada, s.bram],
        ]),
        posts: await tx.query('SELECT * FROM posts WHERE person_id = ANY ($1::int[]) ORDER BY id', [
          [s.ada, s.bram],
        ]),
        memberships: await tx.query(
          'SELECT * FROM network_memberships WHERE person_id = ANY ($1::int[]) ORDER BY id',
          [[s.ada, s.bram]],
        ),
        ties: await tx.query(
          'SELECT * FROM relationships WHERE from_person_id = $1 AND to_person_id = $2 ORDER BY id',
          [s.ada, s.bram],
        ),
      }));
    const others = await bystanders();
    expect(others.people).toHaveLength(2);
    expect(others.ties).toHaveLength(1);

    // Who may erase, and how carefully.
    expect((await call(editor, 'POST', `/api/v1/people/${s.id}/erase`, { confirm: s.id })).status).toBe(403);
    const wrong = await call(admin, 'POST', `/api/v1/people/${s.id}/erase`, { confirm: s.id + 1 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e) => e.field)).toEqual(['confirm']);
    const stale = await call(admin, 'POST', `/api/v1/people/${s.id}/erase`, { confirm: s.id, version: 99 });
    expect(stale.status).toBe(409);
    expect(await rowsNaming(admin.workspaceId, s.id)).toEqual({
      people: 1,
      posts: 3,
      network_memberships: 1,
      relationships: 5,
    });

    const r = await call(admin, 'POST', `/api/v1/people/${s.id}/erase`, { confirm: s.id, version: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const result = EraseResult.parse(r.body);
    expect(result.removed).toEqual({ people: 1, posts: 3, network_memberships: 1, relationships: 5 });
    expect(result.details).toEqual({ notes_mentioning: 0 });

    // Nothing remains: no row names the id, no text anywhere holds the name or email.
    expect(await rowsNaming(admin.workspaceId, s.id)).toEqual({
      people: 0,
      posts: 0,
      network_memberships: 0,
      relationships: 0,
    });
    expect(await findAnywhere(db, SEARCH_FOR)).toEqual([]);
    expect((await call(admin, 'GET', `/api/v1/people/${s.id}/subject-access`)).status).toBe(404);

    // The others and their own ties are untouched (their ties with the subject went with the subject).
    expect(await bystanders()).toEqual(others);

    // The suppression list keeps them off: the same email, or the same name without an email.
    const [sup] = await inWorkspace(db, admin.workspaceId, (tx) =>
      tx.query<{ id: number; erased_by: number }>(
        'SELECT id, erased_by FROM person_suppressions WHERE id = $1',
        [result.suppression_id],
      ),
    );
    expect(sup).toEqual({ id: result.suppression_id, erased_by: admin.userId });
    const again = (over: Record<string, unknown>) =>
      call(editor, 'POST', '/api/v1/people', { source: 'Fictional test data', ...over });
    const byEmail = await again({ given_name: 'Zeph', family_name: 'Q', email: 'ZQ@example.test' });
    expect(byEmail.status).toBe(409);
    const byName = await again({ given_name: 'zephyrine', family_name: 'QUILLBORROW' });
    expect(byName.status).toBe(409);
    expect(byName.body.errors[0]!.field).toBe('family_name');
    // A namesake with another email is someone else.
    const namesake = await again({
      given_name: 'Zephyrine',
      family_name: 'Quillborrow',
      email: 'other@example.test',
    });
    expect(namesake.status).toBe(201);

    // The erasure is audited with counts, and the audit log holds no value of the person.
    const erased = await auditAbout(s.id, 'person.erased');
    expect(erased).toHaveLength(1);
    expect(erased[0]!.details).toMatchObject({
      person_ids: [s.id],
      fields: [],
      removed: { people: 1, posts: 3, network_memberships: 1, relationships: 5 },
      suppression_id: result.suppression_id,
    });
    // The refusal of the editor is on record too.
    const [refused] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'permission.refused' AND actor_id = $1
         AND details->>'needs' = 'records.erase'`,
      [editor.userId],
    );
    expect(refused!.n).toBe(1);
  });

  it('erasure reports notes that mention the person, for review by hand', async () => {
    const id = await person('Peregrine', 'Notewhistle', { email: 'pn@example.test' });
    await inWorkspace(db, admin.workspaceId, (tx) =>
      tx.query(
        `INSERT INTO notes (workspace_id, target_type, target_code, body, created_at, updated_at)
         VALUES ($1, 'organisation', $2, 'Spoke to peregrine notewhistle about the pathway', now(), now()),
                ($1, 'organisation', $2, 'Wrote to PN@example.test', now(), now()),
                ($1, 'organisation', $2, 'Nothing about them here', now(), now())`,
        [admin.workspaceId, org.code],
      ),
    );
    const r = await call(admin, 'POST', `/api/v1/people/${id}/erase`, { confirm: id });
    expect(r.status).toBe(200);
    expect(EraseResult.parse(r.body).details).toEqual({ notes_mentioning: 2 });
    expect(r.body.removed).toEqual({ people: 1, posts: 0, network_memberships: 0, relationships: 0 });
  });
});
