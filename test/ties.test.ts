import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import type { Membership, Relationship } from '../src/shared/people-schemas.ts';
import {
  MembershipList,
  Membership as MembershipSchema,
  RelationshipList,
  Roster,
} from '../src/shared/people-schemas.ts';
import { Problem } from '../src/shared/schemas.ts';
import type { Db, Queryable } from '../src/storage/db.ts';
import { loadPeopleCtx } from '../src/storage/people-ctx.ts';
import { tiesRepo } from '../src/storage/ties-repo.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, freshDb } from './support/db.ts';

/** Secret-looking personal text that must never reach the audit log. */
const DECLARATION_TEXT = 'Holds shares in Fictional Widgets Ltd (declaration text 7f3a)';
const EVIDENCE_TEXT = 'Seen together at the Testshire board (evidence text 91bc)';

const SCN = 'scn-north-west-coast'; // established 2016-04-01
const TRUST = 'RBT'; // an NHS trust: secondary care

describe.each(ENGINES)('network memberships and relationships on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  let a: { token: string; workspaceId: number; userId: number };
  let b: { token: string; workspaceId: number };
  let viewerA: { token: string };
  /** fictional people of workspace A, by first name; one person of workspace B */
  const ppl: Record<string, number> = {};
  let outsider = 0;

  /** Inserts a person directly, inside the workspace. */
  const addPerson = async (workspaceId: number, given: string, family: string, professions: string[]) => {
    const [row] = await inWorkspace(db, workspaceId, (tx) =>
      tx.query<{ id: number }>(
        `INSERT INTO people (workspace_id, given_name, family_name, professions, source, lawful_basis)
         VALUES ($1, $2, $3, $4, 'test fixture', 'legitimate_interests') RETURNING id`,
        [workspaceId, given, family, professions],
      ),
    );
    return row!.id;
  };

  beforeAll(async () => {
    db = await freshDb(engine);
    const clock = fakeClock('2026-11-24T10:00:00Z');
    app = createApp({ db, clock, log: silentLog });
    a = await buildMember(db, clock, { workspace: 'Ties A', role: 'editor' });
    b = await buildMember(db, clock, { workspace: 'Ties B', role: 'editor' });
    viewerA = await buildMember(db, clock, { workspace: 'Ties A', role: 'viewer' });
    ppl.ada = await addPerson(a.workspaceId, 'Ada', 'Testwell', ['gp']);
    ppl.ben = await addPerson(a.workspaceId, 'Ben', 'Sampleton', ['manager']);
    ppl.cora = await addPerson(a.workspaceId, 'Cora', 'Fictive', ['patient_representative']);
    ppl.dee = await addPerson(a.workspaceId, 'Dee', 'Madeup', ['nurse']);
    ppl.eli = await addPerson(a.workspaceId, 'Eli', 'Placeholder', ['pharmacist', 'manager']);
    ppl.fay = await addPerson(a.workspaceId, 'Fay', 'Examplar', ['consultant']);
    outsider = await addPerson(b.workspaceId, 'Gus', 'Otherspace', ['gp']);
    // A local authority, for a social care member organisation.
    await db.query(
      `INSERT INTO organisations (code, name, kind, opened_on) VALUES ('TLA01', 'Testshire County Council', 'local_authority', '2000-01-01')`,
    );
  });
  afterAll(async () => {
    await db.close();
  });

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const asA = (method: string, path: string, body?: unknown) => call(a.token, method, path, body);
  const asB = (method: string, path: string, body?: unknown) => call(b.token, method, path, body);
  /** The field the first error of a problem names. */
  const fieldOf = (body: unknown) => Problem.parse(body).errors?.[0]?.field;
  const addMembership = async (body: Record<string, unknown>) => {
    const r = await asA('POST', '/api/v1/memberships', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return MembershipSchema.parse(r.body);
  };
  const roster = async (code: string, asAt: string, token = a.token) => {
    const r = await call(token, 'GET', `/api/v1/networks/${code}/roster?as_at=${asAt}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return Roster.parse(r.body);
  };

  describe('domain rules', () => {
    it('refuses a relationship to oneself, naming to_person_id', async () => {
      const r = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.ada,
        to_person_id: ppl.ada,
        kind: 'knows',
        strength: 3,
      });
      expect(r.status).toBe(400);
      expect(fieldOf(r.body)).toBe('to_person_id');
    });

    it('refuses the same person in the same role of the same network over overlapping days', async () => {
      const first = await addMembership({
        network_code: 'N45',
        person_id: ppl.eli,
        role: 'member',
        valid_from: '2024-01-01',
        valid_to: '2024-12-31',
      });
      expect(first.person?.name).toBe('Eli Placeholder');
      const clash = await asA('POST', '/api/v1/memberships', {
        network_code: 'N45',
        person_id: ppl.eli,
        role: 'member',
        valid_from: '2024-06-01',
      });
      expect(clash.status).toBe(409);
      expect(fieldOf(clash.body)).toBe('valid_from');
      expect(Problem.parse(clash.body).detail).toMatch(/overlap/);
      // A later, separate period is fine; so is another role over the same days.
      await addMembership({
        network_code: 'N45',
        person_id: ppl.eli,
        role: 'member',
        valid_from: '2025-01-01',
      });
      await addMembership({
        network_code: 'N45',
        person_id: ppl.eli,
        role: 'deputy',
        valid_from: '2024-06-01',
      });
      // Moving the first membership's end into the second's period is refused too.
      const move = await asA('PATCH', `/api/v1/memberships/${first.id}`, {
        version: first.version,
        valid_to: '2025-03-01',
      });
      expect(move.status).toBe(409);
      expect(fieldOf(move.body)).toBe('valid_from');
    });

    it('refuses a membership that starts before its network was established', async () => {
      const early = await asA('POST', '/api/v1/memberships', {
        network_code: SCN,
        person_id: ppl.fay,
        role: 'member',
        valid_from: '2015-09-01',
      });
      expect(early.status).toBe(400);
      expect(fieldOf(early.body)).toBe('valid_from');
      expect(Problem.parse(early.body).detail).toContain('2016-04-01');
      // Without a start date it cannot be shown to sit inside the network's life either.
      const undated = await asA('POST', '/api/v1/memberships', {
        network_code: SCN,
        person_id: ppl.fay,
        role: 'member',
      });
      expect(undated.status).toBe(400);
      expect(fieldOf(undated.body)).toBe('valid_from');
      const ok = await addMembership({
        network_code: SCN,
        person_id: ppl.fay,
        role: 'member',
        valid_from: '2016-04-01',
      });
      expect(ok.network.name).toBe('North West Coast Strategic Clinical Networks');
    });

    it('wants exactly one member and one relationship target, and chairs only to a network or organisation', async () => {
      const neither = await asA('POST', '/api/v1/memberships', { network_code: 'N45', role: 'member' });
      expect([neither.status, fieldOf(neither.body)]).toEqual([400, 'person_id']);
      const both = await asA('POST', '/api/v1/memberships', {
        network_code: 'N45',
        role: 'member',
        person_id: ppl.ada,
        organisation_code: TRUST,
      });
      expect([both.status, fieldOf(both.body)]).toEqual([400, 'organisation_code']);
      const notOrg = await asA('POST', '/api/v1/memberships', {
        network_code: 'N45',
        role: 'member',
        person_id: ppl.ada,
        representing_code: 'NOPE9',
      });
      expect([notOrg.status, fieldOf(notOrg.body)]).toEqual([400, 'representing_code']);
      const noNet = await asA('POST', '/api/v1/memberships', {
        network_code: 'no-such-network',
        role: 'member',
        person_id: ppl.ada,
      });
      expect([noNet.status, fieldOf(noNet.body)]).toEqual([400, 'network_code']);

      const noTarget = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.ada,
        kind: 'knows',
        strength: 2,
      });
      expect([noTarget.status, fieldOf(noTarget.body)]).toEqual([400, 'to_person_id']);
      const twoTargets = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.ada,
        to_person_id: ppl.ben,
        to_network_code: 'N45',
        kind: 'advises',
        strength: 2,
      });
      expect([twoTargets.status, fieldOf(twoTargets.body)]).toEqual([400, 'to_network_code']);
      const chairsPerson = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.ada,
        to_person_id: ppl.ben,
        kind: 'chairs',
        strength: 2,
      });
      expect([chairsPerson.status, fieldOf(chairsPerson.body)]).toEqual([400, 'kind']);
      const chairsNet = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.ada,
        to_network_code: 'N45',
        kind: 'chairs',
        strength: 5,
      });
      expect(chairsNet.status).toBe(201);
      expect((chairsNet.body as Relationship).to).toEqual({
        type: 'network',
        id: 'N45',
        name: 'West Midlands Cancer Alliance',
      });
    });

    it('refuses a second tie of the same kind between the same ends; works_with counts either way round', async () => {
      const one = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.dee,
        to_person_id: ppl.fay,
        kind: 'works_with',
        strength: 4,
        valid_from: '2025-01-01',
      });
      expect(one.status).toBe(201);
      const reverse = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.fay,
        to_person_id: ppl.dee,
        kind: 'works_with',
        strength: 2,
      });
      expect([reverse.status, fieldOf(reverse.body)]).toEqual([409, 'kind']);
      // Directed kinds are different ties each way: Dee advises Fay, and Fay advises Dee.
      for (const [from, to] of [
        [ppl.dee, ppl.fay],
        [ppl.fay, ppl.dee],
      ]) {
        const r = await asA('POST', '/api/v1/relationships', {
          from_person_id: from,
          to_person_id: to,
          kind: 'advises',
          strength: 3,
        });
        expect(r.status).toBe(201);
      }
      const again = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.dee,
        to_person_id: ppl.fay,
        kind: 'advises',
        strength: 1,
      });
      expect([again.status, fieldOf(again.body)]).toEqual([409, 'kind']);
    });
  });

  describe('the roster of a network', () => {
    beforeAll(async () => {
      // Cheshire and Merseyside Cancer Alliance (N68), as it stands over late 2026 and early 2027.
      await addMembership({
        network_code: 'N68',
        person_id: ppl.ada,
        representing_code: TRUST,
        role: 'clinical_lead',
        voting: true,
        valid_from: '2025-04-01',
        last_verified_on: '2026-10-01',
      });
      await addMembership({
        network_code: 'N68',
        person_id: ppl.ben,
        representing_code: TRUST,
        role: 'network_manager',
        voting: true,
        valid_from: '2025-04-01',
        valid_to: '2026-12-31',
      });
      await addMembership({
        network_code: 'N68',
        person_id: ppl.cora,
        role: 'patient_representative',
        voting: false,
        valid_from: '2026-01-01',
        declarations: [{ kind: 'financial', description: DECLARATION_TEXT, declared_on: '2026-01-05' }],
      });
      await addMembership({
        network_code: 'N68',
        person_id: ppl.dee,
        role: 'nursing_lead',
        voting: true,
        valid_from: '2026-12-01',
      });
      await addMembership({
        network_code: 'N68',
        organisation_code: 'TLA01',
        role: 'member',
        voting: true,
        valid_from: '2026-01-01',
      });
      await addMembership({
        network_code: 'N68',
        person_id: ppl.fay,
        role: 'member',
        sector: 'tertiary',
        valid_from: '2026-01-01',
      });
    });

    it('counts roles, professions, sectors, organisations, voting members and declarations on a date', async () => {
      const r = await roster('N68', '2026-11-24');
      expect(r.network).toEqual({
        code: 'N68',
        name: 'Cheshire and Merseyside Cancer Alliance',
        kind: 'cancer_alliance',
      });
      // Dee's nursing lead role starts on 1 December: not on the roster yet.
      expect(r.members.map((m) => m.person?.name ?? m.organisation?.name)).toEqual([
        'Ada Testwell',
        'Ben Sampleton',
        'Fay Examplar',
        'Testshire County Council',
        'Cora Fictive',
      ]);
      expect(r.makeup.people).toBe(4);
      expect(r.makeup.organisations).toBe(1);
      expect(r.makeup.voting).toBe(3);
      expect(r.makeup.declarations).toBe(1);
      expect(r.makeup.by_role).toEqual({
        clinical_lead: 1,
        network_manager: 1,
        member: 2,
        patient_representative: 1,
      });
      expect(r.makeup.by_profession).toEqual({ consultant: 1, gp: 1, manager: 1, patient_representative: 1 });
      // Ada and Ben sit for a trust (secondary); the council is social care; Cora is lay; Fay as recorded.
      expect(r.makeup.by_sector).toEqual({ secondary: 2, lay: 1, social_care: 1, tertiary: 1 });
      expect(r.makeup.represented).toEqual([
        { code: TRUST, name: 'Mid Cheshire Hospitals NHS Foundation Trust', kind: 'nhs_trust', members: 2 },
        { code: 'TLA01', name: 'Testshire County Council', kind: 'local_authority', members: 1 },
      ]);
      const ada = r.members.find((m) => m.person?.id === ppl.ada)!;
      expect(ada.stale).toBe(false);
      expect(ada.person?.professions).toEqual(['gp']);
      expect(r.members.find((m) => m.person?.id === ppl.ben)!.stale).toBe(true); // never verified
      expect(r.members.find((m) => m.person?.id === ppl.cora)!.declarations[0]?.description).toBe(
        DECLARATION_TEXT,
      );
    });

    it('has the managed-network triad only while lead doctor, lead nurse and lead manager are all in post', async () => {
      const before = await roster('N68', '2026-11-24');
      expect(before.makeup.triad).toEqual({
        lead_doctor: { id: ppl.ada, name: 'Ada Testwell' },
        lead_nurse: null,
        lead_manager: { id: ppl.ben, name: 'Ben Sampleton' },
        complete: false,
      });
      const december = await roster('N68', '2026-12-15');
      expect(december.makeup.triad).toEqual({
        lead_doctor: { id: ppl.ada, name: 'Ada Testwell' },
        lead_nurse: { id: ppl.dee, name: 'Dee Madeup' },
        lead_manager: { id: ppl.ben, name: 'Ben Sampleton' },
        complete: true,
      });
      // Ben's membership ended on 31 December: he is off the roster and the triad is broken.
      const january = await roster('N68', '2027-01-15');
      expect(january.members.some((m) => m.person?.id === ppl.ben)).toBe(false);
      expect(january.makeup.triad.lead_manager).toBeNull();
      expect(january.makeup.triad.complete).toBe(false);
      expect(january.makeup.by_role.network_manager).toBeUndefined();
      // The last day of a membership is still on it (dates are inclusive).
      expect((await roster('N68', '2026-12-31')).makeup.triad.complete).toBe(true);
    });

    it('shows patient involvement, and its absence', async () => {
      expect((await roster('N68', '2026-11-24')).makeup.patient_involvement).toEqual({
        present: true,
        members: 1,
      });
      // Before Cora joined, nobody lay sat on the network.
      expect((await roster('N68', '2025-06-01')).makeup.patient_involvement).toEqual({
        present: false,
        members: 0,
      });
    });

    it('answers for a network with no members, and 404 for an unknown one', async () => {
      const empty = await roster('N46', '2026-11-24');
      expect(empty.members).toEqual([]);
      expect(empty.makeup.people).toBe(0);
      expect(empty.makeup.triad.complete).toBe(false);
      expect(empty.makeup.patient_involvement.present).toBe(false);
      const unknown = await asA('GET', '/api/v1/networks/no-such-network/roster');
      expect(unknown.status).toBe(404);
    });

    it('lists memberships by network, person, role, date, and by organisation as member or represented', async () => {
      const q = async (qs: string) => {
        const r = await asA('GET', `/api/v1/memberships?${qs}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        return MembershipList.parse(r.body);
      };
      const byTrust = await q(`organisation=${TRUST.toLowerCase()}`);
      expect(byTrust.items.map((m) => m.person?.name).sort()).toEqual(['Ada Testwell', 'Ben Sampleton']);
      const council = await q('organisation=TLA01');
      expect(council.items.map((m) => m.organisation?.code)).toEqual(['TLA01']);
      expect(council.items[0]?.sector).toBe('social_care');
      const now = await q('network=N68&as_at=2027-01-15');
      expect(now.total).toBe(5);
      const leads = await q('network=N68&role=clinical_lead');
      expect(leads.items.map((m) => m.person?.id)).toEqual([ppl.ada]);
      const paged = await q('network=N68&limit=2&offset=2');
      expect(paged.total).toBe(6);
      expect(paged.items).toHaveLength(2);
      const eli = await q(`person=${ppl.eli}`);
      expect(eli.items.map((m) => `${m.network.code} ${m.role} ${m.valid_from}`).sort()).toEqual([
        'N45 deputy 2024-06-01',
        'N45 member 2024-01-01',
        'N45 member 2025-01-01',
      ]);
      // A viewer may read.
      expect((await call(viewerA.token, 'GET', '/api/v1/memberships?network=N68')).status).toBe(200);
    });

    it('reads each list in a fixed number of statements, however many rows', async () => {
      let statements = 0;
      const items = await inWorkspace(db, a.workspaceId, async (tx) => {
        const counting: Queryable = {
          query: (sql, params) => {
            statements += 1;
            return tx.query(sql, params);
          },
          exec: (sql) => tx.exec(sql),
        };
        const repo = tiesRepo(counting, await loadPeopleCtx(tx, a.workspaceId, '2026-11-24'));
        const before = statements;
        const list = await repo.listMemberships({ network: 'N68', limit: 100, offset: 0 });
        const listed = statements - before;
        const r = await repo.roster('N68', '2026-12-15');
        const rels = await repo.listRelationships({ limit: 100, offset: 0 });
        return { list, listed, r, rels };
      });
      expect(items.list.items).toHaveLength(6);
      expect(items.listed).toBeLessThanOrEqual(3); // network code, count, page
      expect(items.r.members).toHaveLength(6);
      expect(items.rels.total).toBeGreaterThan(3);
      expect(statements).toBeLessThanOrEqual(3 + 2 + 2);
    });
  });

  describe('relationships from either end', () => {
    it('lists a person’s ties in both directions, each saying which end the person is', async () => {
      const out = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.ben,
        to_person_id: ppl.ada,
        kind: 'reports_to',
        strength: 5,
        confidence: 'confirmed',
        evidence: EVIDENCE_TEXT,
      });
      expect(out.status).toBe(201);
      const toTrust = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.ada,
        to_organisation_code: TRUST,
        kind: 'works_with',
        strength: 4,
      });
      expect(toTrust.status).toBe(201);

      const list = RelationshipList.parse((await asA('GET', `/api/v1/relationships?person=${ppl.ada}`)).body);
      const seen = list.items.map((r) => ({
        end: r.from.id === ppl.ada ? 'from' : 'to',
        kind: r.kind,
        other: r.from.id === ppl.ada ? r.to.name : r.from.name,
      }));
      expect(seen).toContainEqual({ end: 'to', kind: 'reports_to', other: 'Ben Sampleton' });
      expect(seen).toContainEqual({
        end: 'from',
        kind: 'works_with',
        other: 'Mid Cheshire Hospitals NHS Foundation Trust',
      });
      expect(seen).toContainEqual({ end: 'from', kind: 'chairs', other: 'West Midlands Cancer Alliance' });
      expect(list.total).toBe(3);

      // Filters: target organisation, kind, and the repository's direction.
      const byTrust = RelationshipList.parse(
        (await asA('GET', `/api/v1/relationships?organisation=${TRUST}`)).body,
      );
      expect(byTrust.items.map((r) => r.from.name)).toEqual(['Ada Testwell']);
      const reports = RelationshipList.parse(
        (await asA('GET', '/api/v1/relationships?kind=reports_to')).body,
      );
      expect(reports.items.map((r) => [r.from.name, r.to.name, r.evidence])).toEqual([
        ['Ben Sampleton', 'Ada Testwell', EVIDENCE_TEXT],
      ]);
      const incoming = await inWorkspace(db, a.workspaceId, async (tx) =>
        tiesRepo(tx, await loadPeopleCtx(tx, a.workspaceId, '2026-11-24')).listRelationships({
          person: ppl.ada,
          direction: 'in',
          limit: 10,
          offset: 0,
        }),
      );
      expect(incoming.items.map((r) => r.from.id)).toEqual([ppl.ben]);

      // Edited from the other end (Ada's page) by id, then removed.
      const rel = out.body as Relationship;
      const edited = await asA('PATCH', `/api/v1/relationships/${rel.id}`, {
        version: rel.version,
        strength: 3,
      });
      expect(edited.status).toBe(200);
      expect((edited.body as Relationship).strength).toBe(3);
      expect((edited.body as Relationship).version).toBe(rel.version + 1);
    });
  });

  describe('concurrent edits and bad input', () => {
    it('answers 409 to the second of two edits made from the same version', async () => {
      const m = await addMembership({
        network_code: 'N47',
        person_id: ppl.dee,
        role: 'member',
        valid_from: '2026-01-01',
      });
      const first = await asA('PATCH', `/api/v1/memberships/${m.id}`, { version: m.version, voting: true });
      expect(first.status).toBe(200);
      expect((first.body as Membership).voting).toBe(true);
      const second = await asA('PATCH', `/api/v1/memberships/${m.id}`, {
        version: m.version,
        role: 'deputy',
      });
      expect(second.status).toBe(409);
      expect(Problem.parse(second.body).code).toBe('conflict');
      const stored = MembershipList.parse((await asA('GET', `/api/v1/memberships?network=N47`)).body)
        .items[0]!;
      expect([stored.role, stored.voting, stored.version]).toEqual(['member', true, 2]);

      const r = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.eli,
        to_person_id: ppl.dee,
        kind: 'influences',
        strength: 2,
      });
      const rel = r.body as Relationship;
      expect(
        (await asA('PATCH', `/api/v1/relationships/${rel.id}`, { version: rel.version, strength: 4 })).status,
      ).toBe(200);
      const stale = await asA('PATCH', `/api/v1/relationships/${rel.id}`, {
        version: rel.version,
        strength: 1,
      });
      expect(stale.status).toBe(409);
    });

    it('lets only one of two simultaneous overlapping memberships in', async () => {
      const body = { network_code: 'N67', person_id: ppl.fay, role: 'observer', valid_from: '2026-03-01' };
      const results = await Promise.all([1, 2, 3].map(() => asA('POST', '/api/v1/memberships', body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(MembershipList.parse((await asA('GET', '/api/v1/memberships?network=N67')).body).total).toBe(1);
    });

    it('answers 400 naming the field for bad input', async () => {
      const cases: [string, string, Record<string, unknown>, string][] = [
        ['POST', '/api/v1/memberships', { network_code: 'N45', person_id: ppl.ada, role: 'emperor' }, 'role'],
        [
          'POST',
          '/api/v1/memberships',
          { network_code: 'N45', person_id: ppl.ada, role: 'member', valid_from: '1/2/2026' },
          'valid_from',
        ],
        [
          'POST',
          '/api/v1/memberships',
          {
            network_code: 'N45',
            person_id: ppl.ada,
            role: 'member',
            valid_from: '2026-05-01',
            valid_to: '2026-04-01',
          },
          'valid_to',
        ],
        [
          'POST',
          '/api/v1/memberships',
          {
            network_code: 'N45',
            person_id: ppl.ada,
            role: 'member',
            declarations: [{ kind: 'financial', declared_on: '2026-01-01' }],
          },
          'declarations.0.description',
        ],
        [
          'POST',
          '/api/v1/relationships',
          { from_person_id: ppl.ada, to_person_id: ppl.ben, kind: 'knows', strength: 9 },
          'strength',
        ],
        [
          'POST',
          '/api/v1/relationships',
          { from_person_id: ppl.ada, to_person_id: ppl.ben, kind: 'likes', strength: 2 },
          'kind',
        ],
        ['PATCH', '/api/v1/relationships/1', { strength: 2 }, 'version'],
        ['GET', '/api/v1/memberships?role=emperor', {}, 'role'],
        ['GET', '/api/v1/networks/N68/roster?as_at=tomorrow', {}, 'as_at'],
      ];
      for (const [method, path, body, field] of cases) {
        const r = await asA(method, path, method === 'GET' ? undefined : body);
        expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
        expect(fieldOf(r.body), `${method} ${path}`).toBe(field);
      }
    });
  });

  describe('workspace isolation', () => {
    it("keeps one workspace's memberships and ties out of another's sight and reach", async () => {
      const m = await addMembership({
        network_code: 'N48',
        person_id: ppl.ada,
        role: 'chair',
        valid_from: '2026-01-01',
      });
      const rel = await asA('POST', '/api/v1/relationships', {
        from_person_id: ppl.ada,
        to_person_id: ppl.dee,
        kind: 'knows',
        strength: 1,
      });
      const relId = (rel.body as Relationship).id;

      expect(MembershipList.parse((await asB('GET', '/api/v1/memberships?network=N48')).body).total).toBe(0);
      expect(
        MembershipList.parse((await asB('GET', `/api/v1/memberships?person=${ppl.ada}`)).body).total,
      ).toBe(0);
      expect(
        RelationshipList.parse((await asB('GET', `/api/v1/relationships?person=${ppl.ada}`)).body).total,
      ).toBe(0);
      expect((await roster('N48', '2026-11-24', b.token)).members).toEqual([]);
      expect((await roster('N48', '2026-11-24')).members.map((x) => x.person?.name)).toEqual([
        'Ada Testwell',
      ]);

      expect((await asB('PATCH', `/api/v1/memberships/${m.id}`, { version: 1, voting: true })).status).toBe(
        404,
      );
      expect((await asB('DELETE', `/api/v1/memberships/${m.id}`)).status).toBe(404);
      expect((await asB('PATCH', `/api/v1/relationships/${relId}`, { version: 1, strength: 5 })).status).toBe(
        404,
      );
      expect((await asB('DELETE', `/api/v1/relationships/${relId}`)).status).toBe(404);
      // B cannot point a tie at, or add to a network, a person of workspace A: they are simply not there.
      const across = await asB('POST', '/api/v1/relationships', {
        from_person_id: outsider,
        to_person_id: ppl.ada,
        kind: 'knows',
        strength: 2,
      });
      expect([across.status, fieldOf(across.body)]).toEqual([400, 'to_person_id']);
      // …exactly as if the id did not exist at all.
      const none = await asB('POST', '/api/v1/relationships', {
        from_person_id: outsider,
        to_person_id: 99_999_999,
        kind: 'knows',
        strength: 2,
      });
      expect(Problem.parse(none.body).detail.replace('99999999', 'ID')).toBe(
        Problem.parse(across.body).detail.replace(String(ppl.ada), 'ID'),
      );
      const fromA = await asB('POST', '/api/v1/relationships', {
        from_person_id: ppl.ada,
        to_network_code: 'N48',
        kind: 'advises',
        strength: 2,
      });
      expect([fromA.status, fieldOf(fromA.body)]).toEqual([400, 'from_person_id']);
      const joinA = await asB('POST', '/api/v1/memberships', {
        network_code: 'N48',
        person_id: ppl.ada,
        role: 'member',
      });
      expect([joinA.status, fieldOf(joinA.body)]).toEqual([400, 'person_id']);
      // A's records are untouched; a viewer of A may not write.
      const still = MembershipList.parse((await asA('GET', '/api/v1/memberships?network=N48')).body)
        .items[0]!;
      expect([still.voting, still.version]).toEqual([false, 1]);
      expect((await call(viewerA.token, 'DELETE', `/api/v1/memberships/${m.id}`)).status).toBe(403);
      // B's own member in the same network sees only B's roster.
      expect(
        (
          await asB('POST', '/api/v1/memberships', {
            network_code: 'N48',
            person_id: outsider,
            role: 'chair',
            valid_from: '2026-01-01',
          })
        ).status,
      ).toBe(201);
      expect((await roster('N48', '2026-11-24', b.token)).members.map((x) => x.person?.name)).toEqual([
        'Gus Otherspace',
      ]);
      expect((await roster('N48', '2026-11-24')).members.map((x) => x.person?.name)).toEqual([
        'Ada Testwell',
      ]);
    });
  });

  describe('audit', () => {
    it('audits every change with the people concerned and the fields, never the personal text', async () => {
      const m = await addMembership({
        network_code: 'N63',
        person_id: ppl.cora,
        role: 'patient_representative',
        valid_from: '2026-02-01',
        declarations: [
          { kind: 'non_financial_personal', description: DECLARATION_TEXT, declared_on: '2026-02-01' },
        ],
      });
      const upd = await asA('PATCH', `/api/v1/memberships/${m.id}`, {
        version: m.version,
        declarations: [
          {
            kind: 'non_financial_personal',
            description: `${DECLARATION_TEXT} (updated)`,
            declared_on: '2026-02-01',
          },
        ],
        voting: true,
      });
      expect(upd.status).toBe(200);
      expect((await asA('DELETE', `/api/v1/memberships/${m.id}`)).status).toBe(200);
      expect((await asA('GET', `/api/v1/memberships?network=N63`)).body.total).toBe(0);

      const rel = (
        await asA('POST', '/api/v1/relationships', {
          from_person_id: ppl.cora,
          to_person_id: ppl.eli,
          kind: 'influences',
          strength: 3,
          evidence: EVIDENCE_TEXT,
        })
      ).body as Relationship;
      const relUpd = await asA('PATCH', `/api/v1/relationships/${rel.id}`, {
        version: rel.version,
        evidence: `${EVIDENCE_TEXT} (more)`,
      });
      expect(relUpd.status).toBe(200);
      expect((await asA('DELETE', `/api/v1/relationships/${rel.id}`)).status).toBe(200);

      const rows = await db.query<{
        action: string;
        target_id: string;
        actor_id: number;
        details: { person_ids: number[]; fields: string[] };
        before: unknown;
        after: unknown;
      }>(
        `SELECT action, target_id, actor_id, details, before, after FROM audit_log a
         WHERE workspace_id = $1 AND target_id IN ($2, $3) AND target_type IN ('membership', 'relationship')
         ORDER BY id`,
        [a.workspaceId, String(m.id), String(rel.id)],
      );
      const mine = rows.filter(
        (r) =>
          (r.action.startsWith('membership.') && r.target_id === String(m.id)) ||
          (r.action.startsWith('relationship.') && r.target_id === String(rel.id)),
      );
      expect(mine.map((r) => [r.action, r.details.person_ids, r.details.fields])).toEqual([
        [
          'membership.created',
          [ppl.cora],
          ['declarations', 'network_code', 'person_id', 'role', 'valid_from', 'voting'],
        ],
        ['membership.updated', [ppl.cora], ['declarations', 'voting']],
        ['membership.deleted', [ppl.cora], []],
        [
          'relationship.created',
          [ppl.cora, ppl.eli],
          ['confidence', 'evidence', 'from_person_id', 'kind', 'strength', 'to_person_id'],
        ],
        ['relationship.updated', [ppl.cora, ppl.eli], ['evidence']],
        ['relationship.deleted', [ppl.cora, ppl.eli], []],
      ]);
      expect(mine.every((r) => r.actor_id === a.userId && r.before === null && r.after === null)).toBe(true);
      const everything = (await db.query<{ t: string }>('SELECT row_to_json(a)::text AS t FROM audit_log a'))
        .map((r) => r.t)
        .join('\n');
      expect(everything).not.toContain('declaration text 7f3a');
      expect(everything).not.toContain('evidence text 91bc');
      expect(everything).not.toContain('Fictive');
      expect(everything).not.toContain('Testwell');
    });
  });
});
