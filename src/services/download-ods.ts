import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../core/errors.ts';

/** The largest file a download accepts (the national epraccur is about 4 MB). */
export const MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024;

/**
 * Fetches each address into a new temporary folder (files named after the address; their kind is
 * told by content on import). A failed fetch, an HTML page or a ZIP archive is one clear error.
 */
export async function downloadOdsFiles(
  urls: string[],
  say: (msg: string) => void,
  timeoutMs = 120_000,
): Promise<{ dir: string; files: string[]; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-ods-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const files: string[] = [];
  try {
    for (const [i, url] of urls.entries()) {
      say(`downloading ${url}`);
      let res: Response;
      try {
        res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch (e) {
        throw new DomainError('unavailable', `${url}: could not download (${(e as Error).message})`);
      }
      if (!res.ok)
        throw new DomainError('unavailable', `${url}: the server answered ${res.status} ${res.statusText}`);
      const declared = Number(res.headers.get('content-length') ?? 0);
      if (declared > MAX_DOWNLOAD_BYTES)
        throw new DomainError('invalid', `${url}: larger than ${MAX_DOWNLOAD_BYTES} bytes`);
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length > MAX_DOWNLOAD_BYTES)
        throw new DomainError('invalid', `${url}: larger than ${MAX_DOWNLOAD_BYTES} bytes`);
      if (body.subarray(0, 2).toString('latin1') === 'PK' && !/\.xlsx$/i.test(new URL(url).pathname)) {
        throw new DomainError('invalid', `${url}: a ZIP archive: give the address of the CSV itself`);
      }
      if (/^\s*<(!doctype|html)/i.test(body.subarray(0, 200).toString('utf8'))) {
        throw new DomainError('invalid', `${url}: an HTML page, not a data file`);
      }
      const u = new URL(url);
      const base = (u.searchParams.get('report') ?? path.basename(u.pathname)) || `file-${i + 1}`;
      const file = path.join(
        dir,
        `${String(i + 1).padStart(2, '0')}-${base.replace(/[^A-Za-z0-9._-]/g, '_')}`,
      );
      fs.writeFileSync(file, body);
      files.push(file);
    }
    return { dir, files, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
