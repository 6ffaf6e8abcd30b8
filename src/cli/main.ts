import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, withOverrides } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { isIsoDate, today } from '../core/dates.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import { createLog } from '../logger.ts';
import { startServer } from '../server/serve.ts';
import { openDatabase } from '../services/open-database.ts';
import { collectStats } from '../services/stats.ts';
import { migrate } from '../storage/migrate.ts';
import { VERSION } from '../version.ts';
import { EXIT_CODES, type Io, processIo, table } from './output.ts';

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; description: string }>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): Promise<number>;
}

const DATA_DIR = {
  type: 'string' as const,
  description: 'folder for the embedded database (ATLAS_DATA_DIR; default ./data)',
};

const COMMANDS: Record<string, Command> = {
  start: {
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
      io.out('Press Ctrl+C to stop.');
      return new Promise<number>(() => undefined); // serve until a signal ends the process
    },
  },
  migrate: {
    summary: 'Apply pending database migrations (and load the national reference into an empty database)',
    usage: 'atlas migrate [--data-dir DIR] [--json]',
    options: { 'data-dir': DATA_DIR, json: { type: 'boolean', description: 'print the result as JSON' } },
    async run(v, _p, io) {
      const config = withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });
      const log = createLog('warn');
      const db = await openDatabase(config, log, { handleSignals: true });
      try {
        const applied = await migrate(db);
        const all = (
          await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')
        ).map((r) => r.name);
        if (v.json) io.out(JSON.stringify({ database: db.engine, applied_now: applied, migrations: all }));
        else
          io.out(
            `${db.engine}: ${all.length} migrations applied (${all.join(', ')}); database is up to date`,
          );
        return 0;
      } finally {
        await db.close();
      }
    },
  },
  stats: {
    summary: 'Count what is open on a date: organisations and networks by kind, people',
    usage: 'atlas stats [--as-at YYYY-MM-DD] [--json] [--data-dir DIR]',
    options: {
      'as-at': { type: 'string', description: 'the date to count on (default today)' },
      json: { type: 'boolean', description: 'print the counts as JSON' },
      'data-dir': DATA_DIR,
    },
    async run(v, _p, io) {
      const asAt = (v['as-at'] as string | undefined) ?? today(systemClock);
      if (!isIsoDate(asAt))
        throw new DomainError('invalid', `--as-at: "${asAt}" is not a date in the form YYYY-MM-DD`);
      const config = withOverrides(loadConfig(), { dataDir: v['data-dir'] as string | undefined });
      const db = await openDatabase(config, createLog('warn'), { handleSignals: true });
      try {
        const s = await collectStats(db, asAt);
        if (v.json) {
          io.out(JSON.stringify(s));
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
  },
};

function helpFor(name: string, c: Command): string {
  const opts = Object.entries(c.options).map(([k, o]) => [
    `  --${k}${o.type === 'string' ? ' VALUE' : ''}`,
    o.description,
  ]);
  return (
    `${c.summary}\n\nUsage: ${c.usage}\n\nOptions:\n${table([...opts, ['  --help', 'show this help']])}\n`.replace(
      'Usage: atlas',
      `Usage: npx atlas`,
    ) +
    (name === 'start' ? '\nEnvironment: see .env.example (DATABASE_URL selects a PostgreSQL server).\n' : '')
  );
}

function mainHelp(): string {
  return `Clinical Network Atlas ${VERSION}\n\nUsage: npx atlas <command> [options]\n\nCommands:\n${table(
    Object.entries(COMMANDS).map(([k, c]) => [`  ${k}`, c.summary]),
  )}\n\nRun 'npx atlas <command> --help' for a command's options.\n`;
}

/** Runs the atlas command line; returns the exit status. Bad input is one clear line on stderr. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.err(`atlas: unknown command "${name}". Run 'npx atlas --help' for the list.`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.out(helpFor(name, cmd));
      return 0;
    }
    return await cmd.run(values, positionals, io);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`atlas ${name}: ${e.message}`);
      return 2;
    }
    if (isDomainError(e)) {
      io.err(`atlas ${name}: ${e.message}`);
      return EXIT_CODES[e.code];
    }
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`atlas ${name}: ${(e as Error).message}. Run 'npx atlas ${name} --help'.`);
      return 2;
    }
    io.err(`atlas ${name}: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}
