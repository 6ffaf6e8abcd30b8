import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import { isDomainError } from '../src/core/errors.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import { createPerson, createPost, defaultLevel, personaCodeOf, updatePost } from '../src/services/people.ts';
import type { Actor } from '../src/services/people-audit.ts';
import { addSuppression } from '../src/services/suppression.ts';
import {
  Freshness,
  OrganisationPeople,
  Person,
  Persona,
  PersonDetail,
  PersonList,
  Post,
  PostList,
} from '../src/shared/people-schemas.ts';
import { Problem, SearchResult } from '../src/shared/schemas.ts';
import type { Db, Queryable } from '../src/storage/db.ts';
import { loadPeopleCtx, type PeopleCtx } from '../src/storage/people-ctx.ts';
import { peopleRepo } from '../src/storage/people-repo.ts';
import { inWorkspace } from '../src/storage/workspace-scope.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, freshDb } from './support/db.ts';

// Fixed points of the national reference used below:
// QE1 Lancashire and South Cumbria ICB opened 2022-07-01 and is open; QH8 Mid and South Essex ICB
// closed 2026-03-31; RBT Mid Cheshire Hospitals trust opened 1991-04-01; senate-london a clinical senate.
const TODAY = '2026-11-24';
/** The national persona catalogue is seeded at start once its module exists. */
const HAVE_CATALOGUE = fs.existsSync(new URL('../src/core/personas.ts', import.meta.url));

/** The code of a DomainError thrown by `fn`, with its first field. */
async function refusal(fn: () => Promise<unknown>): Promise<{ code: string; field: string | undefined }> {
  try {
    await fn();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const errors = e.details?.errors as { field: string }[] | undefined;
    return { code: e.code, field: errors?.[0]?.field };
  }
  throw new Error('expected a refusal');
}

describe.each(ENGINES)('people, posts and personas on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  const clock = fakeClock(`${TODAY}T10:00:00Z`);
  let editor: { token: string; workspaceId: number; userId: number; email: string };
  let viewer: { token: string };
  let owner: { token: string };
  let outsider: { token: string; workspaceId: number };

  beforeAll(async () => {
    db = await freshDb(engine);
    app = createApp({ db, clock, log: silentLog });
    editor = await buildMember(db, clock, { workspace: 'People A', role: 'editor' });
    viewer = await buildMember(db, clock, { workspace: 'People A', role: 'viewer' });
    owner = await buildMember(db, clock, { workspace: 'People A', role: 'owner' });
    outsider = await buildMember(db, clock, { workspace: 'People B', role: 'editor' });
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
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as unknown };
  };
  const as = (who: { token: string }) => ({
    get: (p: string) => call(who.token, 'GET', p),
    post: (p: string, b: unknown) => call(who.token, 'POST', p, b),
    patch: (p: string, b: unknown) => call(who.token, 'PATCH', p, b),
    put: (p: string, b: unknown) => call(who.token, 'PUT', p, b),
    del: (p: string) => call(who.token, 'DELETE', p),
  });
  /** Runs `fn` in workspace A with its people context and an actor, as the services expect. */
  const inA = <T>(fn: (tx: Queryable, ctx: PeopleCtx, actor: Actor) => Promise<T>) =>
    inWorkspace(db, editor.workspaceId, async (tx) =>
      fn(tx, await loadPeopleCtx(tx, editor.workspaceId, TODAY), {
        at: clock.now(),
        workspaceId: editor.workspaceId,
        actorId: editor.userId,
        actorEmail: editor.email,
      }),
    );

  describe('domain rules for posts', () => {
    let personId: number;
    beforeAll(async () => {
      personId = (
        await inA((tx, ctx, actor) =>
          createPerson(tx, ctx, actor, { given_name: 'Ada', family_name: 'Ruleworth', source: 'test' }),
        )
      ).id;
    });
    const post = (over: Record<string, unknown>) =>
      inA((tx, ctx, actor) =>
        createPost(tx, ctx, actor, {
          person_id: personId,
          organisation_code: 'QE1',
          title: 'Programme lead',
          valid_from: '2023-01-01',
          ...over,
        }),
      );

    it('refuses the same post over overlapping days, allows it over other days and another title alongside', async () => {
      const first = await post({});
      expect(first.organisation?.code).toBe('QE1');
      expect(first.level).toBe('system'); // an ICB: system level by default
      expect(await refusal(() => post({ valid_from: '2024-06-01' }))).toEqual({
        code: 'conflict',
        field: 'valid_from',
      });
      // the title matches whatever its case and spaces
      expect((await refusal(() => post({ title: ' programme LEAD ', valid_from: '2025-01-01' }))).code).toBe(
        'conflict',
      );
      const earlier = await post({ valid_from: '2022-07-01', valid_to: '2022-12-31' });
      expect(earlier.valid_to).toBe('2022-12-31');
      const other = await post({ title: 'Transformation lead', valid_from: '2024-06-01' });
      expect(other.title).toBe('Transformation lead');
      // moving the earlier post into the first one's period is refused too
      expect(
        await refusal(() =>
          inA((tx, ctx, actor) =>
            updatePost(tx, ctx, actor, earlier.id, { version: earlier.version, valid_to: '2023-02-01' }),
          ),
        ),
      ).toEqual({ code: 'conflict', field: 'valid_from' });
    });

    it('refuses a post starting before its organisation opened, or left open at a closed one', async () => {
      expect(await refusal(() => post({ valid_from: '2020-01-01' }))).toEqual({
        code: 'invalid',
        field: 'valid_from',
      });
      expect(await refusal(() => post({ organisation_code: 'QH8', valid_from: '2023-01-01' }))).toEqual({
        code: 'invalid',
        field: 'valid_to',
      });
      const closedInTime = await post({
        organisation_code: 'QH8',
        valid_from: '2023-01-01',
        valid_to: '2026-03-31',
      });
      expect(closedInTime.organisation?.code).toBe('QH8');
    });

    it('names the field for a missing, doubled or unknown holder, an unknown persona and a bad period', async () => {
      expect(await refusal(() => post({ organisation_code: undefined }))).toEqual({
        code: 'invalid',
        field: 'organisation_code',
      });
      expect(await refusal(() => post({ network_code: 'senate-london' }))).toEqual({
        code: 'invalid',
        field: 'organisation_code',
      });
      expect(await refusal(() => post({ organisation_code: 'ZZZ99' }))).toEqual({
        code: 'invalid',
        field: 'organisation_code',
      });
      expect(await refusal(() => post({ persona_code: 'no_such_persona' }))).toEqual({
        code: 'invalid',
        field: 'persona_code',
      });
      expect(await refusal(() => post({ valid_from: '2024-05-01', valid_to: '2024-04-01' }))).toEqual({
        code: 'invalid',
        field: 'valid_to',
      });
      expect(await refusal(() => post({ person_id: 999_999 }))).toEqual({
        code: 'invalid',
        field: 'person_id',
      });
    });

    it('a refused row leaves the transaction usable: the next row in it is written', async () => {
      const made = await inA(async (tx, ctx, actor) => {
        const bad = await refusal(() =>
          createPost(tx, ctx, actor, {
            person_id: personId,
            organisation_code: 'QE1',
            title: 'Programme lead',
            valid_from: '2023-03-01',
          }),
        );
        expect(bad.code).toBe('conflict');
        return createPost(tx, ctx, actor, {
          person_id: personId,
          network_code: 'senate-london',
          title: 'Senate member',
          valid_from: '2024-01-01',
        });
      });
      expect(made.network?.code).toBe('senate-london');
      expect(made.level).toBe('regional'); // a clinical senate: regional by default
    });

    it('refuses a person erased from this workspace, by name or email, and only in that workspace', async () => {
      await inA((tx, _ctx, actor) =>
        addSuppression(
          tx,
          editor.workspaceId,
          { given_name: 'Pip', family_name: 'Erasedale' },
          actor.at,
          null,
        ),
      );
      const again = await refusal(() =>
        inA((tx, ctx, actor) =>
          createPerson(tx, ctx, actor, { given_name: ' pip', family_name: 'ERASEDALE', source: 'test' }),
        ),
      );
      expect(again).toEqual({ code: 'conflict', field: 'family_name' });
      const r = await as(editor).post('/api/v1/people', {
        given_name: 'Pip',
        family_name: 'Erasedale',
        source: 'x',
      });
      expect(r.status).toBe(409);
      expect(Problem.parse(r.body).detail).toMatch(/erased/);
      // another workspace may still hold someone of that name
      const b = await as(outsider).post('/api/v1/people', {
        given_name: 'Pip',
        family_name: 'Erasedale',
        source: 'x',
      });
      expect(b.status).toBe(201);
    });

    it('defaults levels from the holder and derives persona codes from names', () => {
      expect(defaultLevel({ type: 'organisation', kind: 'gp_practice' })).toBe('neighbourhood');
      expect(defaultLevel({ type: 'network', kind: 'clinical_reference_group' })).toBe('national');
      expect(defaultLevel({ type: 'network', kind: 'cancer_alliance' })).toBe('system');
      expect(personaCodeOf('Digital Lead (Place)')).toBe('digital_lead_place');
      expect(personaCodeOf('Élan — Ops')).toBe('elan_ops');
    });
  });

  describe('storage round trips', () => {
    it('a person and their post read back as written, with stale computed against the workspace setting', async () => {
      const { person, post } = await inA(async (tx, ctx, actor) => {
        const person = await createPerson(tx, ctx, actor, {
          honorific: 'Dr',
          given_name: 'Bea',
          family_name: 'Roundtrip',
          postnominals: 'FRCP',
          professions: ['consultant', 'academic'],
          email: 'bea.roundtrip@example.org',
          source: 'trust website',
          last_verified_on: '2026-01-10',
        });
        const post = await createPost(tx, ctx, actor, {
          person_id: person.id,
          organisation_code: 'RBT',
          title: 'Consultant rheumatologist',
          valid_from: '2019-09-01',
        });
        return { person, post };
      });
      const back = await inA((tx, ctx) => peopleRepo(tx, ctx).getPerson(person.id));
      expect(back).toEqual(person);
      expect(back.name).toBe('Dr Bea Roundtrip FRCP');
      expect(back.professions).toEqual(['consultant', 'academic']);
      expect(back.lawful_basis).toBe('legitimate_interests');
      expect(back.stale).toBe(false);
      const postBack = await inA((tx, ctx) => peopleRepo(tx, ctx).getPost(post.id));
      expect(postBack).toEqual(post);
      expect(postBack.person).toEqual({ id: person.id, name: 'Dr Bea Roundtrip FRCP' });
      expect(postBack.organisation).toEqual({
        code: 'RBT',
        name: 'Mid Cheshire Hospitals NHS Foundation Trust',
        kind: 'nhs_trust',
      });
      expect(postBack.level).toBe('provider');
      expect(postBack.stale).toBe(true); // never verified

      const list = await inA((tx, ctx) =>
        peopleRepo(tx, ctx).listPeople({ q: 'roundtrip', limit: 10, offset: 0 }),
      );
      expect(list.total).toBe(1);
      expect(list.items[0]!.current_posts.map((p) => p.title)).toEqual(['Consultant rheumatologist']);
      expect(list.items[0]).not.toHaveProperty('notes');
    });
  });

  describe('API', () => {
    const ed = () => as(editor);
    const newPerson = async (over: Record<string, unknown> = {}) => {
      const r = await ed().post('/api/v1/people', { source: 'API test', ...over });
      expect(r.status).toBe(201);
      return Person.parse(r.body);
    };
    const newPost = async (body: Record<string, unknown>) => {
      const r = await ed().post('/api/v1/posts', body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return Post.parse(r.body);
    };

    it('creates, reads, updates and deletes a person and a post', async () => {
      const p = await newPerson({
        given_name: 'Cora',
        family_name: 'Crudwell',
        professions: ['pharmacist'],
        email: 'cora.crudwell@example.org',
        notes: 'met at a formulary meeting',
      });
      expect(p.name).toBe('Cora Crudwell');
      expect(p.version).toBe(1);
      const post = await newPost({
        person_id: p.id,
        organisation_code: 'QE1',
        title: 'ICS chief pharmacist',
        valid_from: '2024-04-01',
      });
      const old = await newPost({
        person_id: p.id,
        organisation_code: 'RBT',
        title: 'Lead pharmacist',
        valid_from: '2015-01-01',
        valid_to: '2024-03-31',
      });
      const detail = PersonDetail.parse((await ed().get(`/api/v1/people/${p.id}`)).body);
      expect(detail.notes).toBe('met at a formulary meeting');
      expect(detail.posts.map((x) => x.id)).toEqual([post.id, old.id]); // newest first
      expect(detail.memberships).toEqual([]);
      expect(detail.relationships_out).toEqual([]);

      const upd = await ed().patch(`/api/v1/people/${p.id}`, {
        version: 1,
        specialty: 'Medicines optimisation',
      });
      expect(upd.status).toBe(200);
      expect(Person.parse(upd.body)).toMatchObject({ specialty: 'Medicines optimisation', version: 2 });

      const postUpd = await ed().patch(`/api/v1/posts/${post.id}`, { version: 1, title: 'Chief pharmacist' });
      expect(Post.parse(postUpd.body)).toMatchObject({ title: 'Chief pharmacist', version: 2 });

      const verified = await ed().post(`/api/v1/posts/${post.id}/verify`, { version: 2 });
      expect(Post.parse(verified.body)).toMatchObject({ last_verified_on: TODAY, stale: false, version: 3 });
      const pv = await ed().post(`/api/v1/people/${p.id}/verify`, { version: 2 });
      expect(Person.parse(pv.body)).toMatchObject({ last_verified_on: TODAY, stale: false, version: 3 });

      expect((await ed().del(`/api/v1/posts/${old.id}`)).status).toBe(200);
      const after = PostList.parse((await ed().get(`/api/v1/posts?person=${p.id}`)).body);
      expect(after.items.map((x) => x.title)).toEqual(['Chief pharmacist']);

      expect((await ed().del(`/api/v1/people/${p.id}`)).status).toBe(200);
      expect((await ed().get(`/api/v1/people/${p.id}`)).status).toBe(404);
      expect((await ed().get(`/api/v1/posts?person=${p.id}`)).body).toMatchObject({ total: 0 });
    });

    it('filters people by persona, organisation, level, profession, stale and words', async () => {
      const code = `filter_persona_${engine}`;
      const persona = await ed().post('/api/v1/personas', { code, name: 'Filter persona', level: 'place' });
      expect(persona.status).toBe(201);
      const fresh = await newPerson({
        given_name: 'Dot',
        family_name: 'Filterby',
        professions: ['nurse'],
        last_verified_on: '2026-06-01',
      });
      const stale = await newPerson({
        given_name: 'Eli',
        family_name: 'Filterby',
        last_verified_on: '2024-01-01',
      });
      await newPost({
        person_id: fresh.id,
        organisation_code: 'RBT',
        title: 'Matron',
        persona_code: code,
        valid_from: '2020-01-01',
      });
      await newPost({
        person_id: stale.id,
        organisation_code: 'QE1',
        title: 'Place lead',
        level: 'place',
        valid_from: '2023-01-01',
      });
      const ids = async (qs: string) => {
        const r = PersonList.parse((await ed().get(`/api/v1/people?q=filterby&${qs}`)).body);
        expect(r.total).toBe(r.items.length);
        return r.items.map((i) => i.id);
      };
      expect(await ids('')).toEqual([fresh.id, stale.id]); // family then given name
      expect(await ids(`persona=${code}`)).toEqual([fresh.id]);
      expect(await ids('organisation=rbt')).toEqual([fresh.id]);
      expect(await ids('level=place')).toEqual([stale.id]);
      expect(await ids('level=provider')).toEqual([fresh.id]);
      expect(await ids('profession=nurse')).toEqual([fresh.id]);
      expect(await ids('stale=true')).toEqual([stale.id]);
      expect(await ids('stale=false')).toEqual([fresh.id]);
      // a post not yet held on the date does not count
      expect(await ids('organisation=RBT&as_at=2019-06-01')).toEqual([]);
      // paging keeps the total
      const page = PersonList.parse((await ed().get('/api/v1/people?q=filterby&limit=1&offset=1')).body);
      expect(page).toMatchObject({ total: 2, as_at: TODAY });
      expect(page.items.map((i) => i.id)).toEqual([stale.id]);
      // the persona counts its open post
      const personas = Persona.array().parse(
        ((await ed().get('/api/v1/personas')).body as { items: unknown }).items,
      );
      expect(personas.find((x) => x.code === code)).toMatchObject({ custom: true, posts: 1, level: 'place' });
    });

    it("shows an organisation's people as at a date: an ended post before its end, not after", async () => {
      const p = await newPerson({ given_name: 'Fay', family_name: 'Asatwood' });
      const post = await newPost({
        person_id: p.id,
        organisation_code: 'RBT',
        title: 'Service lead',
        valid_from: '2018-01-01',
        valid_to: '2025-12-31',
      });
      const at = async (date: string) =>
        OrganisationPeople.parse((await ed().get(`/api/v1/organisations/RBT/people?as_at=${date}`)).body);
      expect((await at('2025-12-31')).posts.map((x) => x.id)).toContain(post.id);
      expect((await at('2020-06-01')).posts.map((x) => x.id)).toContain(post.id);
      expect((await at('2026-01-01')).posts.map((x) => x.id)).not.toContain(post.id);
      expect((await at('2017-12-31')).posts.map((x) => x.id)).not.toContain(post.id);
      const now = OrganisationPeople.parse((await ed().get('/api/v1/organisations/rbt/people')).body);
      expect(now.as_at).toBe(TODAY);
      expect(now.organisation).toEqual({
        code: 'RBT',
        name: 'Mid Cheshire Hospitals NHS Foundation Trust',
        kind: 'nhs_trust',
      });
      expect(now.posts.map((x) => x.id)).not.toContain(post.id);
      expect((await ed().get('/api/v1/organisations/NOPE9/people')).status).toBe(404);
    });

    it('two edits from the same version: one wins, the other gets 409', async () => {
      const p = await newPerson({ given_name: 'Gil', family_name: 'Racewell' });
      const [a, b] = await Promise.all([
        ed().patch(`/api/v1/people/${p.id}`, { version: 1, specialty: 'Oncology' }),
        ed().patch(`/api/v1/people/${p.id}`, { version: 1, specialty: 'Haematology' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = Person.parse((a.status === 200 ? a : b).body);
      const now = PersonDetail.parse((await ed().get(`/api/v1/people/${p.id}`)).body);
      expect(now.specialty).toBe(winner.specialty);
      expect(now.version).toBe(2);
      expect(Problem.parse((a.status === 409 ? a : b).body).code).toBe('conflict');
      // and a plainly stale version
      expect((await ed().patch(`/api/v1/people/${p.id}`, { version: 1, phone: '01632 960000' })).status).toBe(
        409,
      );
    });

    it('bad input gets 400 naming the field', async () => {
      const bad = async (path: string, body: unknown, field: string) => {
        const r = await ed().post(path, body);
        expect(r.status).toBe(400);
        const pr = Problem.parse(r.body);
        expect(pr.errors?.[0]?.field).toBe(field);
        expect(pr.detail).toContain(field);
      };
      await bad(
        '/api/v1/people',
        { given_name: 'Hal', family_name: 'Badinput', source: 'x', email: 'not-an-email' },
        'email',
      );
      await bad('/api/v1/people', { family_name: 'Badinput', source: 'x' }, 'given_name');
      await bad(
        '/api/v1/people',
        { given_name: 'Hal', family_name: 'Badinput', source: 'x', professions: ['wizard'] },
        'professions.0',
      );
      const p = await newPerson({ given_name: 'Hal', family_name: 'Badinput' });
      await bad('/api/v1/posts', { person_id: p.id, title: 'Lead' }, 'organisation_code');
      await bad(
        '/api/v1/posts',
        { person_id: p.id, organisation_code: 'RBT', title: 'Lead', valid_from: '2020-13-01' },
        'valid_from',
      );
      await bad(
        '/api/v1/posts',
        { person_id: p.id, organisation_code: 'QE1', title: 'Lead', valid_from: '2021-01-01' },
        'valid_from',
      );
      expect((await ed().get('/api/v1/people?level=galactic')).status).toBe(400);
      expect((await ed().get('/api/v1/people/12abc')).status).toBe(404);
    });

    it('a viewer reads but cannot write; the catalogue and settings have their own walls', async () => {
      const p = await newPerson({ given_name: 'Ivy', family_name: 'Viewonly' });
      const V = as(viewer);
      expect((await V.get(`/api/v1/people/${p.id}`)).status).toBe(200);
      expect(
        (await V.post('/api/v1/people', { given_name: 'X', family_name: 'Y', source: 'z' })).status,
      ).toBe(403);
      expect((await V.patch(`/api/v1/people/${p.id}`, { version: 1, phone: '1' })).status).toBe(403);
      expect((await V.del(`/api/v1/people/${p.id}`)).status).toBe(403);
      expect(
        (
          await V.post('/api/v1/posts', {
            person_id: p.id,
            organisation_code: 'RBT',
            title: 'T',
            valid_from: '2020-01-01',
          })
        ).status,
      ).toBe(403);
      expect((await V.post('/api/v1/personas', { name: 'Viewer persona', level: 'system' })).status).toBe(
        403,
      );
      // freshness settings are the owner's
      expect((await ed().put('/api/v1/people/freshness/settings', { stale_after_months: 6 })).status).toBe(
        403,
      );
      expect((await V.put('/api/v1/people/freshness/settings', { stale_after_months: 6 })).status).toBe(403);
    });

    it('another workspace cannot see, change or find the person', async () => {
      const p = await newPerson({ given_name: 'Juno', family_name: 'Privatewood' });
      const post = await newPost({
        person_id: p.id,
        organisation_code: 'RBT',
        title: 'Matron',
        valid_from: '2020-01-01',
      });
      const B = as(outsider);
      expect((await B.get(`/api/v1/people/${p.id}`)).status).toBe(404);
      expect((await B.patch(`/api/v1/people/${p.id}`, { version: 1, phone: '1' })).status).toBe(404);
      expect((await B.del(`/api/v1/people/${p.id}`)).status).toBe(404);
      expect((await B.patch(`/api/v1/posts/${post.id}`, { version: 1, title: 'x' })).status).toBe(404);
      expect(
        (
          await B.post('/api/v1/posts', {
            person_id: p.id,
            organisation_code: 'RBT',
            title: 'T',
            valid_from: '2020-01-01',
          })
        ).status,
      ).toBe(400);
      expect(PersonList.parse((await B.get('/api/v1/people?q=privatewood')).body).total).toBe(0);
      const orgB = OrganisationPeople.parse((await B.get('/api/v1/organisations/RBT/people')).body);
      expect(orgB.posts).toEqual([]);
      const sB = SearchResult.parse((await B.get('/api/v1/search?q=privatewood')).body);
      expect(sB.items).toEqual([]);
      const sA = SearchResult.parse((await ed().get('/api/v1/search?q=privatewood')).body);
      expect(sA.items.map((h) => [h.type, h.code])).toEqual([['person', String(p.id)]]);
      // the person still unchanged for their own workspace
      expect(PersonDetail.parse((await ed().get(`/api/v1/people/${p.id}`)).body).version).toBe(1);
    });

    it('search finds a person by name, with their current post and where it is held', async () => {
      const p = await newPerson({ given_name: 'Kit', family_name: 'Searchley', professions: ['gp'] });
      let s = SearchResult.parse((await ed().get('/api/v1/search?q=kit%20searchl')).body);
      expect(s.items[0]).toMatchObject({
        type: 'person',
        code: String(p.id),
        name: 'Kit Searchley',
        kind: 'person',
        kind_label: 'GP',
        context: null,
      });
      await newPost({
        person_id: p.id,
        organisation_code: 'QE1',
        title: 'Clinical director',
        valid_from: '2023-01-01',
      });
      s = SearchResult.parse((await ed().get('/api/v1/search?q=searchley')).body);
      expect(s.items[0]).toMatchObject({
        type: 'person',
        kind_label: 'Clinical director',
        context: 'NHS Lancashire and South Cumbria Integrated Care Board',
      });
      // organisations are still found alongside
      const org = SearchResult.parse((await ed().get('/api/v1/search?q=RBT')).body);
      expect(org.items[0]).toMatchObject({ type: 'organisation', code: 'RBT' });
    });

    it('every change is audited without the personal values', async () => {
      const names = { given_name: 'Lark', family_name: 'Auditson', email: 'lark.auditson@example.org' };
      const p = await newPerson({ ...names, phone: '01632 960123', notes: 'prefers email' });
      const post = await newPost({
        person_id: p.id,
        organisation_code: 'RBT',
        title: 'Ward manager',
        valid_from: '2020-01-01',
      });
      await ed().patch(`/api/v1/people/${p.id}`, { version: 1, family_name: 'Auditsen' });
      await ed().patch(`/api/v1/posts/${post.id}`, { version: 1, valid_to: '2026-01-31' });
      await ed().post(`/api/v1/people/${p.id}/verify`, { version: 2 });
      await ed().del(`/api/v1/posts/${post.id}`);
      await ed().del(`/api/v1/people/${p.id}`);
      const rows = await inWorkspace(db, editor.workspaceId, (tx) =>
        tx.query<{ action: string; target_id: string; details: unknown; before: unknown; after: unknown }>(
          `SELECT action, target_id, details, before, after FROM audit_log
           WHERE workspace_id = $1 AND ((target_type = 'person' AND target_id = $2) OR (target_type = 'post' AND target_id = $3))
           ORDER BY id`,
          [editor.workspaceId, String(p.id), String(post.id)],
        ),
      );
      expect(rows.map((r) => r.action)).toEqual([
        'person.created',
        'post.created',
        'person.updated',
        'post.updated',
        'person.verified',
        'post.deleted',
        'person.deleted',
      ]);
      const json = JSON.stringify(rows).toLowerCase();
      for (const v of ['lark', 'auditson', 'auditsen', 'example.org', '960123', 'prefers'])
        expect(json).not.toContain(v);
      const updated = rows.find((r) => r.action === 'person.updated')!;
      const details = (
        typeof updated.details === 'string' ? JSON.parse(updated.details) : updated.details
      ) as {
        fields: string[];
        person_ids: number[];
      };
      expect(details).toMatchObject({ fields: ['family_name'], person_ids: [p.id] });
    });

    it('freshness counts stale records, lists recent changes, and follows the stale setting', async () => {
      const before = Freshness.parse((await ed().get('/api/v1/people/freshness')).body);
      expect(before).toMatchObject({ today: TODAY, stale_after_months: 12, stale_before: '2025-11-24' });
      const p = await newPerson({
        given_name: 'Mo',
        family_name: 'Freshfield',
        last_verified_on: '2026-03-01',
      });
      const q = await newPerson({
        given_name: 'Nell',
        family_name: 'Freshfield',
        last_verified_on: '2025-01-01',
      });
      await newPost({
        person_id: q.id,
        organisation_code: 'RBT',
        title: 'Registrar',
        valid_from: '2020-01-01',
      });
      const f = Freshness.parse((await ed().get('/api/v1/people/freshness?limit=500')).body);
      expect(f.counts.people.total).toBe(before.counts.people.total + 2);
      expect(f.counts.people.stale).toBe(before.counts.people.stale + 1);
      expect(f.counts.posts.total).toBe(before.counts.posts.total + 1);
      expect(f.counts.posts.stale).toBe(before.counts.posts.stale + 1);
      expect(f.stale_people.map((x) => x.id)).toContain(q.id);
      expect(f.stale_people.map((x) => x.id)).not.toContain(p.id);
      // never verified first, then oldest
      const firstVerified = f.stale_people.findIndex((x) => x.last_verified_on !== null);
      expect(
        f.stale_people.slice(0, Math.max(firstVerified, 0)).every((x) => x.last_verified_on === null),
      ).toBe(true);
      const change = f.recent_changes.find(
        (c) => c.action === 'person.created' && c.target_id === String(q.id),
      );
      expect(change).toMatchObject({
        person: { id: q.id, name: 'Nell Freshfield' },
        actor_email: editor.email,
      });
      expect(change!.fields).toContain('family_name');
      expect(f.recent_changes[0]!.action).toBe('post.created'); // newest first

      const set = await as(owner).put('/api/v1/people/freshness/settings', { stale_after_months: 6 });
      expect(set).toEqual({ status: 200, body: { stale_after_months: 6 } });
      const six = Freshness.parse((await ed().get('/api/v1/people/freshness')).body);
      expect(six).toMatchObject({ stale_after_months: 6, stale_before: '2026-05-24' });
      // Mo, verified in March, is stale now; the count agrees with the stale filter of the list
      expect(six.counts.people.stale).toBeGreaterThan(f.counts.people.stale);
      const staleList = PersonList.parse((await ed().get('/api/v1/people?stale=true&limit=500')).body);
      expect(staleList.total).toBe(six.counts.people.stale);
      expect(staleList.items.map((x) => x.id)).toContain(p.id);
      const pNow = PersonDetail.parse((await ed().get(`/api/v1/people/${p.id}`)).body);
      expect(pNow.stale).toBe(true);
      expect(
        (await as(owner).put('/api/v1/people/freshness/settings', { stale_after_months: 0 })).status,
      ).toBe(400);
      const audit = await inWorkspace(db, editor.workspaceId, (tx) =>
        tx.query<{ after: unknown }>(
          `SELECT after FROM audit_log WHERE workspace_id = $1 AND action = 'workspace.settings_changed'`,
          [editor.workspaceId],
        ),
      );
      expect(audit.map((a) => (typeof a.after === 'string' ? JSON.parse(a.after) : a.after))).toEqual([
        { stale_after_months: 6 },
      ]);
      await as(owner).put('/api/v1/people/freshness/settings', { stale_after_months: 12 });
    });

    it("personas: a workspace's own are created, changed and deleted; codes never clash", async () => {
      const made = await ed().post('/api/v1/personas', {
        name: 'Digital Lead (Place)',
        level: 'place',
        decisions: ['pilot_adoption'],
        looks_for: ['interoperability'],
      });
      expect(made.status).toBe(201);
      const persona = Persona.parse(made.body);
      expect(persona).toMatchObject({
        code: 'digital_lead_place',
        category: 'custom',
        custom: true,
        posts: 0,
      });
      const again = Persona.parse(
        (await ed().post('/api/v1/personas', { name: 'Digital lead place', level: 'place' })).body,
      );
      expect(again.code).toBe('digital_lead_place_2');
      expect(
        (await ed().post('/api/v1/personas', { code: 'digital_lead_place', name: 'X', level: 'place' }))
          .status,
      ).toBe(409);
      const changed = await ed().patch('/api/v1/personas/digital_lead_place', {
        version: 1,
        summary: 'Leads digital work',
      });
      expect(Persona.parse(changed.body)).toMatchObject({ summary: 'Leads digital work', version: 2 });
      expect(
        (await ed().patch('/api/v1/personas/digital_lead_place', { version: 1, summary: 'x' })).status,
      ).toBe(409);
      expect(Persona.parse((await ed().get('/api/v1/personas/digital_lead_place')).body).summary).toBe(
        'Leads digital work',
      );
      // invisible to another workspace
      expect((await as(outsider).get('/api/v1/personas/digital_lead_place')).status).toBe(404);
      expect((await ed().del('/api/v1/personas/digital_lead_place_2')).status).toBe(200);
      expect((await ed().get('/api/v1/personas/digital_lead_place_2')).status).toBe(404);
    });

    it.runIf(HAVE_CATALOGUE)('the national catalogue is listed and read-only', async () => {
      const items = Persona.array().parse(
        ((await ed().get('/api/v1/personas')).body as { items: unknown }).items,
      );
      const catalogue = items.filter((p) => !p.custom);
      expect(catalogue.map((p) => p.code)).toContain('clinical_network_lead');
      expect(catalogue.map((p) => p.code)).toContain('pcn_clinical_director');
      const r = await ed().patch('/api/v1/personas/clinical_network_lead', { version: 1, summary: 'x' });
      expect(r.status).toBe(403);
      expect(Problem.parse(r.body).detail).toMatch(/read-only/);
      expect((await ed().del('/api/v1/personas/clinical_network_lead')).status).toBe(403);
      expect(
        (await ed().post('/api/v1/personas', { code: 'clinical_network_lead', name: 'X', level: 'system' }))
          .status,
      ).toBe(409);
      // a catalogue persona on a post is counted for this workspace only
      const p = await newPerson({ given_name: 'Olive', family_name: 'Catalogue' });
      await newPost({
        person_id: p.id,
        network_code: 'senate-london',
        title: 'Clinical network lead',
        persona_code: 'clinical_network_lead',
        valid_from: '2024-01-01',
      });
      const one = Persona.parse((await ed().get('/api/v1/personas/clinical_network_lead')).body);
      expect(one.posts).toBeGreaterThanOrEqual(1);
      const other = Persona.parse((await as(outsider).get('/api/v1/personas/clinical_network_lead')).body);
      expect(other.posts).toBe(0);
    });
  });
});
