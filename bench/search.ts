import { type Bench, type BenchOptions, median, ms, type Samples, since } from './lib.ts';

/** What people type into the search box: ICBs, trusts, regions, networks, and ODS codes. */
export const SEARCH_QUERIES = [
  'Cheshire and Merseyside',
  'Greater Manchester',
  'North East and North Cumbria',
  'Kent and Medway',
  'Birmingham and Solihull',
  'Humber and North Yorkshire',
  'Frimley',
  'Sussex',
  'Mid Cheshire Hospitals',
  'Manchester University',
  'Leeds Teaching Hospitals',
  'Oxford University Hospitals',
  "Guy's and St Thomas'",
  'Royal Free London',
  'North West',
  'Cancer Alliance',
  'Clinical Senate',
  'neonatal operational delivery network',
  'QYG',
  'RBT',
  'R0A',
  'RJ1',
] as const;

/** Every prefix of `q` as it is typed, one key at a time: "c", "ch", "che", … */
export function prefixes(q: string): string[] {
  return Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1));
}

/** Search as you type: every prefix of every query through the HTTP app in-process, on the embedded database. */
export const searchAsYouType: Bench = {
  name: 'search',
  title: 'Search as you type: GET /api/v1/search?q=<prefix>, server time in-process (PGlite)',
  async run({ log }: BenchOptions) {
    // Loaded here, not at the top, so the other benchmarks run without loading the app in-process.
    const [
      { systemClock },
      { silentLog },
      { createApp },
      { SESSION_COOKIE },
      { authService },
      { ensureReference },
      { RateLimiter },
      { migrate },
      { openPglite },
    ] = await Promise.all([
      import('../src/core/clock.ts'),
      import('../src/logger.ts'),
      import('../src/server/app.ts'),
      import('../src/server/guard.ts'),
      import('../src/services/auth.ts'),
      import('../src/services/load-reference.ts'),
      import('../src/services/rate-limit.ts'),
      import('../src/storage/migrate.ts'),
      import('../src/storage/pglite.ts'),
    ]);
    const db = await openPglite({});
    try {
      await migrate(db);
      await ensureReference(db);
      // As the app runs: as the application role once migrations are done.
      await db.switchToAppRole();
      // The per-address request limit would trip after a minute's worth of typing: its clock
      // here moves an hour at each look, so every request still pays for the check but none is refused.
      let t = Date.now();
      const limiter = new RateLimiter({
        now: () => {
          t += 3_600_000;
          return new Date(t);
        },
      });
      const clock = systemClock;
      // Search needs a signed-in user: set up the first owner and send their session cookie, as a browser does.
      const auth = authService({ db, clock, limiter });
      const token = await auth.createSetupToken();
      if (!token) throw new Error('a fresh database should need setting up');
      const meta = { ip: '127.0.0.1', userAgent: 'atlas-bench' };
      const { sessionId } = await auth.completeSetup(
        {
          token,
          email: 'bench@example.nhs.uk',
          password: 'correct horse battery staple',
          displayName: 'Bench',
          workspace: 'Bench',
        },
        meta,
      );
      const headers = { cookie: `${SESSION_COOKIE}=${sessionId}` };
      const app = createApp({ db, clock, log: silentLog, limiter });
      const typed = SEARCH_QUERIES.flatMap(prefixes);
      const hits: number[] = [];
      const ask = async (q: string) => {
        const res = await app.request(`/api/v1/search?q=${encodeURIComponent(q)}`, { headers });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`GET /api/v1/search?q=${q} answered ${res.status}: ${body}`);
        return body;
      };
      // One untimed pass: the first requests pay for loading code and planning queries.
      for (const q of typed) await ask(q);
      log(`warmed up with ${typed.length} requests from ${SEARCH_QUERIES.length} queries`);

      const rounds = 3;
      const measured: Samples = [];
      const baseline: Samples = [];
      for (let r = 0; r < rounds; r++) {
        for (const q of typed) {
          let t0 = performance.now();
          const body = await ask(q);
          measured.push(since(t0));
          if (r === 0) hits.push((JSON.parse(body) as { items: unknown[] }).items.length);
          // Interleaved, so both series see the same machine noise.
          t0 = performance.now();
          await db.query('SELECT 1');
          baseline.push(since(t0));
        }
      }
      return {
        measured: { label: 'GET /api/v1/search?q=…', samples: measured },
        baseline: { label: 'SELECT 1 on the same database', samples: baseline },
        stat: 'p95',
        targetMs: 20,
        notes: [
          `${measured.length} requests (${rounds} rounds × ${typed.length} prefixes of ${SEARCH_QUERIES.length} queries)`,
          `hits per request: median ${median(hits)}, ${hits.filter((h) => h === 0).length} prefixes found nothing`,
          `slowest prefix in round 1: ${slowest(typed, measured)}`,
        ],
      };
    } finally {
      await db.close();
    }
  },
};

function slowest(typed: string[], measured: Samples): string {
  let best = 0;
  for (let i = 1; i < typed.length; i++) if (measured[i]! > measured[best]!) best = i;
  return `"${typed[best]}" ${ms(measured[best]!)}`;
}
