import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { operations } from '../http/openapi';
import { anchorOn } from './threads/test-feedback';
import { concretePath, methodOf, registeredRoutes, routeFixture, type RouteFixture, type RouteParams } from './test-routes';

/**
 * Private feedback (visibility: instructors) is read by the group's
 * instructors and its author, nobody else, and through no route:
 * every GET route of the API, read by everyone else (anonymous, outsider,
 * reviewer, another member, a removed member), never carries its text, its
 * replies or its id. The authorisation matrix covers the routes that name a
 * private thread; threads.test.ts the thread list; thread-stream.test.ts and
 * feed-stream.test.ts the live streams.
 */
const secret = 'SECRET-worry-about-the-team';
const secretReply = 'SECRET-answer-from-instructor';
const secretReplacement = 'SECRET-replacement-text';

/** Query strings beyond the defaults that show more of what a route holds. */
const variants: Record<string, string[]> = {
  'GET /api/docs/:docId/export': ['?appendix=true', '?format=html&appendix=true'],
  'GET /api/groups/:groupId/contributions': ['?format=csv'],
  'GET /api/docs/:docId/threads': ['?kind=comment', '?kind=suggestion', '?status=open'],
};

describe('private feedback leaks through no route', () => {
  let server: TestServer;
  let fixture: RouteFixture;
  let params: RouteParams;
  let readPaths: string[];
  let hidden: string[];

  beforeAll(async () => {
    server = await startTestServer();
    fixture = await routeFixture(server);
    const { target, instructor } = fixture.users;
    const post = async (as: TestUser, path: string, body: unknown) => {
      const response = await server.api('POST', path, { as, body });
      expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(201);
      return response.body;
    };
    const threads = `/api/docs/${fixture.params.docId}/threads`;
    const { thread } = await post(target, threads, { kind: 'comment', body: secret, anchor: anchorOn(), visibility: 'instructors' });
    const { reply } = await post(instructor, `/api/threads/${thread.id}/replies`, { body: secretReply });
    const suggestion = await post(target, threads, { kind: 'suggestion', replacement: secretReplacement, anchor: anchorOn('lazy dog'), visibility: 'instructors' });
    hidden = [secret, secretReply, secretReplacement, thread.id, reply.id, suggestion.thread.id];
    params = { ...fixture.params, threadId: thread.id, replyId: reply.id };

    const streams = (route: string) => operations[route]?.produces === 'text/event-stream';
    readPaths = registeredRoutes(server.domain)
      .filter((route) => methodOf(route) === 'GET' && route.includes(' /api/') && !streams(route))
      .flatMap((route) => ['', ...(variants[route] ?? [])].map((query) => concretePath(route, params) + query));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is there for its author and the instructors (so that the scan below can see it)', async () => {
    for (const as of [fixture.users.target, fixture.users.instructor]) {
      const listed = await server.api('GET', `/api/docs/${params.docId}/threads`, { as });
      expect(JSON.stringify(listed.body)).toContain(secret);
      expect(JSON.stringify(listed.body)).toContain(secretReply);
    }
    expect((await server.api('GET', `/api/threads/${params.threadId}`, { as: fixture.users.instructor })).status).toBe(200);
  });

  for (const principal of ['anonymous', 'nonMember', 'reviewer', 'member', 'removed'] as const) {
    it(`reaches no ${principal} through any GET route`, async () => {
      const as = principal === 'anonymous' ? null : fixture.users[principal];
      expect(readPaths.length).toBeGreaterThan(30);
      for (const path of readPaths) {
        const response = await server.api('GET', path, { as });
        const shown = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
        // A page navigation answers with a redirect: where it leads is shown too.
        const text = `${response.headers.get('location') ?? ''} ${shown}`;
        expect(response.status, path).toBeLessThan(500);
        for (const value of hidden) expect(text.includes(value), `${path} shows ${value} to ${principal}`).toBe(false);
      }
    });
  }
});
