import type { Io } from './output.ts';

/** One `atlas` command (or subcommand): its help, options and what it does. */
export interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; description: string }>;
  run(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): Promise<number>;
}

export const DATA_DIR = {
  type: 'string' as const,
  description: 'folder for the embedded database (ATLAS_DATA_DIR; default ./data)',
};
export const JSON_FLAG = { type: 'boolean' as const, description: 'print the result as JSON' };
