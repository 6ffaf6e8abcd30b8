import { z } from 'zod';
import { Problem } from '../shared/schemas.ts';
import type { RouteTable } from './routes.ts';

function jsonSchema(s: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io }) as Record<
    string,
    unknown
  >;
  delete out.$schema;
  return out;
}

function parametersOf(s: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (!s) return [];
  const js = z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    description: typeof schema.description === 'string' ? schema.description : undefined,
    schema,
  }));
}

/** The OpenAPI 3.1 document of every route in `table`, generated from the routes' zod schemas. */
export function openApiDocument(table: RouteTable, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of table) {
    // `:id{[0-9]+}` (a Hono parameter with its pattern) is `{id}` in OpenAPI.
    const p = r.path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, '{$1}');
    const content: Record<string, unknown> = { 'application/json': { schema: jsonSchema(r.response) } };
    for (const t of r.alsoProduces ?? []) content[t] = { schema: { type: 'string' } };
    paths[p] ??= {};
    paths[p][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${p.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(r.permission ? { 'x-atlas-permission': r.permission } : {}),
      parameters: [...parametersOf(r.params, 'path'), ...parametersOf(r.query, 'query')],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(r.body, 'input') } },
            },
          }
        : {}),
      responses: {
        '200': { description: 'OK', content },
        default: {
          description: 'A problem (RFC 9457)',
          content: { 'application/problem+json': { schema: jsonSchema(Problem) } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Clinical Network Atlas API',
      version,
      description:
        'The NHS England system of clinical networks as data. Dates are YYYY-MM-DD; `as_at` asks for the structure on a date. Errors are RFC 9457 problem details with a stable `code`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-atlas_session',
          description:
            'browser session; state-changing requests also need the X-CSRF-Token header from GET /api/v1/me',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'an API token (atlas_…) from the tokens page or `npx atlas token create`',
        },
      },
    },
    paths,
  };
}
