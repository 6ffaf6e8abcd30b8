import { describe, expect, it } from 'vitest';
import {
  boundsOf,
  fitProjection,
  type Geometry,
  groupOutline,
  insidePolygon,
  pathData,
  quantileClasses,
  type Ring,
} from './projection.ts';

const square = (x: number, y: number, s: number, clockwise = true): Ring => {
  const r: Ring = [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ];
  return clockwise ? r : r.reverse();
};

describe('fitProjection', () => {
  it('fits the bounds to the width, scaling longitude by cos 53°, north up', () => {
    const england: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [-6, 50],
          [2, 50],
          [2, 56],
          [-6, 56],
          [-6, 50],
        ],
      ],
    };
    const b = boundsOf([england])!;
    expect(b).toEqual({ minLon: -6, minLat: 50, maxLon: 2, maxLat: 56 });
    const p = fitProjection(b, 600, 10);
    expect(p.project([-6, 56])).toEqual([10, 10]);
    const [x, y] = p.project([2, 50]);
    expect(x).toBeCloseTo(590);
    const scale = 580 / (8 * Math.cos((53 * Math.PI) / 180));
    expect(y).toBeCloseTo(10 + 6 * scale);
    expect(p.height).toBe(Math.ceil(6 * scale + 20));
  });

  it('has no bounds for no geometry', () => {
    expect(boundsOf([])).toBeNull();
  });
});

describe('pathData', () => {
  it('writes each ring as a closed subpath, dropping repeated points', () => {
    expect(
      pathData([
        [
          [
            [0, 0],
            [10, 0],
            [10, 0],
            [10, 10.26],
            [0, 0],
          ],
        ],
      ]),
    ).toBe('M0,0L10,0L10,10.3L0,0Z');
  });
});

describe('groupOutline', () => {
  it('leaves out the edges two areas of a group share, even when drawn in opposite directions', () => {
    const left = [[square(0, 0, 10)]];
    const right = [[square(10, 0, 10, false)]];
    const d = groupOutline([left, right]);
    // The shared edge x = 10 is not drawn; the outer edges are.
    expect(d).not.toMatch(/M10,0L10,10|M10,10L10,0/);
    expect(d).toContain('L20,0');
    expect(d).toContain('L0,10');
    const segments = d.match(/L/g)?.length ?? 0;
    expect(segments).toBe(6);
  });

  it('draws the whole ring of an area alone', () => {
    expect(groupOutline([[[square(0, 0, 10)]]]).match(/L/g)?.length).toBe(4);
  });
});

describe('insidePolygon', () => {
  it('respects holes', () => {
    const withHole = [square(0, 0, 10), square(4, 4, 2)];
    expect(insidePolygon([1, 1], withHole)).toBe(true);
    expect(insidePolygon([5, 5], withHole)).toBe(false);
    expect(insidePolygon([11, 5], withHole)).toBe(false);
  });
});

describe('quantileClasses', () => {
  it('makes five classes of equal counts with their ranges', () => {
    const { classes, classOf } = quantileClasses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null]);
    expect(classes.map((c) => [c.index, c.min, c.max, c.count])).toEqual([
      [0, 1, 2, 2],
      [1, 3, 4, 2],
      [2, 5, 6, 2],
      [3, 7, 8, 2],
      [4, 9, 10, 2],
    ]);
    expect(classOf(1)).toBe(0);
    expect(classOf(10)).toBe(4);
    expect(classOf(null)).toBeNull();
  });

  it('never splits ties, and spreads fewer classes over the palette', () => {
    const { classes, classOf } = quantileClasses([5, 5, 5, 5, 9]);
    expect(classes.map((c) => [c.index, c.min, c.max])).toEqual([
      [0, 5, 5],
      [4, 9, 9],
    ]);
    expect(classOf(5)).toBe(0);
    expect(classOf(9)).toBe(4);
  });

  it('has no classes without values', () => {
    expect(quantileClasses([null, null]).classes).toEqual([]);
  });
});
