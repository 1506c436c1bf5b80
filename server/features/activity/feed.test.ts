import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedResponse } from '../../../shared/schemas/activity';
import { newId } from '../../db/ids';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { block, comment, createTeam, type Team } from './test-activity';

/**
 * GET /api/feed and POST /api/feed/seen: read positions, what
 * needs the reader first, who may see what, and events written in the
 * transaction of what they tell.
 */
describe('the activity feed', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A team where Cy wrote the document's first paragraph and Ana its closing line. */
  async function team(): Promise<Team> {
    const t = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
      ['Ben', 'member'],
      ['Cy', 'member'],
      ['Rey', 'reviewer'],
    ]);
    await t.writers.edit(t.people.Cy!, (f) => f.insert(0, [block('paragraph', 'Cy wrote the whole opening paragraph here.')]));
    await t.writers.edit(t.people.Ana!, (f) => f.insert(1, [block('paragraph', 'Ana wrote a closing line.')]));
    return t;
  }

  async function feedOf(user: TestUser | undefined): Promise<FeedResponse> {
    const response = await server.api('GET', '/api/feed', { as: user });
    expect(response.status).toBe(200);
    return response.body;
  }

  const texts = (feed: FeedResponse) => feed.items.map((item) => item.text);

  describe('read positions', () => {
    it('marks everything seen, or up to an item; seen items are not returned again', async () => {
      const t = await team();
      const { Ana, Ben, Ines } = t.people;
      await comment(server, t, Ana!, 'First.', 'whole');
      await comment(server, t, Ana!, 'Second.', 'opening');
      await comment(server, t, Ana!, 'Third.', 'paragraph');
      const before = await feedOf(Ben);
      expect(texts(before)).toEqual([
        'Ana commented on Test document: “Third.”',
        'Ana commented on Test document: “Second.”',
        'Ana commented on Test document: “First.”',
      ]);
      expect(before.unread).toBe(3);

      // Up to the second: only the third is left.
      const second = before.items[1]!.id;
      const marked = await server.api('POST', '/api/feed/seen', { as: Ben, body: { upTo: second } });
      expect(marked.status).toBe(200);
      expect(marked.body).toEqual({ unread: 1 });
      expect(texts(await feedOf(Ben))).toEqual(['Ana commented on Test document: “Third.”']);

      // A position never moves back.
      await server.api('POST', '/api/feed/seen', { as: Ben, body: { upTo: 0 } });
      expect((await feedOf(Ben)).unread).toBe(1);

      // Everything.
      expect((await server.api('POST', '/api/feed/seen', { as: Ben, body: {} })).body).toEqual({ unread: 0 });
      const after = await feedOf(Ben);
      expect(after.items).toEqual([]);
      expect(after.summary).toBe('Nothing new since your last visit.');

      // New items after that are unseen again; others' positions are their own.
      await comment(server, t, Ana!, 'Fourth.', 'here');
      expect(texts(await feedOf(Ben))).toEqual(['Ana commented on Test document: “Fourth.”']);
      expect((await feedOf(Ines)).unread).toBe(4);
    });

    it('marks one group seen, leaving the others', async () => {
      const one = await team();
      const two = await createTeam(server, [['Ina', 'instructor']]);
      const ben = one.people.Ben!;
      await server.domain.store.db
        .insertInto('memberships')
        .values({ group_id: two.groupId, user_id: ben.user.id, role: 'member', created_at: Date.now() })
        .execute();
      await two.writers.edit(two.people.Ina!, (f) => f.insert(0, [block('paragraph', 'Another team entirely.')]));
      await comment(server, one, one.people.Ana!, 'In one.', 'whole');
      await comment(server, two, two.people.Ina!, 'In two.', 'Another');
      expect((await feedOf(ben)).unread).toBe(2);

      expect((await server.api('POST', '/api/feed/seen', { as: ben, body: { groupId: one.groupId } })).body).toEqual({ unread: 1 });
      expect(texts(await feedOf(ben))).toEqual(['Ina commented on Test document: “In two.”']);
      // A group the caller is not in is not found.
      const outsider = await createTeam(server, [['Zed', 'instructor']]);
      expect((await server.api('POST', '/api/feed/seen', { as: ben, body: { groupId: outsider.groupId } })).status).toBe(404);
    });
  });

  it('lists what needs the reader first: mentions, replies, suggestions and threads on their text; then the rest, newest first', async () => {
    const t = await team();
    const { Ana, Ben, Cy } = t.people;
    const mine = await comment(server, t, Cy!, 'My own question.', 'whole');
    await comment(server, t, Ana!, 'On your text.', 'opening');
    await comment(server, t, Ben!, 'Plain, older.', 'closing');
    await server.api('POST', `/api/threads/${mine.id}/replies`, { as: Ana, body: { body: 'An answer to you.' } });
    const suggestion = await server.api('POST', `/api/docs/${t.docId}/threads`, {
      as: Ben,
      body: { kind: 'suggestion', replacement: 'whole first', anchor: t.writers.anchor(Ben!, 'whole opening') },
    });
    await comment(server, t, Ben!, `@[Cy](${Cy!.user.id}) look.`, 'paragraph');
    await comment(server, t, Ana!, 'Plain, newer.', 'closing line');

    const feed = await feedOf(Cy);
    expect(feed.items.map((item) => [item.needsYou, item.text])).toEqual([
      ['mention', 'Ben commented on Test document: “@Cy look.”'],
      ['reply', 'Ana replied to your comment on Test document: “An answer to you.”'],
      ['suggestion-on-your-text', 'Ben suggested replacing “whole opening” with “whole first” in Test document.'],
      ['thread-on-your-text', 'Ana commented on Test document: “On your text.”'],
      [null, 'Ana commented on Test document: “Plain, newer.”'],
      [null, 'Ben commented on Test document: “Plain, older.”'],
    ]);
    expect(feed.needsYou).toBe(4);
    expect(feed.items[0]!.link).toMatch(new RegExp(`^/docs/${t.docId}\\?thread=[a-z2-7]+$`));
    expect(feed.items[1]!.link).toMatch(new RegExp(`^/docs/${t.docId}\\?thread=${mine.id}&reply=[a-z2-7]+$`));

    // Once answered, the suggestion no longer waits for Cy: it falls among the rest, and its outcome is news.
    await server.api('PATCH', `/api/threads/${suggestion.body.thread.id}`, { as: Ana, body: { status: 'accepted' } });
    const later = await feedOf(Cy);
    expect(later.items.map((item) => item.needsYou)).toEqual(['mention', 'reply', 'thread-on-your-text', null, null, null, null]);
    expect(later.items[3]!.text).toBe('Ana accepted a suggestion on Test document.');
    expect(later.sentences).toEqual([
      '5 new comments, one mentions you.',
      '1 new suggestion.',
      '1 unresolved thread on your text.',
      '1 suggestion accepted.',
    ]);
  });

  describe('visibility', () => {
    it('never shows private feedback to members or reviewers who did not write it', async () => {
      const t = await team();
      const { Ana, Ben, Cy, Ines, Rey } = t.people;
      const secret = await comment(server, t, Ana!, 'Private worry about Cy.', 'opening', { visibility: 'instructors' });
      await server.api('POST', `/api/threads/${secret.id}/replies`, { as: Ines, body: { body: 'Private answer.' } });
      await server.api('PATCH', `/api/threads/${secret.id}`, { as: Ines, body: { status: 'resolved' } });
      await comment(server, t, Ben!, 'Public note.', 'closing');

      for (const reader of [Cy, Rey]) {
        const feed = await feedOf(reader);
        expect(texts(feed)).toEqual(['Ben commented on Test document: “Public note.”']);
        expect(feed.unread).toBe(1);
        expect(JSON.stringify(feed)).not.toContain('Private');
        expect(JSON.stringify(feed)).not.toContain(secret.id);
      }
      // Cy's text, but Cy may not see it: it does not need Cy either.
      expect((await feedOf(Cy)).needsYou).toBe(0);

      expect(texts(await feedOf(Ines))).toEqual([
        'Ben commented on Test document: “Public note.”',
        'Ana privately commented on Test document: “Private worry about Cy.”',
      ]);
      // Its author sees it all: the reply needs her, as does Ben's note on her closing line.
      expect((await feedOf(Ana)).items.map((item) => [item.needsYou, item.text])).toEqual([
        ['reply', 'Ines privately replied to your comment on Test document: “Private answer.”'],
        ['thread-on-your-text', 'Ben commented on Test document: “Public note.”'],
        [null, 'Ines resolved your comment on Test document.'],
      ]);
    });

    it('shows nothing of a group to someone who is not in it', async () => {
      const t = await team();
      await comment(server, t, t.people.Ana!, 'Team only.', 'whole');
      const outsider = await server.createUser('Otto');
      const feed = await feedOf(outsider);
      expect(feed).toMatchObject({ items: [], places: [], unread: 0, needsYou: 0, health: [], sentences: ['You are not in a group yet.'] });
      expect((await server.api('GET', '/api/feed/digest', { as: outsider })).body.html).not.toContain('Team only');
      expect((await server.api('GET', `/api/groups/${t.groupId}/health`, { as: outsider })).status).toBe(404);
      expect((await server.api('GET', `/api/docs/${t.docId}/changes-since-last-visit`, { as: outsider })).status).toBe(404);
      expect((await server.api('POST', `/api/docs/${t.docId}/visit`, { as: outsider })).status).toBe(404);

      // Leaving a group ends its news.
      const ben = t.people.Ben!;
      expect((await feedOf(ben)).unread).toBe(1);
      await server.api('DELETE', `/api/groups/${t.groupId}/members/${ben.user.id}`, { as: ben });
      expect((await feedOf(ben)).items).toEqual([]);
    });
  });

  describe('events are written in the transaction of what they tell', () => {
    it('a join that fails leaves neither a member nor an event', async () => {
      const t = await team();
      const { db } = server.domain.store;
      const code = newId(15);
      const now = Date.now();
      await db
        .insertInto('invites')
        .values({ code, group_id: t.groupId, role: 'member', created_by: t.people.Ines!.user.id, created_at: now - 10, expires_at: now - 1, max_uses: null, uses: 0, revoked_at: null })
        .execute();
      const newcomer = await server.createUser('Nia');
      const accepted = await server.api('POST', `/api/invites/${code}/accept`, { as: newcomer });
      expect(accepted.status).toBe(410);
      expect(await db.selectFrom('memberships').select('user_id').where('user_id', '=', newcomer.user.id).execute()).toEqual([]);
      expect(await db.selectFrom('events').select('id').where('actor_id', '=', newcomer.user.id).execute()).toEqual([]);
    });

    it('each change writes its event: joins, role changes, threads, replies, status changes, removals', async () => {
      const t = await team();
      const { Ines, Ana } = t.people;
      const { db } = server.domain.store;
      const invite = await server.api('POST', `/api/groups/${t.groupId}/invites`, { as: Ines, body: { role: 'member' } });
      const newcomer = await server.createUser('Nia');
      await server.api('POST', `/api/invites/${invite.body.invite.code}/accept`, { as: newcomer });
      await server.api('PATCH', `/api/groups/${t.groupId}/members/${newcomer.user.id}`, { as: Ines, body: { role: 'reviewer' } });
      const thread = await comment(server, t, Ana!, 'Hello.', 'whole');
      await server.api('POST', `/api/threads/${thread.id}/replies`, { as: Ines, body: { body: 'Hi.' } });
      await server.api('PATCH', `/api/threads/${thread.id}`, { as: Ines, body: { status: 'resolved' } });
      await server.api('DELETE', `/api/groups/${t.groupId}/members/${newcomer.user.id}`, { as: Ines });
      const types = await db.selectFrom('events').select(['type', 'actor_id', 'subject_id']).where('group_id', '=', t.groupId).orderBy('id').execute();
      expect(types).toEqual([
        { type: 'member-joined', actor_id: newcomer.user.id, subject_id: newcomer.user.id },
        { type: 'member-role-changed', actor_id: Ines!.user.id, subject_id: newcomer.user.id },
        { type: 'thread-created', actor_id: Ana!.user.id, subject_id: null },
        { type: 'reply-created', actor_id: Ines!.user.id, subject_id: null },
        { type: 'thread-status-changed', actor_id: Ines!.user.id, subject_id: null },
        { type: 'member-left', actor_id: Ines!.user.id, subject_id: newcomer.user.id },
      ]);
      expect(texts(await feedOf(t.people.Ben)).slice(0, 3)).toEqual([
        'Ines removed Nia from Test group.',
        'Ines resolved a comment on Test document.',
        'Ines replied to Ana’s comment on Test document: “Hi.”',
      ]);

      // A version named through its route is recorded in the same transaction; the feed finds its place from the document.
      const created = await server.api('POST', `/api/docs/${t.docId}/versions`, { as: Ana, body: { name: 'Draft 1' } });
      expect(created.status).toBe(201);
      const versionId: string = created.body.version.id;
      const [named] = (await feedOf(t.people.Ben)).items;
      expect(named).toMatchObject({
        type: 'version-named',
        group: { id: t.groupId },
        project: { id: t.projectId },
        text: 'Ana named a version of Test document: “Draft 1”',
        version: { id: versionId, name: 'Draft 1' },
        link: `/docs/${t.docId}?version=${versionId}`,
      });

      // A thread deleted for good takes its events along.
      const gone = await comment(server, t, Ana!, 'Oops.', 'here');
      await server.api('DELETE', `/api/threads/${gone.id}`, { as: Ana });
      expect(await db.selectFrom('events').select('id').where('thread_id', '=', gone.id).execute()).toEqual([]);
    });
  });
});
