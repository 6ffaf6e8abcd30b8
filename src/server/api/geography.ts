import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import { isIsoDate, today } from '../../core/dates.ts';
import type { Db } from '../../storage/db.ts';
import { lsoaLookup, MAP_MEASURES, type MapMeasure, mapFeatures } from '../../storage/geography-repo.ts';
import type { Route } from '../routes.ts';

const Ref = z.object({ code: z.string(), name: z.string() });

/** The map of England by sub-ICB location, and LSOA lookups. */
export function geographyRoutes(route: Route, deps: { db: Db; clock: Clock }): void {
  const { db, clock } = deps;

  route({
    method: 'get',
    path: '/api/v1/geography/map',
    tag: 'geography',
    summary:
      'Sub-ICB location boundaries (GeoJSON) with their ICB as at a date and a chosen measure, for a map drawn offline',
    query: z.object({
      measure: z.enum(Object.keys(MAP_MEASURES) as [MapMeasure, ...MapMeasure[]]).default('imd_score'),
      as_at: z.string().refine(isIsoDate, 'not a date in the form YYYY-MM-DD').optional(),
    }),
    response: z.object({
      measure: z.string(),
      label: z.string(),
      unit: z.string(),
      as_at: z.string(),
      features: z.array(
        z.object({
          type: z.literal('Feature'),
          geometry: z.unknown(),
          properties: z.object({
            code: z.string(),
            name: z.string(),
            icb_code: z.string().nullable(),
            icb_name: z.string().nullable(),
            value: z.number().nullable(),
          }),
        }),
      ),
    }),
    handler: async (c, { query }) => {
      const asAt = query.as_at ?? today(clock);
      return c.json({
        measure: query.measure,
        ...MAP_MEASURES[query.measure],
        as_at: asAt,
        features: await mapFeatures(db, query.measure, asAt),
      });
    },
  });

  route({
    method: 'get',
    path: '/api/v1/geography/lsoas/:code',
    tag: 'geography',
    summary: 'Which sub-ICB location, ICB and place an LSOA belongs to, and its IMD 2019 rank and decile',
    params: z.object({ code: z.string().regex(/^[EW]0\d{7}$/, 'an LSOA code like E01000001') }),
    response: z.object({
      code: z.string(),
      vintage: z.number().int(),
      name: z.string().nullable(),
      sub_icb_location: Ref.nullable(),
      icb: Ref.nullable(),
      place: Ref.nullable(),
      imd: z.object({ rank: z.number().nullable(), decile: z.number().nullable() }).nullable(),
    }),
    handler: async (c, { params }) => c.json(await lsoaLookup(db, params.code)),
  });
}
