import { vi } from 'vitest';

/** A JSON answer as the server sends it. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** One route's answer; it sees the request's method, headers and body. */
export type Answer = (init: RequestInit | undefined) => Response | Promise<Response>;

/**
 * Stands in for the server in component tests: answers each request by
 * "METHOD /path?query", or else "METHOD /path", from `routes`, then from
 * `otherwise` (answers a whole test file shares), and fails the test on any
 * other request, so a component cannot call more than the test expects.
 * Returns the fetch mock, to count and inspect the calls.
 */
export function serveRoutes(routes: Record<string, Answer>, otherwise: Record<string, Answer> = {}) {
  const fetch = vi.fn(async (path: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const key = `${method} ${path.split('?')[0]}`;
    const answer = routes[`${method} ${path}`] ?? routes[key] ?? otherwise[key];
    if (!answer) throw new Error(`unexpected request ${method} ${path}`);
    return answer(init);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
