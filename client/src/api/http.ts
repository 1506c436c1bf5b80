import { z } from 'zod';
import {
  splitKey,
  type Method,
  type ParamNames,
  type PathOf,
  type PathParams,
  type RouteKey,
  type RouteTable,
} from '../../../shared/api/route-table';
// Only its type: the whole table holds the feedback schemas and so Yjs.
import type { Routes } from '../../../shared/api/routes';
import { ApiError, errorFromResponse } from './api-error';

/**
 * One JSON request to our own API. Same origin, so the browser sends the
 * session cookie and its Origin/Sec-Fetch-Site headers (no CSRF token needed).
 * The answer is checked against the shared schema: a response that breaks
 * the contract is an error here, not a crash three components later.
 */
export async function request<Schema extends z.ZodType>(
  method: Method,
  path: string,
  schema: Schema,
  body?: unknown,
): Promise<z.output<Schema>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'No connection to the server.');
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return schema.parse(undefined);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new ApiError(response.status, 'bad_response', 'The server answered with something that is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(response.status, 'bad_response', `Unexpected answer from ${method} ${path}.`);
  }
  return parsed.data;
}

type QueryValue = string | number | boolean;

/** A route's query as the caller gives it: the schema's input, numbers as numbers. */
type QueryOf<Spec> = Spec extends { query: infer Q extends z.ZodObject }
  ? { [Name in keyof z.input<Q>]: unknown extends z.input<Q>[Name] ? QueryValue | undefined : z.input<Q>[Name] }
  : never;

/** What a call of route `K` takes besides its key: the path's params, the body, the query, as the table says. */
export type CallOptions<K, Spec> = ([ParamNames<PathOf<K>>] extends [never] ? { params?: never } : { params: PathParams<K> }) &
  (Spec extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: never }) &
  (Spec extends { query: z.ZodObject } ? { query?: QueryOf<Spec> } : { query?: never });

/** The options argument, optional when nothing in it is required. */
type OptionsArgument<K, Spec> = object extends CallOptions<K, Spec> ? [options?: CallOptions<K, Spec>] : [options: CallOptions<K, Spec>];

/** The routes a page fetches: those answering JSON or 204 (streams and downloads are addresses: pathTo). */
export type CallableKey<T> = { [K in keyof T]: T[K] extends { response: z.ZodType } | { status: 204 } ? K : never }[keyof T];

/** What a call resolves to: the parsed response, or nothing for a 204. */
export type CallAnswer<Spec> = Spec extends { response: infer R extends z.ZodType } ? z.output<R> : undefined;

const noContent = z.undefined();

/** `/api/docs/:docId?x=1` from a route's path, its params (each encoded as one segment) and its query. */
function address(path: string, params: Record<string, string> | undefined, query: Record<string, unknown> | undefined): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`No value for :${name} in ${path}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}

/**
 * The typed client of one route table (shared/api/): `call(key, { params,
 * query, body })` sends the route's method to its path and parses the answer
 * with its response schema. A key the table does not hold, or params, body or
 * query of the wrong shape, fail type-check; so does a route renamed in the
 * table but not here.
 */
export function caller<T extends RouteTable>(table: T) {
  return <K extends CallableKey<T> & RouteKey>(key: K, ...[options]: OptionsArgument<K, T[K]>): Promise<CallAnswer<T[K]>> => {
    const { method, path } = splitKey(key);
    const given = options as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown } | undefined;
    const schema = table[key]?.response ?? noContent;
    return request(method, address(path, given?.params, given?.query), schema, given?.body) as Promise<CallAnswer<T[K]>>;
  };
}

/** The address of any route, for what the browser opens itself: streams (EventSource), downloads, printable pages. */
export function pathTo<K extends keyof Routes>(key: K, ...[options]: OptionsArgument<K, Routes[K]>): string {
  const given = options as { params?: Record<string, string>; query?: Record<string, unknown> } | undefined;
  return address(splitKey(key).path, given?.params, given?.query);
}
