import { DomainError } from '../core/errors.ts';
import type { Queryable } from './db.ts';
import { isoTimestamp as TS } from './sql.ts';

const IMPORT_COLUMNS = `id, kind, format, file_name, vintage, current, via, actor_email, ${TS('finished_at')} AS finished_at, counts`;

/** An applied import as listed. */
export interface ImportRow {
  id: number;
  kind: string;
  format: string;
  file_name: string;
  vintage: string | null;
  current: boolean;
  via: string;
  actor_email: string | null;
  finished_at: string;
  counts: Record<string, number>;
}

/** The imports applied, newest first. */
export async function listImports(q: Queryable, limit: number) {
  return q.query<ImportRow>(`SELECT ${IMPORT_COLUMNS} FROM imports ORDER BY id DESC LIMIT $1`, [limit]);
}

/** One import with its changes (the report it left). */
export async function getImport(q: Queryable, id: number) {
  const [imp] = await q.query<ImportRow & { skipped_rows: unknown[] }>(
    `SELECT ${IMPORT_COLUMNS}, skipped_rows FROM imports WHERE id = $1`,
    [id],
  );
  if (!imp) throw new DomainError('not_found', `no import ${id}`);
  const changes = await q.query<{
    code: string;
    kind: string;
    change: string;
    field: string | null;
    from: string | null;
    to: string | null;
    effective_on: string | null;
  }>(
    `SELECT o.code, o.kind, c.change, c.field, c.from_value AS "from", c.to_value AS "to", c.effective_on
     FROM organisation_changes c JOIN organisations o ON o.id = c.organisation_id WHERE c.import_id = $1 ORDER BY c.id LIMIT 20000`,
    [id],
  );
  return { ...imp, changes };
}

/** An organisation's recorded history: what changed and when, from which file. */
export async function organisationHistory(q: Queryable, code: string) {
  const [o] = await q.query<{ id: number }>('SELECT id FROM organisations WHERE upper(code) = upper($1)', [
    code,
  ]);
  if (!o) throw new DomainError('not_found', `no organisation has the code "${code}"`, { code });
  return q.query<{
    change: string;
    field: string | null;
    from: string | null;
    to: string | null;
    effective_on: string | null;
    import_id: number | null;
    file_name: string | null;
    vintage: string | null;
    imported_at: string | null;
  }>(
    `SELECT c.change, c.field, c.from_value AS "from", c.to_value AS "to", c.effective_on, c.import_id,
       i.file_name, i.vintage, ${TS('i.finished_at')} AS imported_at
     FROM organisation_changes c LEFT JOIN imports i ON i.id = c.import_id
     WHERE c.organisation_id = $1 ORDER BY c.effective_on DESC NULLS LAST, c.id DESC`,
    [o.id],
  );
}

/**
 * Deprivation and size for an organisation: its own measures (practices, PCNs) and, for areas, the
 * IMD of its practices weighted by their list sizes, and the spread of its LSOAs by IMD decile.
 */
export async function organisationMeasures(q: Queryable, code: string, asAt: string) {
  const [o] = await q.query<{ id: number; code: string; kind: string }>(
    'SELECT id, code, kind FROM organisations WHERE upper(code) = upper($1)',
    [code],
  );
  if (!o) throw new DomainError('not_found', `no organisation has the code "${code}"`, { code });
  const own = await q.query<{ measure: string; value: number }>(
    `SELECT measure, value FROM measures WHERE area_type = CASE $2 WHEN 'pcn' THEN 'pcn' ELSE 'practice' END AND area_code = $1 ORDER BY measure`,
    [o.code, o.kind],
  );
  // Practices under the organisation on the date (any depth), for list-size-weighted IMD.
  const [weighted] = await q.query<{ practices: number; list_size: number | null; imd_score: number | null }>(
    `WITH RECURSIVE under(id) AS (
       SELECT $1::int
       UNION
       SELECT l.from_id FROM organisation_links l JOIN under u ON l.to_id = u.id
       WHERE l.kind IN ('part_of','member_of','commissioned_by')
         AND (l.valid_from IS NULL OR l.valid_from <= $2::date) AND (l.valid_to IS NULL OR l.valid_to >= $2::date))
     SELECT count(*)::int AS practices, sum(ls.value) AS list_size,
       sum(ls.value * im.value) / nullif(sum(ls.value) FILTER (WHERE im.value IS NOT NULL), 0) AS imd_score
     FROM under u JOIN organisations p ON p.id = u.id AND p.kind = 'gp_practice'
       AND (p.closed_on IS NULL OR p.closed_on >= $2::date)
     LEFT JOIN measures ls ON ls.area_type = 'practice' AND ls.area_code = p.code AND ls.measure = 'list_size'
     LEFT JOIN measures im ON im.area_type = 'practice' AND im.area_code = p.code AND im.measure = 'imd_score'`,
    [o.id, asAt],
  );
  const lsoaCol =
    o.kind === 'icb'
      ? 'icb_code'
      : o.kind === 'sub_icb_location'
        ? 'sicbl_code'
        : o.kind === 'place'
          ? 'lad_code'
          : null;
  const deciles = lsoaCol
    ? await q.query<{ decile: number; lsoas: number }>(
        `SELECT m.value::int AS decile, count(*)::int AS lsoas FROM lsoas l
         JOIN measures m ON m.area_type = 'lsoa' AND m.area_code = l.code AND m.measure = 'imd_decile'
         WHERE l.vintage = 2011 AND l.${lsoaCol} = $1 GROUP BY 1 ORDER BY 1`,
        [o.code],
      )
    : [];
  return {
    code: o.code,
    measures: Object.fromEntries(own.map((m) => [m.measure, m.value])),
    practices: weighted?.practices ?? 0,
    list_size: weighted?.list_size ?? null,
    imd_score_weighted:
      weighted?.imd_score === null || weighted?.imd_score === undefined
        ? null
        : Math.round(weighted.imd_score * 100) / 100,
    lsoa_deciles: deciles,
  };
}
