import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { RedisRelay } from '../sync/redis-relay';
import { waitFor } from '../sync/test-clients';
import { freePort } from '../testing/server-process';
import { RedisBus } from './redis-bus';

/**
 * The bus between instances while Redis is away: what waits for it is
 * bounded, what overflows is dropped, and the documents it was about are
 * caught up from the database by the other instances once it is back.
 */
const logger = createLogger('silent');
const closing: { close(): unknown }[] = [];

afterEach(async () => {
  for (const item of closing.splice(0)) await item.close();
});

describe('the Redis bus during an outage', () => {
  it('holds at most publishQueueMax messages for an unreachable Redis and drops the rest, access changes excepted', async () => {
    const bus = new RedisBus(`redis://127.0.0.1:${await freePort()}`, logger, { publishQueueMax: 50 });
    closing.push(bus);
    const update = new Uint8Array(1024);
    for (let i = 0; i < 5000; i++) bus.publish('commonplace:doc:d', update);
    expect(bus.queued).toBe(50);
    expect(bus.dropped).toBe(4950);
    bus.publish('commonplace:access', update, { keep: true });
    expect(bus.queued).toBe(51);
  });

  it.skipIf(!process.env.TEST_REDIS_URL)(
    'has the other instances catch up a document whose updates were dropped, once the publisher is back',
    async () => {
      const redis = new URL(process.env.TEST_REDIS_URL!);
      const proxy = await tcpProxy(redis.hostname, Number(redis.port || 6379));
      closing.push(proxy);
      // This instance reaches Redis through a link the test cuts; the other one directly.
      const cutOff = new RedisBus(`redis://${proxy.host}:${proxy.port}`, logger, { publishQueueMax: 20 });
      const other = new RedisBus(redis.toString(), logger);
      closing.push(cutOff, other);
      const docId = `bus-test-${Date.now()}`;
      let resyncs = 0;
      let heard = 0;
      new RedisRelay(other).join(docId, { update: () => (heard += 1), awareness: () => {}, resync: () => (resyncs += 1), presenceAsked: () => {} });
      const publishing = new RedisRelay(cutOff);
      // The first resync is the one every listener gets once subscribed.
      await waitFor('the other instance to listen', () => resyncs === 1);
      publishing.publishUpdate(docId, new Uint8Array([1]));
      await waitFor('the link to carry an update', () => heard === 1);

      proxy.cut();
      await waitFor('the cut-off instance to queue for Redis', () => {
        publishing.publishUpdate(docId, new Uint8Array([1]));
        return cutOff.queued >= 20;
      });
      for (let i = 0; i < 200; i++) publishing.publishUpdate(docId, new Uint8Array([1]));
      expect(cutOff.queued).toBe(20);
      const before = resyncs;
      proxy.restore();
      await waitFor('the other instance to be told to catch up', () => resyncs > before, 15_000);
      expect(heard).toBeLessThanOrEqual(1 + 20);
    },
    30_000,
  );
});

describe.skipIf(!process.env.TEST_REDIS_URL)('presence between instances', () => {
  it('asks the instances already on a document for their awareness states once it listens', async () => {
    const first = new RedisBus(process.env.TEST_REDIS_URL!, logger);
    const second = new RedisBus(process.env.TEST_REDIS_URL!, logger);
    closing.push(first, second);
    const docId = `presence-test-${Date.now()}`;
    const asked = { first: 0, second: 0 };
    let firstListens = false;
    const listener = (name: keyof typeof asked, resync = () => {}) => ({
      update: () => {},
      awareness: () => {},
      resync,
      presenceAsked: () => (asked[name] += 1),
    });
    new RedisRelay(first).join(docId, listener('first', () => (firstListens = true)));
    await waitFor('the first instance to listen', () => firstListens);
    new RedisRelay(second).join(docId, listener('second'));
    // Awareness is never stored: the instance that joins later hears who is present from those already there.
    await waitFor('the first instance to be asked', () => asked.first === 1);
    expect(asked.second).toBe(0);
  });
});

/** A TCP link to Redis that can be cut (every connection dropped, new ones refused) and restored. */
async function tcpProxy(host: string, port: number) {
  let open = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return {
    host: '127.0.0.1',
    port: address.port,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
