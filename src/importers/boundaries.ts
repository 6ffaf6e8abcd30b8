import fs from 'node:fs';
import { type BoundaryRecord, FileFormatError, type ReadResult, type RowError } from './types.ts';

/** The largest GeoJSON file read (the derived sub-ICB boundaries are about 0.5 MB). */
export const MAX_GEOJSON_BYTES = 50 * 1024 * 1024;

const ODS_AREA = /^([A-Z0-9]{3}|[A-Z]\d[A-Z]\d[A-Z]|E54\d{6})$/;

/** Whether the start of a file looks like a GeoJSON FeatureCollection. */
export function looksLikeGeoJson(head: string): boolean {
  return /^\s*\{/.test(head) && /"FeatureCollection"|"features"\s*:/.test(head);
}

function validRing(ring: unknown): boolean {
  return (
    Array.isArray(ring) &&
    ring.length >= 4 &&
    ring.every(
      (p) =>
        Array.isArray(p) &&
        p.length >= 2 &&
        typeof p[0] === 'number' &&
        typeof p[1] === 'number' &&
        Math.abs(p[0]) <= 180 &&
        Math.abs(p[1]) <= 90,
    )
  );
}

/**
 * Reads a GeoJSON FeatureCollection of sub-ICB location boundaries (properties `sicbl24_code_nhs`
 * and `sicbl24_name`, as in the derived ONS file) or ICB boundaries with an ODS code property
 * (`icb_code_nhs` / `icb24_code_nhs`). "Line" in errors is the feature's 1-based position.
 */
export function readBoundaries(path: string, file: string): ReadResult {
  const size = fs.statSync(path).size;
  if (size > MAX_GEOJSON_BYTES)
    throw new FileFormatError(file, `a GeoJSON file larger than ${MAX_GEOJSON_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(path)));
  } catch (e) {
    throw new FileFormatError(
      file,
      `expected GeoJSON (a FeatureCollection in UTF-8 JSON): ${(e as Error).message}`,
    );
  }
  const fc = json as { type?: unknown; features?: unknown };
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new FileFormatError(
      file,
      'expected a GeoJSON FeatureCollection of sub-ICB location or ICB boundaries',
    );
  }
  const areas = (fc.features as { geometry?: { type?: unknown } | null }[]).filter(
    (f) => f?.geometry?.type === 'Polygon' || f?.geometry?.type === 'MultiPolygon',
  );
  if (areas.length === 0) {
    throw new FileFormatError(
      file,
      'expected GeoJSON area boundaries (Polygon or MultiPolygon features), not points or lines',
    );
  }
  const boundaries: BoundaryRecord[] = [];
  const errors: RowError[] = [];
  fc.features.forEach((f: unknown, i: number) => {
    const line = i + 1;
    const feature = f as {
      properties?: Record<string, unknown>;
      geometry?: { type?: unknown; coordinates?: unknown };
    };
    const p = feature.properties ?? {};
    const sicbl = p.sicbl24_code_nhs ?? p.sicbl_code_nhs;
    const icb = p.icb_code_nhs ?? p.icb24_code_nhs ?? p.icb22_code;
    const areaType = typeof sicbl === 'string' ? 'sub_icb_location' : 'icb';
    const code = String((areaType === 'sub_icb_location' ? sicbl : icb) ?? '');
    const name = String(
      (areaType === 'sub_icb_location' ? p.sicbl24_name : (p.icb24_name ?? p.icb_name ?? p.icb22_name)) ?? '',
    ).trim();
    if (!ODS_AREA.test(code)) {
      errors.push({
        file,
        line,
        field: areaType === 'sub_icb_location' ? 'sicbl24_code_nhs' : 'icb_code_nhs',
        message: `"${code.slice(0, 40)}" is not an ODS area code`,
      });
      return;
    }
    if (!name || name.length > 500) {
      errors.push({ file, line, field: 'name', message: 'a name of 1 to 500 characters is required' });
      return;
    }
    const g = feature.geometry;
    const ok =
      (g?.type === 'Polygon' && Array.isArray(g.coordinates) && g.coordinates.every(validRing)) ||
      (g?.type === 'MultiPolygon' &&
        Array.isArray(g.coordinates) &&
        g.coordinates.every((poly: unknown) => Array.isArray(poly) && poly.every(validRing)));
    if (!ok) {
      errors.push({
        file,
        line,
        field: 'geometry',
        message: 'expected a Polygon or MultiPolygon of longitude, latitude pairs',
      });
      return;
    }
    boundaries.push({ line, area_type: areaType, code, name, geometry: g as BoundaryRecord['geometry'] });
  });
  return {
    file,
    kind: 'boundaries',
    format: 'geojson',
    vintage: null,
    read: fc.features.length,
    orgs: [],
    memberships: [],
    lsoas: [],
    measures: [],
    boundaries,
    ignored: 0,
    errors,
  };
}
