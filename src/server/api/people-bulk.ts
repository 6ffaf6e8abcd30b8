import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { today } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import type { Principal, RequestMeta } from '../../services/auth.ts';
import type { Actor } from '../../services/people-audit.ts';
import { type ExportFile, exportPeople, peopleTemplate } from '../../services/people-export.ts';
import { importPeopleFile } from '../../services/people-import.ts';
import { PeopleFilter, PeopleImportReport } from '../../shared/people-schemas.ts';
import type { Db } from '../../storage/db.ts';
import type { Route } from '../routes.ts';

const Format = z.enum(['csv', 'xlsx']).default('csv').describe('csv (default) or xlsx');

/** A file as a download. */
function download(c: Context, f: ExportFile): Response {
  const body = typeof f.body === 'string' ? f.body : new Uint8Array(f.body);
  return c.body(body, 200, {
    'content-type': f.contentType,
    'content-disposition': `attachment; filename="${f.fileName}"`,
  });
}

/**
 * People in bulk: the people-and-posts template (CSV or XLSX), its import (an upload, applied like
 * the ODS imports: one transaction, every bad row listed, dry run) and the export in the same columns.
 */
export function peopleBulkRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;
  const actor = (p: Principal | null, meta: RequestMeta): Actor => {
    if (!p?.workspace) throw new DomainError('forbidden', 'choose a workspace first');
    return {
      at: clock.now(),
      workspaceId: p.workspace.id,
      actorId: p.user.id,
      actorEmail: p.user.email,
      ip: meta.ip,
      userAgent: meta.userAgent,
    };
  };

  route({
    method: 'get',
    path: '/api/v1/people/template',
    tag: 'people',
    summary:
      'The people-and-posts template: the header and one fictional example row (XLSX adds a sheet explaining each column)',
    permission: 'records.read',
    query: z.object({ format: Format }),
    response: z.string(),
    alsoProduces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    handler: async (c, { query }) => download(c, await peopleTemplate(query.format)),
  });

  route({
    method: 'get',
    path: '/api/v1/people/export',
    tag: 'people',
    summary:
      "Export the workspace's people and their posts in the template's columns (re-imports as updates; do-not-contact people without contact details; audited)",
    permission: 'records.export',
    query: PeopleFilter.omit({ limit: true, offset: true }).extend({ format: Format }),
    response: z.string(),
    alsoProduces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    handler: async (c, { query, principal, meta }) => {
      const { format, ...filter } = query;
      return download(c, await exportPeople(db, actor(principal, meta), today(clock), format, filter));
    },
  });

  route({
    method: 'post',
    path: '/api/v1/people/import',
    tag: 'people',
    summary:
      'Import a people-and-posts template (the body is the CSV or XLSX file): one transaction; a bad row refuses the file unless skip_invalid',
    permission: 'records.write',
    query: z.object({
      name: z.string().min(1).max(200).optional().describe('the file name, for the report and errors'),
      dry_run: z.enum(['true', 'false']).optional().describe('report what would change; write nothing'),
      skip_invalid: z
        .enum(['true', 'false'])
        .optional()
        .describe('apply the good rows and list the bad ones, instead of refusing the file'),
    }),
    response: PeopleImportReport,
    handler: async (c, { query, principal, meta }) => {
      const who = actor(principal, meta);
      const body = Buffer.from(await c.req.arrayBuffer());
      if (body.length === 0) throw new DomainError('invalid', 'body: the file is empty');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-people-'));
      const file = path.join(dir, 'upload');
      try {
        fs.writeFileSync(file, body);
        const report = await importPeopleFile(db, file, {
          actor: who,
          today: today(clock),
          dryRun: query.dry_run === 'true',
          skipInvalid: query.skip_invalid === 'true',
          displayName: path.basename(query.name ?? 'upload'),
          via: 'upload',
        });
        return c.json(report, report.dry_run ? 200 : 201);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  });
}
