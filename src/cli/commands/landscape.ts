import { loadConfig, withOverrides } from '../../config.ts';
import { systemClock } from '../../core/clock.ts';
import { isIsoDate, today } from '../../core/dates.ts';
import { DomainError } from '../../core/errors.ts';
import { createLog } from '../../logger.ts';
import { startServer } from '../../server/serve.ts';
import { authService } from '../../services/auth.ts';
import { openDatabase } from '../../services/open-database.ts';
import { RateLimiter } from '../../services/rate-limit.ts';
import { collectStats } from '../../services/stats.ts';
import { appliedMigrations } from '../../storage/migrate.ts';
import { VERSION } from '../../version.ts';
import { type Command, DATA_DIR, JSON_FLAG } from '../command.ts';
import { table } from '../output.ts';

const dataDir = (v: Record<string, string | boolean | undefined>) =>
  withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });

export const start: Command = {
  summary: 'Start the Atlas web app and API',
  usage: 'atlas start [--host HOST] [--port PORT] [--data-dir DIR]',
  options: {
    host: { type: 'string', description: 'address to bind (ATLAS_HOST; default 127.0.0.1)' },
    port: { type: 'string', description: 'port to listen on (ATLAS_PORT or PORT; default 3000)' },
    'data-dir': DATA_DIR,
  },
  async run(v, _p, io) {
    const config = withOverrides(loadConfig(), {
      host: v.host as string | undefined,
      port: v.port as string | undefined,
      dataDir: v['data-dir'] as string | undefined,
    });
    const log = createLog(config.logLevel);
    const db = await openDatabase(config, log, { handleSignals: true });
    const server = await startServer({ db, host: config.host, port: config.port, clock: systemClock, log });
    if (db.engine === 'postgres') {
      const stop = () =>
        void server
          .close()
          .then(() => db.close())
          .finally(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
    io.out(`Clinical Network Atlas ${VERSION} is running at ${server.url}/ (database: ${db.engine})`);
    const setup = await authService({
      db,
      clock: systemClock,
      limiter: new RateLimiter(systemClock),
    }).createSetupToken();
    if (setup) {
      io.out('');
      io.out('Nobody can sign in yet. Create the first owner with this one-time link (valid 30 minutes):');
      io.out(`  ${server.url}/setup?token=${setup}`);
      io.out(`or: npx atlas user add you@example.org --workspace "Your team" --role owner --password-stdin`);
      io.out('');
    }
    io.out('Press Ctrl+C to stop.');
    return new Promise<number>(() => undefined); // serve until a signal ends the process
  },
};

export const migrateCmd: Command = {
  summary: 'Apply pending database migrations (and load the national reference into an empty database)',
  usage: 'atlas migrate [--data-dir DIR] [--json]',
  options: { 'data-dir': DATA_DIR, json: JSON_FLAG },
  async run(v, _p, io) {
    const db = await openDatabase(dataDir(v), createLog('warn'), { handleSignals: true });
    try {
      const all = await appliedMigrations(db);
      if (v.json) io.out(JSON.stringify({ database: db.engine, migrations: all }));
      else
        io.out(
          `${db.engine}: ${all.length} migrations applied (${all.join(', ')}); the database is up to date`,
        );
      return 0;
    } finally {
      await db.close();
    }
  },
};

export const stats: Command = {
  summary: 'Count what is open on a date: organisations and networks by kind, people',
  usage: 'atlas stats [--as-at YYYY-MM-DD] [--json] [--data-dir DIR]',
  options: {
    'as-at': { type: 'string', description: 'the date to count on (default today)' },
    json: JSON_FLAG,
    'data-dir': DATA_DIR,
  },
  async run(v, _p, io) {
    const asAt = (v['as-at'] as string | undefined) ?? today(systemClock);
    if (!isIsoDate(asAt))
      throw new DomainError('invalid', `--as-at: "${asAt}" is not a date in the form YYYY-MM-DD`);
    const db = await openDatabase(dataDir(v), createLog('warn'), { handleSignals: true });
    try {
      const s = await collectStats(db, asAt);
      if (v.json) {
        const { as_at: _drop, ...out } = s;
        io.out(JSON.stringify(out));
      } else {
        io.out(`As at ${asAt} (${s.database})`);
        io.out(
          table([['organisations', ''], ...Object.entries(s.organisations).map(([k, n]) => [`  ${k}`, n])]),
        );
        io.out(table([['networks', ''], ...Object.entries(s.networks).map(([k, n]) => [`  ${k}`, n])]));
        io.out(`people  ${s.people}`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
