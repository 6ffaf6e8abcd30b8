import { type Bench, type BenchOptions, median, ms, quantile, type Samples, since } from './lib.ts';

/** argon2id parameter sets whose hashing cost is written down beside the chosen one. */
const ALTERNATIVES = [
  { label: 'm=64 MiB t=3 p=1', memoryCost: 65_536, timeCost: 3, parallelism: 1 },
  { label: 'm=9 MiB t=4 p=1', memoryCost: 9_216, timeCost: 4, parallelism: 1 },
] as const;

/** Sign-in through the HTTP app: password check, session, audit; against the bare argon2id verify. */
export const signIn: Bench = {
  name: 'signin',
  title: 'Sign-in: POST /api/v1/auth/sign-in in-process (PGlite), against a bare argon2id verify',
  async run({ log }: BenchOptions) {
    // Loaded here, not at the top, so the other benchmarks run without loading the app in-process.
    const [
      { systemClock },
      { silentLog },
      { createApp },
      { ARGON2_OPTIONS, hashPassword, verifyPassword },
      { RateLimiter },
      { migrate },
      { openPglite },
      { buildMember },
      argon2,
    ] = await Promise.all([
      import('../src/core/clock.ts'),
      import('../src/logger.ts'),
      import('../src/server/app.ts'),
      import('../src/services/crypto.ts'),
      import('../src/services/rate-limit.ts'),
      import('../src/storage/migrate.ts'),
      import('../src/storage/pglite.ts'),
      import('../test/support/auth.ts'),
      import('@node-rs/argon2'),
    ]);
    const db = await openPglite({});
    try {
      await migrate(db);
      await db.switchToAppRole();
      const clock = systemClock;
      // The limiter's clock moves an hour at each look, so every request still pays for the
      // checks but neither the per-address request limit nor the failed-sign-in limits ever trip.
      let t = Date.now();
      const limiter = new RateLimiter({
        now: () => {
          t += 3_600_000;
          return new Date(t);
        },
      });
      const app = createApp({ db, clock, log: silentLog, limiter });
      const member = await buildMember(db, clock, { workspace: 'Bench', role: 'editor' });
      const [row] = await db.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [member.userId],
      );
      const stored = row!.password_hash;

      const url = 'http://localhost/api/v1/auth/sign-in';
      const headers = {
        origin: 'http://localhost',
        'content-type': 'application/json',
        'user-agent': 'atlas-bench',
      };
      const signInAs = async (email: string, password: string, expect: number) => {
        const res = await app.request(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ email, password }),
        });
        const body = await res.text();
        if (res.status !== expect)
          throw new Error(`POST /api/v1/auth/sign-in answered ${res.status}, not ${expect}: ${body}`);
      };
      const verify = async () => {
        if (!(await verifyPassword(stored, member.password)))
          throw new Error('verifyPassword refused the right password');
      };

      // Untimed: the first requests pay for loading code and planning queries.
      for (let i = 0; i < 5; i++) {
        await signInAs(member.email, member.password, 200);
        await verify();
      }
      const n = 200;
      const measured: Samples = [];
      const baseline: Samples = [];
      for (let i = 0; i < n; i++) {
        let t0 = performance.now();
        await signInAs(member.email, member.password, 200);
        measured.push(since(t0));
        // Interleaved, so both series see the same machine noise.
        t0 = performance.now();
        await verify();
        baseline.push(since(t0));
      }
      log(`${n} sign-ins: p95 ${ms(quantile(measured, 0.95))}`);

      // Failures must cost what a success costs (an unknown account is checked against a dummy hash).
      const wrong: Samples = [];
      const unknown: Samples = [];
      for (let i = 0; i < 30; i++) {
        let t0 = performance.now();
        await signInAs(member.email, 'not the password at all', 401);
        wrong.push(since(t0));
        t0 = performance.now();
        await signInAs('nobody@example.org', member.password, 401);
        unknown.push(since(t0));
      }

      // Sign-ins arriving together: argon2 runs on libuv's thread pool, the database is one connection.
      const together = 4;
      const concurrent: Samples = [];
      for (let r = 0; r < 20; r++) {
        await Promise.all(
          Array.from({ length: together }, async () => {
            const t0 = performance.now();
            await signInAs(member.email, member.password, 200);
            concurrent.push(since(t0));
          }),
        );
      }

      // The cost of one hash (what setting a password costs, and what an attacker pays per guess).
      const costOf = async (opts: Parameters<typeof argon2.hash>[1]) => {
        const xs: Samples = [];
        await argon2.hash(member.password, opts);
        for (let i = 0; i < 15; i++) {
          const t0 = performance.now();
          await argon2.hash(member.password, opts);
          xs.push(since(t0));
        }
        return xs;
      };
      const chosen: Samples = [];
      await hashPassword(member.password);
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        await hashPassword(member.password);
        chosen.push(since(t0));
      }
      const hashes = [
        `chosen m=${Math.round(ARGON2_OPTIONS.memoryCost / 1024)} MiB t=${ARGON2_OPTIONS.timeCost} p=${ARGON2_OPTIONS.parallelism}: median ${ms(median(chosen))} (max ${ms(Math.max(...chosen))})`,
      ];
      for (const alt of ALTERNATIVES) {
        const { label, ...cost } = alt;
        const xs = await costOf({ ...ARGON2_OPTIONS, ...cost });
        hashes.push(`${label}: median ${ms(median(xs))} (max ${ms(Math.max(...xs))})`);
      }

      return {
        measured: { label: 'POST /api/v1/auth/sign-in (200, session cookie set)', samples: measured },
        baseline: { label: 'verifyPassword(stored hash, same password): argon2id alone', samples: baseline },
        stat: 'p95',
        targetMs: 250,
        notes: [
          `${n} sign-ins, interleaved with ${n} bare verifies, after 5 untimed of each`,
          `median sign-in − median verify = ${ms(median(measured) - median(baseline))} (routing, queries, session, audit)`,
          `wrong password (401): p50 ${ms(median(wrong))} p95 ${ms(quantile(wrong, 0.95))}; unknown account (401): p50 ${ms(median(unknown))} p95 ${ms(quantile(unknown, 0.95))}`,
          `${together} sign-ins at once (${concurrent.length} in all): p50 ${ms(median(concurrent))} p95 ${ms(quantile(concurrent, 0.95))}`,
          ...hashes.map((h) => `hashPassword ${h}`),
        ],
      };
    } finally {
      await db.close();
    }
  },
};
