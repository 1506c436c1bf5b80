import type { z } from 'zod';
import { ApiError, errorFromResponse } from './api-error';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

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
