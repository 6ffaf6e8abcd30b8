import fs from 'node:fs';
import path from 'node:path';

/** The shared real NHS data folder, beside the project (read-only input). */
export const SHARED_DATA = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'data');
export const HAVE_SHARED = fs.existsSync(path.join(SHARED_DATA, 'ods'));
export const shared = (...p: string[]) => path.join(SHARED_DATA, ...p);

/** The fields of a line of a quoted ODS CSV, split without any CSV library (an independent count). */
export function odsFields(line: string): string[] {
  return line.replace(/\r$/, '').slice(1, -1).split('","');
}

/** GP practices in an epraccur file by independent parsing: code → {name, commissioner, open, close, active}. */
export function practicesOf(file: string) {
  const out = new Map<
    string,
    { name: string; commissioner: string; joined: string; closed: string; active: boolean }
  >();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const f = odsFields(line);
    const setting = f[25] ?? '';
    if (!(setting === '4' || setting.split('|').includes('RO76'))) continue;
    out.set(f[0]!, {
      name: f[1]!,
      commissioner: f[14]!,
      joined: f[15]!,
      closed: f[11]!,
      active: f[12] === 'A' || f[12] === 'ACTIVE',
    });
  }
  return out;
}
