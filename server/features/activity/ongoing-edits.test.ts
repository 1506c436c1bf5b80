import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { FeedItem, FeedResponse, FeedStreamEvent } from '../../../shared/schemas/activity';
import { connectStockClient, type StockClient } from '../../sync/test-clients';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import type { StreamReader } from '../threads/test-feedback';
import { block, createTeam, endSessions, openFeedStream, type Team } from './test-activity';

/**
 * Editing as it happens: within seconds of an edit, the feed, its
 * stream and the digest tell others "Ana is writing in Methods and Results
 * of Final report" (the headings under which the edits land so far), not
 * the writer; once the session ends, its finished item with totals takes
 * its place, one item per session. Ana types through a real y-websocket
 * client into the real document.
 */
describe('ongoing editing in the feed', () => {
  const clock = testClock();
  const gap = 10 * 60 * 1000;
  let server: TestServer;
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    server = await startTestServer({ FEED_POLL_MS: '100' }, { now: clock.now });
  });
  afterEach(() => {
    for (const thing of open.splice(0)) thing.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** "Final report": Methods and Results, written by Ines in a session that has ended, all of it seen by everyone. */
  async function finalReport(): Promise<Team> {
    const t = await createTeam(
      server,
      [
        ['Ines', 'instructor'],
        ['Ana', 'member'],
        ['Ben', 'member'],
      ],
      { title: 'Final report' },
    );
    await t.writers.edit(t.people.Ines!, (f) =>
      f.insert(0, [block('heading', 'Methods'), block('paragraph', 'We sampled.'), block('heading', 'Results'), block('paragraph', 'It worked.')]),
    );
    await endSessions(server, clock.now());
    for (const person of Object.values(t.people)) await server.api('POST', '/api/feed/seen', { as: person, body: {} });
    return t;
  }

  async function subscribe(user: TestUser, on = server): Promise<StreamReader<FeedStreamEvent>> {
    const reader = await openFeedStream(on, user);
    expect(reader.status).toBe(200);
    open.push(reader);
    return reader;
  }

  /** Ana's editor, synced with the stored document. */
  async function editor(t: Team, user: TestUser, on = server): Promise<StockClient> {
    const client = connectStockClient(on.url, t.docId, user);
    open.push({ close: () => client.destroy() });
    await client.synced;
    return client;
  }

  /** Types `text` at the end of the paragraph after heading `heading`. */
  function typeUnder(client: StockClient, heading: string, text: string): void {
    const fragment = client.doc.getXmlFragment('default');
    const blocks = fragment.toArray() as Y.XmlElement[];
    const at = blocks.findIndex((b) => b.nodeName === 'heading' && b.toString().includes(`>${heading}<`));
    const paragraph = (blocks[at + 1]!.get(0) as Y.XmlText);
    paragraph.insert(paragraph.length, text);
  }

  const feedOf = async (user: TestUser | undefined, on = server): Promise<FeedResponse> => (await on.api('GET', '/api/feed', { as: user })).body;
  const ongoingOf = (event: FeedStreamEvent): FeedItem | null => (event.type === 'ongoing' ? event.item : null);

  it('shows others an edit as ongoing, with its sections, within 2 s; not the writer', async () => {
    const t = await finalReport();
    const { Ana, Ben } = t.people;
    const ben = await subscribe(Ben!);
    const ana = await subscribe(Ana!);
    const client = await editor(t, Ana!);

    const started = performance.now();
    client.doc.transact(() => {
      typeUnder(client, 'Methods', ' We asked twelve schools across three regions.');
      typeUnder(client, 'Results', ' Mostly.');
    });
    const event = await ben.next('Ana writing', (e) => e.type === 'ongoing', 2000);
    // A contract, not a speed goal: others learn of the writing within two seconds.
    expect(performance.now() - started).toBeLessThan(2000);
    const item = ongoingOf(event)!;
    expect(item).toMatchObject({
      type: 'edit-session',
      text: 'Ana is writing in Methods and Results of Final report.',
      actor: { id: Ana!.user.id, name: 'Ana' },
      doc: { id: t.docId, title: 'Final report' },
      edit: null,
      needsYou: null,
      link: `/docs/${t.docId}?section=Methods`,
      ongoing: { sections: ['Methods', 'Results'], moreSections: 0 },
    });
    expect(item.id).toBeLessThan(0);

    // The feed says the same, and says it in its summary rather than "nothing new".
    const feed = await feedOf(Ben);
    expect(feed.ongoing).toEqual([{ ...item, at: feed.ongoing![0]!.at }]);
    expect(feed.items).toEqual([]);
    expect(feed.unread).toBe(0);
    expect(feed.sentences).toEqual(['Ana is writing in Methods and Results of Final report.']);
    const digest = await server.api('GET', '/api/feed/digest', { as: Ben });
    expect(digest.body.text).toContain('Ana is writing in Methods and Results of Final report.');

    // Ana does not read of her own writing, in the feed or on the stream.
    expect((await feedOf(Ana)).ongoing).toEqual([]);
    await server.domain.feedStreams.poll();
    expect(ana.events.filter((e) => e.type === 'ongoing')).toEqual([]);
  });

  it('sends it again as the writing reaches other headings, and never to those who may not read the document', async () => {
    const t = await finalReport();
    const { Ana, Ben } = t.people;
    const outsider = await createTeam(server, [['Zed', 'instructor']]);
    const zed = await subscribe(outsider.people.Zed!);
    const ben = await subscribe(Ben!);
    const client = await editor(t, Ana!);

    typeUnder(client, 'Results', ' Mostly.');
    expect(ongoingOf(await ben.next('Ana writing', (e) => e.type === 'ongoing', 2000))?.text).toBe('Ana is writing in Results of Final report.');
    // Sections are measured again at most every two seconds while the writing goes on.
    typeUnder(client, 'Methods', ' We asked twelve schools across three regions.');
    const again = await ben.next('Ana writing in Methods too', (e) => e.type === 'ongoing', 5000);
    expect(ongoingOf(again)?.text).toBe('Ana is writing in Methods and Results of Final report.');

    // Zed is in no group with the document: nothing of it, live or in the feed.
    await server.domain.feedStreams.poll();
    expect(zed.events.filter((e) => e.type === 'ongoing')).toEqual([]);
    expect((await feedOf(outsider.people.Zed)).ongoing).toEqual([]);
  });

  it('shows editing stored through another instance sharing the database', async () => {
    const t = await finalReport();
    const { Ana, Ben } = t.people;
    const { database } = server.domain.config;
    const other = await startTestServer({ DATABASE_URL: database.kind === 'sqlite' ? `sqlite:${database.path}` : database.url, FEED_POLL_MS: '100' });
    try {
      const ben = await subscribe(Ben!, other);
      const client = await editor(t, Ana!, server);
      typeUnder(client, 'Results', ' Stored by the first instance.');
      // A wait, not a bound: the other instance polls every 100 ms, but a busy machine may delay it.
      const event = await ben.next('Ana writing, read by the other instance', (e) => e.type === 'ongoing', 10_000);
      expect(ongoingOf(event)?.text).toBe('Ana is writing in Results of Final report.');
      expect((await feedOf(Ben, other)).ongoing?.map((item) => item.text)).toEqual(['Ana is writing in Results of Final report.']);
    } finally {
      for (const thing of open.splice(0)) thing.close();
      await other.close();
    }
  });

  // Moves the clock past the gap: last, since the sync server stamps edits with the real time.
  it('is replaced by the finished session with its totals once the session ends', async () => {
    const t = await finalReport();
    const { Ana, Ben } = t.people;
    const ben = await subscribe(Ben!);
    const client = await editor(t, Ana!);
    typeUnder(client, 'Methods', ' We asked twelve schools.');
    const ongoing = ongoingOf(await ben.next('Ana writing', (e) => e.type === 'ongoing', 2000))!;
    client.destroy();

    clock.advance(gap + 1);
    await server.domain.editSessions.sweep();
    // Ines's setup session may end in the same sweep (its rows are stamped with the real time): wait for Ana's.
    const finished = await ben.next('the finished session', (e) => e.type === 'item' && e.item.sessionId === ongoing.sessionId, 2000);
    expect(finished).toMatchObject({
      type: 'item',
      item: { type: 'edit-session', sessionId: ongoing.sessionId, text: 'Ana edited Final report: +4 words, in Methods.', edit: { wordsAdded: 4 } },
    });
    const finishedItem = finished.type === 'item' ? finished.item : null;
    expect(finishedItem!.ongoing).toBeUndefined();

    // One item for the session: the finished one, with its totals.
    const feed = await feedOf(Ben);
    expect(feed.ongoing).toEqual([]);
    expect(feed.items.filter((item) => item.sessionId === ongoing.sessionId)).toEqual([finishedItem]);
    expect(feed.sentences).toContain('Ana edited Final report: +4 words, in Methods.');
  });
});
