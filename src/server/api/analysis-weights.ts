import type { Clock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import type { Principal, RequestMeta } from '../../services/auth.ts';
import type { Actor } from '../../services/people-audit.ts';
import { readWeights, resetWeights, setWeights } from '../../services/weights.ts';
import { PutWeights, ResetWeightsQuery, Weights } from '../../shared/analysis-schemas.ts';
import type { Db } from '../../storage/db.ts';
import { inWorkspace } from '../../storage/workspace-scope.ts';
import type { Route } from '../routes.ts';

const PATH = '/api/v1/analysis/weights';

/**
 * The workspace's influence weights (issue 6; docs/influence.md): every role reads them, owners
 * change them or put them back to the defaults. A change moves the workspace's data version on, so
 * every score, explanation, ranking and map of the workspace is computed again with the new weights.
 */
export function analysisWeightsRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  const workspaceOf = (p: Principal | null) => {
    if (!p?.workspace) throw new DomainError('forbidden', 'choose a workspace first');
    return p.workspace.id;
  };
  const actor = (p: Principal, meta: RequestMeta): Actor => ({
    at: clock.now(),
    workspaceId: workspaceOf(p),
    actorId: p.user.id,
    actorEmail: p.user.email,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });

  route({
    method: 'get',
    path: PATH,
    tag: 'analysis',
    summary:
      "The workspace's influence weights: the defaults, its overrides, the weights in force, and every weight with its meaning",
    permission: 'records.read',
    response: Weights,
    handler: async (c, { principal }) => {
      const id = workspaceOf(principal);
      return c.json(await inWorkspace(db, id, (tx) => readWeights(tx, id)));
    },
  });

  route({
    method: 'put',
    path: PATH,
    tag: 'analysis',
    summary:
      "Replace the workspace's weight overrides (owners); send the version you read (a stale version gets 409)",
    permission: 'workspace.settings',
    body: PutWeights,
    response: Weights,
    handler: async (c, { body, principal, meta }) =>
      c.json(
        await inWorkspace(db, workspaceOf(principal), (tx) =>
          setWeights(tx, actor(principal!, meta), body.overrides, body.version),
        ),
      ),
  });

  route({
    method: 'delete',
    path: PATH,
    tag: 'analysis',
    summary: 'Put the workspace back on the default weights (owners); send the version you read',
    permission: 'workspace.settings',
    query: ResetWeightsQuery,
    response: Weights,
    handler: async (c, { query, principal, meta }) =>
      c.json(
        await inWorkspace(db, workspaceOf(principal), (tx) =>
          resetWeights(tx, actor(principal!, meta), query.version),
        ),
      ),
  });
}
