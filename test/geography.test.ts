import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import { importFiles } from '../src/services/import-files.ts';
import type { Db } from '../src/storage/db.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, freshDb } from './support/db.ts';
import { HAVE_SHARED, practicesOf, shared } from './support/shared-data.ts';

const clock = fakeClock('2026-11-24T12:00:00Z');
const csvRows = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) =>
      l
        .replace(/\r$/, '')
        .split(',')
        .map((f) => f.replace(/^"|"$/g, '')),
    );

describe.skipIf(!HAVE_SHARED).each(ENGINES)('geography and deprivation on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  let auth: Record<string, string>;
  beforeAll(async () => {
    db = await freshDb(engine);
    app = createApp({ db, clock, log: silentLog });
    auth = { authorization: `Bearer ${(await buildMember(db, clock, { role: 'viewer' })).token}` };
    await importFiles(db, clock, [shared('ods', 'epraccur_2026-02.csv')], { group: 'ods', via: 'cli' });
    await importFiles(
      db,
      clock,
      [
        shared('geography', 'lsoa11_sicbl22_icb22_lad22.csv'),
        shared('geography', 'sicbl24_boundaries_derived.geojson'),
      ],
      { group: 'geography', via: 'cli' },
    );
    await importFiles(
      db,
      clock,
      [shared('population', 'imd2019_lsoa11.csv'), shared('population', 'practice_demographics_2026-01.csv')],
      { group: 'deprivation', via: 'cli' },
    );
  });
  afterAll(async () => {
    await db.close();
  });
  const get = async (p: string) => {
    const res = await app.request(p, { headers: auth });
    expect(res.status, p).toBe(200);
    return res.json() as Promise<Record<string, unknown>>;
  };

  it('says which sub-ICB location, ICB and place an LSOA belongs to, with its IMD decile', async () => {
    const lookup = csvRows(shared('geography', 'lsoa11_sicbl22_icb22_lad22.csv'));
    const imd = new Map(csvRows(shared('population', 'imd2019_lsoa11.csv')).map((r) => [r[0], r]));
    for (const row of [lookup[0]!, lookup[12345]!, lookup.at(-1)!]) {
      const [, code, , , sicbl, , , icb, , lad] = row;
      const l = (await get(`/api/v1/geography/lsoas/${code}`)) as {
        sub_icb_location: { code: string };
        icb: { code: string };
        place: { code: string } | null;
        imd: { decile: number };
      };
      expect(l.sub_icb_location.code).toBe(sicbl);
      expect(l.icb.code).toBe(icb);
      expect(l.place?.code).toBe(lad);
      expect(l.imd.decile).toBe(Number(imd.get(code!)!.at(-1)));
    }
    const missing = await app.request('/api/v1/geography/lsoas/E01999999', { headers: auth });
    expect(missing.status).toBe(404);
  });

  it('aggregates practice IMD up to a sub-ICB location, weighted by registered patients', async () => {
    const practices = practicesOf(shared('ods', 'epraccur_2026-02.csv'));
    const demo = new Map(
      csvRows(shared('population', 'practice_demographics_2026-01.csv')).map((r) => [
        r[0]!,
        { list: Number(r[1]), imd: Number(r[2]) },
      ]),
    );
    let num = 0;
    let den = 0;
    for (const [code, p] of practices) {
      const d = demo.get(code);
      if (p.commissioner !== '01F' || p.closed || !d || !Number.isFinite(d.imd)) continue;
      num += d.list * d.imd;
      den += d.list;
    }
    const map = (await get('/api/v1/geography/map?measure=imd_score')) as {
      features: { properties: { code: string; value: number | null; icb_code: string } }[];
    };
    expect(map.features).toHaveLength(106);
    const f = map.features.find((x) => x.properties.code === '01F')!;
    expect(f.properties.icb_code).toBe('QYG');
    expect(f.properties.value).toBeCloseTo(num / den, 1);
    const m = (await get('/api/v1/organisations/01F/measures')) as {
      imd_score_weighted: number;
      lsoa_deciles: { decile: number; lsoas: number }[];
    };
    expect(m.imd_score_weighted).toBeCloseTo(num / den, 1);
    const lsoas = csvRows(shared('geography', 'lsoa11_sicbl22_icb22_lad22.csv')).filter(
      (r) => r[4] === '01F',
    ).length;
    expect(m.lsoa_deciles.reduce((n, d) => n + d.lsoas, 0)).toBe(lsoas);
  });

  it('draws each area under the ICB that held it on the date asked for', async () => {
    const sicbl = (
      (await get('/api/v1/organisations?kind=sub_icb_location&parent=QHG&as_at=2025-06-01')) as {
        items: { code: string }[];
      }
    ).items[0]!.code;
    const before = (await get('/api/v1/geography/map?measure=practices&as_at=2025-06-01')) as {
      features: { properties: { code: string; icb_code: string } }[];
    };
    const after = (await get('/api/v1/geography/map?measure=practices&as_at=2026-11-24')) as {
      features: { properties: { code: string; icb_code: string } }[];
    };
    expect(before.features.find((f) => f.properties.code === sicbl)?.properties.icb_code).toBe('QHG');
    expect(after.features.find((f) => f.properties.code === sicbl)?.properties.icb_code).toBe('S1Y5D');
  });
});
