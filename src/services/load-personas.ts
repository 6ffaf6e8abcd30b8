import { type CataloguePersona, PERSONA_CATALOGUE } from '../core/personas.ts';
import type { Queryable } from '../storage/db.ts';

/** What one seeding of the national persona catalogue changed. */
export interface PersonaSeedCounts {
  inserted: number;
  updated: number;
  /** catalogue rows no longer in the file and used by no post, deleted */
  removed: number;
}

/**
 * Brings the national persona catalogue (`personas` rows with workspace_id NULL) into line with
 * `catalogue` (src/core/personas.ts) in one statement: new codes are inserted, changed ones updated
 * (version bumped, updated_at set), unchanged ones left alone, and codes no longer in the catalogue
 * deleted unless a post still uses them. Run as the migrating user at every open, before the switch
 * to the application role (whose row-level security keeps it from writing catalogue rows).
 */
export async function ensurePersonaCatalogue(
  q: Queryable,
  catalogue: readonly CataloguePersona[] = PERSONA_CATALOGUE,
): Promise<PersonaSeedCounts> {
  const rows = catalogue.map((p) => ({
    code: p.code,
    name: p.name,
    category: p.category,
    level: p.level,
    summary: p.summary,
    decisions: p.decisions,
    looks_for: p.looks_for,
    professions: p.professions,
    sort_order: p.sort_order,
  }));
  const [r] = await q.query<PersonaSeedCounts>(
    `WITH src AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS s(code text, name text, category text, level text,
         summary text, decisions text[], looks_for text[], professions text[], sort_order integer)
     ), up AS (
       INSERT INTO personas AS p (workspace_id, code, name, category, level, summary, decisions, looks_for,
         professions, sort_order)
       SELECT NULL, code, name, category, level, summary, decisions, looks_for, professions, sort_order FROM src
       ON CONFLICT (workspace_id, code) DO UPDATE SET
         name = EXCLUDED.name, category = EXCLUDED.category, level = EXCLUDED.level,
         summary = EXCLUDED.summary, decisions = EXCLUDED.decisions, looks_for = EXCLUDED.looks_for,
         professions = EXCLUDED.professions, sort_order = EXCLUDED.sort_order,
         version = p.version + 1, updated_at = now()
       WHERE (p.name, p.category, p.level, p.summary, p.decisions, p.looks_for, p.professions, p.sort_order)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category, EXCLUDED.level, EXCLUDED.summary,
           EXCLUDED.decisions, EXCLUDED.looks_for, EXCLUDED.professions, EXCLUDED.sort_order)
       RETURNING (xmax = 0) AS inserted
     ), gone AS (
       DELETE FROM personas d
       WHERE d.workspace_id IS NULL
         AND d.code NOT IN (SELECT code FROM src)
         AND NOT EXISTS (SELECT 1 FROM posts WHERE posts.persona_id = d.id)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM up WHERE inserted)::int AS inserted,
            (SELECT count(*) FROM up WHERE NOT inserted)::int AS updated,
            (SELECT count(*) FROM gone)::int AS removed`,
    [JSON.stringify(rows)],
  );
  return r ?? { inserted: 0, updated: 0, removed: 0 };
}
