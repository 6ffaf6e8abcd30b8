import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { since } from './lib.ts';

/** A TCP port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The environment for a spawned Atlas: embedded PGlite, nothing inherited that would point it elsewhere. */
export function atlasEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'ATLAS_HOST', 'ATLAS_PORT', 'ATLAS_DATA_DIR', 'PORT']) delete env[k];
  return env;
}

/** Milliseconds from spawning `node args…` to its exit; throws when it exits non-zero. */
export async function timeNode(args: string[], cwd: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  const t = since(t0);
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim()}`);
  return t;
}

/** A spawned `atlas start` server. */
export interface RunningServer {
  child: ChildProcess;
  port: number;
  /** Milliseconds from spawn to the first 200 from GET /api/v1/health. */
  readyMs: number;
  /** What it has printed so far (for error messages). */
  output(): string;
}

/**
 * Spawns `node bin/atlas.mjs start --port <free> --data-dir <dataDir>` and polls GET /api/v1/health
 * until it answers 200. Throws (after killing it) when it exits first or takes longer than `timeoutMs`.
 */
export async function startAtlas(root: string, dataDir: string, timeoutMs = 120_000): Promise<RunningServer> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['bin/atlas.mjs', 'start', '--port', String(port), '--data-dir', dataDir],
    { cwd: root, env: atlasEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const url = `http://127.0.0.1:${port}/api/v1/health`;
  while (true) {
    if (exited !== undefined)
      throw new Error(`atlas start exited (${exited}) before serving:\n${out.trim()}`);
    if (since(t0) > timeoutMs) {
      await stopAtlas(child);
      throw new Error(`atlas start did not serve ${url} within ${timeoutMs} ms:\n${out.trim()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  return { child, port, readyMs: since(t0), output: () => out };
}

/** Sends SIGTERM and waits for the process to exit; returns the milliseconds that took. SIGKILL after `graceMs`. */
export async function stopAtlas(child: ChildProcess, graceMs = 30_000): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return 0;
  const t0 = performance.now();
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exit;
  clearTimeout(timer);
  if (child.signalCode === 'SIGKILL') throw new Error(`atlas did not exit within ${graceMs} ms of SIGTERM`);
  return since(t0);
}
