import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream, openStream, type StreamReader } from '../features/threads/test-feedback';
import { waitFor } from '../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { StreamSeats } from './stream-seats';

/**
 * One account may hold at most STREAMS_PER_USER live streams open on an
 * instance, feed and feedback together: one more is refused with 429 and
 * Retry-After, and other accounts still connect.
 */
describe('live streams per account', () => {
  let server: TestServer;
  let mallory: TestUser;
  let alice: TestUser;
  let docId: string;
  const open: StreamReader<{ type: string }>[] = [];

  beforeAll(async () => {
    server = await startTestServer({ STREAMS_PER_USER: '2' });
    [mallory, alice] = await server.createUsers('Mallory', 'Alice');
    ({ docId } = await createTestDoc(server, [
      { member: mallory, role: 'member' },
      { member: alice, role: 'member' },
    ]));
  });
  afterAll(async () => {
    for (const stream of open) stream.close();
    await server?.close();
  });

  const keep = <S extends StreamReader<{ type: string }>>(stream: S): S => {
    open.push(stream);
    return stream;
  };

  it('refuses the stream past the cap with 429 and Retry-After, and another account still connects', async () => {
    const feed = keep(await openEventStream(server, '/api/feed/stream', mallory));
    const feedback = keep(await openStream(server, docId, mallory));
    expect([feed.status, feedback.status]).toEqual([200, 200]);

    const refused = await fetch(`${server.url}/api/docs/${docId}/threads/stream`, { headers: { cookie: mallory.cookie } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe('rate_limited');
    expect((await fetch(`${server.url}/api/feed/stream`, { headers: { cookie: mallory.cookie } })).status).toBe(429);

    const other = keep(await openStream(server, docId, alice));
    expect(other.status).toBe(200);

    // Once the account closes one, it may open another.
    feedback.close();
    await waitFor('the closed stream to be let go', async () => {
      const again = await openStream(server, docId, mallory);
      if (again.status === 200) keep(again);
      return again.status === 200;
    });
  });
});

describe('StreamSeats', () => {
  it('lets a seat whose stream never opened lapse, and keeps an open one until it is released', () => {
    let now = 0;
    const seats = new StreamSeats(1, 1000, () => now);
    seats.take('u');
    expect(() => seats.take('u')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    now = 1000;
    const seat = seats.take('u');
    seat.open();
    now = 60_000;
    expect(() => seats.take('u')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    seat.release();
    expect(() => seats.take('u')).not.toThrow();
  });
});
