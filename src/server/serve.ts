import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { type Log, silentLog } from '../logger.ts';
import type { Db } from '../storage/db.ts';
import { createApp } from './app.ts';

/** A running HTTP server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the Atlas on host:port (port 0 = any free port) until closed. */
export async function startServer(opts: {
  db: Db;
  port?: number;
  host?: string;
  webDir?: string;
  clock?: Clock;
  log?: Log;
}): Promise<RunningServer> {
  const app = createApp({
    db: opts.db,
    clock: opts.clock ?? systemClock,
    log: opts.log ?? silentLog,
    ...(opts.webDir ? { webDir: opts.webDir } : {}),
  });
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, (info: AddressInfo) => {
      const h = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${h}:${info.port}`,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
