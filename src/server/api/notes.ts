import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import type { Principal } from '../../services/auth.ts';
import { CreateNote, Note, Ok, UpdateNote } from '../../shared/account-schemas.ts';
import { toCsv } from '../../shared/csv.ts';
import { appendAudit } from '../../storage/audit-repo.ts';
import type { Db } from '../../storage/db.ts';
import { getNetwork, getOrganisation } from '../../storage/landscape-repo.ts';
import { notesRepo } from '../../storage/notes-repo.ts';
import { inWorkspace } from '../../storage/workspace-scope.ts';
import type { Route } from '../routes.ts';

const ws = (p: Principal | null) => {
  if (!p?.workspace) throw new DomainError('forbidden', 'choose a workspace first');
  return p.workspace.id;
};
const NoteFilter = z.object({
  target_type: z.enum(['organisation', 'network']).optional(),
  target_code: z.string().max(80).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** A workspace's notes on organisations and networks: private, filtered by workspace in the repository. */
export function notesRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  const actor = (p: Principal, meta: { ip: string | null; userAgent: string | null }) => ({
    at: clock.now(),
    workspaceId: p.workspace!.id,
    actorId: p.user.id,
    actorEmail: p.user.email,
    ip: meta.ip,
    userAgent: meta.userAgent,
  });

  route({
    method: 'get',
    path: '/api/v1/notes',
    tag: 'notes',
    summary: "The current workspace's notes, filtered by target and words",
    permission: 'records.read',
    query: NoteFilter,
    response: z.object({ items: z.array(Note) }),
    handler: async (c, { query, principal }) =>
      c.json({
        items: await inWorkspace(db, ws(principal), (tx) =>
          notesRepo(tx, ws(principal)).list({
            targetType: query.target_type,
            targetCode: query.target_code,
            q: query.q,
            limit: query.limit,
          }),
        ),
      }),
  });

  route({
    method: 'get',
    path: '/api/v1/notes/export',
    tag: 'notes',
    summary: "Export the current workspace's notes as CSV (audited)",
    permission: 'records.export',
    query: NoteFilter,
    response: z.string(),
    alsoProduces: ['text/csv'],
    handler: async (c, { query, principal, meta }) => {
      const items = await inWorkspace(db, ws(principal), (tx) =>
        notesRepo(tx, ws(principal)).list({
          targetType: query.target_type,
          targetCode: query.target_code,
          q: query.q,
          limit: query.limit,
        }),
      );
      await appendAudit(db, {
        ...actor(principal!, meta),
        action: 'notes.exported',
        targetType: 'note',
        details: { rows: items.length, filter: query },
      });
      const csv = toCsv(items, [
        { header: 'id', value: (n) => n.id },
        { header: 'target_type', value: (n) => n.target_type },
        { header: 'target_code', value: (n) => n.target_code },
        { header: 'body', value: (n) => n.body },
        { header: 'created_by', value: (n) => n.created_by_email },
        { header: 'created_at', value: (n) => n.created_at },
        { header: 'updated_at', value: (n) => n.updated_at },
      ]);
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="atlas-notes.csv"',
      });
    },
  });

  route({
    method: 'post',
    path: '/api/v1/notes',
    tag: 'notes',
    summary: 'Add a note to an organisation or network',
    permission: 'records.write',
    body: CreateNote,
    response: Note,
    handler: async (c, { body, principal, meta }) => {
      const asAt = clock.now().toISOString().slice(0, 10);
      const code =
        body.target_type === 'organisation'
          ? (await getOrganisation(db, body.target_code, asAt)).organisation.code
          : (await getNetwork(db, body.target_code, asAt)).network.code;
      const note = await inWorkspace(db, ws(principal), async (tx) => {
        const n = await notesRepo(tx, ws(principal)).create({
          targetType: body.target_type,
          targetCode: code,
          body: body.body,
          createdBy: principal!.user.id,
          at: clock.now(),
        });
        await appendAudit(tx, {
          ...actor(principal!, meta),
          action: 'note.created',
          targetType: 'note',
          targetId: n.id,
          after: { fields: ['body'], length: n.body.length, target: `${n.target_type}:${n.target_code}` },
        });
        return n;
      });
      return c.json(note, 201);
    },
  });

  route({
    method: 'patch',
    path: '/api/v1/notes/:id',
    tag: 'notes',
    summary: 'Change a note; send the version you read (a stale version gets 409)',
    permission: 'records.write',
    params: z.object({ id: z.coerce.number().int().min(1) }),
    body: UpdateNote,
    response: Note,
    handler: async (c, { params, body, principal, meta }) => {
      const note = await inWorkspace(db, ws(principal), async (tx) => {
        const repo = notesRepo(tx, ws(principal));
        const before = await repo.get(params.id);
        const n = await repo.update(params.id, body.version, body.body, clock.now());
        await appendAudit(tx, {
          ...actor(principal!, meta),
          action: 'note.updated',
          targetType: 'note',
          targetId: n.id,
          before: { length: before.body.length },
          after: { fields: ['body'], length: n.body.length },
        });
        return n;
      });
      return c.json(note);
    },
  });

  route({
    method: 'delete',
    path: '/api/v1/notes/:id',
    tag: 'notes',
    summary: 'Delete a note',
    permission: 'records.write',
    params: z.object({ id: z.coerce.number().int().min(1) }),
    response: Ok,
    handler: async (c, { params, principal, meta }) => {
      await inWorkspace(db, ws(principal), async (tx) => {
        const before = await notesRepo(tx, ws(principal)).remove(params.id);
        await appendAudit(tx, {
          ...actor(principal!, meta),
          action: 'note.deleted',
          targetType: 'note',
          targetId: params.id,
          before: { length: before.body.length, target: `${before.target_type}:${before.target_code}` },
        });
      });
      return c.json({ ok: true as const });
    },
  });
}
