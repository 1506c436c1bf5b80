import type { z } from 'zod';

/**
 * The shape of the API's route table, the contract between server and
 * client: each route is keyed `'METHOD /path/:param'` exactly as the server
 * registers it and the client calls it, so a path is written once. The
 * server registers its handlers by key (server/http/route.ts), the OpenAPI
 * document is built from the table (server/http/openapi.ts), and the client
 * calls by key (client/src/api/http.ts): a route renamed here fails
 * type-check wherever the old key is still used.
 *
 * The table is split by feature (./auth.ts, ./feedback.ts...) because the
 * feedback schemas validate anchors with Yjs: the client imports only the
 * tables its page needs. ./routes.ts joins them for the server.
 */

export const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof methods)[number];

export type RouteKey = `${Method} /${string}`;

export interface RouteSpec {
  summary: string;
  /** The JSON request body; the server validates it with jsonBody. */
  body?: z.ZodType;
  /** The content type of a request body that is not JSON (a roster's text/csv), read by the route itself. */
  consumes?: string;
  /** The query string; the server validates it with query. */
  query?: z.ZodObject;
  /** The JSON success body; absent for 204 and non-JSON answers. */
  response?: z.ZodType;
  /** A Server-Sent Events stream: the JSON data of each event. */
  events?: z.ZodType;
  /** 302: a browser navigation answered with a redirect (school sign-in); 202: accepted, done after answering (a password reset's mail). */
  status?: 200 | 201 | 202 | 204 | 101 | 302;
  /**
   * Content type(s) of a non-JSON success answer, comma-separated. With a
   * `response` as well, the route answers JSON unless asked otherwise (the
   * contributions report's `?format=csv`).
   */
  produces?: string;
  /** Anonymous callers may use it. */
  public?: boolean;
}

export type RouteTable = { readonly [key: RouteKey]: RouteSpec };

/** `'GET /api/docs/:docId'` → `'/api/docs/:docId'`. */
export type PathOf<K> = K extends `${Method} ${infer Path}` ? Path : never;
export type MethodOf<K> = K extends `${infer M extends Method} /${string}` ? M : never;

/** The names of a path's `:params`. */
export type ParamNames<Path> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** Values for the `:params` of a route's path. */
export type PathParams<K> = { [Name in ParamNames<PathOf<K>>]: string };

/** The method and path of a route key. */
export function splitKey<K extends RouteKey>(key: K): { method: MethodOf<K>; path: PathOf<K> } {
  const space = key.indexOf(' ');
  return { method: key.slice(0, space) as MethodOf<K>, path: key.slice(space + 1) as PathOf<K> };
}
