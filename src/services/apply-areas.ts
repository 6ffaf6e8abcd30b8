import type { BoundaryRecord, LsoaRecord, MeasureRecord } from '../importers/types.ts';
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
      const c: ImportChange = {
        code: r.lsoa,
        kind: 'lsoa',
        change: 'moved',
        field: 'sicbl',
        from: h.sicbl_code,
        to: r.sicbl,
        effective_on: ctx.vintage,
      };
      out.changes.push(c);
      out.changed += 1;
    }
  }
  await insertRows(
    q,
    'lsoas',
    ['code', 'vintage', 'name', 'sicbl_code', 'icb_code', 'lad_code', 'lad_name', 'import_id'],
    fresh.map((r) => ({
      ...r,
      code: r.lsoa,
      sicbl_code: r.sicbl,
      icb_code: r.icb,
      lad_code: r.lad,
      import_id: ctx.importId,
    })),
  );
  return out;
}

/**
 * Brings measures (IMD, list sizes) into step with a file: new values added, changed values replaced
 * and listed. Counted per row (an LSOA or a practice), not per measure.
 */
export async function applyMeasures(
  q: Queryable,
  recs: MeasureRecord[],
  ctx: ApplyContext,
): Promise<ApplyOutcome> {
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
  const rowState = new Map<string, 'created' | 'changed' | 'unchanged'>();
  const mark = (row: string, s: 'created' | 'changed' | 'unchanged') => {
    const was = rowState.get(row);
    if (!was || was === 'unchanged' || (was === 'changed' && s === 'created')) rowState.set(row, s);
  };
  for (const r of recs) {
    const row = `${r.area_type}|${r.code}`;
    const key = `${row}|${r.measure}`;
    const h = held.get(key);
    if (h === undefined) {
      fresh.push(r);
      held.set(key, r.value);
      mark(row, 'created');
    } else if (!ctx.current || Math.abs(h - r.value) < 1e-9) {
      mark(row, 'unchanged');
    } else {
      await q.query(
        'UPDATE measures SET value = $4, import_id = $5 WHERE area_type = $1 AND area_code = $2 AND measure = $3',
        [r.area_type, r.code, r.measure, r.value, ctx.importId],
      );
      out.changes.push({
        code: r.code,
        kind: r.area_type,
        change: 'changed',
        field: r.measure,
        from: String(h),
        to: String(r.value),
        effective_on: ctx.vintage,
      });
      mark(row, 'changed');
    }
  }
  for (const s of rowState.values()) out[s] += 1;
  await insertRows(
    q,
    'measures',
    ['area_type', 'area_code', 'measure', 'value', 'import_id'],
    fresh.map((r) => ({
      area_type: r.area_type,
      area_code: r.code,
      measure: r.measure,
      value: r.value,
      import_id: ctx.importId,
    })),
  );
  return out;
}

/**
 * ONS re-coded two ICBs after their April 2023 boundary change (Surrey Heartlands, Sussex); files of
 * the July 2022 boundaries carry the old codes.
 */
const ONS_ICB_RECODES: Record<string, string> = { E54000052: 'E54000063', E54000053: 'E54000064' };

/** Replaces the boundaries of the areas a file gives (new ones created, changed shapes replaced). */
export async function applyBoundaries(
  q: Queryable,
  recs: BoundaryRecord[],
  ctx: ApplyContext,
): Promise<ApplyOutcome> {
  const out = emptyOutcome();
  const ons = new Map(
    (
      await q.query<{ code: string; ons_code: string }>(
        "SELECT code, ons_code FROM organisations WHERE kind = 'icb' AND ons_code IS NOT NULL",
      )
    ).map((o) => [o.ons_code, o.code]),
  );
  for (const rec of recs) {
    // ICB files from ONS carry only the E54 code: the Atlas keys boundaries by ODS code.
    const odsCode = /^E54\d{6}$/.test(rec.code) ? ons.get(ONS_ICB_RECODES[rec.code] ?? rec.code) : rec.code;
    if (!odsCode) {
      out.errors.push({
        file: ctx.file,
        line: rec.line,
        field: 'code',
        message: `${rec.code} is not the ONS code of an ICB the Atlas holds`,
      });
      continue;
    }
    const r = { ...rec, code: odsCode };
    const [h] = await q.query<{ same: boolean }>(
      'SELECT (geometry = $3::jsonb AND name = $4) AS same FROM boundaries WHERE area_type = $1 AND code = $2',
      [r.area_type, r.code, JSON.stringify(r.geometry), r.name],
    );
    if (h?.same) {
      out.unchanged += 1;
      continue;
    }
    await q.query(
      `INSERT INTO boundaries (area_type, code, name, geometry, import_id) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (area_type, code) DO UPDATE SET name = EXCLUDED.name, geometry = EXCLUDED.geometry, import_id = EXCLUDED.import_id`,
      [r.area_type, r.code, r.name, JSON.stringify(r.geometry), ctx.importId],
    );
    if (h) out.changed += 1;
    else out.created += 1;
  }
  return out;
}
