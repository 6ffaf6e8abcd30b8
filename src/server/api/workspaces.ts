import { z } from 'zod';
import { isIsoDate } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { can } from '../../core/roles.ts';
import type { Principal } from '../../services/auth.ts';
import type { WorkspaceService } from '../../services/workspaces.ts';
import {
  ApiToken,
  AuditPage,
  ChangeRole,
  CreateToken,
  CreateWorkspace,
  Invitation,
  InvitationLink,
  Invite,
  Member,
  NewToken,
  Ok,
  UpdateWorkspace,
  WorkspaceSummary,
} from '../../shared/account-schemas.ts';
import { listAudit } from '../../storage/audit-repo.ts';
import type { Db } from '../../storage/db.ts';
import type { Route } from '../routes.ts';

const Id = (name: string) => z.object({ [name]: z.coerce.number().int().min(1) });
const ws = (p: Principal | null) => {
  if (!p?.workspace) throw new DomainError('forbidden', 'choose a workspace first');
  return p.workspace.id;
};

/** Workspaces, members, invitations, API tokens and the audit log of the current workspace. */
export function workspaceRoutes(
  route: Route,
  deps: { db: Db; workspaces: WorkspaceService; origin: (u: string) => string },
): void {
  const { db, workspaces } = deps;

  route({
    method: 'get',
    path: '/api/v1/workspaces',
    tag: 'workspaces',
    summary: 'The workspaces you belong to, with your role in each',
    access: 'setup',
    response: z.object({ items: z.array(WorkspaceSummary) }),
    handler: async (c, { principal }) =>
      c.json({ items: await workspaces.listWorkspaces(principal!.user.id) }),
  });

  route({
    method: 'post',
    path: '/api/v1/workspaces',
    tag: 'workspaces',
    summary: 'Create a workspace; you become its owner',
    body: CreateWorkspace,
    response: z.object({ id: z.number().int(), name: z.string() }),
    handler: async (c, { body, principal, meta }) => {
      if (principal!.via === 'token')
        throw new DomainError('forbidden', 'an API token cannot create workspaces');
      return c.json(await workspaces.addWorkspace(body.name, { principal: principal!, meta }), 201);
    },
  });

  route({
    method: 'patch',
    path: '/api/v1/workspace',
    tag: 'workspaces',
    summary: 'Rename the current workspace or require a second factor of its members (owners)',
    permission: 'workspace.settings',
    body: UpdateWorkspace,
    response: Ok,
    handler: async (c, { body, principal, meta }) => {
      await workspaces.updateWorkspace(ws(principal), body, { principal: principal!, meta });
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/workspace/members',
    tag: 'workspaces',
    summary: 'Members of the current workspace and their roles',
    permission: 'members.read',
    response: z.object({ items: z.array(Member) }),
    handler: async (c, { principal }) => c.json({ items: await workspaces.listMembers(ws(principal)) }),
  });

  route({
    method: 'patch',
    path: '/api/v1/workspace/members/:user_id',
    tag: 'workspaces',
    summary: "Change a member's role",
    permission: 'members.manage',
    params: Id('user_id'),
    body: ChangeRole,
    response: Ok,
    handler: async (c, { params, body, principal, meta }) => {
      await workspaces.setMemberRole(ws(principal), params.user_id as number, body.role, {
        principal: principal!,
        meta,
      });
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'delete',
    path: '/api/v1/workspace/members/:user_id',
    tag: 'workspaces',
    summary: 'Remove a member from the current workspace (their tokens for it are revoked)',
    permission: 'members.manage',
    params: Id('user_id'),
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      await workspaces.setMemberRole(ws(principal), params.user_id as number, null, {
        principal: principal!,
        meta,
      });
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/workspace/invitations',
    tag: 'workspaces',
    summary: 'Invitations to the current workspace',
    permission: 'members.read',
    response: z.object({ items: z.array(Invitation) }),
    handler: async (c, { principal }) => c.json({ items: await workspaces.listInvitations(ws(principal)) }),
  });

  route({
    method: 'post',
    path: '/api/v1/workspace/invitations',
    tag: 'workspaces',
    summary: 'Invite someone by link (valid 7 days; the link is shown once)',
    permission: 'members.manage',
    body: Invite,
    response: InvitationLink,
    handler: async (c, { body, principal, meta }) => {
      const inv = await workspaces.invite(ws(principal), body.email, body.role, {
        principal: principal!,
        meta,
      });
      return c.json(
        { id: inv.id, link: deps.origin(`/invitation?token=${inv.token}`), expires_at: inv.expires_at },
        201,
      );
    },
  });

  route({
    method: 'delete',
    path: '/api/v1/workspace/invitations/:id',
    tag: 'workspaces',
    summary: 'Revoke an invitation not yet accepted',
    permission: 'members.manage',
    params: Id('id'),
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      await workspaces.revokeInvitation(ws(principal), params.id as number, { principal: principal!, meta });
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/tokens',
    tag: 'tokens',
    summary: "Your API tokens in the current workspace (admins: everyone's, with all=true)",
    permission: 'tokens.own',
    query: z.object({ all: z.enum(['true', 'false']).optional() }),
    response: z.object({ items: z.array(ApiToken) }),
    handler: async (c, { query, principal }) => {
      const all = query.all === 'true';
      if (all && !can(principal!.role!, 'tokens.manage'))
        throw new DomainError('forbidden', 'only admins see every token');
      return c.json({
        items: await workspaces.listTokens(ws(principal), all ? undefined : principal!.user.id),
      });
    },
  });

  route({
    method: 'post',
    path: '/api/v1/tokens',
    tag: 'tokens',
    summary: 'Create an API token for yourself in the current workspace (shown once)',
    permission: 'tokens.own',
    body: CreateToken,
    response: NewToken,
    handler: async (c, { body, principal, meta }) =>
      c.json(
        await workspaces.createToken(
          {
            userId: principal!.user.id,
            workspaceId: ws(principal),
            name: body.name,
            expiresInMs: body.expires_in_days * 86_400_000,
          },
          { principal: principal!, meta },
        ),
        201,
      ),
  });

  route({
    method: 'delete',
    path: '/api/v1/tokens/:id',
    tag: 'tokens',
    summary: "Revoke a token (yours; admins: anyone's in the workspace)",
    permission: 'tokens.own',
    params: Id('id'),
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      const admin = can(principal!.role!, 'tokens.manage');
      await workspaces.revokeToken(
        params.id as number,
        { principal: principal!, meta },
        {
          workspaceId: ws(principal),
          ...(admin ? {} : { userId: principal!.user.id }),
        },
      );
      return c.json({ ok: true as const });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/audit',
    tag: 'audit',
    summary: 'The audit log of the current workspace, newest first, filtered (admins)',
    permission: 'audit.read',
    query: z.object({
      action: z.string().max(80).optional().describe('actions starting with this, e.g. auth. or member.'),
      actor: z.string().max(254).optional().describe('part of the actor email'),
      outcome: z.enum(['success', 'failure', 'refused']).optional(),
      from: z.string().refine(isIsoDate, 'not a date in the form YYYY-MM-DD').optional(),
      to: z.string().refine(isIsoDate, 'not a date in the form YYYY-MM-DD').optional(),
      before: z.coerce.number().int().min(1).optional().describe('next_before from the previous page'),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: AuditPage,
    handler: async (c, { query, principal }) => {
      const items = await listAudit(db, ws(principal), query);
      return c.json({ items, next_before: items.length === query.limit ? (items.at(-1)?.id ?? null) : null });
    },
  });
}
