import type { Context, Hono, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { z } from 'zod';
import type { PathOf } from '../../shared/api/route-table';
import { splitKey } from '../../shared/api/route-table';
import type { ApiRouteKey, Routes } from '../../shared/api/routes';
import type { AppEnv } from './env';

/**
 * What a route's handler may answer, read from its entry in the route table
 * (shared/api/): `c.json` of the response schema's input (what the client's
 * parse accepts); `c.body` as well when the route also produces something
 * else (CSV); `c.body(null, 204)` for a 204; any Response for streams,
 * downloads and the socket. (The status of `c.json` is not checked: its type
 * is inferred from this very type.)
 */
export type Answer<Spec> = Spec extends { response: infer Schema extends z.ZodType }
  ?
      | (Response & TypedResponse<JSONParsed<z.input<Schema>>, ContentfulStatusCode, 'json'>)
      | (Spec extends { produces: string } ? Response & TypedResponse<unknown, ContentfulStatusCode, 'body'> : never)
  : Spec extends { status: 204 }
    ? Response & TypedResponse<null, 204, 'body'>
    : Response;

export type RouteHandler<K extends ApiRouteKey> = (c: Context<AppEnv, PathOf<K>>) => Answer<Routes[K]> | Promise<Answer<Routes[K]>>;

/**
 * Registers the handler of a route of the table under its method and path.
 * Feature apps are mounted at the root, so the path Hono registers is the
 * key's own: a key missing from the table, or a handler answering another
 * shape than the table's, fails type-check.
 */
export function route<K extends ApiRouteKey>(app: Hono<AppEnv>, key: K, handler: RouteHandler<K>): void {
  const { method, path } = splitKey(key);
  app.on(method, path, handler);
}
