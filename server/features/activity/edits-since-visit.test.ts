import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangesSinceVisitResponse, FeedResponse } from '../../../shared/schemas/activity';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { block, comment, createTeam } from './test-activity';

const minute = 60 * 1000;

/**
 * An editing session is recorded ten minutes after its last edit, so it
 * can begin before a reader's visit and be recorded after it. The feed and
 * "what changed since your last visit" tell it by when the writing
 * happened: only the writing after the visit is new, stamped with its own
 * span, and a session whose writing all came before the visit is not news.
 * The server's clock is the test's.
 */
describe('editing told from the last visit', () => {
  let server: TestServer;
  const clock = testClock();
  const gap = 10 * minute;

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts the writing after the visit, stamped when it happened, even when its session closed later', async () => {
    const t = await createTeam(
      server,
      [
        ['Ines', 'instructor'],
        ['Ana', 'member'],
        ['Ben', 'member'],
      ],
      { title: 'Lab report' },
    );
    const { Ana, Ben, Ines } = t.people;
    const visit = clock.now();
    // Before Ben's visit: Ana starts writing (3 words), and Ines writes a line and stops.
    await t.writers.edit(Ana!, (f) => f.insert(0, [block('paragraph', 'Before the visit.')]), visit - 4 * minute);
    await t.writers.edit(Ines!, (f) => f.insert(1, [block('paragraph', 'Ines wrote this earlier.')]), visit - 3 * minute);

    // Ben marks his feed read and opens the document.
    expect((await server.api('POST', '/api/feed/seen', { as: Ben, body: {} })).status).toBe(200);
    expect((await server.api('POST', `/api/docs/${t.docId}/visit`, { as: Ben })).status).toBe(200);

    // Ana goes on in the same session (5 more words), then Ines comments.
    clock.advance(5 * minute);
    const wroteAt = clock.now();
    await t.writers.edit(Ana!, (f) => f.insert(1, [block('paragraph', 'After the visit, more words.')]), wroteAt);
    clock.advance(3 * minute);
    const commentedAt = clock.now();
    await comment(server, t, Ines!, 'Nice.', 'more words');

    // Both sessions end and are recorded, well after the visit.
    clock.advance(gap + minute);
    await server.domain.editSessions.sweep(clock.now());
    const recorded = await server.domain.store.db.selectFrom('events').select(['actor_id', 'created_at']).where('type', '=', 'edit-session').where('doc_id', '=', t.docId).execute();
    expect(recorded).toHaveLength(2);
    for (const event of recorded) expect(Number(event.created_at)).toBeGreaterThan(commentedAt);

    const feed = (await server.api('GET', '/api/feed', { as: Ben })).body as FeedResponse;
    // Ines's line was written before the visit: not news. Ana's session counts from the visit on.
    expect(feed.items.map((item) => [item.type, item.text])).toEqual([
      // Newest first by when it happened: the comment came after Ana's writing, though it was recorded before her session.
      ['thread-created', 'Ines commented on Lab report: “Nice.”'],
      ['edit-session', 'Ana edited Lab report: +5 words.'],
    ]);
    expect(feed.items[0]!.at).toBeGreaterThanOrEqual(commentedAt);
    // Stamped with Ana's writing, not with when her session was recorded.
    expect(feed.items[1]!.at).toBe(wroteAt);
    expect(feed.items[1]!.edit).toMatchObject({ wordsAdded: 5, startedAt: wroteAt, endedAt: wroteAt });
    expect(feed.unread).toBe(2);
    expect(feed.sentences).toEqual(['Ana edited Lab report: +5 words.', '1 new comment.']);

    // The document says the same since Ben's visit.
    const changes = (await server.api('GET', `/api/docs/${t.docId}/changes-since-last-visit`, { as: Ben })).body as ChangesSinceVisitResponse;
    expect(changes.changes.map((change) => [change.text, change.at])).toEqual([['Ana edited Lab report: +5 words.', wroteAt]]);

    // Ines, who never marked anything read, reads Ana's whole session, stamped with its span.
    const whole = ((await server.api('GET', '/api/feed', { as: Ines })).body as FeedResponse).items.find((item) => item.type === 'edit-session');
    expect(whole).toMatchObject({ text: 'Ana edited Lab report: +8 words.', at: wroteAt, edit: { startedAt: visit - 4 * minute, endedAt: wroteAt } });
  });
});
