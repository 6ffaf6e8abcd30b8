import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type Bench,
  type BenchOptions,
  BenchSkipped,
  median,
  ms,
  quantile,
  type Samples,
  since,
} from './lib.ts';

/**
 * `atlas demo --scale national` on the national structure (the reference plus every ODS file of
 * `../shared/data/ods`), then the people pages on that demo through the HTTP app.
 */
const ODS = path.join('ods');

const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
const n = (x: number) => x.toLocaleString('en-GB');
const p95line = (xs: Samples) =>
  `p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))}, max ${ms(Math.max(...xs))}`;

/** The application modules, loaded inside `run()` so other benchmarks do not load them. */
async function loadApp() {
  const [clock, logger, importFiles, openDatabase, generate, structure, write, scope, app, rate, auth] =
    await Promise.all([
      import('../src/core/clock.ts'),
      import('../src/logger.ts'),
      import('../src/services/import-files.ts'),
      import('../src/services/open-database.ts'),
      import('../src/demo/generate.ts'),
      import('../src/demo/structure.ts'),
      import('../src/demo/write.ts'),
      import('../src/storage/workspace-scope.ts'),
      import('../src/server/app.ts'),
      import('../src/services/rate-limit.ts'),
      import('../test/support/auth.ts'),
    ]);
  return {
    ...clock,
    ...logger,
    ...importFiles,
    ...openDatabase,
    ...generate,
    ...structure,
    ...write,
    ...scope,
    ...app,
    ...rate,
    ...auth,
  };
}

/** The bare copies of the four tables the baseline writes to: columns and defaults only. */
const BARE = {
  people: 'bench_demo_people',
  posts: 'bench_demo_posts',
  network_memberships: 'bench_demo_memberships',
  relationships: 'bench_demo_relationships',
};

export const demoNational: Bench = {
  name: 'demo',
  title:
    'atlas demo --scale national on the national structure; person, organisation people and subject access p95',
  async run({ runs, root, log }: BenchOptions) {
    const data = path.resolve(root, '..', 'shared', 'data');
    if (!fs.existsSync(path.join(data, ODS, 'epraccur_2026-02.csv'))) {
      throw new BenchSkipped('the shared data files are not next to the repository (../shared/data/ods)');
    }
    const app = await loadApp();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-demo-'));
    const db = await app.openDatabase(
      { dataDir: path.join(dir, 'data'), databaseUrl: undefined },
      app.silentLog,
    );
    try {
      let t0 = performance.now();
      await app.importFiles(db, app.systemClock, [path.join(data, ODS)], { group: 'ods', via: 'cli' });
      const importMs = since(t0);
      log(`imported the ODS folder in ${s(importMs)} (not timed)`);
      const member = await app.buildMember(db, app.systemClock, { workspace: 'Bench demo', role: 'viewer' });
      const ws = member.workspaceId;
      const today = new Date().toISOString().slice(0, 10);
      const demo = () =>
        app.runDemo(db, {
          workspaceId: ws,
          seed: 1,
          scale: 'national',
          today,
          actor: { at: new Date(), actorId: null, actorEmail: 'bench' },
        });

      // The parts, untimed by the runner: reading the structure and building the plan (no writes).
      t0 = performance.now();
      const structure = await app.loadStructure(db);
      const loadMs = since(t0);
      t0 = performance.now();
      const plan = app.generateDemo(structure, { seed: 1, today, scale: 'national' });
      const generateMs = since(t0);
      log(
        `structure read in ${ms(loadMs)}, plan built in ${ms(generateMs)}: ${n(plan.people.length)} people, ` +
          `${n(plan.posts.length)} posts, ${n(plan.memberships.length)} memberships, ${n(plan.relationships.length)} relationships`,
      );

      // Measured: the whole demo into an empty workspace (earlier demo people removed untimed first);
      // baseline: the same rows into bare copies of the tables (no indexes, keys, checks or row-level
      // security), in one transaction, by the same role.
      const pg = (db as typeof db & { pg: import('@electric-sql/pglite').PGlite }).pg;
      await pg.exec(`RESET ROLE;
        ${Object.entries(BARE)
          .map(
            ([real, bare]) =>
              `CREATE TABLE ${bare} (LIKE ${real} INCLUDING DEFAULTS INCLUDING IDENTITY); GRANT ALL ON ${bare} TO atlas_app;`,
          )
          .join('\n')}
        SET ROLE atlas_app`);
      const measured: Samples = [];
      const baseline: Samples = [];
      const times = Math.max(1, Math.min(runs, 2));
      let counts = { people: 0, posts: 0, memberships: 0, relationships: 0 };
      for (let i = 0; i < times; i++) {
        await app.inWorkspace(db, ws, (tx) => app.removeDemoPeople(tx, ws));
        t0 = performance.now();
        const r = await demo();
        measured.push(since(t0));
        counts = r;
        await db.exec(`TRUNCATE ${Object.values(BARE).join(', ')}`);
        t0 = performance.now();
        await db.transaction((tx) => app.writePlan(tx, ws, plan, BARE));
        baseline.push(since(t0));
        log(
          `run ${i + 1}/${times}: demo ${s(measured.at(-1)!)}, the same rows into bare tables ${s(baseline.at(-1)!)}`,
        );
      }
      // A re-run replaces the demo people (the delete cascades to their posts and ties): once, as a note.
      t0 = performance.now();
      const again = await demo();
      const rerunMs = since(t0);
      log(`re-run (replacing ${n(again.removed)} people): ${s(rerunMs)}`);

      // The people pages on the national demo, through the HTTP app with a bearer token. The server
      // opening after `atlas demo` runs ANALYZE (openDatabase does at each open): so here too.
      await db.exec('RESET ROLE; ANALYZE; SET ROLE atlas_app');
      let lt = Date.now();
      const limiter = new app.RateLimiter({
        now: () => {
          lt += 3_600_000;
          return new Date(lt);
        },
      });
      const http = app.createApp({ db, clock: app.systemClock, log: app.silentLog, limiter });
      const get = async (url: string) => {
        const res = await http.request(url, { headers: { authorization: `Bearer ${member.token}` } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
        return body.length;
      };
      const picks = await app.inWorkspace(db, ws, async (tx) => {
        const linked = await tx.query<{ id: number; links: number }>(
          `SELECT person_id AS id, count(*)::int AS links FROM (
             SELECT person_id FROM posts WHERE workspace_id = $1
             UNION ALL SELECT person_id FROM network_memberships WHERE workspace_id = $1 AND person_id IS NOT NULL
             UNION ALL SELECT from_person_id FROM relationships WHERE workspace_id = $1
             UNION ALL SELECT to_person_id FROM relationships WHERE workspace_id = $1 AND to_person_id IS NOT NULL
           ) x GROUP BY person_id ORDER BY links DESC, person_id LIMIT 20`,
          [ws],
        );
        const [trust] = await tx.query<{ code: string; posts: number }>(
          `SELECT o.code, count(*)::int AS posts FROM posts po JOIN organisations o ON o.id = po.organisation_id
           WHERE po.workspace_id = $1 AND o.kind = 'nhs_trust' AND po.valid_to IS NULL
           GROUP BY o.code ORDER BY posts DESC, o.code LIMIT 1`,
          [ws],
        );
        return { linked, trust: trust! };
      });
      const top = picks.linked[0]!;
      const rounds = 200;
      const person: Samples = [];
      const orgPeople: Samples = [];
      const access: Samples = [];
      const orgDetail: Samples = [];
      const sizes = { person: 0, orgPeople: 0, access: 0 };
      const timed = async (xs: Samples, url: string) => {
        const t = performance.now();
        const size = await get(url);
        xs.push(since(t));
        return size;
      };
      for (let i = 0; i < 5; i++) {
        await get(`/api/v1/people/${picks.linked[i % picks.linked.length]!.id}`);
        await get(`/api/v1/organisations/${picks.trust.code}/people`);
        await get(`/api/v1/people/${top.id}/subject-access`);
        await get(`/api/v1/organisations/${picks.trust.code}`);
      }
      for (let i = 0; i < rounds; i++) {
        sizes.person = await timed(person, `/api/v1/people/${picks.linked[i % picks.linked.length]!.id}`);
        sizes.orgPeople = await timed(orgPeople, `/api/v1/organisations/${picks.trust.code}/people`);
        sizes.access = await timed(access, `/api/v1/people/${top.id}/subject-access`);
        await timed(orgDetail, `/api/v1/organisations/${picks.trust.code}`);
      }
      const ratio = (xs: Samples) => (quantile(xs, 0.95) / quantile(orgDetail, 0.95)).toFixed(1);
      return {
        measured: {
          label: `runDemo(db, { scale: 'national', seed: 1 }) into an empty workspace`,
          samples: measured,
        },
        baseline: {
          label: 'writePlan of the same rows into bare copies of the four tables, one transaction',
          samples: baseline,
        },
        stat: 'median',
        targetMs: 60_000,
        notes: [
          `made ${n(counts.people)} people, ${n(counts.posts)} posts, ${n(counts.memberships)} memberships, ` +
            `${n(counts.relationships)} relationships from ${n(plan.scope.organisations)} organisations and ${n(plan.scope.networks)} networks`,
          `of which: reading the structure ${ms(loadMs)}, building the plan ${ms(generateMs)} (both inside the run)`,
          `a re-run, replacing the ${n(again.removed)} people first: ${s(rerunMs)}; the ODS import before it took ${s(importMs)}`,
          `GET /api/v1/people/:id, the 20 best-connected people in turn (${top.links} to ${picks.linked.at(-1)!.links} links, ${n(sizes.person)} bytes last): ${p95line(person)} (${ratio(person)}× the organisation page's p95)`,
          `GET /api/v1/organisations/${picks.trust.code}/people (${picks.trust.posts} current posts, ${n(sizes.orgPeople)} bytes): ${p95line(orgPeople)} (${ratio(orgPeople)}×)`,
          `GET /api/v1/people/${top.id}/subject-access (${top.links} links, ${n(sizes.access)} bytes, audited each time): ${p95line(access)} (${ratio(access)}×)`,
          `baseline for the three: GET /api/v1/organisations/${picks.trust.code} (public landscape page), interleaved: ${p95line(orgDetail)}; ${rounds} requests each after 5 untimed; median person page ${ms(median(person))}`,
        ],
      };
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
