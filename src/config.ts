import path from 'node:path';
import { z } from 'zod';

/** The Atlas's configuration, read once from the environment at start. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  /** Where `atlas import ods --download` fetches the current ODS files from. */
  odsUrls: string[];
}

/** NHS England's ODS Data Search and Export reports: GP practices, trusts, sub-ICB locations. */
export const DEFAULT_ODS_URLS = [
  'https://www.odsdatasearchandexport.nhs.uk/api/getReport?report=eccg',
  'https://www.odsdatasearchandexport.nhs.uk/api/getReport?report=etr',
  'https://www.odsdatasearchandexport.nhs.uk/api/getReport?report=epraccur',
];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configuration that cannot start the Atlas; `problems` lists every bad value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const Port = z.coerce.number().int().min(1).max(65535);

/**
 * Reads the configuration from an environment (default `process.env`); the only reader of the
 * environment in the project. Throws ConfigError listing every problem at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];
  const host = env.ATLAS_HOST?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host))
    problems.push(`ATLAS_HOST: "${host}" is not a host name or address`);

  const rawPort = env.ATLAS_PORT?.trim() || env.PORT?.trim() || '3000';
  const portName = env.ATLAS_PORT?.trim() ? 'ATLAS_PORT' : env.PORT?.trim() ? 'PORT' : 'ATLAS_PORT';
  const port = Port.safeParse(rawPort);
  if (!port.success || !/^\d+$/.test(rawPort)) {
    problems.push(`${portName}: "${rawPort}" is not a port number between 1 and 65535`);
  }

  const dataDir = path.resolve(env.ATLAS_DATA_DIR?.trim() || './data');

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl) {
    let ok = false;
    try {
      const u = new URL(databaseUrl);
      ok = u.protocol === 'postgres:' || u.protocol === 'postgresql:';
    } catch {
      ok = false;
    }
    if (!ok) problems.push('DATABASE_URL: expected postgres://user:password@host:port/database');
  }

  const rawLevel = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(rawLevel)) {
    problems.push(`LOG_LEVEL: "${rawLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }

  const odsUrls = env.ATLAS_ODS_URLS?.trim()
    ? env.ATLAS_ODS_URLS.split(',')
        .map((u) => u.trim())
        .filter((u) => u !== '')
    : DEFAULT_ODS_URLS;
  for (const u of odsUrls) {
    try {
      const p = new URL(u).protocol;
      if (p !== 'http:' && p !== 'https:') throw new Error();
    } catch {
      problems.push(`ATLAS_ODS_URLS: "${u}" is not an http(s) address`);
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    host,
    port: port.success ? port.data : 3000,
    dataDir,
    databaseUrl,
    logLevel: rawLevel as LogLevel,
    odsUrls,
  };
}

/** The same configuration with command-line overrides applied (flags beat the environment). */
export function withOverrides(
  config: Config,
  overrides: { host?: string | undefined; port?: string | undefined; dataDir?: string | undefined },
): Config {
  const env: Record<string, string | undefined> = {
    ATLAS_HOST: overrides.host ?? config.host,
    ATLAS_PORT: overrides.port ?? String(config.port),
    ATLAS_DATA_DIR: overrides.dataDir ?? config.dataDir,
    DATABASE_URL: config.databaseUrl,
    LOG_LEVEL: config.logLevel,
    ATLAS_ODS_URLS: config.odsUrls.join(','),
  };
  return loadConfig(env);
}
