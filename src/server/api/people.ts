import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { today } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import type { Principal, RequestMeta } from '../../services/auth.ts';
import {
  createPerson,
  createPersona,
  createPost,
  deletePerson,
  deletePersona,
  deletePost,
  freshness,
  organisationPeople,
  personDetail,
  setStaleAfterMonths,
  updatePerson,
  updatePersona,
  updatePost,
  verifyPerson,
  verifyPost,
} from '../../services/people.ts';
import type { Actor } from '../../services/people-audit.ts';
import { Ok } from '../../shared/account-schemas.ts';
import {
  CreatePerson,
  CreatePersona,
  CreatePost,
  Freshness,
  FreshnessQuery,
  FreshnessSettings,
  OrganisationPeople,
  PeopleFilter,
  Person,
  Persona,
  PersonDetail,
  PersonList,
  Post,
  PostFilter,
  PostList,
  UpdatePerson,
  UpdatePersona,
  UpdatePost,
} from '../../shared/people-schemas.ts';
import { IsoDate } from '../../shared/schemas.ts';
import type { Db, Queryable } from '../../storage/db.ts';
import { loadPeopleCtx, type PeopleCtx } from '../../storage/people-ctx.ts';
import { peopleRepo } from '../../storage/people-repo.ts';
import { inWorkspace } from '../../storage/workspace-scope.ts';
import type { Route } from '../routes.ts';

const ws = (p: Principal | null) => {
  if (!p?.workspace) throw new DomainError('forbidden', 'choose a workspace first');
  return p.workspace.id;
};
/** Numeric ids only, so `/api/v1/people/export` and the like stay free for other routes. */
const ID = ':id{[0-9]+}';
const IdParam = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const CodeParam = z.object({ code: z.string().trim().min(1).max(80) });
const VersionBody = z.object({ version: z.number().int().min(1) });

/**
 * People, their posts and the personas they fill: private to the caller's workspace. Every read and
 * write runs inside `inWorkspace` (row-level security) with the workspace's PeopleCtx for today.
 */
export function peopleRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  const actor = (p: Principal, meta: RequestMeta): Actor => ({
    at: clock.now(),
    workspaceId: ws(p),
    actorId: p.user.id,
    actorEmail: p.user.email,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  /** Runs `fn` in the principal's workspace with its people context for today. */
  const scoped = <T>(p: Principal | null, fn: (tx: Queryable, ctx: PeopleCtx) => Promise<T>): Promise<T> => {
    const id = ws(p);
    return inWorkspace(db, id, async (tx) => fn(tx, await loadPeopleCtx(tx, id, today(clock))));
  };

  // ---- people -------------------------------------------------------------------------------

  route({
    method: 'get',
    path: '/api/v1/people',
    tag: 'people',
    summary:
      'People of the current workspace, filtered by words, persona, organisation, network, level, stale',
    permission: 'records.read',
    query: PeopleFilter,
    response: PersonList,
    handler: async (c, { query, principal }) =>
      c.json(await scoped(principal, (tx, ctx) => peopleRepo(tx, ctx).listPeople(query))),
  });

  route({
    method: 'post',
    path: '/api/v1/people',
    tag: 'people',
    summary: 'Add a person (refused when the person was erased from this workspace)',
    permission: 'records.write',
    body: CreatePerson,
    response: Person,
    handler: async (c, { body, principal, meta }) =>
      c.json(await scoped(principal, (tx, ctx) => createPerson(tx, ctx, actor(principal!, meta), body)), 201),
  });

  route({
    method: 'get',
    path: `/api/v1/people/${ID}`,
    tag: 'people',
    summary: 'One person: their record, every post newest first, memberships, relationships both ways',
    permission: 'records.read',
    params: IdParam,
    response: PersonDetail,
    handler: async (c, { params, principal }) =>
      c.json(await scoped(principal, (tx, ctx) => personDetail(tx, ctx, params.id))),
  });

  route({
    method: 'patch',
    path: `/api/v1/people/${ID}`,
    tag: 'people',
    summary: 'Change a person; send the version you read (a stale version gets 409)',
    permission: 'records.write',
    params: IdParam,
    body: UpdatePerson,
    response: Person,
    handler: async (c, { params, body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) => updatePerson(tx, ctx, actor(principal!, meta), params.id, body)),
      ),
  });

  route({
    method: 'delete',
    path: `/api/v1/people/${ID}`,
    tag: 'people',
    summary: 'Delete a person with their posts, memberships and relationships',
    permission: 'records.write',
    params: IdParam,
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      await scoped(principal, (tx, ctx) => deletePerson(tx, ctx, actor(principal!, meta), params.id));
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'post',
    path: `/api/v1/people/${ID}/verify`,
    tag: 'people',
    summary: 'Record that a person was verified today; send the version you read',
    permission: 'records.write',
    params: IdParam,
    body: VersionBody,
    response: Person,
    handler: async (c, { params, body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) =>
          verifyPerson(tx, ctx, actor(principal!, meta), params.id, body.version),
        ),
      ),
  });

  // ---- freshness ----------------------------------------------------------------------------

  route({
    method: 'get',
    path: '/api/v1/people/freshness',
    tag: 'people',
    summary: 'What has gone stale in the workspace, the stalest people, and what changed recently',
    permission: 'records.read',
    query: FreshnessQuery,
    response: Freshness,
    handler: async (c, { query, principal }) =>
      c.json(await scoped(principal, (tx, ctx) => freshness(tx, ctx, query))),
  });

  route({
    method: 'put',
    path: '/api/v1/people/freshness/settings',
    tag: 'people',
    summary: 'Set how many months a record may go unverified before it is stale (owners)',
    permission: 'workspace.settings',
    body: FreshnessSettings,
    response: FreshnessSettings,
    handler: async (c, { body, principal, meta }) => {
      await inWorkspace(db, ws(principal), (tx) =>
        setStaleAfterMonths(tx, actor(principal!, meta), body.stale_after_months),
      );
      return c.json({ stale_after_months: body.stale_after_months });
    },
  });

  // ---- posts --------------------------------------------------------------------------------

  route({
    method: 'get',
    path: '/api/v1/posts',
    tag: 'people',
    summary: 'Posts, filtered by person, organisation, network, persona, level, stale and date',
    permission: 'records.read',
    query: PostFilter,
    response: PostList,
    handler: async (c, { query, principal }) =>
      c.json(await scoped(principal, (tx, ctx) => peopleRepo(tx, ctx).listPosts(query))),
  });

  route({
    method: 'post',
    path: '/api/v1/posts',
    tag: 'people',
    summary: 'Give a person a post at an organisation or a network (inside its open period; no overlap)',
    permission: 'records.write',
    body: CreatePost,
    response: Post,
    handler: async (c, { body, principal, meta }) =>
      c.json(await scoped(principal, (tx, ctx) => createPost(tx, ctx, actor(principal!, meta), body)), 201),
  });

  route({
    method: 'patch',
    path: `/api/v1/posts/${ID}`,
    tag: 'people',
    summary: 'Change a post; send the version you read (a stale version gets 409)',
    permission: 'records.write',
    params: IdParam,
    body: UpdatePost,
    response: Post,
    handler: async (c, { params, body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) => updatePost(tx, ctx, actor(principal!, meta), params.id, body)),
      ),
  });

  route({
    method: 'delete',
    path: `/api/v1/posts/${ID}`,
    tag: 'people',
    summary: 'Delete a post',
    permission: 'records.write',
    params: IdParam,
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      await scoped(principal, (tx, ctx) => deletePost(tx, ctx, actor(principal!, meta), params.id));
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'post',
    path: `/api/v1/posts/${ID}/verify`,
    tag: 'people',
    summary: 'Record that a post was verified today; send the version you read',
    permission: 'records.write',
    params: IdParam,
    body: VersionBody,
    response: Post,
    handler: async (c, { params, body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) =>
          verifyPost(tx, ctx, actor(principal!, meta), params.id, body.version),
        ),
      ),
  });

  route({
    method: 'get',
    path: '/api/v1/organisations/:code/people',
    tag: 'people',
    summary: 'Who holds which post at an organisation on a date, and who sits in networks for it',
    permission: 'records.read',
    params: z.object({ code: z.string().trim().min(1).max(20) }),
    query: z.object({ as_at: IsoDate.optional().describe('default today') }),
    response: OrganisationPeople,
    handler: async (c, { params, query, principal }) =>
      c.json(
        await scoped(principal, (tx, ctx) =>
          organisationPeople(tx, ctx, params.code, query.as_at ?? ctx.today),
        ),
      ),
  });

  // ---- personas -----------------------------------------------------------------------------

  route({
    method: 'get',
    path: '/api/v1/personas',
    tag: 'people',
    summary: "The persona catalogue and the workspace's own personas, with their posts open today",
    permission: 'records.read',
    response: z.object({ items: z.array(Persona) }),
    handler: async (c, { principal }) =>
      c.json({ items: await scoped(principal, (tx, ctx) => peopleRepo(tx, ctx).listPersonas()) }),
  });

  route({
    method: 'get',
    path: '/api/v1/personas/:code',
    tag: 'people',
    summary: 'One persona',
    permission: 'records.read',
    params: CodeParam,
    response: Persona,
    handler: async (c, { params, principal }) =>
      c.json(await scoped(principal, (tx, ctx) => peopleRepo(tx, ctx).getPersona(params.code))),
  });

  route({
    method: 'post',
    path: '/api/v1/personas',
    tag: 'people',
    summary: "Add a persona of the workspace's own (its code comes from its name when not given)",
    permission: 'records.write',
    body: CreatePersona,
    response: Persona,
    handler: async (c, { body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) => createPersona(tx, ctx, actor(principal!, meta), body)),
        201,
      ),
  });

  route({
    method: 'patch',
    path: '/api/v1/personas/:code',
    tag: 'people',
    summary: "Change one of the workspace's own personas (the national catalogue is read-only)",
    permission: 'records.write',
    params: CodeParam,
    body: UpdatePersona,
    response: Persona,
    handler: async (c, { params, body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) =>
          updatePersona(tx, ctx, actor(principal!, meta), params.code, body),
        ),
      ),
  });

  route({
    method: 'delete',
    path: '/api/v1/personas/:code',
    tag: 'people',
    summary: "Delete one of the workspace's own personas (posts keep their titles)",
    permission: 'records.write',
    params: CodeParam,
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      await scoped(principal, (tx, ctx) => deletePersona(tx, ctx, actor(principal!, meta), params.code));
      return c.json({ ok: true as const });
    },
  });
}
