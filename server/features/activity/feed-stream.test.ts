import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStreamEvent } from '../../../shared/schemas/activity';
import { waitFor } from '../../sync/test-clients';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import type { StreamReader } from '../threads/test-feedback';
import { block, comment, createTeam, openFeedStream, type Team } from './test-activity';

/**
 * GET /api/feed/stream: new items reach an open home page within
 * a second, as the reader may see them; never private feedback they may not
 * read, nothing of groups they are not in, nothing they did themselves.
 */
describe('GET /api/feed/stream', () => {
  let server: TestServer;
  const open: StreamReader<FeedStreamEvent>[] = [];

  beforeAll(async () => {
    server = await startTestServer({ FEED_POLL_MS: '50' });
  });
  afterEach(() => {
    for (const reader of open.splice(0)) reader.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function subscribe(user: TestUser): Promise<StreamReader<FeedStreamEvent>> {
    const reader = await openFeedStream(server, user);
    expect(reader.status).toBe(200);
    open.push(reader);
    return reader;
  }

  async function team(): Promise<Team> {
    const t = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
      ['Ben', 'member'],
      ['Rey', 'reviewer'],
    ]);
    await t.writers.edit(t.people.Ana!, (f) => f.insert(0, [block('paragraph', 'Ana wrote this paragraph.')]));
    return t;
  }

  const itemText = (event: FeedStreamEvent) => (event.type === 'item' ? event.item.text : event.type);

  it('sends a new item as the reader would read it, within a second', async () => {
    const t = await team();
    const ana = await subscribe(t.people.Ana!);
    const started = performance.now();
    const created = await comment(server, t, t.people.Ben!, 'Live comment.', 'paragraph');
    const event = await ana.next('the comment', (e) => e.type === 'item');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(event).toMatchObject({
      type: 'item',
      item: {
        type: 'thread-created',
        text: 'Ben commented on Test document: “Live comment.”',
        // On Ana's text: it needs her.
        needsYou: 'thread-on-your-text',
        link: `/docs/${t.docId}?thread=${created.id}`,
        thread: { id: created.id, kind: 'comment', status: 'open' },
      },
    });
    // The same item as the feed then lists.
    const feed = await server.api('GET', '/api/feed', { as: t.people.Ana });
    expect(feed.body.items[0]).toEqual(event.type === 'item' ? event.item : null);
  });

  it('never sends private feedback to those who may not see it, nor anyone their own doings', async () => {
    const t = await team();
    const { Ana, Ben, Ines, Rey } = t.people;
    const ana = await subscribe(Ana!);
    const ben = await subscribe(Ben!);
    const ines = await subscribe(Ines!);
    const rey = await subscribe(Rey!);
    const secret = await comment(server, t, Ben!, 'Private worry.', 'wrote', { visibility: 'instructors' });
    await server.api('POST', `/api/threads/${secret.id}/replies`, { as: Ines, body: { body: 'Private answer.' } });
    await comment(server, t, Ines!, 'Public note.', 'this');

    for (const reader of [ana, rey]) {
      expect(itemText(await reader.next('the public note', (e) => e.type === 'item'))).toBe('Ines commented on Test document: “Public note.”');
      expect(JSON.stringify(reader.events)).not.toContain('Private');
    }
    expect(itemText(await ines.next('the private comment', (e) => e.type === 'item'))).toBe('Ben privately commented on Test document: “Private worry.”');
    expect(itemText(await ben.next('the private reply', (e) => e.type === 'item'))).toBe(
      'Ines privately replied to your comment on Test document: “Private answer.”',
    );
    expect(itemText(await ben.next('the public note', (e) => e.type === 'item'))).toBe('Ines commented on Test document: “Public note.”');
    // Ines hears nothing of her own reply and note.
    await comment(server, t, Ana!, 'After.', 'Ana');
    expect(itemText(await ines.next('the next item', (e) => e.type === 'item'))).toBe('Ana commented on Test document: “After.”');
  });

  it('sends an editing session that began before the reader’s visit as only the writing after it', async () => {
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
    const minute = 60 * 1000;
    const visit = Date.now();
    await t.writers.edit(Ana!, (f) => f.insert(0, [block('paragraph', 'Before the visit.')]), visit - 4 * minute);
    await server.api('POST', '/api/feed/seen', { as: Ben, body: {} });
    await t.writers.edit(Ana!, (f) => f.insert(1, [block('paragraph', 'After the visit, more words.')]), visit + 5 * minute);
    const ben = await subscribe(Ben!);
    const ines = await subscribe(Ines!);
    await server.domain.editSessions.sweep(visit + 5 * minute + 10 * minute + 1);

    // Ben visited midway: five words are news to him. Ines never did: all eight.
    const forBen = await ben.next('the session', (e) => e.type === 'item');
    expect(forBen).toMatchObject({ item: { text: 'Ana edited Lab report: +5 words.', at: visit + 5 * minute, edit: { startedAt: visit + 5 * minute } } });
    expect(itemText(await ines.next('the session', (e) => e.type === 'item'))).toBe('Ana edited Lab report: +8 words.');
    // The same item as the feed then lists.
    expect((await server.api('GET', '/api/feed', { as: Ben })).body.items).toEqual([forBen.type === 'item' ? forBen.item : null]);
  });

  it('follows the reader in and out of groups, and ends with their session', async () => {
    const t = await team();
    const other = await createTeam(server, [['Ola', 'instructor']]);
    await other.writers.edit(other.people.Ola!, (f) => f.insert(0, [block('paragraph', 'Elsewhere entirely.')]));
    const ben = await subscribe(t.people.Ben!);

    // Not a member of the other group: nothing of it.
    await comment(server, other, other.people.Ola!, 'Not for Ben.', 'Elsewhere');
    await server.domain.feedStreams.poll();
    // Joining it (an invite) brings its news.
    const invite = await server.api('POST', `/api/groups/${other.groupId}/invites`, { as: other.people.Ola, body: { role: 'member' } });
    await server.api('POST', `/api/invites/${invite.body.invite.code}/accept`, { as: t.people.Ben });
    await comment(server, other, other.people.Ola!, 'Welcome, Ben.', 'entirely');
    expect(itemText(await ben.next('the welcome', (e) => e.type === 'item'))).toBe('Ola commented on Test document: “Welcome, Ben.”');

    // Leaving the first group ends its news, not the stream.
    await server.api('DELETE', `/api/groups/${t.groupId}/members/${t.people.Ben!.user.id}`, { as: t.people.Ben });
    await comment(server, t, t.people.Ana!, 'Ben is gone.', 'paragraph');
    await comment(server, other, other.people.Ola!, 'Still here.', 'Elsewhere');
    expect(itemText(await ben.next('the next item', (e) => e.type === 'item'))).toBe('Ola commented on Test document: “Still here.”');
    expect(JSON.stringify(ben.events)).not.toContain('Not for Ben');
    expect(JSON.stringify(ben.events)).not.toContain('Ben is gone');

    await server.api('POST', '/api/auth/logout', { as: t.people.Ben });
    expect(await ben.next('end', (e) => e.type === 'end')).toEqual({ type: 'end', reason: 'session-ended' });
    await ben.ended;
    await waitFor('the subscriber to be forgotten', () => server.domain.feedStreams.count(t.people.Ben!.user.id) === 0);
  });

  it('is refused without a session', async () => {
    const reader = await openFeedStream(server, null);
    expect(reader.status).toBe(401);
  });
});
