import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DECISION_LABELS, DECISIONS, LEVEL_LABELS, LEVELS, PROFESSIONS } from '../src/core/people.ts';
import { type CataloguePersona, KEY_PERSONA_CODES, PERSONA_CATALOGUE } from '../src/core/personas.ts';
import { ensurePersonaCatalogue } from '../src/services/load-personas.ts';
import { ensureReference } from '../src/services/load-reference.ts';
import type { Db } from '../src/storage/db.ts';
import { openPglite } from '../src/storage/pglite.ts';
import { openPostgres } from '../src/storage/postgres.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { ENGINES, type Engine, freshDb } from './support/db.ts';
import { testDatabaseUrl } from './support/engines.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = path.resolve(process.env.ATLAS_SHARED_SOURCES ?? path.join(REPO, '..', 'shared', 'sources'));
const HAS_SOURCES = fs.existsSync(SOURCES) && fs.readdirSync(SOURCES).some((f) => f.endsWith('.txt'));
if (!HAS_SOURCES) {
  console.log(
    `[persona tests] check against the names in the source documents skipped: ${SOURCES} not found (set ATLAS_SHARED_SOURCES to run it)`,
  );
}

/** The ten personas of source 001, as the issue names them. */
const KEY_CODES = [
  'clinical_network_lead',
  'cancer_alliance_leadership',
  'clinical_reference_group_member',
  'ics_programme_lead',
  'service_lead',
  'transformation_lead',
  'ics_chief_pharmacist',
  'apc_member',
  'high_cost_drug_pharmacist',
  'pcn_clinical_pharmacist_lead',
];

/** Base roles the demo generator gives posts to. */
const DEMO_BASE_CODES = [
  'ics_programme_manager',
  'ics_hcd_pharmacist_lead',
  'pcn_clinical_director',
  'pcn_manager',
  'network_manager',
  'consultant',
  'gp_partner',
  'salaried_gp',
  'practice_manager',
  'practice_nurse',
  'icb_medical_director',
  'icb_chief_nurse',
  'trust_chief_pharmacist',
  'trust_medical_director',
  'trust_chief_nurse',
  'patient_representative',
];

/**
 * Capitalised word pairs that may appear in a summary or a "looks for" phrase: names of NHS bodies
 * and programmes. Anything else capitalised mid-text (such as a person's name) fails the test.
 */
const NHS_TERMS = new Set(['Cancer Alliances', 'Cancer Alliance', 'Health Innovation', 'Innovation Network']);

interface PersonaRow {
  code: string;
  name: string;
  category: string;
  level: string;
  summary: string;
  decisions: string[];
  looks_for: string[];
  professions: string[];
  sort_order: number;
  version: number;
}

const ROW_COLUMNS =
  'code, name, category, level, summary, decisions, looks_for, professions, sort_order, version';

/** The catalogue rows of a database (workspace_id NULL), by code. */
async function catalogueRows(q: Db): Promise<Map<string, PersonaRow>> {
  const rows = await q.query<PersonaRow>(
    `SELECT ${ROW_COLUMNS} FROM personas WHERE workspace_id IS NULL ORDER BY sort_order, code`,
  );
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * A fresh database as its owner (the migrating user), the way `ensureReference` sees it at startup:
 * `freshDb` hands out the application role, which row-level security keeps off catalogue rows.
 */
async function ownerDb(engine: Engine): Promise<Db> {
  if (engine === 'pglite') {
    return openPglite({ loadDataDir: new Blob([fs.readFileSync(inject('pgliteSnapshot'))]) });
  }
  const url = testDatabaseUrl()!;
  const name = `atlas_t_personas_${Math.random().toString(16).slice(2, 10)}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 2);
  return {
    ...db,
    async close() {
      await db.close();
      const a = await openPostgres(url, 1);
      await a.exec(`DROP DATABASE IF EXISTS ${name}`);
      await a.close();
    },
  };
}

/** The sentences of a summary. */
function sentences(s: string): string[] {
  return s
    .split(/(?<=[.!?])\s+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** The persona catalogue's row in docs/people.md. */
function docRow(p: CataloguePersona): string {
  const decisions = p.decisions.map((d) => DECISION_LABELS[d]).join(', ');
  return `| \`${p.code}\` | ${p.name} | ${p.category} | ${LEVEL_LABELS[p.level]} | ${decisions} |`;
}

/**
 * Names of people in the source documents: capitalised word pairs after an honorific, and pairs
 * neither of whose words the sources ever use in lower case (given and family names, not words).
 */
function namesInSources(): string[] {
  const text = fs
    .readdirSync(SOURCES)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => fs.readFileSync(path.join(SOURCES, f), 'utf8'))
    .join('\n');
  const lower = new Set(text.match(/\b[a-z][a-z]+\b/g) ?? []);
  const names = new Set<string>();
  for (const m of text.matchAll(/\b(?:Dr|Prof|Professor|Sir)\.? ([A-Z][a-z]+ [A-Z][a-z]+)\b/g))
    names.add(m[1]!);
  for (const m of text.matchAll(/(?=\b([A-Z][a-z]+) ([A-Z][a-z]+)\b)/g)) {
    const [a, b] = [m[1]!, m[2]!];
    if (
      !['Dr', 'Prof', 'Professor', 'Sir'].includes(a) &&
      !lower.has(a.toLowerCase()) &&
      !lower.has(b.toLowerCase())
    )
      names.add(`${a} ${b}`);
  }
  return [...names];
}

describe('the persona catalogue (src/core/personas.ts)', () => {
  it('has exactly the ten key personas of source 001, in its order, before the base roles', () => {
    expect(PERSONA_CATALOGUE.filter((p) => p.category === 'key').map((p) => p.code)).toEqual(KEY_CODES);
    expect(KEY_PERSONA_CODES).toEqual(KEY_CODES);
    const lastKey = Math.max(
      ...PERSONA_CATALOGUE.filter((p) => p.category === 'key').map((p) => p.sort_order),
    );
    const firstBase = Math.min(
      ...PERSONA_CATALOGUE.filter((p) => p.category === 'base').map((p) => p.sort_order),
    );
    expect(lastKey).toBeLessThan(firstBase);
  });

  it('has unique codes and sort orders that the personas table accepts', () => {
    const codes = PERSONA_CATALOGUE.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(PERSONA_CATALOGUE.map((p) => p.sort_order)).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9][a-z0-9_-]{1,79}$/);
  });

  it('gives every persona a valid level, decisions, professions, a 2–4 sentence summary and 3–6 wants', () => {
    for (const p of PERSONA_CATALOGUE) {
      expect(LEVELS, p.code).toContain(p.level);
      expect(p.decisions.length, p.code).toBeGreaterThan(0);
      for (const d of p.decisions) expect(DECISIONS, p.code).toContain(d);
      expect(new Set(p.decisions).size, p.code).toBe(p.decisions.length);
      expect(p.professions.length, p.code).toBeGreaterThan(0);
      for (const x of p.professions) expect(PROFESSIONS, p.code).toContain(x);
      const n = sentences(p.summary).length;
      expect(n, `${p.code}: ${p.summary}`).toBeGreaterThanOrEqual(2);
      expect(n, `${p.code}: ${p.summary}`).toBeLessThanOrEqual(4);
      expect(p.summary, p.code).toBe(p.summary.trim());
      expect(p.looks_for.length, p.code).toBeGreaterThanOrEqual(3);
      expect(p.looks_for.length, p.code).toBeLessThanOrEqual(6);
      for (const w of p.looks_for) expect(w.length, `${p.code}: ${w}`).toBeLessThanOrEqual(80);
      expect(p.name.length, p.code).toBeLessThanOrEqual(160);
    }
  });

  it('puts the key personas at the levels the sources describe', () => {
    const level = (code: string) => PERSONA_CATALOGUE.find((p) => p.code === code)?.level;
    expect(level('clinical_reference_group_member')).toBe('national');
    for (const c of ['ics_programme_lead', 'transformation_lead', 'ics_chief_pharmacist', 'apc_member'])
      expect(level(c), c).toBe('system');
    expect(level('service_lead')).toBe('provider');
    expect(level('high_cost_drug_pharmacist')).toBe('provider');
    expect(level('pcn_clinical_pharmacist_lead')).toBe('neighbourhood');
    const decides = (code: string) => PERSONA_CATALOGUE.find((p) => p.code === code)?.decisions ?? [];
    expect(decides('apc_member')).toContain('formulary');
    expect(decides('clinical_reference_group_member')).toContain('specialised_commissioning');
    expect(decides('service_lead')).toEqual(expect.arrayContaining(['budget', 'workforce_resourcing']));
    expect(decides('transformation_lead')).toContain('pilot_adoption');
  });

  it('has the base roles the demo generator uses, and the managed-network triad', () => {
    const codes = new Set(PERSONA_CATALOGUE.filter((p) => p.category === 'base').map((p) => p.code));
    for (const c of [...DEMO_BASE_CODES, 'network_clinical_lead', 'network_nursing_lead', 'network_manager'])
      expect(codes.has(c), c).toBe(true);
  });

  it('names no person: only NHS bodies are capitalised mid-sentence in summaries and wants', () => {
    for (const p of PERSONA_CATALOGUE) {
      for (const t of [p.summary, ...p.looks_for]) {
        for (const m of t.matchAll(/(?=\b([A-Z][a-z]+ [A-Z][a-z]+)\b)/g))
          expect(NHS_TERMS.has(m[1]!), `${p.code}: "${m[1]}" in "${t}"`).toBe(true);
        for (const m of t.matchAll(/\b(?:Dr|Prof|Professor|Sir|Mr|Mrs|Ms|Dame)\.? [A-Z]/g))
          expect.fail(`${p.code}: an honorific in "${t}" (${m[0]})`);
      }
    }
  });

  it.runIf(HAS_SOURCES)('holds none of the names of people in the source documents', () => {
    const names = namesInSources();
    // The sources name their authors, officials and contributors: the finder must see them.
    expect(names.length).toBeGreaterThanOrEqual(5);
    const text = PERSONA_CATALOGUE.map((p) => [p.name, p.summary, ...p.looks_for].join('\n')).join('\n');
    const prose = PERSONA_CATALOGUE.map((p) => [p.summary, ...p.looks_for].join('\n')).join('\n');
    for (const n of names) {
      expect(text.includes(n), `"${n}" is in the catalogue`).toBe(false);
      // a family name alone, capitalised, is a mention too
      const family = n.split(' ')[1]!;
      expect(new RegExp(`\\b${family}\\b`).test(prose), `"${family}" is in a summary or want`).toBe(false);
    }
  });

  it('is listed, as it is, in docs/people.md', () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'people.md'), 'utf8');
    for (const p of PERSONA_CATALOGUE) expect(doc, p.code).toContain(docRow(p));
    const listed = [...doc.matchAll(/^\| `([a-z0-9_-]+)` \|.*\| (?:key|base) \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(PERSONA_CATALOGUE.map((p) => p.code));
  });
});

describe.each(ENGINES)('the seeded persona catalogue on %s', (engine) => {
  describe('as the application sees it', () => {
    let db: Db;
    beforeAll(async () => {
      db = await freshDb(engine);
    });
    afterAll(async () => {
      await db.close();
    });

    it('holds every catalogue persona, field for field, at version 1', async () => {
      const rows = await catalogueRows(db);
      expect([...rows.keys()]).toEqual(PERSONA_CATALOGUE.map((p) => p.code));
      for (const p of PERSONA_CATALOGUE) {
        expect(rows.get(p.code), p.code).toEqual({
          code: p.code,
          name: p.name,
          category: p.category,
          level: p.level,
          summary: p.summary,
          decisions: [...p.decisions],
          looks_for: [...p.looks_for],
          professions: [...p.professions],
          sort_order: p.sort_order,
          version: 1,
        });
      }
      const [keys] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM personas WHERE workspace_id IS NULL AND category = 'key'`,
      );
      expect(keys?.n).toBe(10);
    });

    it('is read by every workspace but cannot be changed or deleted by the application role', async () => {
      const [ws] = await db.query<{ id: number }>(
        `INSERT INTO workspaces (name) VALUES ('Persona Test') RETURNING id`,
      );
      const wid = ws!.id;
      const code = 'service_lead';
      const seen = await inWorkspace(db, wid, (tx) =>
        tx.query<{ code: string }>(`SELECT code FROM personas WHERE workspace_id IS NULL AND code = $1`, [
          code,
        ]),
      );
      expect(seen).toEqual([{ code }]);
      for (const run of [
        (sql: string) => db.query<{ id: number }>(sql, [code]),
        (sql: string) => inWorkspace(db, wid, (tx) => tx.query<{ id: number }>(sql, [code])),
      ]) {
        expect(
          await run(
            `UPDATE personas SET summary = 'Changed.' WHERE workspace_id IS NULL AND code = $1 RETURNING id`,
          ),
        ).toEqual([]);
        expect(
          await run(`DELETE FROM personas WHERE workspace_id IS NULL AND code = $1 RETURNING id`),
        ).toEqual([]);
      }
      await expect(
        inWorkspace(db, wid, (tx) =>
          tx.query(
            `INSERT INTO personas (workspace_id, code, name, category, level) VALUES (NULL, 'rogue_role', 'Rogue', 'base', 'system')`,
          ),
        ),
      ).rejects.toThrow(/row-level security/);
      const rows = await catalogueRows(db);
      expect(rows.get(code)?.summary).toBe(PERSONA_CATALOGUE.find((p) => p.code === code)!.summary);
      expect(rows.get(code)?.version).toBe(1);
      expect(rows.has('rogue_role')).toBe(false);
      // The workspace's own personas are its to write.
      const own = await inWorkspace(db, wid, (tx) =>
        tx.query<{ code: string; version: number }>(
          `UPDATE personas SET summary = 'Ours.' WHERE workspace_id = $1 AND code = $2 RETURNING code, version`,
          [wid, 'our_service_lead'],
        ),
      );
      expect(own).toEqual([]);
      const added = await inWorkspace(db, wid, (tx) =>
        tx.query<{ code: string }>(
          `INSERT INTO personas (workspace_id, code, name, category, level) VALUES ($1, 'our_service_lead', 'Our service lead', 'custom', 'provider') RETURNING code`,
          [wid],
        ),
      );
      expect(added).toEqual([{ code: 'our_service_lead' }]);
    });
  });

  describe('seeding, as the owner at startup', () => {
    let db: Db;
    beforeAll(async () => {
      db = await ownerDb(engine);
    });
    afterAll(async () => {
      await db.close();
    });

    it('changes nothing when the catalogue is already in the database', async () => {
      const before = await catalogueRows(db);
      expect(await ensurePersonaCatalogue(db)).toEqual({ inserted: 0, updated: 0, removed: 0 });
      expect(await ensurePersonaCatalogue(db)).toEqual({ inserted: 0, updated: 0, removed: 0 });
      expect(await catalogueRows(db)).toEqual(before);
    });

    it('puts back a changed summary and a deleted persona, bumping the version of the one it updates', async () => {
      await db.query(
        `UPDATE personas SET summary = 'Edited by hand.' WHERE workspace_id IS NULL AND code = 'apc_member'`,
      );
      await db.query(`DELETE FROM personas WHERE workspace_id IS NULL AND code = 'salaried_gp'`);
      // ensureReference runs the seeding at every open, not only on the first load.
      const r = await ensureReference(db);
      expect(r.loaded).toBe(false);
      expect(r.personas).toEqual({ inserted: 1, updated: 1, removed: 0 });
      const rows = await catalogueRows(db);
      expect(rows.get('apc_member')?.summary).toBe(
        PERSONA_CATALOGUE.find((p) => p.code === 'apc_member')!.summary,
      );
      expect(rows.get('apc_member')?.version).toBe(2);
      expect(rows.get('salaried_gp')?.name).toBe('Salaried GP');
      expect(rows.get('consultant')?.version).toBe(1);
    });

    it('follows a changed catalogue: new codes in, changed fields updated, unused old codes out', async () => {
      const changed: CataloguePersona[] = PERSONA_CATALOGUE.filter(
        (p) => p.code !== 'carer_representative',
      ).map((p) =>
        p.code === 'pcn_manager'
          ? { ...p, decisions: ['budget'], looks_for: [...p.looks_for, 'Clear reporting'] }
          : p,
      );
      changed.push({
        code: 'test_new_role',
        name: 'Test new role',
        category: 'base',
        level: 'place',
        summary: 'A role for this test. It is removed again below.',
        decisions: ['budget'],
        looks_for: ['One', 'Two', 'Three'],
        professions: ['manager'],
        sort_order: 9999,
      });
      // A workspace's own persona is never touched by the seeding, even one sharing a dropped code.
      const [ws] = await db.query<{ id: number }>(
        `INSERT INTO workspaces (name) VALUES ('Own Personas') RETURNING id`,
      );
      await db.query(
        `INSERT INTO personas (workspace_id, code, name, category, level, summary) VALUES ($1, 'carer_representative', 'Carer voice', 'custom', 'place', 'Ours.')`,
        [ws!.id],
      );
      expect(await ensurePersonaCatalogue(db, changed)).toEqual({ inserted: 1, updated: 1, removed: 1 });
      const [ours] = await db.query<{ name: string; version: number }>(
        `SELECT name, version FROM personas WHERE workspace_id = $1 AND code = 'carer_representative'`,
        [ws!.id],
      );
      expect(ours).toEqual({ name: 'Carer voice', version: 1 });
      const rows = await catalogueRows(db);
      expect(rows.get('pcn_manager')?.decisions).toEqual(['budget']);
      expect(rows.get('pcn_manager')?.looks_for.at(-1)).toBe('Clear reporting');
      expect(rows.has('carer_representative')).toBe(false);
      expect(rows.get('test_new_role')?.level).toBe('place');
      // and back to the real catalogue
      expect(await ensurePersonaCatalogue(db)).toEqual({ inserted: 1, updated: 1, removed: 1 });
      expect(await ensurePersonaCatalogue(db)).toEqual({ inserted: 0, updated: 0, removed: 0 });
    });

    it('keeps a persona that left the catalogue while a post still uses it', async () => {
      const [ws] = await db.query<{ id: number }>(
        `INSERT INTO workspaces (name) VALUES ('Seeding Test') RETURNING id`,
      );
      const [person] = await db.query<{ id: number }>(
        `INSERT INTO people (workspace_id, given_name, family_name, source, lawful_basis)
         VALUES ($1, 'Ada', 'Testwell', 'test', 'legitimate_interests') RETURNING id`,
        [ws!.id],
      );
      const [org] = await db.query<{ id: number }>(
        `SELECT id FROM organisations WHERE kind = 'nhs_trust' LIMIT 1`,
      );
      await db.query(
        `INSERT INTO posts (workspace_id, person_id, organisation_id, title, persona_id, level, valid_from)
         SELECT $1, $2, $3, 'Chief pharmacist', id, 'provider', '2025-01-01'
         FROM personas WHERE workspace_id IS NULL AND code = 'trust_chief_pharmacist'`,
        [ws!.id, person!.id, org!.id],
      );
      const without = PERSONA_CATALOGUE.filter((p) => p.code !== 'trust_chief_pharmacist');
      expect(await ensurePersonaCatalogue(db, without)).toEqual({ inserted: 0, updated: 0, removed: 0 });
      const [post] = await db.query<{ code: string }>(
        `SELECT pe.code FROM posts po JOIN personas pe ON pe.id = po.persona_id WHERE po.person_id = $1`,
        [person!.id],
      );
      expect(post?.code).toBe('trust_chief_pharmacist');
      expect(await ensurePersonaCatalogue(db)).toEqual({ inserted: 0, updated: 0, removed: 0 });
    });
  });
});
