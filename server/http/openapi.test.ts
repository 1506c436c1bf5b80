import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { startTestServer, type TestServer } from '../testing/test-server';
import { operations } from './openapi';

describe('GET /api/openapi.json', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('documents every route the app registers, and nothing it does not', () => {
    const registered = new Set(
      createApp(server.domain)
        .routes.filter((r) => r.method !== 'ALL' && r.path !== '/*')
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...registered].filter((route) => !operations[route])).toEqual([]);
    expect(Object.keys(operations).filter((route) => !registered.has(route))).toEqual([]);
  });

  it('serves an OpenAPI 3.1 document built from the shared schemas', async () => {
    const { status, body } = await server.api('GET', '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const signup = body.paths['/api/auth/signup'].post;
    expect(signup.requestBody.content['application/json'].schema.required).toEqual(['email', 'password', 'name']);
    expect(Object.keys(signup.responses)).toContain('201');
    const thread = body.paths['/api/threads/{threadId}'];
    expect(Object.keys(thread).sort()).toEqual(['delete', 'get', 'patch']);
    expect(thread.get.parameters).toEqual([{ name: 'threadId', in: 'path', required: true, schema: { type: 'string' } }]);
  });
});
