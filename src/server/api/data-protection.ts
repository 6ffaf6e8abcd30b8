import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import type { Principal, RequestMeta } from '../../services/auth.ts';
import { erasePerson } from '../../services/erasure.ts';
import { type Actor, auditPeopleChange } from '../../services/people-audit.ts';
import { subjectAccess } from '../../services/subject-access.ts';
import { EraseRequest, EraseResult, SubjectAccess } from '../../shared/people-schemas.ts';
import type { Db } from '../../storage/db.ts';
import { loadPeopleCtx } from '../../storage/people-ctx.ts';
import { inWorkspace } from '../../storage/workspace-scope.ts';
import type { Route } from '../routes.ts';

const PersonId = z.object({ id: z.coerce.number().int().min(1) });

/** The caller's workspace, or 403 when they have not chosen one. */
const workspaceOf = (p: Principal | null) => {
  if (!p?.workspace) throw new DomainError('forbidden', 'choose a workspace first');
  return p.workspace;
};

/**
 * Data protection duties towards the people a workspace holds: subject access (everything held
 * about a person, as JSON) and erasure (the person removed everywhere, kept off by the suppression
 * list). Both are audited with the person's id and never their details.
 */
export function dataProtectionRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  const actorOf = (p: Principal, meta: RequestMeta): Actor => ({
    at: clock.now(),
    workspaceId: workspaceOf(p).id,
    actorId: p.user.id,
    actorEmail: p.user.email,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  const today = () => clock.now().toISOString().slice(0, 10);

  route({
    method: 'get',
    path: '/api/v1/people/:id{[0-9]+}/subject-access',
    tag: 'data protection',
    summary:
      'Everything this workspace holds about a person (subject access), as JSON; ?download=1 to save it as a file (audited)',
    permission: 'records.export',
    params: PersonId,
    query: z.object({ download: z.enum(['0', '1']).optional() }),
    response: SubjectAccess,
    handler: async (c, { params, query, principal, meta }) => {
      const workspace = workspaceOf(principal);
      const answer = await inWorkspace(db, workspace.id, async (tx) => {
        const ctx = await loadPeopleCtx(tx, workspace.id, today());
        const sa = await subjectAccess(
          tx,
          ctx,
          { id: workspace.id, name: workspace.name },
          params.id,
          clock.now(),
        );
        await auditPeopleChange(tx, actorOf(principal!, meta), {
          action: 'person.subject_access',
          targetType: 'person',
          targetId: params.id,
          personIds: [params.id],
          fields: [],
          details: { tables: sa.tables, download: query.download === '1' },
        });
        return sa;
      });
      if (query.download === '1') {
        c.header('content-disposition', `attachment; filename="subject-access-${params.id}.json"`);
      }
      return c.json(answer);
    },
  });

  route({
    method: 'post',
    path: '/api/v1/people/:id{[0-9]+}/erase',
    tag: 'data protection',
    summary:
      'Erase a person everywhere and keep them off the workspace (suppression list); confirm with their id (admins)',
    permission: 'records.erase',
    params: PersonId,
    body: EraseRequest,
    response: EraseResult,
    handler: async (c, { params, body, principal, meta }) => {
      const workspace = workspaceOf(principal);
      const result = await inWorkspace(db, workspace.id, async (tx) => {
        const ctx = await loadPeopleCtx(tx, workspace.id, today());
        return erasePerson(tx, ctx, actorOf(principal!, meta), params.id, body);
      });
      return c.json(result);
    },
  });
}
