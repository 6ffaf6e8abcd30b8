import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { Io } from '../src/cli/output.ts';
import {
  isStale,
  overlappingPost,
  type Period,
  postWithinHolder,
  relationshipProblem,
  samePostKey,
} from '../src/core/people.ts';
import { DEMO_SOURCE, generateDemo, planProblems } from '../src/demo/generate.ts';
import { FAMILY_NAME_ENDS, GIVEN_NAMES, isComposedFamilyName } from '../src/demo/names.ts';
import { rngFor } from '../src/demo/random.ts';
import { loadStructure } from '../src/demo/structure.ts';
import { type DemoResult, runDemo } from '../src/demo/write.ts';
import { silentLog } from '../src/logger.ts';
import { openDatabase } from '../src/services/open-database.ts';
import { addSuppression } from '../src/services/suppression.ts';
import type { Db, Queryable } from '../src/storage/db.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { ENGINES, freshDb } from './support/db.ts';

const TODAY = '2026-11-24';
const ACTOR = { at: new Date(`${TODAY}T12:00:00Z`), actorId: null, actorEmail: 'cli' };

/** A workspace of its own for each run. */
async function workspace(db: Db, name: string): Promise<number> {
  const [w] = await db.query<{ id: number }>(
    'INSERT INTO workspaces (name, created_at) VALUES ($1, now()) RETURNING id',
    [name],
  );
  return w!.id;
}

/** The first ICB open on TODAY, by code: the one the small scale picks by default. */
async function firstIcb(db: Queryable) {
  const [icb] = await db.query<{ id: number; code: string; name: string }>(
    `SELECT id, code, name FROM organisations WHERE kind = 'icb'
       AND (opened_on IS NULL OR opened_on <= $1) AND (closed_on IS NULL OR closed_on >= $1)
     ORDER BY code LIMIT 1`,
    [TODAY],
  );
  return icb!;
}

/**
 * PCNs and GP practices under the first ICB's sub-ICB locations (the national reference has none:
 * they come with `atlas import ods`). Fictional codes and names; one practice closed (history) and
 * one opened this year.
 */
async function addPrimaryCare(db: Db): Promise<void> {
  const icb = await firstIcb(db);
  const sicbls = await db.query<{ id: number }>(
    `SELECT o.id FROM organisation_links l JOIN organisations o ON o.id = l.from_id
     WHERE l.to_id = $1 AND l.kind = 'part_of' AND o.kind = 'sub_icb_location' AND l.valid_to IS NULL ORDER BY o.code`,
    [icb.id],
  );
  expect(sicbls.length).toBeGreaterThan(0);
  await db.transaction(async (tx) => {
    let p = 0;
    for (const [i, s] of sicbls.slice(0, 2).entries()) {
      for (let k = 0; k < 2; k++) {
        const [pcn] = await tx.query<{ id: number }>(
          `INSERT INTO organisations (code, name, kind, opened_on) VALUES ($1, $2, 'pcn', '2019-07-01') RETURNING id`,
          [`U9${i}${k}01`, `Testwell ${i}${k} PCN`],
        );
        await tx.query(
          `INSERT INTO organisation_links (kind, from_id, to_id, valid_from) VALUES ('part_of', $1, $2, '2019-07-01')`,
          [pcn!.id, s.id],
        );
        for (let j = 0; j < 4; j++, p++) {
          const closed = p === 0 ? '2024-09-30' : null;
          const opened = p === 1 ? '2026-02-01' : '1990-04-01';
          const [gp] = await tx.query<{ id: number }>(
            `INSERT INTO organisations (code, name, kind, opened_on, closed_on, postcode)
             VALUES ($1, $2, 'gp_practice', $3, $4, 'ZZ9 9ZZ') RETURNING id`,
            [`Z9${String(p).padStart(4, '0')}`, `Testwell Surgery ${p}`, opened, closed],
          );
          const from = opened > '2019-07-01' ? opened : '2019-07-01';
          await tx.query(
            `INSERT INTO organisation_links (kind, from_id, to_id, valid_from, valid_to) VALUES
               ('member_of', $1, $2, $3, $5), ('commissioned_by', $1, $4, $3, $5)`,
            [gp!.id, pcn!.id, from, s.id, closed],
          );
        }
      }
    }
  });
}

/**
 * A digest of a workspace's people, posts, memberships and relationships with no ids and no
 * timestamps: people are numbered in id order (the order the generator made them), and every other
 * row names people by that number and organisations and networks by code.
 */
async function digest(db: Db, ws: number): Promise<{ hash: string; rows: number }> {
  return inWorkspace(db, ws, async (tx) => {
    const people = await tx.query<Record<string, unknown> & { id: number }>(
      `SELECT id, honorific, given_name, family_name, postnominals, professions, specialty, email, phone,
              work_address, do_not_contact, source, lawful_basis, last_verified_on, notes
       FROM people WHERE workspace_id = $1 ORDER BY id`,
      [ws],
    );
    const n = new Map(people.map((p, i) => [p.id, i]));
    const lines: string[] = people.map(({ id: _, ...p }) => JSON.stringify(p));
    const posts = await tx.query<Record<string, unknown> & { person_id: number }>(
      `SELECT po.person_id, o.code AS organisation, nw.code AS network, po.title, pe.code AS persona, po.level,
              po.valid_from, po.valid_to, po.source, po.last_verified_on
       FROM posts po LEFT JOIN organisations o ON o.id = po.organisation_id
         LEFT JOIN networks nw ON nw.id = po.network_id LEFT JOIN personas pe ON pe.id = po.persona_id
       WHERE po.workspace_id = $1`,
      [ws],
    );
    const ms = await tx.query<Record<string, unknown> & { person_id: number }>(
      `SELECT m.person_id, nw.code AS network, o.code AS representing, m.role, m.voting, m.sector,
              m.declarations, m.valid_from, m.valid_to, m.source, m.last_verified_on
       FROM network_memberships m JOIN networks nw ON nw.id = m.network_id
         LEFT JOIN organisations o ON o.id = m.representing_id
       WHERE m.workspace_id = $1`,
      [ws],
    );
    const rs = await tx.query<
      Record<string, unknown> & { from_person_id: number; to_person_id: number | null }
    >(
      `SELECT r.from_person_id, r.to_person_id, o.code AS to_organisation, nw.code AS to_network, r.kind,
              r.strength, r.evidence, r.confidence, r.valid_from, r.valid_to, r.source, r.last_verified_on
       FROM relationships r LEFT JOIN organisations o ON o.id = r.to_organisation_id
         LEFT JOIN networks nw ON nw.id = r.to_network_id
       WHERE r.workspace_id = $1`,
      [ws],
    );
    const sorted = (xs: string[]) => xs.sort();
    lines.push(
      ...sorted(posts.map(({ person_id, ...p }) => JSON.stringify({ person: n.get(person_id), ...p }))),
      ...sorted(ms.map(({ person_id, ...m }) => JSON.stringify({ person: n.get(person_id), ...m }))),
      ...sorted(
        rs.map(({ from_person_id, to_person_id, ...r }) =>
          JSON.stringify({
            from: n.get(from_person_id),
            to: to_person_id === null ? null : n.get(to_person_id),
            ...r,
          }),
        ),
      ),
    );
    return { hash: createHash('sha256').update(lines.join('\n')).digest('hex'), rows: lines.length };
  });
}

/** The four counts, as the workspace's tables hold them. */
async function tableCounts(db: Db, ws: number) {
  return inWorkspace(db, ws, async (tx) => {
    const [c] = await tx.query<{ people: number; posts: number; memberships: number; relationships: number }>(
      `SELECT (SELECT count(*)::int FROM people WHERE workspace_id = $1) AS people,
              (SELECT count(*)::int FROM posts WHERE workspace_id = $1) AS posts,
              (SELECT count(*)::int FROM network_memberships WHERE workspace_id = $1) AS memberships,
              (SELECT count(*)::int FROM relationships WHERE workspace_id = $1) AS relationships`,
      [ws],
    );
    return c!;
  });
}

describe('the demo generator, pure', () => {
  it('draws the same stream for the same seed and key, and another for another', () => {
    const draw = (seed: number, key: string) => {
      const r = rngFor(seed, key);
      return Array.from({ length: 8 }, () => r.int(0, 1_000_000));
    };
    expect(draw(7, 'org:X')).toEqual(draw(7, 'org:X'));
    expect(draw(7, 'org:X')).not.toEqual(draw(8, 'org:X'));
    expect(draw(7, 'org:X')).not.toEqual(draw(7, 'org:Y'));
    const r = rngFor(1, 'k');
    const xs = Array.from({ length: 10_000 }, () => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // Roughly uniform: each tenth of [0, 1) gets 7% to 13% of the draws.
    for (let d = 0; d < 10; d++) {
      const share = xs.filter((x) => Math.floor(x * 10) === d).length / xs.length;
      expect(share).toBeGreaterThan(0.07);
      expect(share).toBeLessThan(0.13);
    }
  });

  it('recognises only the family names it composes', () => {
    expect(isComposedFamilyName('Dapplecombe')).toBe(true);
    expect(isComposedFamilyName('Smith')).toBe(false);
    expect(isComposedFamilyName('Dapple')).toBe(false);
    expect(isComposedFamilyName(`Dapple${FAMILY_NAME_ENDS[0]}x`)).toBe(false);
  });
});

describe.each(ENGINES)('atlas demo on %s', (engine) => {
  let db: Db;
  let a: number;
  let first: DemoResult;
  beforeAll(async () => {
    db = await freshDb(engine);
    await addPrimaryCare(db);
    a = await workspace(db, 'Demo A');
    first = await runDemo(db, { workspaceId: a, seed: 7, scale: 'small', today: TODAY, actor: ACTOR });
  });
  afterAll(async () => {
    await db.close();
  });

  it('fills one ICB with people in posts, memberships and relationships, and the counts are the tables', async () => {
    const icb = await firstIcb(db);
    expect(first.icb).toEqual({ code: icb.code, name: icb.name });
    expect(first.people).toBeGreaterThan(100);
    expect(first.posts).toBeGreaterThan(first.people);
    expect(first.memberships).toBeGreaterThan(0);
    expect(first.relationships).toBeGreaterThan(first.people);
    const c = await tableCounts(db, a);
    expect(c).toEqual({
      people: first.people,
      posts: first.posts,
      memberships: first.memberships,
      relationships: first.relationships,
    });
  });

  it('gives the same rows for the same seed (re-run and in another workspace) and others for another seed', async () => {
    const before = await digest(db, a);
    expect(before.rows).toBeGreaterThan(first.people);
    const again = await runDemo(db, { workspaceId: a, seed: 7, scale: 'small', today: TODAY, actor: ACTOR });
    expect(again.removed).toBe(first.people);
    expect(await tableCounts(db, a)).toEqual({
      people: first.people,
      posts: first.posts,
      memberships: first.memberships,
      relationships: first.relationships,
    });
    expect((await digest(db, a)).hash).toBe(before.hash);

    const b = await workspace(db, 'Demo B');
    await runDemo(db, { workspaceId: b, seed: 7, scale: 'small', today: TODAY, actor: ACTOR });
    expect((await digest(db, b)).hash).toBe(before.hash);
    await runDemo(db, { workspaceId: b, seed: 8, scale: 'small', today: TODAY, actor: ACTOR });
    expect((await digest(db, b)).hash).not.toBe(before.hash);

    // The plan itself, from the same structure: equal for a seed, different for another.
    const s = await loadStructure(db);
    const plan = (seed: number) => generateDemo(s, { seed, today: TODAY, scale: 'small' });
    expect(JSON.stringify(plan(7))).toBe(JSON.stringify(plan(7)));
    expect(JSON.stringify(plan(7))).not.toBe(JSON.stringify(plan(8)));
    expect(planProblems(plan(7), s)).toEqual([]);
  });

  it('keeps the rules: posts inside their holder, no overlapping same post, no self-ties', async () => {
    await inWorkspace(db, a, async (tx) => {
      const posts = await tx.query<
        Period & {
          person_id: number;
          organisation_id: number | null;
          network_id: number | null;
          title: string;
          name: string;
          opened_on: string | null;
          closed_on: string | null;
        }
      >(
        `SELECT po.person_id, po.organisation_id, po.network_id, po.title, po.valid_from, po.valid_to,
                coalesce(o.name, nw.name) AS name, coalesce(o.opened_on, nw.established_on) AS opened_on,
                coalesce(o.closed_on, nw.closed_on) AS closed_on
         FROM posts po LEFT JOIN organisations o ON o.id = po.organisation_id
           LEFT JOIN networks nw ON nw.id = po.network_id
         WHERE po.workspace_id = $1`,
        [a],
      );
      expect(posts.length).toBe(first.posts);
      const same = new Map<string, Period[]>();
      for (const p of posts) {
        expect(postWithinHolder(p, p), `${p.title} at ${p.name}`).toBeNull();
        const key = samePostKey(p);
        const others = same.get(key) ?? [];
        expect(overlappingPost(p, others), `${p.title} at ${p.name}`).toBeNull();
        same.set(key, [...others, p]);
      }
      const ties = await tx.query<{ from_person_id: number; to_person_id: number | null }>(
        'SELECT from_person_id, to_person_id FROM relationships WHERE workspace_id = $1',
        [a],
      );
      for (const t of ties) expect(relationshipProblem(t)).toBeNull();
      // Memberships inside the network's period and after the member's post began.
      const [bad] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM network_memberships m JOIN networks nw ON nw.id = m.network_id
         WHERE m.workspace_id = $1 AND ((nw.established_on IS NOT NULL AND m.valid_from < nw.established_on)
           OR (nw.closed_on IS NOT NULL AND (m.valid_to IS NULL OR m.valid_to > nw.closed_on))
           OR m.valid_from > $2::date)`,
        [a, TODAY],
      );
      expect(bad!.n).toBe(0);
    });
  });

  it('invents names and contact details: .example emails, drama phone numbers, composed family names', async () => {
    const people = await inWorkspace(db, a, (tx) =>
      tx.query<{
        given_name: string;
        family_name: string;
        email: string | null;
        phone: string | null;
        source: string;
        lawful_basis: string;
        last_verified_on: string;
        professions: string[];
      }>(
        `SELECT given_name, family_name, email, phone, source, lawful_basis, last_verified_on, professions
         FROM people WHERE workspace_id = $1`,
        [a],
      ),
    );
    const codes = new Set(
      (
        await db.query<{ code: string }>(
          'SELECT lower(code) AS code FROM organisations UNION SELECT lower(code) FROM networks',
        )
      ).map((r) => r.code),
    );
    for (const p of people) {
      expect(isComposedFamilyName(p.family_name), p.family_name).toBe(true);
      expect((GIVEN_NAMES as readonly string[]).includes(p.given_name), p.given_name).toBe(true);
      expect(p.source).toBe(DEMO_SOURCE);
      expect(p.lawful_basis).toBe('legitimate_interests');
      expect(p.professions.length).toBeGreaterThan(0);
      if (p.email !== null) {
        expect(p.email).toMatch(/^[a-z]+\.[a-z]+\d*@[a-z0-9-]+\.nhs\.example$/);
        expect(codes.has(p.email.split('@')[1]!.replace('.nhs.example', '')), p.email).toBe(true);
      }
      if (p.phone !== null) expect(p.phone).toMatch(/^(01632 960\d{3}|07700 900\d{3})$/);
    }
    const emails = people.map((p) => p.email).filter((e) => e !== null);
    expect(new Set(emails).size).toBe(emails.length);
    // Verified over the last two years: some stale under the default 12 months, some fresh.
    const stale = people.filter((p) => isStale(p.last_verified_on, TODAY, 12)).length;
    expect(stale).toBeGreaterThan(people.length * 0.25);
    expect(stale).toBeLessThan(people.length * 0.75);
    expect(people.every((p) => p.last_verified_on <= TODAY && p.last_verified_on >= '2024-11-01')).toBe(true);
  });

  it('places people in realistic posts: practices, PCNs, trusts, the ICB and its networks, with history', async () => {
    await inWorkspace(db, a, async (tx) => {
      const titles = await tx.query<{ kind: string; title: string; n: number }>(
        `SELECT o.kind, regexp_replace(po.title, ',.*| in .*', '') AS title, count(*)::int AS n
         FROM posts po JOIN organisations o ON o.id = po.organisation_id
         WHERE po.workspace_id = $1 AND po.valid_to IS NULL GROUP BY 1, 2`,
        [a],
      );
      const has = (kind: string, title: string) =>
        titles.find((t) => t.kind === kind && t.title === title)?.n ?? 0;
      // 16 practices: one closed in 2024, so 15 hold posts today (one of them opened in 2026)
      expect(has('gp_practice', 'GP Partner')).toBeGreaterThanOrEqual(15);
      expect(has('gp_practice', 'Practice Manager')).toBe(15);
      expect(has('pcn', 'Clinical Director')).toBe(4);
      expect(has('pcn', 'Clinical Pharmacist Team Lead')).toBe(4);
      expect(has('nhs_trust', 'Consultant')).toBeGreaterThan(10);
      expect(has('nhs_trust', 'High Cost Drugs Pharmacist')).toBeGreaterThan(0);
      expect(has('icb', 'Chief Pharmacist')).toBe(1);
      expect(has('icb', 'Programme Lead')).toBeGreaterThanOrEqual(4);

      // A PCN's clinical director is a GP partner in one of its practices.
      const cds = await tx.query<{ partner_elsewhere: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM posts x JOIN organisation_links l ON l.from_id = x.organisation_id
                          AND l.kind = 'member_of' AND l.to_id = po.organisation_id
                        WHERE x.person_id = po.person_id AND x.title = 'GP Partner') AS partner_elsewhere
         FROM posts po JOIN organisations o ON o.id = po.organisation_id
         WHERE po.workspace_id = $1 AND o.kind = 'pcn' AND po.title = 'Clinical Director'`,
        [a],
      );
      expect(cds.every((c) => c.partner_elsewhere)).toBe(true);

      // History: posts that ended, held by people who now hold a later post.
      const [h] = await tx.query<{ ended: number; moved_on: number }>(
        `SELECT count(*)::int AS ended,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM posts y WHERE y.person_id = x.person_id
                                   AND y.valid_from > x.valid_to AND y.valid_to IS NULL))::int AS moved_on
         FROM posts x WHERE x.workspace_id = $1 AND x.valid_to < $2::date`,
        [a, TODAY],
      );
      expect(h!.ended).toBeGreaterThan(0);
      expect(h!.moved_on).toBe(h!.ended);

      // Networks: the triad and patient involvement, and a 'chairs' tie for every chair.
      const roles = await tx.query<{ role: string; n: number }>(
        'SELECT role, count(*)::int AS n FROM network_memberships WHERE workspace_id = $1 GROUP BY role',
        [a],
      );
      const role = (r: string) => roles.find((x) => x.role === r)?.n ?? 0;
      for (const r of ['chair', 'clinical_lead', 'nursing_lead', 'network_manager', 'patient_representative'])
        expect(role(r), r).toBeGreaterThan(0);
      expect(role('member') + role('deputy')).toBeGreaterThan(0);
      const [chairs] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM relationships WHERE workspace_id = $1 AND kind = 'chairs' AND to_network_id IS NOT NULL`,
        [a],
      );
      expect(chairs!.n).toBe(role('chair'));
      const kinds = await tx.query<{ kind: string }>(
        'SELECT DISTINCT kind FROM relationships WHERE workspace_id = $1 ORDER BY kind',
        [a],
      );
      expect(kinds.map((k) => k.kind)).toEqual([
        'advises',
        'chairs',
        'influences',
        'knows',
        'reports_to',
        'works_with',
      ]);

      // Personas: every persona refers to the national catalogue; where it holds a code, posts use it.
      const personas = await tx.query<{ code: string; used: number }>(
        `SELECT pe.code, count(po.id)::int AS used FROM personas pe
           LEFT JOIN posts po ON po.persona_id = pe.id AND po.workspace_id = $1
         WHERE pe.workspace_id IS NULL GROUP BY pe.code`,
        [a],
      );
      for (const code of [
        'gp_partner',
        'practice_manager',
        'pcn_clinical_director',
        'consultant',
        'ics_chief_pharmacist',
      ]) {
        const p = personas.find((x) => x.code === code);
        if (p) expect(p.used, code).toBeGreaterThan(0);
      }
      const [foreign] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM posts po JOIN personas pe ON pe.id = po.persona_id
         WHERE po.workspace_id = $1 AND pe.workspace_id IS NOT NULL`,
        [a],
      );
      expect(foreign!.n).toBe(0);
    });
  });

  it('audits each run once, with counts and no personal values', async () => {
    const rows = await db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE workspace_id = $1 AND action = 'people.demo_generated' ORDER BY id`,
      [a],
    );
    expect(rows.length).toBe(2);
    expect(rows[0]!.details).toMatchObject({
      seed: 7,
      scale: 'small',
      people: first.people,
      posts: first.posts,
      memberships: first.memberships,
      relationships: first.relationships,
      person_ids: [],
    });
    const text = JSON.stringify(rows);
    const someone = (
      await inWorkspace(db, a, (tx) =>
        tx.query<{ family_name: string; email: string }>(
          'SELECT family_name, email FROM people WHERE workspace_id = $1 AND email IS NOT NULL LIMIT 1',
          [a],
        ),
      )
    )[0]!;
    expect(text).not.toContain(someone.family_name);
    expect(text).not.toContain(someone.email);
  });

  it('leaves out a generated person who matches an erased one', async () => {
    const c = await workspace(db, 'Demo C');
    await runDemo(db, { workspaceId: c, seed: 7, scale: 'small', today: TODAY, actor: ACTOR });
    const victim = (
      await inWorkspace(db, c, (tx) =>
        tx.query<{ given_name: string; family_name: string; email: string }>(
          'SELECT given_name, family_name, email FROM people WHERE workspace_id = $1 AND email IS NOT NULL ORDER BY id LIMIT 1',
          [c],
        ),
      )
    )[0]!;
    await inWorkspace(db, c, (tx) => addSuppression(tx, c, victim, ACTOR.at, null));
    const r = await runDemo(db, { workspaceId: c, seed: 7, scale: 'small', today: TODAY, actor: ACTOR });
    // the erased person (and anyone else of that name without an email, were there one)
    expect(r.suppressed).toBeGreaterThanOrEqual(1);
    expect(r.people).toBe(first.people - r.suppressed);
    const [left] = await inWorkspace(db, c, (tx) =>
      tx.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM people WHERE workspace_id = $1 AND email = $2',
        [c, victim.email],
      ),
    );
    expect(left!.n).toBe(0);
  });

  it('refuses an ICB code that names no open ICB', async () => {
    await expect(
      runDemo(db, { workspaceId: a, seed: 7, scale: 'small', icb: 'QZZ', today: TODAY, actor: ACTOR }),
    ).rejects.toThrow(/icb: no ICB open on 2026-11-24 has the code "QZZ"/);
  });
});

/** An Io that keeps what a command printed. */
function captureIo(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return {
    outs,
    errs,
    out: (s) => outs.push(s),
    err: (s) => errs.push(s),
    isTty: false,
    readStdin: async () => '',
  };
}

describe('npx atlas demo', () => {
  let dir = '';
  const prev = process.env.DATABASE_URL;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-demo-cli-'));
    process.env.DATABASE_URL = '';
  });
  afterAll(() => {
    if (prev === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = prev;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the workspace, fills it and prints exactly the counts with --json, which equal the tables', async () => {
    const io = captureIo();
    const code = await main(
      ['demo', '--workspace', 'Demo team', '--seed', '3', '--json', '--data-dir', dir],
      io,
    );
    expect(code, io.errs.join('\n')).toBe(0);
    expect(io.outs).toHaveLength(1);
    const counts = JSON.parse(io.outs[0]!) as Record<string, number>;
    expect(Object.keys(counts)).toEqual(['people', 'posts', 'memberships', 'relationships']);
    expect(counts.people).toBeGreaterThan(50);

    const text = captureIo();
    expect(await main(['demo', '--workspace', 'Demo team', '--seed', '3', '--data-dir', dir], text)).toBe(0);
    const said = text.outs.join('\n');
    expect(said).not.toContain('Created workspace');
    expect(said).toContain(`${counts.people!.toLocaleString('en-GB')} fictional people`);
    expect(said).toContain(`replaced ${counts.people!.toLocaleString('en-GB')} demo people`);

    const db = await openDatabase({ dataDir: dir, databaseUrl: undefined }, silentLog);
    try {
      const [w] = await db.query<{ id: number }>(`SELECT id FROM workspaces WHERE name = 'Demo team'`);
      expect(await tableCounts(db, w!.id)).toEqual(counts);
    } finally {
      await db.close();
    }

    const other = captureIo();
    expect(await main(['demo', '--workspace', 'Second team', '--data-dir', dir], other)).toBe(0);
    expect(other.outs.join('\n')).toMatch(/^Created workspace "Second team"/);
  }, 240_000);

  it('answers bad input with one clear line and a non-zero status', async () => {
    for (const [args, status, pattern] of [
      [['--scale', 'huge'], 2, /--scale: "huge" is not one of small, national/],
      [['--seed', '1.5'], 2, /--seed: "1.5" is not a whole number/],
      [['--scale', 'national', '--icb', 'QZZ'], 2, /--icb: applies to --scale small only/],
      [['--icb', 'QZZ'], 3, /no ICB open on .* has the code "QZZ"/],
    ] as const) {
      const io = captureIo();
      const code = await main(['demo', '--workspace', 'Demo team', '--data-dir', dir, ...args], io);
      expect(code, args.join(' ')).toBe(status);
      expect(io.errs, args.join(' ')).toHaveLength(1);
      expect(io.errs[0], args.join(' ')).toMatch(pattern);
    }
    const none = captureIo();
    expect(await main(['demo', '--data-dir', dir], none)).toBe(2);
    expect(none.errs[0]).toMatch(/--workspace is required/);
  });
});
