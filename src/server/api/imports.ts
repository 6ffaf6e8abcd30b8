import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { today } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { importFiles } from '../../services/import-files.ts';
import { ImportReport, ImportSummary, OrganisationChange } from '../../shared/import-schemas.ts';
import { appendAudit } from '../../storage/audit-repo.ts';
import type { Db } from '../../storage/db.ts';
import {
  getImport,
  listImports,
  organisationHistory,
  organisationMeasures,
} from '../../storage/imports-repo.ts';
import type { Route } from '../routes.ts';

/** The largest file an upload accepts. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** Imports (upload, history, reports) and each organisation's history and measures. */
export function importRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;

  route({
    method: 'post',
    path: '/api/v1/imports',
    tag: 'imports',
    summary: 'Upload one NHS or ONS file (the body is the file itself) and import it; admins',
    permission: 'reference.import',
    query: z.object({
      group: z
        .enum(['ods', 'geography', 'deprivation'])
        .describe('which import: ods, geography or deprivation'),
      name: z.string().min(1).max(200).describe('the file name, for the report and history'),
      dry_run: z.enum(['true', 'false']).optional().describe('report what would change; write nothing'),
      skip_invalid: z
        .enum(['true', 'false'])
        .optional()
        .describe('leave bad rows out instead of refusing the file'),
    }),
    response: z.object({ reports: z.array(ImportReport) }),
    handler: async (c, { query, principal, meta }) => {
      const body = Buffer.from(await c.req.arrayBuffer());
      if (body.length === 0) throw new DomainError('invalid', 'body: the file is empty');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-upload-'));
      const file = path.join(dir, 'upload');
      try {
        fs.writeFileSync(file, body);
        const name = path.basename(query.name);
        const reports = await importFiles(db, clock, [file], {
          group: query.group,
          dryRun: query.dry_run === 'true',
          skipInvalid: query.skip_invalid === 'true',
          via: 'upload',
          actorEmail: principal!.user.email,
          displayNames: new Map([[file, name]]),
        });
        await appendAudit(db, {
          at: clock.now(),
          workspaceId: principal!.workspace?.id ?? null,
          actorId: principal!.user.id,
          actorEmail: principal!.user.email,
          action: query.dry_run === 'true' ? 'import.dry_run' : 'import.applied',
          targetType: 'import',
          targetId: reports[0]?.id ?? null,
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: reports.map((r) => ({
            file: r.file,
            kind: r.kind,
            created: r.created,
            changed: r.changed,
            closed: r.closed,
            skipped: r.skipped,
          })),
        });
        return c.json({ reports }, query.dry_run === 'true' ? 200 : 201);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  });

  route({
    method: 'get',
    path: '/api/v1/imports',
    tag: 'imports',
    summary: 'The import history, newest first',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: z.object({ items: z.array(ImportSummary) }),
    handler: async (c, { query }) => c.json({ items: await listImports(db, query.limit) }),
  });

  route({
    method: 'get',
    path: '/api/v1/imports/:id',
    tag: 'imports',
    summary: 'One import: its counts, skipped rows and every change it made',
    params: z.object({ id: z.coerce.number().int().min(1) }),
    response: ImportSummary.extend({
      skipped_rows: z.array(z.unknown()),
      changes: z.array(
        z.object({
          code: z.string(),
          kind: z.string(),
          change: z.string(),
          field: z.string().nullable(),
          from: z.string().nullable(),
          to: z.string().nullable(),
          effective_on: z.string().nullable(),
        }),
      ),
    }),
    handler: async (c, { params }) => c.json(await getImport(db, params.id)),
  });

  route({
    method: 'get',
    path: '/api/v1/organisations/:code/history',
    tag: 'landscape',
    summary: 'What changed for an organisation and when, from which file',
    params: z.object({ code: z.string().min(1).max(20) }),
    response: z.object({ items: z.array(OrganisationChange) }),
    handler: async (c, { params }) => c.json({ items: await organisationHistory(db, params.code) }),
  });

  route({
    method: 'get',
    path: '/api/v1/organisations/:code/measures',
    tag: 'landscape',
    summary:
      'Deprivation and size: own measures; for areas, list-size-weighted practice IMD and LSOAs by IMD decile',
    params: z.object({ code: z.string().min(1).max(20) }),
    query: z.object({
      as_at: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    }),
    response: z.object({
      code: z.string(),
      measures: z.record(z.string(), z.number()),
      practices: z.number().int(),
      list_size: z.number().nullable(),
      imd_score_weighted: z.number().nullable(),
      lsoa_deciles: z.array(z.object({ decile: z.number().int(), lsoas: z.number().int() })),
    }),
    handler: async (c, { params, query }) =>
      c.json(await organisationMeasures(db, params.code, query.as_at ?? today(clock))),
  });
}
