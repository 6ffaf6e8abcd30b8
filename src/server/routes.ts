import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { DomainError } from '../core/errors.ts';
import type { Permission } from '../core/roles.ts';
import type { Principal, RequestMeta } from '../services/auth.ts';

/** Who may call a route. */
export type Access =
  /** anyone, signed in or not (health, sign-in, set-up, the OpenAPI document) */
  | 'public'
  /** a session that has given its password but not yet its second factor (second-factor entry, me, sign-out) */
  | 'pending'
  /** a signed-in user whose workspace demands a second factor they have not set up yet (the set-up itself) */
  | 'setup'
  /** a fully signed-in user (the default) */
  | 'user';

/** What a handler receives: validated input and, except on public routes, the principal. */
export interface RouteInput<Q, P, B> {
  query: Q;
  params: P;
  body: B;
  principal: Principal | null;
  meta: RequestMeta;
}

/** A documented API route: its schemas give the validation and the OpenAPI description. */
export interface RouteDef<Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono path, e.g. `/api/v1/organisations/:code`. */
  path: string;
  summary: string;
  tag: string;
  /** Default 'user': signed in, second factor given where needed. */
  access?: Access;
  /** The workspace permission the caller's role must have (implies a current workspace). */
  permission?: Permission;
  query?: Q;
  params?: P;
  /** A JSON request body. */
  body?: B;
  response: z.ZodType;
  /** Other content types the route answers with (e.g. text/csv). */
  alsoProduces?: string[];
  handler: (
    c: Context,
    input: RouteInput<z.infer<Q>, z.infer<P>, z.infer<B>>,
  ) => Promise<Response> | Response;
}

/** Every route registered, in order: the OpenAPI document and the route-table tests read this. */
export type RouteTable = RouteDef<z.ZodType, z.ZodType, z.ZodType>[];

/** The checks a route needs before its handler runs (authentication, CSRF, permission): the app supplies them. */
export type Guard = (
  c: Context,
  def: RouteDef<z.ZodType, z.ZodType, z.ZodType>,
) => Promise<{ principal: Principal | null; meta: RequestMeta }>;

function validate<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return {} as z.infer<T>;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ field: i.path.join('.') || where, message: i.message }));
  const first = errors[0]!;
  throw new DomainError('invalid', `${first.field}: ${first.message}`, { errors });
}

/** Registers routes on one app, each behind `guard`, and records them in `table`. */
export function router(app: Hono, table: RouteTable, guard: Guard) {
  return function route<
    Q extends z.ZodType = z.ZodType,
    P extends z.ZodType = z.ZodType,
    B extends z.ZodType = z.ZodType,
  >(def: RouteDef<Q, P, B>): void {
    const d = def as unknown as RouteDef<z.ZodType, z.ZodType, z.ZodType>;
    table.push(d);
    app.on(def.method.toUpperCase(), def.path, async (c) => {
      const { principal, meta } = await guard(c, d);
      const query = validate(def.query, c.req.query(), 'query');
      const params = validate(def.params, c.req.param(), 'path');
      let body: unknown = {};
      if (def.body) {
        let raw: unknown;
        try {
          raw = await c.req.json();
        } catch {
          throw new DomainError('invalid', 'body: expected a JSON object', {
            errors: [{ field: 'body', message: 'expected a JSON object' }],
          });
        }
        body = validate(def.body, raw, 'body');
      }
      return def.handler(c, { query, params, body, principal, meta } as RouteInput<
        z.infer<Q>,
        z.infer<P>,
        z.infer<B>
      >);
    });
  };
}

export type Route = ReturnType<typeof router>;
