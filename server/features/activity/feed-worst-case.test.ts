import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedResponse } from '../../../shared/schemas/activity';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { block, comment, createTeam } from './test-activity';

/**
 * The feed quotes every comment it lists, reading the body's links and
 * mentions as it does: a body written to be slow to read must not hold the
 * server (every member's feed, the digest and the live poll read it).
 */
describe('the feed with a hostile comment', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers quickly when a comment is a 4 KB link followed by stops and closing brackets', async () => {
    const t = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
      ['Ben', 'member'],
    ]);
    const { Ana, Ben } = t.people;
    await t.writers.edit(Ana!, (f) => f.insert(0, [block('paragraph', 'Ana wrote the opening paragraph.')]));
    // Each closing bracket once re-ran a search through all the stops before it: 19 s per read.
    const body = `https://example.org/${'.'.repeat(2_038)}${')'.repeat(2_038)}`;
    await comment(server, t, Ana!, body, 'opening');

    const started = performance.now();
    const response = await server.api('GET', '/api/feed', { as: Ben });
    const took = performance.now() - started;
    expect(response.status).toBe(200);
    const feed = response.body as FeedResponse;
    expect(feed.items.map((item) => item.text)).toEqual([`Ana commented on Test document: “https://example.org/${'.'.repeat(79)}…”`]);
    expect(took).toBeLessThan(1_000);
  });
});
