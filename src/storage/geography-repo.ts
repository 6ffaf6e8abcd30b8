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
     values AS (
       SELECT a.code,
         CASE $2
           WHEN 'practices' THEN (SELECT count(*) FROM practices pr WHERE pr.area_id = a.id)::float8
           WHEN 'list_size' THEN (SELECT sum(m.value) FROM practices pr JOIN measures m ON m.area_type = 'practice' AND m.area_code = pr.code AND m.measure = 'list_size' WHERE pr.area_id = a.id)
           WHEN 'imd_score' THEN (SELECT sum(ls.value * im.value) / nullif(sum(ls.value), 0) FROM practices pr
               JOIN measures ls ON ls.area_type = 'practice' AND ls.area_code = pr.code AND ls.measure = 'list_size'
               JOIN measures im ON im.area_type = 'practice' AND im.area_code = pr.code AND im.measure = 'imd_score'
               WHERE pr.area_id = a.id)
           WHEN 'deprived_share' THEN (SELECT 100.0 * count(*) FILTER (WHERE m.value <= 2) / nullif(count(*), 0) FROM lsoas l
               JOIN measures m ON m.area_type = 'lsoa' AND m.area_code = l.code AND m.measure = 'imd_decile'
               WHERE l.vintage = 2011 AND l.sicbl_code = a.code)
         END AS value
       FROM areas a)
     SELECT a.code, a.name, a.geometry, i.code AS icb_code, i.name AS icb_name, v.value
     FROM areas a JOIN values v ON v.code = a.code
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
