import { DomainError } from '../core/errors.ts';
import type { Queryable } from './db.ts';

/** The measures the map can colour sub-ICB locations by. */
export const MAP_MEASURES = {
  imd_score: {
    label: 'IMD 2019 score of practices, weighted by registered patients (higher = more deprived)',
    unit: 'score',
  },
  deprived_share: {
    label: 'Share of LSOAs in the most deprived fifth of England (IMD deciles 1–2)',
    unit: '%',
  },
  list_size: { label: 'Registered patients at GP practices', unit: 'patients' },
  practices: { label: 'Open GP practices', unit: 'practices' },
} as const;
export type MapMeasure = keyof typeof MAP_MEASURES;

const OPEN = (a: string) =>
  `((${a}.valid_from IS NULL OR ${a}.valid_from <= $1::date) AND (${a}.valid_to IS NULL OR ${a}.valid_to >= $1::date))`;

/**
 * Sub-ICB location boundaries as GeoJSON features, each with its ICB as at the date and the
 * measure's value (null where there is no data).
 */
export async function mapFeatures(q: Queryable, measure: MapMeasure, asAt: string) {
  // One pass over the measures, one over the practices and LSOAs, hash-joined and grouped by area:
  // per-row index joins took minutes on PGlite straight after a bulk import, before the planner had
  // statistics.
  const rows = await q.query<{
    code: string;
    name: string;
    geometry: unknown;
    icb_code: string | null;
    icb_name: string | null;
    value: number | null;
  }>(
    `WITH areas AS (
       SELECT b.code, coalesce(o.name, b.name) AS name, b.geometry, o.id
       FROM boundaries b LEFT JOIN organisations o ON o.code = b.code
       WHERE b.area_type = 'sub_icb_location'),
     practices AS (
       SELECT l.to_id AS area_id, p.code FROM organisation_links l
       JOIN organisations p ON p.id = l.from_id AND p.kind = 'gp_practice'
         AND (p.opened_on IS NULL OR p.opened_on <= $1::date) AND (p.closed_on IS NULL OR p.closed_on >= $1::date)
       WHERE l.kind = 'commissioned_by' AND ${OPEN('l')}),
     per_practice AS (
       SELECT area_code AS code, max(value) FILTER (WHERE measure = 'list_size') AS list_size,
         max(value) FILTER (WHERE measure = 'imd_score') AS imd
       FROM measures WHERE area_type = 'practice' AND measure IN ('list_size', 'imd_score')
       GROUP BY area_code),
     by_area AS (
       SELECT pr.area_id, count(*)::float8 AS practices, sum(m.list_size) AS list_size,
         sum(m.list_size * m.imd) FILTER (WHERE m.imd IS NOT NULL AND m.list_size IS NOT NULL)
           / nullif(sum(m.list_size) FILTER (WHERE m.imd IS NOT NULL AND m.list_size IS NOT NULL), 0) AS imd_score
       FROM practices pr LEFT JOIN per_practice m ON m.code = pr.code
       GROUP BY pr.area_id),
     deprived AS (
       SELECT l.sicbl_code, 100.0 * count(*) FILTER (WHERE m.value <= 2) / nullif(count(*), 0) AS share
       FROM lsoas l JOIN measures m ON m.area_type = 'lsoa' AND m.area_code = l.code AND m.measure = 'imd_decile'
       WHERE l.vintage = 2011 AND $2 = 'deprived_share'
       GROUP BY l.sicbl_code)
     SELECT a.code, a.name, a.geometry, i.code AS icb_code, i.name AS icb_name,
       CASE $2 WHEN 'practices' THEN coalesce(ba.practices, 0) WHEN 'list_size' THEN ba.list_size
         WHEN 'imd_score' THEN ba.imd_score WHEN 'deprived_share' THEN d.share END AS value
     FROM areas a
     LEFT JOIN by_area ba ON ba.area_id = a.id
     LEFT JOIN deprived d ON d.sicbl_code = a.code
     LEFT JOIN LATERAL (SELECT ic.code, ic.name FROM organisation_links pl JOIN organisations ic ON ic.id = pl.to_id AND ic.kind = 'icb'
       WHERE pl.from_id = a.id AND pl.kind = 'part_of' AND ${OPEN('pl')} LIMIT 1) i ON true
     ORDER BY a.code`,
    [asAt, measure],
  );
  return rows.map((r) => ({
    type: 'Feature' as const,
    geometry: r.geometry,
    properties: {
      code: r.code,
      name: r.name,
      icb_code: r.icb_code,
      icb_name: r.icb_name,
      value: r.value === null ? null : Math.round(r.value * 100) / 100,
    },
  }));
}

/** Where an LSOA sits (sub-ICB location, ICB, place) and its IMD 2019 rank and decile. */
export async function lsoaLookup(q: Queryable, code: string) {
  const [l] = await q.query<{
    code: string;
    vintage: number;
    name: string | null;
    sicbl_code: string;
    sicbl_name: string | null;
    icb_code: string;
    icb_name: string | null;
    lad_code: string | null;
    lad_name: string | null;
    place_name: string | null;
  }>(
    `SELECT l.code, l.vintage, l.name, l.sicbl_code, s.name AS sicbl_name, l.icb_code, i.name AS icb_name, l.lad_code, l.lad_name, p.name AS place_name
     FROM lsoas l LEFT JOIN organisations s ON s.code = l.sicbl_code LEFT JOIN organisations i ON i.code = l.icb_code
     LEFT JOIN organisations p ON p.code = l.lad_code AND p.kind = 'place'
     WHERE upper(l.code) = upper($1) ORDER BY l.vintage DESC LIMIT 1`,
    [code],
  );
  if (!l) throw new DomainError('not_found', `no LSOA has the code "${code}" (import the ONS lookups first)`);
  const imd = await q.query<{ measure: string; value: number }>(
    `SELECT measure, value FROM measures WHERE area_type = 'lsoa' AND area_code = $1 AND measure IN ('imd_rank','imd_decile')`,
    [l.code],
  );
  const m = Object.fromEntries(imd.map((x) => [x.measure, x.value]));
  return {
    code: l.code,
    vintage: l.vintage,
    name: l.name,
    sub_icb_location: { code: l.sicbl_code, name: l.sicbl_name ?? l.sicbl_code },
    icb: { code: l.icb_code, name: l.icb_name ?? l.icb_code },
    place: l.lad_code ? { code: l.lad_code, name: l.place_name ?? l.lad_name ?? l.lad_code } : null,
    imd:
      m.imd_rank !== undefined || m.imd_decile !== undefined
        ? { rank: m.imd_rank ?? null, decile: m.imd_decile ?? null }
        : null,
  };
}
