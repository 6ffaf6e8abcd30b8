import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { isIsoDate, today } from '../../core/dates.ts';
import { can } from '../../core/roles.ts';
import {
  LIMITS,
  NationalSummary,
  NetworkDetail,
  NetworkKind,
  NetworkList,
  OrganisationDetail,
  OrganisationKind,
  OrganisationList,
  SearchResult,
} from '../../shared/schemas.ts';
import type { Db } from '../../storage/db.ts';
import {
  getNetwork,
  getOrganisation,
  listNetworks,
  listOrganisations,
  nationalSummary,
  search,
} from '../../storage/landscape-repo.ts';
import { inWorkspace } from '../../storage/workspace-scope.ts';
import type { Route } from '../routes.ts';

const AsAt = z
  .string()
  .refine(isIsoDate, 'not a date in the form YYYY-MM-DD')
  .optional()
  .describe('the date to show the structure as at (YYYY-MM-DD); default today');
const Limit = (max: number, dflt: number) =>
  z.coerce.number().int().min(1).max(max).default(dflt).describe(`page size, 1–${max}`);
const Code = z.object({ code: z.string().min(1).max(20).describe('ODS code (or the Atlas id)') });
const Q = z.string().max(LIMITS.queryMaxLength).optional().describe('name words or the start of a code');
const IncludeClosed = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true')
  .describe('include rows not open on the date');

/** The landscape routes: the national structure, read by every signed-in user. */
export function landscapeRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  const asAt = (v: string | undefined) => v ?? today(clock);

  route({
    method: 'get',
    path: '/api/v1/summary',
    tag: 'landscape',
    summary: 'The national summary: regions → ICBs with counts of what sits under each',
    query: z.object({ as_at: AsAt }),
    response: NationalSummary,
    handler: async (c, { query }) => c.json(await nationalSummary(db, asAt(query.as_at))),
  });

  route({
    method: 'get',
    path: '/api/v1/organisations',
    tag: 'landscape',
    summary: 'List organisations open on a date, filtered by kind, parent and name or code',
    query: z.object({
      kind: OrganisationKind.optional(),
      parent: z.string().max(20).optional().describe('only organisations under this code on the date'),
      q: Q,
      as_at: AsAt,
      include_closed: IncludeClosed,
      limit: Limit(LIMITS.pageMax, LIMITS.pageDefault),
      cursor: z.string().max(500).optional().describe('next_cursor from the previous page'),
    }),
    response: OrganisationList,
    handler: async (c, { query }) =>
      c.json(
        await listOrganisations(db, {
          asAt: asAt(query.as_at),
          kind: query.kind,
          parent: query.parent,
          q: query.q,
          includeClosed: query.include_closed,
          limit: query.limit,
          cursor: query.cursor,
        }),
      ),
  });

  route({
    method: 'get',
    path: '/api/v1/organisations/:code',
    tag: 'landscape',
    summary: 'One organisation: its chain of parents, its children by kind, its networks and successions',
    params: Code,
    query: z.object({ as_at: AsAt }),
    response: OrganisationDetail,
    handler: async (c, { query, params }) =>
      c.json(await getOrganisation(db, params.code, asAt(query.as_at))),
  });

  route({
    method: 'get',
    path: '/api/v1/networks',
    tag: 'landscape',
    summary: 'List clinical networks active on a date, filtered by kind and name',
    query: z.object({
      kind: NetworkKind.optional(),
      q: Q,
      as_at: AsAt,
      include_closed: IncludeClosed,
      limit: Limit(LIMITS.pageMax, LIMITS.pageDefault),
      cursor: z.string().max(500).optional(),
    }),
    response: NetworkList,
    handler: async (c, { query }) =>
      c.json(
        await listNetworks(db, {
          asAt: asAt(query.as_at),
          kind: query.kind,
          q: query.q,
          includeClosed: query.include_closed,
          limit: query.limit,
          cursor: query.cursor,
        }),
      ),
  });

  route({
    method: 'get',
    path: '/api/v1/networks/:code',
    tag: 'landscape',
    summary: 'One clinical network with its footprint',
    params: Code.extend({ code: z.string().min(1).max(80) }),
    query: z.object({ as_at: AsAt }),
    response: NetworkDetail,
    handler: async (c, { query, params }) => c.json(await getNetwork(db, params.code, asAt(query.as_at))),
  });

  route({
    method: 'get',
    path: '/api/v1/search',
    tag: 'landscape',
    summary:
      "Search organisations and networks by name or ODS code, and the current workspace's people by name, as you type",
    query: z.object({
      q: z.string().max(LIMITS.queryMaxLength).default('').describe('name words or the start of a code'),
      as_at: AsAt,
      limit: Limit(LIMITS.searchMax, 10),
    }),
    response: SearchResult,
    handler: async (c, { query, principal }) => {
      const w =
        principal?.workspace && principal.role && can(principal.role, 'records.read')
          ? principal.workspace.id
          : null;
      // People are private: searched only inside the caller's workspace (row-level security).
      const result =
        w === null
          ? await search(db, query.q, asAt(query.as_at), query.limit)
          : await inWorkspace(db, w, (tx) => search(tx, query.q, asAt(query.as_at), query.limit, w));
      return c.json(result);
    },
  });
}
