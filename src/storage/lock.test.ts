import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from './lock.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function holdLockInAnotherProcess(dir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/fixtures/hold-lock.ts'), dir],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve(child));
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
}

describe('the single-writer lock on a data dir', () => {
  it("refuses a second process, naming the holder PID, and never takes a live holder's lock", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-lock-'));
    const holder = await holdLockInAnotherProcess(dir);
    expect(() => acquireLock(dir)).toThrow(
      new RegExp(`in use by another Atlas process \\(PID ${holder.pid}\\)`),
    );
    expect(fs.readFileSync(path.join(dir, 'atlas.lock'), 'utf8').trim()).toBe(String(holder.pid));
  });

  it('makes the atlas command exit with one line naming the PID', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-lock-'));
    const holder = await holdLockInAnotherProcess(dir);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/atlas.mjs'), 'stats', '--data-dir', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '' },
    });
    expect(r.status).toBe(6);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`PID ${holder.pid}`);
  });

  it('reclaims a lock left by a dead process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-lock-'));
    const holder = await holdLockInAnotherProcess(dir);
    const pid = holder.pid!;
    await new Promise<void>((res) => {
      holder.once('exit', () => res());
      holder.kill('SIGKILL');
    });
    expect(fs.readFileSync(path.join(dir, 'atlas.lock'), 'utf8').trim()).toBe(String(pid));
    const lock = acquireLock(dir);
    expect(fs.readFileSync(path.join(dir, 'atlas.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(path.join(dir, 'atlas.lock'))).toBe(false);
  });
});
