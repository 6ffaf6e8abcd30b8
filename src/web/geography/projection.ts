/**
 * Drawing England's areas as plain SVG: an equirectangular projection scaled by cos(53°) (England's
 * middle latitude, so a kilometre east is about as long as a kilometre north) fitted to the areas'
 * bounds, SVG path data for (Multi)Polygons, ICB outlines from sub-ICB location polygons, and
 * quantile classes for a choropleth. No library, nothing fetched.
 */

export type Position = [number, number];
export type Ring = Position[];

export type Geometry =
  | { type: 'Polygon'; coordinates: Ring[] }
  | { type: 'MultiPolygon'; coordinates: Ring[][] };

export interface Bounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface Projection {
  width: number;
  height: number;
  project: (p: Position) => Position;
}

const COS_53 = Math.cos((53 * Math.PI) / 180);

/** The polygons of a geometry (a Polygon is one), each a list of rings, the first the outer ring. */
export function polygonsOf(g: Geometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** The smallest lon/lat box around every point of `geometries`, or null when there are none. */
export function boundsOf(geometries: readonly Geometry[]): Bounds | null {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const g of geometries)
    for (const polygon of polygonsOf(g))
      for (const ring of polygon)
        for (const [lon, lat] of ring) {
          if (lon < minLon) minLon = lon;
          if (lon > maxLon) maxLon = lon;
          if (lat < minLat) minLat = lat;
          if (lat > maxLat) maxLat = lat;
        }
  return Number.isFinite(minLon) ? { minLon, minLat, maxLon, maxLat } : null;
}

/**
 * An equirectangular projection (x = lon × cos 53°, y = −lat) fitted to `bounds` within `width` less
 * `padding` on each side; the height follows from the shape of the bounds.
 */
export function fitProjection(bounds: Bounds, width: number, padding = 8): Projection {
  const spanX = Math.max((bounds.maxLon - bounds.minLon) * COS_53, 1e-9);
  const spanY = Math.max(bounds.maxLat - bounds.minLat, 1e-9);
  const scale = (width - 2 * padding) / spanX;
  const height = Math.ceil(spanY * scale + 2 * padding);
  return {
    width,
    height,
    project: ([lon, lat]) => [
      padding + (lon - bounds.minLon) * COS_53 * scale,
      padding + (bounds.maxLat - lat) * scale,
    ],
  };
}

const r1 = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Projected rings of a geometry, in screen coordinates. */
export function projectGeometry(g: Geometry, project: (p: Position) => Position): Ring[][] {
  return polygonsOf(g).map((polygon) => polygon.map((ring) => ring.map(project)));
}

/** SVG path data for projected polygons (draw with fill-rule evenodd so holes stay holes). */
export function pathData(polygons: readonly Ring[][]): string {
  const parts: string[] = [];
  for (const polygon of polygons)
    for (const ring of polygon) {
      if (ring.length < 3) continue;
      let d = '';
      let last = '';
      ring.forEach(([x, y], i) => {
        const pt = `${r1(x)},${r1(y)}`;
        if (pt === last) return;
        d += (i === 0 ? 'M' : 'L') + pt;
        last = pt;
      });
      parts.push(`${d}Z`);
    }
  return parts.join('');
}

/** True when the point is inside the polygon (even-odd over its rings). */
export function insidePolygon([x, y]: Position, polygon: readonly Ring[]): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Twice the signed area of a ring (positive: clockwise on screen, where y grows downwards). */
function signedArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return a;
}

/**
 * The outline of a group of areas (an ICB's sub-ICB locations) as SVG path data: the edges of each
 * area that do not border another area of the group. Neighbouring areas were simplified separately,
 * so their shared edges do not match point for point: an edge counts as inside the group when a point
 * `probe` pixels outside it, at its middle, falls inside an area of the group.
 */
export function groupOutline(areas: readonly Ring[][][], probe = 2): string {
  const polygons = areas.flat();
  let d = '';
  for (const polygon of polygons) {
    for (const ring of polygon) {
      if (ring.length < 3) continue;
      // Outer rings and holes run opposite ways; "outside" is to the left or right accordingly.
      const side = signedArea(ring) > 0 ? 1 : -1;
      let open = false;
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i]!;
        const [x2, y2] = ring[i + 1]!;
        const len = Math.hypot(x2 - x1, y2 - y1);
        if (len === 0) continue;
        const mx = (x1 + x2) / 2 + (side * probe * (y2 - y1)) / len;
        const my = (y1 + y2) / 2 - (side * probe * (x2 - x1)) / len;
        const inner = polygons.some((p) => insidePolygon([mx, my], p));
        if (inner) {
          open = false;
          continue;
        }
        if (!open) d += `M${r1(x1)},${r1(y1)}`;
        d += `L${r1(x2)},${r1(y2)}`;
        open = true;
      }
    }
  }
  return d;
}

/** A choropleth class: its colour index (0 lightest) and the lowest and highest values in it. */
export interface ValueClass {
  index: number;
  min: number;
  max: number;
  count: number;
}

/**
 * Up to `n` classes of the values by quantile (equal counts, as far as ties allow), each with the range
 * of values it holds; `classOf` gives a value's class, or null for no data.
 */
export function quantileClasses(
  values: readonly (number | null)[],
  n = 5,
): { classes: ValueClass[]; classOf: (v: number | null) => number | null } {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { classes: [], classOf: () => null };
  // Upper bounds of each class, by rank; ties never straddle two classes.
  const uppers: number[] = [];
  for (let k = 1; k <= n; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.ceil((k * sorted.length) / n) - 1)]!;
    if (uppers.length === 0 || v > uppers[uppers.length - 1]!) uppers.push(v);
  }
  const raw = (v: number) => {
    const i = uppers.findIndex((u) => v <= u);
    return i === -1 ? uppers.length - 1 : i;
  };
  // Fewer classes than asked (many ties): spread them over the palette.
  const spread = (i: number) =>
    uppers.length === 1 ? Math.floor((n - 1) / 2) : Math.round((i * (n - 1)) / (uppers.length - 1));
  const classes: ValueClass[] = uppers.map((_, i) => ({
    index: spread(i),
    min: Infinity,
    max: -Infinity,
    count: 0,
  }));
  for (const v of sorted) {
    const c = classes[raw(v)]!;
    c.min = Math.min(c.min, v);
    c.max = Math.max(c.max, v);
    c.count += 1;
  }
  return {
    classes,
    classOf: (v) => (v === null || !Number.isFinite(v) ? null : spread(raw(v))),
  };
}
