import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../core/errors.ts';

/** A held single-writer lock on a data dir. */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else: still alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the single-writer lock `atlas.lock` in `dir`. A live holder's lock is never taken (throws
 * DomainError('locked') naming its PID); a lock left by a dead process is reclaimed.
 */
export function acquireLock(dir: string): DataDirLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'atlas.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = Number.NaN;
      try {
        holder = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      } catch {
        continue; // removed between open and read: try again
      }
      if (holder !== process.pid && isAlive(holder)) {
        throw new DomainError(
          'locked',
          `data dir ${dir} is in use by another Atlas process (PID ${holder}); stop it or choose another ATLAS_DATA_DIR`,
          { pid: holder },
        );
      }
      // Stale (dead holder, garbage, or ourselves after a crash in this process): reclaim it.
      try {
        fs.unlinkSync(file);
      } catch {
        // someone else reclaimed it first
      }
    }
  }
  throw new DomainError('locked', `could not take the lock on data dir ${dir}`);
}
