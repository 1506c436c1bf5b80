import { z } from 'zod';
import { routes } from '../../shared/api/routes';
import { splitKey, type RouteKey, type RouteSpec } from '../../shared/api/route-table';

/**
 * The API described as OpenAPI 3.1 (spec.openapis.org/oas/v3.1.0), built from
 * the shared route table (shared/api/) whose zod schemas validate requests,
 * type the handlers' answers and type the client, so the document cannot
 * drift from the code. The app registers exactly the table's routes
 * (openapi.test.ts checks both directions).
 */

/** The table by plain `'METHOD /path'` string, for tests that walk the routes the app registers. */
export const operations: Readonly<Record<string, RouteSpec | undefined>> = routes;

const errorBody = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** The success answer's content, by media type. */
function successContent(spec: RouteSpec): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  if (spec.response) content['application/json'] = { schema: jsonSchema(spec.response, 'output') };
  for (const type of spec.produces?.split(',') ?? []) {
    content[type.trim()] = spec.events ? { schema: jsonSchema(spec.events, 'output') } : {};
  }
  return content;
}

function operation(key: RouteKey, spec: RouteSpec) {
  const { path } = splitKey(key);
  const parameters = [
    ...[...path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.keys(spec.query?.shape ?? {}).map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
  ];
  const content = successContent(spec);
  return {
    summary: spec.summary,
    ...(parameters.length ? { parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
    ...(spec.consumes ? { requestBody: { required: true, content: { [spec.consumes]: {} } } } : {}),
    ...(spec.public ? { security: [] } : {}),
    responses: {
      [spec.status ?? 200]: { description: 'Success', ...(Object.keys(content).length ? { content } : {}) },
      default: { description: 'An error', content: { 'application/json': { schema: errorBody } } },
    },
  };
}

/** The OpenAPI document of every route in the table. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, spec] of Object.entries(routes) as [RouteKey, RouteSpec][]) {
    const { method, path } = splitKey(key);
    (paths[path.replace(/:(\w+)/g, '{$1}')] ??= {})[method.toLowerCase()] = operation(key, spec);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Commonplace API', version: '0.1.0', description: 'JSON in and out; errors are {"error": {"code", "message"}}.' },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'commonplace_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
