import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../shared/close-codes';
import { busConnectionName } from './live/redis-bus';
import { waitFor } from './sync/test-clients';
import { connectToInstances, type InstanceClient } from './testing/server-process-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from './testing/test-server';

/**
 * An instance whose subscription to Redis was lost may have missed access
 * events other instances published meanwhile (a removal, a logout): once
 * its subscription is back, every socket it holds is closed with goingAway
 * and reconnects, checked against the database again. Runs with
 * TEST_REDIS_URL, as in CI.
 */
const redisUrl = process.env.TEST_REDIS_URL ?? '';

describe.skipIf(!redisUrl)('access events an instance may have missed', () => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let redis: Redis;
  const clients: InstanceClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ REDIS_URL: redisUrl });
    [alice, bob] = await server.createUsers('Alice', 'Bob');
    redis = new Redis(redisUrl);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.close();
  });

  it('checks every open socket again once its subscription is back: a removal it never heard of ends the removed member’s', async () => {
    const { groupId, docId } = await createTestDoc(server, [
      { member: alice, role: 'member' },
      { member: bob, role: 'member' },
    ]);
    const connect = (member: TestUser) => {
      const client = connectToInstances(docId, member.cookie, () => server, { maxBackoffMs: 100 });
      clients.push(client);
      return client;
    };
    const a = connect(alice);
    const b = connect(bob);
    await waitFor('both to sync', () => a.provider.synced && b.provider.synced);

    // Bob's removal, made where this instance does not hear of it: straight in the database.
    await server.domain.store.db.deleteFrom('memberships').where('group_id', '=', groupId).where('user_id', '=', bob.user.id).execute();
    // The instance's subscription drops (as when Redis restarts) and comes back. Only this process's:
    // other test files share the Redis, and their instances must not hear of missed events.
    const list = String(await redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
    const ours = list.split('\n').filter((line) => line.includes(` name=${busConnectionName()} `));
    expect(ours.length).toBeGreaterThan(0);
    for (const line of ours) await redis.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);

    await waitFor('bob’s socket to close', () => b.closes.includes(closeCodes.goingAway), 10_000);
    await waitFor('alice to be back and synced', () => a.closes.includes(closeCodes.goingAway) && a.provider.wsconnected && a.provider.synced, 10_000);
    a.doc.getText('t').insert(0, 'still here');
    const check = connect(alice);
    await waitFor('alice’s words to be stored', () => check.text() === 'still here', 10_000);
    expect(b.provider.synced && b.provider.wsconnected).toBe(false);
  });
});
