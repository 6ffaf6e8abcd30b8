import { z } from 'zod';

/** One change an import made (or would make, in a dry run). */
export const ImportChange = z.object({
  code: z.string(),
  kind: z.string(),
  change: z.enum([
    'opened',
    'closed',
    'reopened',
    'renamed',
    'moved',
    'joined',
    'left',
    'recoded',
    'changed',
  ]),
  field: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  effective_on: z.string().nullable(),
});
export type ImportChange = z.infer<typeof ImportChange>;

export const SkippedRow = z.object({
  file: z.string(),
  line: z.number().int(),
  field: z.string(),
  message: z.string(),
});

/** The report every import leaves: counts, the changes themselves, and any skipped rows. */
export const ImportReport = z.object({
  id: z.number().int().nullable(),
  file: z.string(),
  kind: z.string(),
  format: z.string(),
  vintage: z.string().nullable(),
  /** false when the file is older than one already loaded: it only filled in history. */
  current: z.boolean(),
  dry_run: z.boolean(),
  read: z.number().int(),
  created: z.number().int(),
  changed: z.number().int(),
  closed: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  ignored: z.number().int(),
  changes: z.array(ImportChange),
  skipped_rows: z.array(SkippedRow),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportSummary = z.object({
  id: z.number().int(),
  kind: z.string(),
  format: z.string(),
  file_name: z.string(),
  vintage: z.string().nullable(),
  current: z.boolean(),
  via: z.string(),
  actor_email: z.string().nullable(),
  finished_at: z.string(),
  counts: z.record(z.string(), z.number()),
});

export const OrganisationChange = z.object({
  change: z.string(),
  field: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  effective_on: z.string().nullable(),
  import_id: z.number().int().nullable(),
  file_name: z.string().nullable(),
  vintage: z.string().nullable(),
  imported_at: z.string().nullable(),
});
