import path from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Clock } from '../core/clock.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import type { Log } from '../logger.ts';
import { GraphCache } from '../services/analysis.ts';
import { authService } from '../services/auth.ts';
import { LIMITS, RateLimiter } from '../services/rate-limit.ts';
import { workspaceService } from '../services/workspaces.ts';
import { Health } from '../shared/schemas.ts';
import type { Db } from '../storage/db.ts';
import { appliedMigrations } from '../storage/migrate.ts';
import { PROJECT_ROOT, VERSION } from '../version.ts';
import { analysisRoutes } from './api/analysis.ts';
import { analysisWeightsRoutes } from './api/analysis-weights.ts';
import { authRoutes } from './api/auth.ts';
import { dataProtectionRoutes } from './api/data-protection.ts';
import { geographyRoutes } from './api/geography.ts';
import { importRoutes, MAX_UPLOAD_BYTES } from './api/imports.ts';
import { landscapeRoutes } from './api/landscape.ts';
import { notesRoutes } from './api/notes.ts';
import { peopleRoutes } from './api/people.ts';
import { peopleBulkRoutes } from './api/people-bulk.ts';
import { tiesRoutes } from './api/ties.ts';
import { workspaceRoutes } from './api/workspaces.ts';
import { API_DOCS_CSS, apiDocsPage } from './docs-page.ts';
import { createGuard, requestMeta } from './guard.ts';
import { openApiDocument } from './openapi.ts';
import { HTTP_ERRORS, problem } from './problem.ts';
import { type RouteTable, router } from './routes.ts';
import { securityHeaders } from './security.ts';
import { serveWeb } from './static.ts';

/** The largest request body the API reads (file uploads, when they come, get their own limit). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the HTTP app needs, built once by the caller and passed in. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  log: Log;
  /** Folder of the built web app; default `dist/web` in the project. */
  webDir?: string;
  /** Shared rate limiter (tests pass their own to start clean). */
  limiter?: RateLimiter;
}

/** The Atlas HTTP app with its route table (for the OpenAPI document and route tests). */
export function createApp(deps: AppDeps): Hono & {
  routes_: RouteTable;
  auth_: ReturnType<typeof authService>;
  workspaces_: ReturnType<typeof workspaceService>;
} {
  const { db, log, clock } = deps;
  const limiter = deps.limiter ?? new RateLimiter(clock);
  const auth = authService({ db, clock, limiter });
  const workspaces = workspaceService({ db, clock });
  const graphs = new GraphCache(db);
  const app = new Hono();
  const table: RouteTable = [];
  const route = router(app, table, createGuard({ auth, db, clock }));
  let origin = '';

  app.use('*', securityHeaders());

  app.use('/api/*', async (c, next) => {
    origin ||= new URL(c.req.url).origin;
    // A global limit per address, before any work.
    const wait = limiter.hit(
      `req:${requestMeta(c).ip ?? '?'}`,
      LIMITS.requestsPerAddress.limit,
      LIMITS.requestsPerAddress.windowMs,
    );
    if (wait > 0)
      throw new DomainError('rate_limited', `too many requests: try again in ${wait} seconds`, {
        retryAfter: wait,
      });
    await next();
    // Answers about people and private records are never kept by browsers or proxies.
    c.res.headers.set('cache-control', 'no-store');
  });
  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new DomainError('invalid', `body: larger than ${maxSize} bytes`, { status: 413 });
      },
    });
  const uploadLimit = limitBody(MAX_UPLOAD_BYTES);
  const jsonLimit = limitBody(MAX_BODY_BYTES);
  // File uploads get their own, larger limit; everything else 1 MiB.
  app.use('/api/*', (c, next) =>
    c.req.path === '/api/v1/imports' || c.req.path === '/api/v1/people/import'
      ? uploadLimit(c, next)
      : jsonLimit(c, next),
  );

  app.onError((err, c) => {
    if (isDomainError(err)) {
      const status = (err.details?.status as number | undefined) ?? HTTP_ERRORS[err.code].status;
      const errors = err.details?.errors as { field: string; message: string }[] | undefined;
      const headers: Record<string, string> = {
        'content-type': 'application/problem+json',
        'cache-control': 'no-store',
      };
      const retry = err.details?.retryAfter;
      if (typeof retry === 'number') headers['retry-after'] = String(retry);
      const body = {
        ...problem(err.code, err.message, { instance: c.req.path, ...(errors ? { errors } : {}) }),
        status,
      };
      const reason = err.details?.reason;
      return c.json(typeof reason === 'string' ? { ...body, reason } : body, status as 400, headers);
    }
    // Anything else is our fault: log it whole, tell the client nothing of its insides.
    log.error('unhandled error', { path: c.req.path, error: err instanceof Error ? err.stack : String(err) });
    return c.json(problem('internal', 'Something went wrong on our side. It has been logged.'), 500, {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
    });
  });

  route({
    method: 'get',
    path: '/api/v1/health',
    tag: 'system',
    summary: 'Whether the Atlas is up: version, database engine and migrations applied',
    access: 'public',
    response: Health,
    handler: async (c) =>
      c.json({
        status: 'ok' as const,
        version: VERSION,
        database: db.engine,
        migrations: await appliedMigrations(db),
      }),
  });

  authRoutes(route, { auth, workspaces });
  landscapeRoutes(route, deps);
  workspaceRoutes(route, { db, workspaces, origin: (p) => `${origin}${p}` });
  notesRoutes(route, { db, clock });
  importRoutes(route, { db, clock });
  geographyRoutes(route, { db, clock });
  peopleRoutes(route, { db, clock });
  tiesRoutes(route, { db, clock });
  dataProtectionRoutes(route, { db, clock });
  peopleBulkRoutes(route, { db, clock });
  analysisRoutes(route, { db, clock, graphs });
  analysisWeightsRoutes(route, { db, clock });

  route({
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'system',
    summary: 'This API described as OpenAPI 3.1',
    access: 'public',
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

  return Object.assign(app, { routes_: table, auth_: auth, workspaces_: workspaces });
}
