import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/core/errors.ts';
import type { Db } from '../src/storage/db.ts';
import {
  countOpen,
  getNetwork,
  getOrganisation,
  listNetworks,
  listOrganisations,
  nationalSummary,
  search,
} from '../src/storage/landscape-repo.ts';
import { appliedMigrations, migrate, readMigrations } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite.ts';
import { ENGINES, freshDb } from './support/db.ts';

const TODAY = '2026-11-24';
const BEFORE = '2025-06-01';

describe.each(ENGINES)('storage on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb(engine);
  });
  afterAll(async () => {
    await db.close();
  });

  it('reports its engine and the migrations applied', async () => {
    expect(db.engine).toBe(engine);
    expect(await appliedMigrations(db)).toEqual(readMigrations().map((m) => m.name));
  });

  it('has 7 regions, 42 ICBs before April 2026 and 36 today', async () => {
    const before = await countOpen(db, BEFORE);
    const now = await countOpen(db, TODAY);
    expect(before.organisations.nhs_region).toBe(7);
    expect(before.organisations.icb).toBe(42);
    expect(now.organisations.icb).toBe(36);
    expect(before.organisations.sub_icb_location).toBe(106);
    expect(now.networks.cancer_alliance).toBe(20);
    expect(now.networks.health_innovation_network).toBe(15);
  });

  it('gives an ICB its region above it and its sub-ICB locations below it', async () => {
    const d = await getOrganisation(db, 'QYG', TODAY);
    expect(d.organisation.name).toMatch(/Cheshire and Merseyside/i);
    expect(d.parents.map((p) => p.code)).toEqual(['Y62']);
    const sicbls = d.children.find((g) => g.kind === 'sub_icb_location');
    expect(sicbls?.count).toBe(9);
    expect(sicbls?.items.every((i) => i.parent?.code === 'QYG')).toBe(true);
    expect(d.children.find((g) => g.kind === 'nhs_trust')?.count).toBeGreaterThan(10);
  });

  it('keeps a closed ICB with its successors, and its sub-ICB locations before it closed', async () => {
    const d = await getOrganisation(db, 'QHG', TODAY);
    expect(d.organisation.status).toBe('closed');
    expect(d.organisation.closed_on).toBe('2026-03-31');
    expect(d.successors.map((s) => s.organisation.code)).toEqual(['S1Y5D']);
    expect(d.children).toEqual([]);
    const then = await getOrganisation(db, 'QHG', BEFORE);
    expect(then.organisation.status).toBe('open');
    expect(then.children.find((g) => g.kind === 'sub_icb_location')?.count).toBeGreaterThan(0);
    const successor = await getOrganisation(db, 'S1Y5D', TODAY);
    expect(successor.predecessors.map((p) => p.organisation.code).sort()).toEqual(['QHG', 'QM7', 'QUE']);
  });

  it('re-parents a sub-ICB location of a merged ICB on 1 April 2026', async () => {
    const sicbls = await listOrganisations(db, {
      asAt: BEFORE,
      kind: 'sub_icb_location',
      parent: 'QHG',
      limit: 50,
    });
    expect(sicbls.items.length).toBeGreaterThan(0);
    const code = sicbls.items[0]!.code;
    const after = await getOrganisation(db, code, TODAY);
    expect(after.parents.map((p) => p.code)).toEqual(['Y61', 'S1Y5D']);
  });

  it('lists with keyset paging that neither repeats nor skips', async () => {
    const all = await listOrganisations(db, { asAt: TODAY, kind: 'icb', limit: 500 });
    expect(all.items).toHaveLength(36);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listOrganisations(db, { asAt: TODAY, kind: 'icb', limit: 10, cursor });
      seen.push(...page.items.map((i) => i.code));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.code));
  });

  it('searches by name words and by ODS code', async () => {
    const byName = await search(db, 'cheshire mersey', TODAY, 10);
    expect(byName.items[0]?.code).toBe('QYG');
    const byCode = await search(db, 'qyg', TODAY, 10);
    expect(byCode.items[0]).toMatchObject({ code: 'QYG', type: 'organisation', kind: 'icb' });
    const none = await search(db, 'zzzzqqq', TODAY, 10);
    expect(none.items).toEqual([]);
  });

  it('treats LIKE wildcards in a query as text', async () => {
    const r = await search(db, '%', TODAY, 10);
    expect(r.items).toEqual([]);
  });

  it('lists networks by kind and shows a Cancer Alliance footprint', async () => {
    const cas = await listNetworks(db, { asAt: TODAY, kind: 'cancer_alliance', limit: 100 });
    expect(cas.items).toHaveLength(20);
    const withTrusts = cas.items.find((n) => n.footprint_count > 0)!;
    const detail = await getNetwork(db, withTrusts.code, TODAY);
    expect(detail.footprint.some((f) => f.organisation.kind === 'nhs_trust' && f.role === 'member')).toBe(
      true,
    );
  });

  it('summarises regions → ICBs as at a date', async () => {
    const now = await nationalSummary(db, TODAY);
    expect(now.regions).toHaveLength(7);
    expect(now.regions.flatMap((r) => r.icbs)).toHaveLength(36);
    const then = await nationalSummary(db, BEFORE);
    expect(then.regions.flatMap((r) => r.icbs)).toHaveLength(42);
    const qyg = then.regions.flatMap((r) => r.icbs).find((i) => i.code === 'QYG');
    expect(qyg?.counts.sub_icb_location).toBe(9);
  });

  it('answers an unknown code with not_found', async () => {
    await expect(getOrganisation(db, 'NOPE1', TODAY)).rejects.toThrow(DomainError);
    await expect(getNetwork(db, 'no-such-network', TODAY)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rolls a failed transaction back whole', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO organisations (code, name, kind) VALUES ('ZZ1', 'Test One', 'company')`);
        await tx.query(
          `INSERT INTO organisations (code, name, kind) VALUES ('ZZ2', 'Test Two', 'not_a_kind')`,
        );
      }),
    ).rejects.toThrow();
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('the migration runner', () => {
  it('applies each migration once and records its sha256', async () => {
    const db = await openPglite({});
    try {
      const first = await migrate(db);
      expect(first).toEqual(readMigrations().map((m) => m.name));
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ name: string; sha256: string }>(
        'SELECT name, sha256 FROM schema_migrations',
      );
      expect(rows[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await db.close();
    }
  });

  it('refuses a landed migration whose file changed', async () => {
    const db = await openPglite({});
    try {
      const ms = readMigrations();
      await migrate(db, ms);
      const changed = ms.map((m, i) => (i === 0 ? { ...m, sha256: 'f'.repeat(64) } : m));
      await expect(migrate(db, changed)).rejects.toThrow(/has changed since it was applied/);
    } finally {
      await db.close();
    }
  });

  it('runs each migration in a transaction: a failing one leaves nothing behind', async () => {
    const db = await openPglite({});
    try {
      const bad = [
        { name: '0001_bad.sql', sha256: 'x', sql: 'CREATE TABLE half (x int); SELECT no_such_function();' },
      ];
      await expect(migrate(db, bad)).rejects.toThrow();
      const [t] = await db.query<{ t: string | null }>(`SELECT to_regclass('half')::text AS t`);
      expect(t?.t).toBeNull();
      expect(await db.query('SELECT * FROM schema_migrations')).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
