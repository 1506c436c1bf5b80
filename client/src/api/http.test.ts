import { afterEach, describe, expect, it, vi } from 'vitest';
import { authApi } from '../../../shared/api/auth';
import { groupsApi } from '../../../shared/api/groups';
import { userResponse } from '../../../shared/schemas/auth';
import { ApiError, explainError } from './api-error';
import { caller, pathTo, request } from './http';
import { json } from './fake-server';

/** Answers every fetch with `answer` (real Response objects, as the browser would give). */
function answerWith(answer: () => Response | Promise<Response>) {
  const fetch = vi.fn(async () => answer());
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const aUser = { id: 'abcdefghijklmnop', email: 'ada@example.test', name: 'Ada' };

afterEach(() => vi.unstubAllGlobals());

describe('request', () => {
  it('sends JSON with the session cookie and returns the parsed body', async () => {
    const fetch = answerWith(() => json(200, { user: aUser }));
    await expect(request('POST', '/api/auth/login', userResponse, { email: 'a@b.c', password: 'x' })).resolves.toEqual({ user: aUser });
    expect(fetch).toHaveBeenCalledWith('/api/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.c', password: 'x' }),
    });
  });

  it('turns the server’s error body into an ApiError with code, status and field messages', async () => {
    answerWith(() =>
      json(400, { error: { code: 'validation_failed', message: 'Check the form.', fields: { 'email': 'Enter a valid email address' } } }),
    );
    const error = await request('POST', '/api/auth/signup', userResponse, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', message: 'Check the form.', fields: { email: 'Enter a valid email address' } });
  });

  it('reads Retry-After on 429', async () => {
    answerWith(() => json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'retry-after': '120' }));
    const error = (await request('POST', '/api/auth/login', userResponse, {}).catch((e: unknown) => e)) as ApiError;
    expect(error.retryAfter).toBe(120);
    expect(explainError(error).detail).toContain('2 minute');
  });

  it('reports a proxy page or an empty 502 as "unavailable", not as a crash', async () => {
    answerWith(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = (await request('GET', '/api/groups', userResponse).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 502, code: 'unavailable' });
    expect(explainError(error)).toMatchObject({ title: 'Commonplace is having trouble', action: 'retry' });
  });

  it('reports no connection as a network error', async () => {
    answerWith(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = (await request('GET', '/api/auth/me', userResponse).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect(error.isNetwork).toBe(true);
    expect(explainError(error)).toMatchObject({ title: 'Can’t reach Commonplace', action: 'retry' });
  });

  it('rejects an answer that breaks the shared schema', async () => {
    answerWith(() => json(200, { user: { id: 'abcdefghijklmnop', name: 'No email' } }));
    await expect(request('GET', '/api/auth/me', userResponse)).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('accepts 204 No Content', async () => {
    answerWith(() => new Response(null, { status: 204 }));
    const { z } = await import('zod');
    await expect(request('POST', '/api/auth/logout', z.unknown())).resolves.toBeUndefined();
  });
});

describe('call', () => {
  const call = caller({ ...authApi, ...groupsApi });

  it('sends the route’s method to its path, params encoded as one segment each, and parses the answer with the route’s schema', async () => {
    const fetch = answerWith(() => json(200, { member: { user: aUser, role: 'reviewer', joinedAt: 2, readsPrivateFeedback: false } }));
    await expect(
      call('PATCH /api/groups/:groupId/members/:userId', { params: { groupId: 'a/b?c', userId: 'd e' }, body: { role: 'reviewer' } }),
    ).resolves.toEqual({ member: { user: aUser, role: 'reviewer', joinedAt: 2, readsPrivateFeedback: false } });
    expect(fetch).toHaveBeenCalledWith('/api/groups/a%2Fb%3Fc/members/d%20e', expect.objectContaining({ method: 'PATCH', body: '{"role":"reviewer"}' }));

    answerWith(() => json(200, { groups: [], nextCursor: null }));
    await call('GET /api/groups', { query: { limit: 200, cursor: undefined } });
    expect(vi.mocked(globalThis.fetch)).toHaveBeenCalledWith('/api/groups?limit=200', expect.objectContaining({ method: 'GET' }));
  });

  it('rejects an answer that breaks the route’s response schema', async () => {
    answerWith(() => json(200, { group: { id: 'abcdefghijklmnop' } }));
    await expect(call('GET /api/groups/:groupId', { params: { groupId: 'abcdefghijklmnop' } })).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('resolves a 204 route to nothing', async () => {
    answerWith(() => new Response(null, { status: 204 }));
    await expect(call('POST /api/auth/logout')).resolves.toBeUndefined();
  });
});

describe('pathTo', () => {
  it('fills in the params and the query, leaving out what is undefined', () => {
    expect(pathTo('GET /api/docs/:docId/export', { params: { docId: 'x y' }, query: { format: 'html', appendix: undefined } })).toBe(
      '/api/docs/x%20y/export?format=html',
    );
    expect(pathTo('GET /api/feed/stream')).toBe('/api/feed/stream');
  });
});

describe('explainError', () => {
  it('gives each failure a human message and a way forward', () => {
    expect(explainError(new ApiError(401, 'unauthenticated', 'x'))).toMatchObject({ title: 'Please sign in', action: 'sign-in' });
    expect(explainError(new ApiError(403, 'forbidden', 'x'))).toMatchObject({ title: 'You can’t do that here', action: 'go-home' });
    expect(explainError(new ApiError(404, 'not_found', 'x'))).toMatchObject({ title: 'Not found', action: 'go-home' });
    expect(explainError(new Error('boom'))).toMatchObject({ title: 'Something went wrong', action: 'retry' });
  });
});
