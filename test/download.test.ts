import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadOdsFiles } from '../src/services/download-ods.ts';
import { HAVE_SHARED, practicesOf, shared } from './support/shared-data.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A local stand-in for NHS England's ODS service (loopback only), serving the shared files. */
function odsServer(): Promise<{ base: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.push(url.pathname + url.search);
    const report = url.searchParams.get('report');
    const files: Record<string, string> = {
      etr: 'etr_2026-06.csv',
      epraccur: 'epraccur_2026-02.csv',
      eccg: 'eccg_2024-07.csv',
    };
    if (url.pathname === '/api/getReport' && report && files[report]) {
      res.writeHead(200, { 'content-type': 'text/csv' });
      fs.createReadStream(shared('ods', files[report]!)).pipe(res);
    } else if (url.pathname === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Service unavailable</body></html>');
    } else {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        base: `http://127.0.0.1:${port}`,
        hits,
        close: () => new Promise((r) => server.close(() => r())),
      });
    }),
  );
}

describe.skipIf(!HAVE_SHARED)('import ods --download, against a local server', () => {
  let srv: Awaited<ReturnType<typeof odsServer>>;
  beforeAll(async () => {
    srv = await odsServer();
  });
  afterAll(async () => {
    await srv.close();
  });

  it('fetches the configured addresses and imports what they hold', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-dl-'));
    const urls = ['eccg', 'etr', 'epraccur'].map((r) => `${srv.base}/api/getReport?report=${r}`).join(',');
    // Asynchronously: the local server answers from this same process.
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'bin/atlas.mjs'), 'import', 'ods', '--download', '--json'],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            ATLAS_DATA_DIR: dataDir,
            DATABASE_URL: '',
            ATLAS_ODS_URLS: urls,
            LOG_LEVEL: 'warn',
          },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.once('exit', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
    expect(r.status, r.stderr).toBe(0);
    expect(srv.hits).toEqual([
      '/api/getReport?report=eccg',
      '/api/getReport?report=etr',
      '/api/getReport?report=epraccur',
    ]);
    const report = JSON.parse(r.stdout) as { created: number; files: { kind: string; created: number }[] };
    expect(report.files.map((f) => f.kind)).toEqual(['eccg', 'etr', 'epraccur']);
    expect(report.files.find((f) => f.kind === 'epraccur')!.created).toBe(
      practicesOf(shared('ods', 'epraccur_2026-02.csv')).size,
    );
    const stats = spawnSync(process.execPath, [path.join(ROOT, 'bin/atlas.mjs'), 'stats', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ATLAS_DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    expect(
      (JSON.parse(stats.stdout) as { organisations: { gp_practice: number } }).organisations.gp_practice,
    ).toBeGreaterThan(6000);
  });

  it('refuses a missing file or an HTML page with one clear error, and leaves no temporary files', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('atlas-ods-')).length;
    await expect(downloadOdsFiles([`${srv.base}/missing.csv`], () => undefined)).rejects.toThrow(
      /missing\.csv: the server answered 404/,
    );
    await expect(downloadOdsFiles([`${srv.base}/page`], () => undefined)).rejects.toThrow(
      /an HTML page, not a data file/,
    );
    await expect(downloadOdsFiles(['http://127.0.0.1:9/none.csv'], () => undefined)).rejects.toThrow(
      /could not download/,
    );
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('atlas-ods-')).length).toBe(before);
  });
});
