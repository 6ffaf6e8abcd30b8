import path from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { isDomainError } from '../core/errors.ts';
import type { Log } from '../logger.ts';
import { Health } from '../shared/schemas.ts';
import type { Db } from '../storage/db.ts';
import { appliedMigrations } from '../storage/migrate.ts';
import { PROJECT_ROOT, VERSION } from '../version.ts';
import { landscapeRoutes } from './api/landscape.ts';
import { API_DOCS_CSS, apiDocsPage } from './docs-page.ts';
import { openApiDocument } from './openapi.ts';
import { HTTP_ERRORS, problem } from './problem.ts';
import { type RouteTable, route } from './routes.ts';
import { securityHeaders } from './security.ts';
import { serveWeb } from './static.ts';

/** What the HTTP app needs, built once by the caller and passed in. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  log: Log;
  /** Folder of the built web app; default `dist/web` in the project. */
  webDir?: string;
}

/** The Atlas HTTP app with its route table (for the OpenAPI document and route tests). */
export function createApp(deps: AppDeps): Hono & { routes_: RouteTable } {
  const { db, log } = deps;
  const app = new Hono();
  const table: RouteTable = [];

  app.use('*', securityHeaders());

  app.onError((err, c) => {
    if (isDomainError(err)) {
      const { status } = HTTP_ERRORS[err.code];
      const errors = (err.details?.errors as { field: string; message: string }[] | undefined) ?? undefined;
      return c.json(
        problem(err.code, err.message, { instance: c.req.path, ...(errors ? { errors } : {}) }),
        status as 400,
        {
          'content-type': 'application/problem+json',
        },
      );
    }
    // Anything else is our fault: log it whole, tell the client nothing of its insides.
    log.error('unhandled error', { path: c.req.path, error: err instanceof Error ? err.stack : String(err) });
    return c.json(problem('internal', 'Something went wrong on our side. It has been logged.'), 500, {
      'content-type': 'application/problem+json',
    });
  });

  route(app, table, {
    method: 'get',
    path: '/api/v1/health',
    tag: 'system',
    summary: 'Whether the Atlas is up: version, database engine and migrations applied',
    public: true,
    response: Health,
    handler: async (c) =>
      c.json({
        status: 'ok' as const,
        version: VERSION,
        database: db.engine,
        migrations: await appliedMigrations(db),
      }),
  });

  landscapeRoutes(app, table, deps);

  route(app, table, {
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'system',
    summary: 'This API described as OpenAPI 3.1',
    public: true,
    response: z.record(z.string(), z.unknown()),
    handler: (c) => c.json(openApiDocument(table, VERSION)),
  });

  app.get('/api/docs', (c) => c.html(apiDocsPage(openApiDocument(table, VERSION))));
  app.get('/api-docs.css', (c) => c.body(API_DOCS_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));

  app.all('/api/*', (c) =>
    c.json(
      problem('not_found', `no API route ${c.req.method} ${c.req.path}`, { instance: c.req.path }),
      404,
      {
        'content-type': 'application/problem+json',
      },
    ),
  );

  const web = serveWeb(deps.webDir ?? path.join(PROJECT_ROOT, 'dist', 'web'));
  app.get('*', (c) => web(c));

  return Object.assign(app, { routes_: table });
}
