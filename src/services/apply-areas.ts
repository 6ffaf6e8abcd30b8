import type { LsoaRecord, MeasureRecord } from '../importers/types.ts';
import type { ImportChange } from '../shared/import-schemas.ts';
import { insertRows } from '../storage/bulk.ts';
import type { Queryable } from '../storage/db.ts';
import { type ApplyContext, type ApplyOutcome, emptyOutcome } from './apply-orgs.ts';

/**
 * Brings the LSOA lookup into step with an ONS file: new LSOAs are added, an LSOA whose sub-ICB
 * location or ICB changed is updated (listed as a change), the rest are counted unchanged.
 */
export async function applyLsoas(q: Queryable, recs: LsoaRecord[], ctx: ApplyContext): Promise<ApplyOutcome> {
  const out = emptyOutcome();
  if (recs.length === 0) return out;
  const vintage = recs[0]!.vintage;
  const held = new Map(
    (
      await q.query<{ code: string; sicbl_code: string; icb_code: string; lad_code: string | null }>(
        'SELECT code, sicbl_code, icb_code, lad_code FROM lsoas WHERE vintage = $1',
        [vintage],
      )
    ).map((l) => [l.code, l]),
  );
  const fresh: LsoaRecord[] = [];
  for (const r of recs) {
    const h = held.get(r.lsoa);
    if (!h) {
      fresh.push(r);
      out.created += 1;
    } else if (!ctx.current || (h.sicbl_code === r.sicbl && h.icb_code === r.icb && h.lad_code === r.lad)) {
      out.unchanged += 1;
    } else {
      await q.query(
        'UPDATE lsoas SET sicbl_code = $3, icb_code = $4, lad_code = $5, lad_name = $6, name = coalesce($7, name), import_id = $8 WHERE code = $1 AND vintage = $2',
        [r.lsoa, vintage, r.sicbl, r.icb, r.lad, r.lad_name, r.name, ctx.importId],
      );
      const c: ImportChange = { code: r.lsoa, kind: 'lsoa', change: 'moved', field: 'sicbl', from: h.sicbl_code, to: r.sicbl, effective_on: ctx.vintage };
      out.changes.push(c);
      out.changed += 1;
    }
  }
  await insertRows(
    q,
    'lsoas',
    ['code', 'vintage', 'name', 'sicbl_code', 'icb_code', 'lad_code', 'lad_name', 'import_id'],
    fresh.map((r) => ({ ...r, code: r.lsoa, sicbl_code: r.sicbl, icb_code: r.icb, lad_code: r.lad, import_id: ctx.importId })),
  );
  return out;
}

/** Brings measures (IMD, list sizes) into step with a file: new values added, changed values replaced and listed. */
export async function applyMeasures(q: Queryable, recs: MeasureRecord[], ctx: ApplyContext): Promise<ApplyOutcome> {
  const out = emptyOutcome();
  if (recs.length === 0) return out;
  const types = [...new Set(recs.map((r) => r.area_type))];
  const held = new Map(
    (
      await q.query<{ area_type: string; area_code: string; measure: string; value: number }>(
        'SELECT area_type, area_code, measure, value FROM measures WHERE area_type = ANY($1::text[])',
        [types],
      )
    ).map((m) => [`${m.area_type}|${m.area_code}|${m.measure}`, m.value]),
  );
  const fresh: MeasureRecord[] = [];
  const changedKeys = new Set<string>();
  for (const r of recs) {
    const key = `${r.area_type}|${r.code}|${r.measure}`;
    const h = held.get(key);
    if (h === undefined) {
      fresh.push(r);
      held.set(key, r.value);
      changedKeys.add(`${r.area_type}|${r.code}`);
      out.created += 1;
    } else if (!ctx.current || Math.abs(h - r.value) < 1e-9) {
      out.unchanged += 1;
    } else {
      await q.query('UPDATE measures SET value = $4, import_id = $5 WHERE area_type = $1 AND area_code = $2 AND measure = $3', [
        r.area_type,
        r.code,
        r.measure,
        r.value,
        ctx.importId,
      ]);
      out.changes.push({ code: r.code, kind: r.area_type, change: 'changed', field: r.measure, from: String(h), to: String(r.value), effective_on: ctx.vintage });
      out.changed += 1;
    }
  }
  await insertRows(
    q,
    'measures',
    ['area_type', 'area_code', 'measure', 'value', 'import_id'],
    fresh.map((r) => ({ area_type: r.area_type, area_code: r.code, measure: r.measure, value: r.value, import_id: ctx.importId })),
  );
  return out;
}
