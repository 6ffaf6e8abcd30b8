import { type Bench, type BenchOptions, median, ms, type Samples, since } from './lib.ts';

const WORKSPACES = ['Bench North', 'Bench Midlands', 'Bench South'] as const;
const NOTES_PER_WORKSPACE = 20_000;
const LIMIT = 100;

/** The notes list's columns and join, as in src/storage/notes-repo.ts. */
const SELECT_NOTES = `SELECT n.id, n.target_type, n.target_code, n.body, u.email AS created_by_email,
  to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
  to_char(n.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at, n.version
  FROM notes n LEFT JOIN users u ON u.id = n.created_by`;

/**
 * BASELINE ONLY, never used by the app: the query of `notesRepo(db, ws).list({ limit })` with its
 * `n.workspace_id = $1` taken out, so it reads every workspace's notes. Same columns, join, order
 * and limit; kept here so that the difference between the two is the filter.
 */
const UNFILTERED_BASELINE_SQL = `${SELECT_NOTES} ORDER BY n.updated_at DESC, n.id DESC LIMIT $1`;

/** The repository's filtered query, written out only to EXPLAIN it. */
const FILTERED_SQL = `${SELECT_NOTES} WHERE n.workspace_id = $1 ORDER BY n.updated_at DESC, n.id DESC LIMIT $2`;

/** The cost of the workspace filter on the notes list, with and without it, on the same data. */
export const workspaceFilter: Bench = {
  name: 'workspace-filter',
  title: `Workspace filter on the notes list: 3 × ${NOTES_PER_WORKSPACE} notes, limit ${LIMIT} (PGlite)`,
  async run({ log }: BenchOptions) {
    // Loaded here, not at the top, so the other benchmarks run without loading the app in-process.
    const [
      { systemClock },
      { silentLog },
      { createApp },
      { RateLimiter },
      { migrate },
      { notesRepo },
      { openPglite },
      { inWorkspace },
      { buildMember },
    ] = await Promise.all([
      import('../src/core/clock.ts'),
      import('../src/logger.ts'),
      import('../src/server/app.ts'),
      import('../src/services/rate-limit.ts'),
      import('../src/storage/migrate.ts'),
      import('../src/storage/notes-repo.ts'),
      import('../src/storage/pglite.ts'),
      import('../src/storage/workspace-scope.ts'),
      import('../test/support/auth.ts'),
    ]);
    const db = await openPglite({});
    try {
      await migrate(db);
      // Set-up and the two queries compared run as the tables' owner, which row-level security does
      // not bind: the comparison is of the SQL filter alone. The app's own path (its role, row-level
      // security and the filter) is measured after, as atlas_app.
      const clock = systemClock;
      const members: Awaited<ReturnType<typeof buildMember>>[] = [];
      for (const workspace of WORKSPACES)
        members.push(await buildMember(db, clock, { workspace, role: 'viewer' }));
      const wsIds = members.map((m) => m.workspaceId);
      const t0 = performance.now();
      // Interleaved across the workspaces, edited at random times over a year, as notes would be.
      await db.query(
        `INSERT INTO notes (workspace_id, target_type, target_code, body, created_by, created_at, updated_at)
         SELECT ($1::int[])[1 + g % 3], CASE WHEN g % 5 = 0 THEN 'network' ELSE 'organisation' END,
           CASE WHEN g % 5 = 0 THEN 'NET' || lpad((g % 119)::text, 3, '0') ELSE 'R' || lpad((g % 728)::text, 3, '0') END,
           'Bench note ' || g || ': ' || repeat('referral pathway agreed at the network board; ', 1 + g % 6),
           ($2::int[])[1 + g % 3], t.at - interval '30 days', t.at
         FROM generate_series(1, $3::int) g
         CROSS JOIN LATERAL (SELECT now() - random() * interval '365 days' + g * interval '0 seconds' AS at) t`,
        [wsIds, members.map((m) => m.userId), NOTES_PER_WORKSPACE * WORKSPACES.length],
      );
      const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      log(`inserted ${count!.n} notes in ${ms(since(t0))}`);

      let lt = Date.now();
      const limiter = new RateLimiter({
        now: () => {
          lt += 3_600_000;
          return new Date(lt);
        },
      });
      const app = createApp({ db, clock, log: silentLog, limiter });
      const filtered = (i: number) => notesRepo(db, wsIds[i % wsIds.length]!).list({ limit: LIMIT });
      const unfiltered = () => db.query(UNFILTERED_BASELINE_SQL, [LIMIT]);
      const route = async (i: number) => {
        const res = await app.request(`/api/v1/notes?limit=${LIMIT}`, {
          headers: { authorization: `Bearer ${members[i % members.length]!.token}` },
        });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`GET /api/v1/notes answered ${res.status}: ${body}`);
        return (JSON.parse(body) as { items: unknown[] }).items.length;
      };

      // Untimed: the first calls pay for loading code and planning.
      for (let i = 0; i < 3; i++) {
        await filtered(i);
        await unfiltered();
        await route(i);
      }
      const got = (await filtered(0)).length;
      if (got !== LIMIT) throw new Error(`the filtered list gave ${got} notes, not ${LIMIT}`);
      const leak = (await filtered(0)).some((n) => !n.body.startsWith('Bench note'));
      if (leak) throw new Error('unexpected notes in the list');

      const rounds = 60;
      const measured: Samples = [];
      const baseline: Samples = [];
      const http: Samples = [];
      for (let i = 0; i < rounds; i++) {
        let s = performance.now();
        await filtered(i);
        measured.push(since(s));
        s = performance.now();
        await unfiltered();
        baseline.push(since(s));
        s = performance.now();
        await route(i);
        http.push(since(s));
      }
      log(`filtered ${ms(median(measured))}, unfiltered ${ms(median(baseline))}, HTTP ${ms(median(http))}`);
      const planNow = await plan(db, wsIds[0]!);

      // The app's path: as atlas_app, inside a transaction that sets the workspace (row-level security).
      await db.switchToAppRole();
      const scoped = (i: number) =>
        inWorkspace(db, wsIds[i % wsIds.length]!, (tx) =>
          notesRepo(tx, wsIds[i % wsIds.length]!).list({ limit: LIMIT }),
        );
      for (let i = 0; i < 3; i++) await scoped(i);
      const rls: Samples = [];
      const rlsHttp: Samples = [];
      for (let i = 0; i < rounds; i++) {
        let s = performance.now();
        const got = await scoped(i);
        rls.push(since(s));
        if (got.length !== LIMIT) throw new Error(`the scoped list gave ${got.length} notes, not ${LIMIT}`);
        s = performance.now();
        await route(i);
        rlsHttp.push(since(s));
      }

      return {
        measured: {
          label: `notesRepo(db, ws).list({ limit: ${LIMIT} }): workspace_id = $1`,
          samples: measured,
        },
        baseline: {
          label: 'the same SELECT without the workspace filter (bench-only SQL)',
          samples: baseline,
        },
        stat: 'median',
        notes: [
          `${count!.n} notes in ${WORKSPACES.length} workspaces, ${rounds} rounds interleaved, after 3 untimed; no ANALYZE (as the app runs)`,
          `GET /api/v1/notes?limit=${LIMIT} with a bearer token: median ${ms(median(http))} (${(median(http) / median(measured)).toFixed(1)}× the repository call)`,
          `plan now: ${planNow}`,
          `as the app runs it (role atlas_app, row-level security, inWorkspace transaction): repository median ${ms(median(rls))} (${(median(rls) / median(measured)).toFixed(2)}× the filter alone), HTTP median ${ms(median(rlsHttp))}`,
        ],
      };
    } finally {
      await db.close();
    }
  },
};

/** The filtered query's plan in one line: its nodes, and the execution time EXPLAIN ANALYZE gives. */
async function plan(db: { query<T>(sql: string, p?: readonly unknown[]): Promise<T[]> }, wsId: number) {
  const rows = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${FILTERED_SQL}`, [
    wsId,
    LIMIT,
  ]);
  const lines = rows.map((r) => r['QUERY PLAN']);
  const nodes = lines
    .filter((l, i) => i === 0 || /^\s*->/.test(l))
    .map((l) => l.replace(/^\s*(->\s*)?/, '').replace(/\s*\(actual.*$/, ''));
  const sort = lines.find((l) => /Sort Method/.test(l))?.trim();
  const exec = lines.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  return `${nodes.join(' → ')}${sort ? ` (${sort})` : ''}; execution ${exec}`;
}
