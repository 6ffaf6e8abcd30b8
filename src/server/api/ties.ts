import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import type { Principal, RequestMeta } from '../../services/auth.ts';
import type { Actor } from '../../services/people-audit.ts';
import {
  createMembership,
  createRelationship,
  deleteMembership,
  deleteRelationship,
  updateMembership,
  updateRelationship,
} from '../../services/ties.ts';
import { Ok } from '../../shared/account-schemas.ts';
import {
  CreateMembership,
  CreateRelationship,
  Membership,
  MembershipFilter,
  MembershipList,
  Relationship,
  RelationshipFilter,
  RelationshipList,
  Roster,
  UpdateMembership,
  UpdateRelationship,
} from '../../shared/people-schemas.ts';
import { IsoDate } from '../../shared/schemas.ts';
import type { Db, Queryable } from '../../storage/db.ts';
import { loadPeopleCtx, type PeopleCtx } from '../../storage/people-ctx.ts';
import { tiesRepo } from '../../storage/ties-repo.ts';
import { inWorkspace } from '../../storage/workspace-scope.ts';
import type { Route } from '../routes.ts';

const IdParam = z.object({ id: z.coerce.number().int().min(1) });

/**
 * Network memberships, a network's roster, and relationships between people: private to the
 * workspace, read and written inside `inWorkspace`, every change audited by the services.
 */
export function tiesRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  const today = () => clock.now().toISOString().slice(0, 10);
  const wsOf = (p: Principal | null) => {
    if (!p?.workspace) throw new DomainError('forbidden', 'choose a workspace first');
    return p.workspace.id;
  };
  const actorOf = (p: Principal, meta: RequestMeta): Actor => ({
    at: clock.now(),
    workspaceId: p.workspace!.id,
    actorId: p.user.id,
    actorEmail: p.user.email,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  /** Runs `fn` in the principal's workspace with the people context for today. */
  const scoped = <T>(p: Principal | null, fn: (tx: Queryable, ctx: PeopleCtx) => Promise<T>) => {
    const ws = wsOf(p);
    return inWorkspace(db, ws, async (tx) => fn(tx, await loadPeopleCtx(tx, ws, today())));
  };

  // ---- memberships ------------------------------------------------------------------------------

  route({
    method: 'get',
    path: '/api/v1/memberships',
    tag: 'people',
    summary:
      'Network memberships, filtered by network, person, organisation (member or represented), role and date',
    permission: 'records.read',
    query: MembershipFilter,
    response: MembershipList,
    handler: async (c, { query, principal }) =>
      c.json(await scoped(principal, (tx, ctx) => tiesRepo(tx, ctx).listMemberships(query))),
  });

  route({
    method: 'post',
    path: '/api/v1/memberships',
    tag: 'people',
    summary: 'Add a person or an organisation to a network in a role',
    permission: 'records.write',
    body: CreateMembership,
    response: Membership,
    handler: async (c, { body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) => createMembership(tx, ctx, actorOf(principal!, meta), body)),
        201,
      ),
  });

  route({
    method: 'patch',
    path: '/api/v1/memberships/:id{[0-9]+}',
    tag: 'people',
    summary: 'Change a membership; send the version you read (a stale version gets 409)',
    permission: 'records.write',
    params: IdParam,
    body: UpdateMembership,
    response: Membership,
    handler: async (c, { params, body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) =>
          updateMembership(tx, ctx, actorOf(principal!, meta), params.id, body),
        ),
      ),
  });

  route({
    method: 'delete',
    path: '/api/v1/memberships/:id{[0-9]+}',
    tag: 'people',
    summary: 'Remove a membership',
    permission: 'records.write',
    params: IdParam,
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      await scoped(principal, (tx, ctx) => deleteMembership(tx, ctx, actorOf(principal!, meta), params.id));
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/networks/:code/roster',
    tag: 'people',
    summary:
      "A network's members on a date and its make-up: roles, professions, sectors, organisations, the triad, patient involvement",
    permission: 'records.read',
    params: z.object({ code: z.string().min(1).max(80) }),
    query: z.object({ as_at: IsoDate.optional() }),
    response: Roster,
    handler: async (c, { params, query, principal }) =>
      c.json(
        await scoped(principal, (tx, ctx) => tiesRepo(tx, ctx).roster(params.code, query.as_at ?? ctx.today)),
      ),
  });

  // ---- relationships ----------------------------------------------------------------------------

  route({
    method: 'get',
    path: '/api/v1/relationships',
    tag: 'people',
    summary: 'Relationships, filtered by person (either end), kind, target organisation or network, and date',
    permission: 'records.read',
    query: RelationshipFilter,
    response: RelationshipList,
    handler: async (c, { query, principal }) =>
      c.json(await scoped(principal, (tx, ctx) => tiesRepo(tx, ctx).listRelationships(query))),
  });

  route({
    method: 'post',
    path: '/api/v1/relationships',
    tag: 'people',
    summary: 'Record a tie from a person to a person, an organisation or a network',
    permission: 'records.write',
    body: CreateRelationship,
    response: Relationship,
    handler: async (c, { body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) => createRelationship(tx, ctx, actorOf(principal!, meta), body)),
        201,
      ),
  });

  route({
    method: 'patch',
    path: '/api/v1/relationships/:id{[0-9]+}',
    tag: 'people',
    summary: 'Change a relationship from either end; send the version you read (a stale version gets 409)',
    permission: 'records.write',
    params: IdParam,
    body: UpdateRelationship,
    response: Relationship,
    handler: async (c, { params, body, principal, meta }) =>
      c.json(
        await scoped(principal, (tx, ctx) =>
          updateRelationship(tx, ctx, actorOf(principal!, meta), params.id, body),
        ),
      ),
  });

  route({
    method: 'delete',
    path: '/api/v1/relationships/:id{[0-9]+}',
    tag: 'people',
    summary: 'Remove a relationship from either end',
    permission: 'records.write',
    params: IdParam,
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      await scoped(principal, (tx, ctx) => deleteRelationship(tx, ctx, actorOf(principal!, meta), params.id));
      return c.json({ ok: true as const });
    },
  });
}
