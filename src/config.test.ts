import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_ODS_URLS, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3000, ./data, the embedded database and info logs', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      host: '127.0.0.1',
      port: 3000,
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      logLevel: 'info',
      odsUrls: DEFAULT_ODS_URLS,
    });
  });

  it('reads the ODS download addresses, refusing anything but http(s)', () => {
    expect(
      loadConfig({ ATLAS_ODS_URLS: 'http://127.0.0.1:9/a.csv, http://127.0.0.1:9/b.csv' }).odsUrls,
    ).toEqual(['http://127.0.0.1:9/a.csv', 'http://127.0.0.1:9/b.csv']);
    expect(() => loadConfig({ ATLAS_ODS_URLS: 'file:///etc/passwd' })).toThrow(/ATLAS_ODS_URLS/);
  });

  it('takes ATLAS_PORT over PORT, and PORT when alone', () => {
    expect(loadConfig({ ATLAS_PORT: '4000', PORT: '5000' }).port).toBe(4000);
    expect(loadConfig({ PORT: '5000' }).port).toBe(5000);
  });

  it('reads a PostgreSQL DATABASE_URL and a data dir', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://a:b@127.0.0.1:5432/atlas', ATLAS_DATA_DIR: '/tmp/x' });
    expect(c.databaseUrl).toBe('postgres://a:b@127.0.0.1:5432/atlas');
    expect(c.dataDir).toBe(path.resolve('/tmp/x'));
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({
        ATLAS_PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        ATLAS_HOST: 'bad host!',
      });
      expect.unreachable('bad config must throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/ATLAS_PORT: "eighty"/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL/);
      expect(problems.join('\n')).toMatch(/LOG_LEVEL: "loud"/);
      expect(problems.join('\n')).toMatch(/ATLAS_HOST/);
    }
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: "70000"/);
  });
});
