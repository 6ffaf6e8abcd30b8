import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { isDomainError } from '../core/errors.ts';
import { VERSION } from '../version.ts';
import type { Command } from './command.ts';
import {
  tokenCreate,
  tokenRevoke,
  userAdd,
  userDisable,
  userList,
  workspaceAdd,
  workspaceList,
} from './commands/accounts.ts';
import {
  analyseBrokers,
  analyseChain,
  analyseCommunities,
  analyseCoverage,
  analyseInfluence,
  analyseIntroductions,
  analyseWeights,
  exportGraph,
} from './commands/analyse.ts';
import { demo } from './commands/demo.ts';
import { importDeprivation, importGeography, importOds } from './commands/imports.ts';
import { migrateCmd, start, stats } from './commands/landscape.ts';
import { peopleExport, peopleImport, peopleTemplateCmd } from './commands/people.ts';
import { EXIT_CODES, type Io, processIo, table } from './output.ts';

/** Every command, by its words (`user add`). */
export const COMMANDS: Record<string, Command> = {
  start,
  migrate: migrateCmd,
  stats,
  'import ods': importOds,
  'import geography': importGeography,
  'import deprivation': importDeprivation,
  'workspace add': workspaceAdd,
  'workspace list': workspaceList,
  'user add': userAdd,
  'user list': userList,
  'user disable': userDisable,
  'token create': tokenCreate,
  'token revoke': tokenRevoke,
  demo,
  'people import': peopleImport,
  'people export': peopleExport,
  'people template': peopleTemplateCmd,
  'analyse influence': analyseInfluence,
  'analyse brokers': analyseBrokers,
  'analyse communities': analyseCommunities,
  'analyse coverage': analyseCoverage,
  'analyse chain': analyseChain,
  'analyse introductions': analyseIntroductions,
  'analyse weights': analyseWeights,
  'export graph': exportGraph,
};

function helpFor(c: Command): string {
  const opts = Object.entries(c.options).map(([k, o]) => [
    `  --${k}${o.type === 'string' ? ' VALUE' : ''}`,
    o.description,
  ]);
  return `${c.summary}\n\nUsage: npx ${c.usage}\n\nOptions:\n${table([...opts, ['  --help', 'show this help']])}\n`;
}

function mainHelp(): string {
  return `Clinical Network Atlas ${VERSION}\n\nUsage: npx atlas <command> [options]\n\nCommands:\n${table(
    Object.entries(COMMANDS).map(([k, c]) => [`  ${k}`, c.summary]),
  )}\n\nRun 'npx atlas <command> --help' for a command's options. Configuration: see .env.example.\n`;
}

/** Runs the atlas command line; returns the exit status. Bad input is one clear line on stderr. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [first, second, ...more] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    io.out(mainHelp());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(VERSION);
    return 0;
  }
  const two = second ? `${first} ${second}` : '';
  const name = two && COMMANDS[two] ? two : first;
  const rest = name === two ? more : argv.slice(1);
  const cmd = COMMANDS[name];
  if (!cmd) {
    const subs = Object.keys(COMMANDS).filter((k) => k.startsWith(`${first} `));
    io.err(
      subs.length > 0
        ? `atlas ${first}: expected one of: ${subs.map((s) => s.split(' ')[1]).join(', ')}. Run 'npx atlas --help'.`
        : `atlas: unknown command "${first}". Run 'npx atlas --help' for the list.`,
    );
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
      io.out(helpFor(cmd));
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
