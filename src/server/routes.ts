import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { DomainError } from '../core/errors.ts';

/** A documented API route: its schemas give the validation and the OpenAPI description. */
export interface RouteDef<Q extends z.ZodType, P extends z.ZodType> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono path, e.g. `/api/v1/organisations/:code`. */
  path: string;
  summary: string;
  tag: string;
  /** Whether the route is open without signing in (health, sign-in, the OpenAPI document). */
  public?: boolean;
  query?: Q;
  params?: P;
  response: z.ZodType;
  /** Other content types the route answers with (e.g. text/csv). */
  alsoProduces?: string[];
  handler: (c: Context, input: { query: z.infer<Q>; params: z.infer<P> }) => Promise<Response> | Response;
}

/** Every route registered, in order: the OpenAPI document and the route-table tests read this. */
export type RouteTable = RouteDef<z.ZodType, z.ZodType>[];

function validate<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return {} as z.infer<T>;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ field: i.path.join('.') || where, message: i.message }));
  const first = errors[0]!;
  throw new DomainError('invalid', `${first.field}: ${first.message}`, { errors });
}

/** Registers `def` on `app` and records it in `table`. */
export function route<Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType>(
  app: Hono,
  table: RouteTable,
  def: RouteDef<Q, P>,
): void {
  table.push(def as unknown as RouteDef<z.ZodType, z.ZodType>);
  app.on(def.method.toUpperCase(), def.path, async (c) => {
    const query = validate(def.query, c.req.query(), 'query');
    const params = validate(def.params, c.req.param(), 'path');
    return def.handler(c, { query, params });
  });
}
