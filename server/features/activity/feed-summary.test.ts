import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedResponse } from '../../../shared/schemas/activity';
import * as Y from 'yjs';
import { connectStockClient, waitFor } from '../../sync/test-clients';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { anchorOnText, block, comment, createTeam, endSessions, type Team } from './test-activity';

/**
 * The summary of the feed: plain sentences, the same words for the
 * same events, for scripted scenarios. Numbers come from the text written:
 * Ana's Methods and Results make 12 words (54 and 29 characters), Ben's
 * Discussion 5 words (33 characters).
 */
describe('feed summary', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function finalReport(): Promise<Team> {
    const team = await createTeam(
      server,
      [
        ['Ines', 'instructor'],
        ['Ana', 'member'],
        ['Ben', 'member'],
        ['Cy', 'member'],
      ],
      { title: 'Final report', groupName: 'Team Blue' },
    );
    // Cy wrote the opening: their own editing is never news to them.
    await team.writers.edit(team.people.Cy!, (f) => f.insert(0, [block('paragraph', 'Cy wrote this opening line.')]));
    return team;
  }

  const anaWrites = (team: Team) =>
    team.writers.edit(team.people.Ana!, (f) =>
      f.insert(f.length, [
        block('heading', 'Methods'),
        block('paragraph', 'We sampled twelve schools across three regions.'),
        block('heading', 'Results'),
        block('paragraph', 'Most schools improved.'),
      ]),
    );
  const benWrites = (team: Team) =>
    team.writers.edit(team.people.Ben!, (f) => f.insert(f.length, [block('heading', 'Discussion'), block('paragraph', 'Schools need more time.')]));

  async function feedOf(team: Team, name: string): Promise<FeedResponse> {
    const response = await server.api('GET', '/api/feed', { as: team.people[name] });
    expect(response.status).toBe(200);
    return response.body;
  }

  it('one editor: who, where, how much', async () => {
    const team = await finalReport();
    await anaWrites(team);
    await endSessions(server);

    const feed = await feedOf(team, 'Cy');
    expect(feed.sentences).toEqual(['Ana edited Final report: +12 words, in Methods and Results.']);
    expect(feed.summary).toBe('Ana edited Final report: +12 words, in Methods and Results.');
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item).toMatchObject({
      type: 'edit-session',
      actor: { name: 'Ana' },
      group: { id: team.groupId, name: 'Team Blue' },
      project: { id: team.projectId },
      doc: { id: team.docId, title: 'Final report' },
      text: 'Ana edited Final report: +12 words, in Methods and Results.',
      needsYou: null,
      link: `/docs/${team.docId}?section=Methods`,
      edit: {
        charsAdded: 83,
        charsRemoved: 0,
        wordsAdded: 12,
        wordsRemoved: 0,
        sections: [
          { heading: 'Methods', chars: 54 },
          { heading: 'Results', chars: 29 },
        ],
      },
    });
    expect(feed.places).toEqual([
      { group: { id: team.groupId, name: 'Team Blue' }, project: item!.project, doc: item!.doc, itemIds: [item!.id] },
    ]);
    // Ana's own feed does not tell her what she did, but what Cy did.
    expect((await feedOf(team, 'Ana')).sentences).toEqual(['Cy edited Final report: +5 words.']);
  });

  it('several editors, comments and suggestions: the sentences of the spec', async () => {
    const team = await finalReport();
    const { Ana, Ben, Cy } = team.people;
    await anaWrites(team);
    await benWrites(team);
    await comment(server, team, Ana!, 'Is this sourced?', 'twelve schools');
    const mention = await comment(server, team, Ben!, `@[Cy](${Cy!.user.id}) can you check?`, 'Most schools');
    await server.api('POST', `/api/threads/${mention.id}/replies`, { as: Ana, body: { body: 'Agreed.' } });
    for (const [who, replacement] of [
      [Ana!, 'Cy wrote this first line.'],
      [Ben!, 'This opening line.'],
    ] as const) {
      const suggested = await server.api('POST', `/api/docs/${team.docId}/threads`, {
        as: who,
        body: { kind: 'suggestion', replacement, anchor: team.writers.anchor(who, 'Cy wrote this opening line.') },
      });
      expect(suggested.status).toBe(201);
    }
    await endSessions(server);

    const feed = await feedOf(team, 'Cy');
    expect(feed.summary).toBe(
      'Ana and Ben edited Final report: +17 words, mostly in Methods and Discussion. ' +
        '3 new comments, one mentions you. 2 suggestions on your text wait for your answer.',
    );
    expect(feed.needsYou).toBe(3);
    expect(feed.unread).toBe(7);
  });

  it('only comments', async () => {
    const team = await finalReport();
    const { Ana, Ben, Cy } = team.people;
    await comment(server, team, Ana!, 'Lovely opening.', 'opening line');
    await comment(server, team, Ben!, 'Too short?', 'opening');

    expect((await feedOf(team, 'Ines')).sentences).toEqual(['2 new comments.']);
    // On Cy's text: both need Cy while they are open.
    expect((await feedOf(team, 'Cy')).sentences).toEqual(['2 new comments.', '2 unresolved threads on your text.']);

    await comment(server, team, Ana!, `@[Cy](${Cy!.user.id}) and @[Ines](${team.people.Ines!.user.id}), thoughts?`, 'Cy wrote');
    expect((await feedOf(team, 'Ines')).sentences).toEqual(['3 new comments, one mentions you.']);
    expect((await feedOf(team, 'Ben')).sentences).toEqual(['2 new comments.']);
  });

  it('news that no sentence sums up still counts: never "nothing new" beside listed items', async () => {
    const team = await finalReport();
    const { groupId } = team;
    const changed = await server.api('PATCH', `/api/groups/${groupId}/members/${team.people.Cy!.user.id}`, {
      as: team.people.Ines,
      body: { role: 'reviewer' },
    });
    expect(changed.status).toBe(200);
    const feed = await feedOf(team, 'Ana');
    expect(feed.items.map((item) => item.type)).toEqual(['member-role-changed']);
    expect(feed.sentences).toEqual(['1 new update.']);
  });

  it('nothing new since the last visit', async () => {
    const team = await finalReport();
    await server.api('POST', '/api/feed/seen', { as: team.people.Ana, body: {} });
    const feed = await feedOf(team, 'Ana');
    expect(feed).toMatchObject({
      items: [],
      places: [],
      summary: 'Nothing new since your last visit.',
      sentences: ['Nothing new since your last visit.'],
      unread: 0,
      needsYou: 0,
      hasMore: false,
      firstVisit: false,
    });
  });

  it('a first visit says what the team has done so far, not "nothing new"', async () => {
    const team = await createTeam(
      server,
      [
        ['Ines', 'instructor'],
        ['Ana', 'member'],
        ['Ben', 'member'],
      ],
      { title: 'Final report', groupName: 'Team Blue' },
    );
    const { Ana, Ben, Ines } = team.people;
    // Ana and Ben write through the sync server, which keeps the words each wrote.
    let doc = new Y.Doc();
    for (const [who, text] of [
      [Ana!, 'We sampled twelve schools.'],
      [Ben!, 'Most improved.'],
    ] as const) {
      // Each writer their own replica (their own client id), synced with what is stored.
      doc = new Y.Doc();
      const client = connectStockClient(server.url, team.docId, who, { doc });
      try {
        await client.synced;
        const fragment = doc.getXmlFragment('default');
        fragment.insert(fragment.length, [block('paragraph', text)]);
        await waitFor(`${who.user.name}'s words to be counted`, async () =>
          (await server.domain.store.db.selectFrom('doc_contributions').select('words').where('user_id', '=', who.user.id).execute()).length > 0,
        );
      } finally {
        client.destroy();
      }
    }
    await endSessions(server);
    for (const text of ['twelve', 'Most']) {
      const created = await server.api('POST', `/api/docs/${team.docId}/threads`, { as: Ana, body: { kind: 'comment', body: 'Hm?', anchor: anchorOnText(doc, text) } });
      expect(created.status).toBe(201);
    }

    // Cy joins now: everything before is the team's past, not news, and Cy has no last visit.
    const invite = await server.api('POST', `/api/groups/${team.groupId}/invites`, { as: Ines, body: { role: 'member' } });
    const cy = await server.createUser('Cy');
    expect((await server.api('POST', `/api/invites/${invite.body.invite.code}/accept`, { as: cy })).status).toBe(200);
    const first = (await server.api('GET', '/api/feed', { as: cy })).body as FeedResponse;
    expect(first).toMatchObject({
      items: [],
      unread: 0,
      firstVisit: true,
      sentences: ['Since Team Blue started: 1 document, Ana and Ben wrote 6 words, 2 open threads.'],
    });
    expect(first.summary).not.toContain('Nothing new');

    // Once Cy has marked the news read, there is a last visit to speak of.
    await server.api('POST', '/api/feed/seen', { as: cy, body: {} });
    expect((await server.api('GET', '/api/feed', { as: cy })).body).toMatchObject({
      firstVisit: false,
      sentences: ['Nothing new since your last visit.'],
    });
  });

  it('names many people "A, B and N others", and numbers the en-US way', async () => {
    const names = ['Dee', 'Eve', 'Fay', 'Gus', 'Hal'];
    const team = await createTeam(
      server,
      [['Ines', 'instructor'], ...names.map((name): [string, 'member'] => [name, 'member'])],
      { title: 'Long essay' },
    );
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    // Dee writes most, then Eve..., so names come in that order.
    for (const [i, name] of names.entries()) {
      await team.writers.edit(team.people[name]!, (f) => f.insert(f.length, [block('paragraph', words(i === 0 ? 1200 : 10 - i))]));
    }
    await endSessions(server);
    const feed = await server.api('GET', '/api/feed', { as: team.people.Ines });
    expect(feed.body.sentences).toEqual(['Dee, Eve and 3 others edited Long essay: +1,230 words.']);
  });
});
