import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClock } from '../src/core/clock.ts';
import { silentLog } from '../src/logger.ts';
import { createApp } from '../src/server/app.ts';
import {
  Health,
  NationalSummary,
  NetworkDetail,
  NetworkList,
  OrganisationDetail,
  OrganisationList,
  Problem,
  SearchResult,
} from '../src/shared/schemas.ts';
import type { Db } from '../src/storage/db.ts';
import { buildMember } from './support/auth.ts';
import { ENGINES, freshDb } from './support/db.ts';

describe.each(ENGINES)('HTTP API on %s', (engine) => {
  let db: Db;
  let app: ReturnType<typeof createApp>;
  let auth: Record<string, string>;
  beforeAll(async () => {
    db = await freshDb(engine);
    const clock = fakeClock('2026-11-24T12:00:00Z');
    app = createApp({ db, clock, log: silentLog });
    const m = await buildMember(db, clock, { role: 'viewer' });
    auth = { authorization: `Bearer ${m.token}` };
  });
  afterAll(async () => {
    await db.close();
  });

  const get = async (path: string) => {
    const res = await app.request(path, { headers: auth });
    return { res, body: (await res.json()) as unknown };
  };
  const expectProblem = async (path: string, status: number, code: string) => {
    const { res, body } = await get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const p = Problem.parse(body);
    expect(p.code).toBe(code);
    expect(p.status).toBe(status);
    expect(JSON.stringify(p)).not.toMatch(/\bat .+\.ts:\d+/); // never a stack trace
    return p;
  };

  it('GET /api/v1/health gives status, version, engine and migrations', async () => {
    const { res, body } = await get('/api/v1/health');
    expect(res.status).toBe(200);
    const h = Health.parse(body);
    expect(h.database).toBe(engine);
    expect(h.migrations).toContain('0001_landscape.sql');
  });

  it('GET /api/v1/summary: 36 ICBs today, 42 as at 2025-06-01', async () => {
    const now = NationalSummary.parse((await get('/api/v1/summary')).body);
    expect(now.as_at).toBe('2026-11-24');
    expect(now.regions.flatMap((r) => r.icbs)).toHaveLength(36);
    const then = NationalSummary.parse((await get('/api/v1/summary?as_at=2025-06-01')).body);
    expect(then.regions.flatMap((r) => r.icbs)).toHaveLength(42);
  });

  it('GET /api/v1/organisations filters by kind, parent and q, and pages', async () => {
    const icbs = OrganisationList.parse((await get('/api/v1/organisations?kind=icb&limit=500')).body);
    expect(icbs.items).toHaveLength(36);
    const under = OrganisationList.parse(
      (await get('/api/v1/organisations?parent=QYG&kind=sub_icb_location')).body,
    );
    expect(under.items).toHaveLength(9);
    const q = OrganisationList.parse((await get('/api/v1/organisations?q=merseyside&kind=icb')).body);
    expect(q.items.map((i) => i.code)).toEqual(['QYG']);
    const p1 = OrganisationList.parse((await get('/api/v1/organisations?kind=icb&limit=20')).body);
    expect(p1.next_cursor).not.toBeNull();
    const p2 = OrganisationList.parse(
      (await get(`/api/v1/organisations?kind=icb&limit=20&cursor=${p1.next_cursor}`)).body,
    );
    expect(p2.items).toHaveLength(16);
    expect(p2.next_cursor).toBeNull();
  });

  it('GET /api/v1/organisations/:code gives the chain, children and networks', async () => {
    const d = OrganisationDetail.parse((await get('/api/v1/organisations/qyg')).body);
    expect(d.organisation.code).toBe('QYG');
    expect(d.parents.map((p) => p.name)).toEqual(['North West']);
    expect(d.children.find((g) => g.kind === 'sub_icb_location')?.count).toBe(9);
    expect(d.networks.some((n) => n.kind === 'cancer_alliance')).toBe(true);
  });

  it('GET /api/v1/networks and /api/v1/networks/:code', async () => {
    const list = NetworkList.parse(
      (await get('/api/v1/networks?kind=health_innovation_network&limit=100')).body,
    );
    expect(list.items).toHaveLength(15);
    const cas = NetworkList.parse((await get('/api/v1/networks?kind=cancer_alliance&limit=100')).body);
    const one = NetworkDetail.parse((await get(`/api/v1/networks/${cas.items[0]!.code}`)).body);
    expect(one.network.kind).toBe('cancer_alliance');
    expect(one.footprint.length).toBe(cas.items[0]!.footprint_count);
  });

  it('GET /api/v1/search finds by name and code', async () => {
    const r = SearchResult.parse((await get('/api/v1/search?q=Cheshire')).body);
    expect(r.items.map((i) => i.code)).toContain('QYG');
    const c = SearchResult.parse((await get('/api/v1/search?q=RBT')).body);
    expect(c.items[0]?.code).toBe('RBT');
  });

  it('answers an unknown code with 404 problem+json', async () => {
    const p = await expectProblem('/api/v1/organisations/XX999', 404, 'not_found');
    expect(p.detail).toContain('XX999');
    await expectProblem('/api/v1/networks/no-such-network', 404, 'not_found');
    await expectProblem('/api/v1/no-such-route', 404, 'not_found');
  });

  it('answers bad input with 400 problem+json naming the field', async () => {
    const p = await expectProblem('/api/v1/summary?as_at=2026-02-30', 400, 'invalid');
    expect(p.errors?.[0]?.field).toBe('as_at');
    await expectProblem('/api/v1/organisations?as_at=yesterday', 400, 'invalid');
    await expectProblem('/api/v1/organisations?kind=castle', 400, 'invalid');
    await expectProblem('/api/v1/organisations?limit=0', 400, 'invalid');
    await expectProblem('/api/v1/organisations?cursor=garbage', 400, 'invalid');
    await expectProblem('/api/v1/search?q=x&limit=1000', 400, 'invalid');
    await expectProblem('/api/v1/networks?kind=club', 400, 'invalid');
    await expectProblem('/api/v1/organisations?parent=NOPE', 404, 'not_found');
  });

  it('describes every route in the OpenAPI 3.1 document, and shows a readable page', async () => {
    const { body } = await get('/api/v1/openapi.json');
    const doc = body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of app.routes_) {
      const p = r.path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, '{$1}'); // `:id{[0-9]+}` is `{id}`
      expect(doc.paths[p]?.[r.method], `${r.method} ${p}`).toBeDefined();
    }
    const page = await app.request('/api/docs', { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/v1/organisations/{code}');
  });

  it('puts security headers on every response, errors included', async () => {
    for (const path of ['/api/v1/health', '/api/v1/organisations/XX999', '/api/v1/summary?as_at=bad']) {
      const res = await app.request(path, { headers: auth });
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
