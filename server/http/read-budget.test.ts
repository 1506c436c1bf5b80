import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDoc, startTestServer, type ApiResult, type TestServer, type TestUser } from '../testing/test-server';

/**
 * Expensive reads (a comparison, the document at a moment, a group's
 * contribution report, a page of threads) spend one budget per account: a
 * reader asking again and again is refused with 429 and Retry-After once it
 * is spent, and nobody else is.
 */
describe('the budget of expensive reads', () => {
  const budget = 5;
  let server: TestServer;
  let instructor: TestUser;
  let groupId: string;
  let docId: string;

  beforeAll(async () => {
    server = await startTestServer({ READ_LIMIT_PER_MINUTE: String(budget) });
    instructor = await server.createUser('Ines Instructor');
    ({ groupId, docId } = await createTestDoc(server, [{ member: instructor, role: 'instructor' }]));
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A member of the document's group, with a budget of their own. */
  const newReader = async (): Promise<TestUser> => {
    const reader = await server.createUser();
    await server.domain.store.db
      .insertInto('memberships')
      .values({ group_id: groupId, user_id: reader.user.id, role: 'instructor', created_at: Date.now() })
      .execute();
    return reader;
  };

  function expectRefused(response: ApiResult) {
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('rate_limited');
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  const reads: [string, () => string][] = [
    ['a comparison between two versions', () => `/api/docs/${docId}/compare?from=start&to=current`],
    ['the document at a moment', () => `/api/docs/${docId}/timeline/at?updateId=0`],
    ["the group's contribution report", () => `/api/groups/${groupId}/contributions?format=csv`],
    ['a page of threads with their replies', () => `/api/docs/${docId}/threads`],
  ];

  it.each(reads)('refuses %s past the reader’s budget with 429, while another reader is still answered', async (_what, path) => {
    const hammering = await newReader();
    for (let i = 0; i < budget; i++) expect((await server.api('GET', path(), { as: hammering })).status).toBe(200);
    expectRefused(await server.api('GET', path(), { as: hammering }));
    const other = await newReader();
    expect((await server.api('GET', path(), { as: other })).status).toBe(200);
  });

  it('counts every kind of expensive read against the same budget', async () => {
    const reader = await newReader();
    for (let i = 0; i < budget; i++) {
      const [, path] = reads[i % reads.length]!;
      expect((await server.api('GET', path(), { as: reader })).status).toBe(200);
    }
    for (const [, path] of reads) expectRefused(await server.api('GET', path(), { as: reader }));
  });
});
