import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../../shared/close-codes';
import { parseConfig } from '../../config';
import { createLogger } from '../../logger';
import { startServer, type RunningServer } from '../../server';
import { stockClientPool } from '../../sync/test-clients';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { createTestAssignment } from './test-copies';

/**
 * Two instances on one PostgreSQL database and one Redis: an extension made
 * on one reaches a member's socket open on the other at once. Runs when
 * TEST_DATABASE_URL (postgres://) and TEST_REDIS_URL are set, as in CI.
 */
const databaseUrl = process.env.TEST_DATABASE_URL ?? '';
const redisUrl = process.env.TEST_REDIS_URL ?? '';

describe.skipIf(!/^postgres(ql)?:\/\//.test(databaseUrl) || !redisUrl)('a changed lock on several instances', () => {
  let first: TestServer;
  let second: RunningServer;
  const pool = stockClientPool();

  beforeAll(async () => {
    first = await startTestServer({ REDIS_URL: redisUrl });
    const config = parseConfig({ DATABASE_URL: first.databaseUrl, REDIS_URL: redisUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    second = await startServer(config, createLogger(config.logLevel));
  });
  afterEach(() => pool.destroyAll());
  afterAll(async () => {
    await second?.stop();
    await first?.close();
  });

  it('reaches a socket open on another instance', async () => {
    const course = await createTestAssignment(first, { teams: 1, dueAt: Date.now() - 1000, lockAtDue: true });
    const { docId, teamId, member } = course.copies[0]!;
    const elsewhere = pool.connect(second.url, docId, member);
    await elsewhere.synced;

    const reopened = await first.api('POST', `/api/assignments/${course.assignmentId}/teams/${teamId}/reopen`, { as: course.instructor });
    expect(reopened.status).toBe(200);
    // Closed so that its client reconnects, resends what was dropped, and reads the new lock.
    expect((await elsewhere.closed).code).toBe(closeCodes.roleChanged);
  });
});
