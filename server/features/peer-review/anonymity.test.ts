import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedStreamEvent } from '../../../shared/schemas/activity';
import type { MembersResponse } from '../../../shared/schemas/groups';
import type { Thread, ThreadResponse, ThreadsResponse, ThreadStreamEvent } from '../../../shared/schemas/threads';
import { userColor } from '../../../shared/user-color';
import type { PeerReviewRow } from '../../db/schema';
import { stockClientPool, waitFor } from '../../sync/test-clients';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { concretePath, methodOf, patternOf, registeredRoutes } from '../test-routes';
import { commentBody, openEventStream, openStream } from '../threads/test-feedback';
import { type ReviewedAssignment, reviewedAssignment } from './test-peer-review';

const day = 86_400_000;
const notifyDelayMs = 60_000;

/**
 * Anonymity in a peer review's room, both ways: every place a name is
 * shown for the room's content, walked as an author and as a reviewer, on
 * a real server with real sockets. The reviewers' names, emails and ids
 * never reach the reviewed team, nor the authors' the reviewers; the
 * course's instructors see who is who.
 */
describe('anonymity in a peer review', () => {
  const clock = testClock();
  const clients = stockClientPool();
  let server: TestServer;
  let teacher: TestUser;
  /** The reviewed team. */
  let ana: TestUser;
  let amy: TestUser;
  /** The reviewing team. */
  let ben: TestUser;
  let bea: TestUser;
  let essay: ReviewedAssignment;
  let review: PeerReviewRow;
  let reviewerAlias: string;
  const authorAlias = 'Author of submission 1';
  let benThread: Thread;

  /** Whatever identifies these people: their names, emails and ids. */
  const identities = (...people: TestUser[]) => people.flatMap(({ user }) => [user.name, user.email, user.id]);
  /** Fails when anything in `seen` (a response body, a message, a mail) names one of `people`. */
  const expectHidden = (where: string, seen: unknown, people: TestUser[]) => {
    const text = typeof seen === 'string' ? seen : JSON.stringify(seen);
    for (const identity of identities(...people)) expect(text, `${where} shows ${identity}`).not.toContain(identity);
  };
  const api = async <T>(method: string, path: string, as: TestUser, body?: unknown) => {
    const answer = await server.api<T>(method, path, { as, body });
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  };
  const roomThreads = (as: TestUser) => api<ThreadsResponse>('GET', `/api/docs/${review.doc_id}/threads`, as);
  const roomMembers = (as: TestUser) => api<MembersResponse>('GET', `/api/groups/${review.room_id}/members`, as);

  beforeAll(async () => {
    server = await startTestServer({ NOTIFY_DELAY_SECONDS: String(notifyDelayMs / 1000) }, { now: clock.now });
    [teacher, ana, amy, ben, bea] = await server.createUsers('Tess Teacher', 'Ana Author', 'Amy Author', 'Ben Reviewer', 'Bea Reviewer');
    essay = await reviewedAssignment(server, teacher, [[ana, amy], [ben, bea]], { k: 1, anonymity: 'both', dueAt: clock.now() + 7 * day });
    await essay.submit(ana, 'Trains are the future.');
    expect((await server.api('POST', `/api/assignments/${essay.assignmentId}/peer-review/open`, { as: teacher })).status).toBe(200);
    review = await server.domain.store.db
      .selectFrom('peer_reviews')
      .selectAll()
      .where('assignment_id', '=', essay.assignmentId)
      .where('reviewee_team_id', '=', essay.teamIds[0]!)
      .executeTakeFirstOrThrow();
    reviewerAlias = `Reviewer ${review.reviewer_index}`;

    // The reviewers comment while drafting, Ben mentioning Bea as the mention list offers her (alias, stand-in id) but by her real name, as teammates do.
    const shownBea = (await roomMembers(ben)).members.find((m) => m.user.id !== ben.user.id && m.role === 'reviewer')!.user;
    benThread = (await api<ThreadResponse>('POST', `/api/docs/${review.doc_id}/threads`, ben, commentBody({ body: `Is this sourced? @[Bea Reviewer](${shownBea.id}) agrees.` })))
      .thread;
    await api('POST', `/api/threads/${benThread.id}/replies`, bea, { body: 'I do.' });
    await api('PUT', `/api/peer-reviews/${review.id}`, ben, { answers: [{ level: 2, comment: 'Clear.' }, { level: 1, comment: '' }], overallComment: 'Good.' });
    await api('POST', `/api/peer-reviews/${review.id}/submit`, ben);
  });
  afterAll(async () => {
    clients.destroyAll();
    await server?.close();
  });

  it('lets the reviewed team read the reviewers’ threads, replies and mentions only as the reviewers’ alias', async () => {
    const { threads } = await roomThreads(ana);
    const thread = threads.find((t) => t.id === benThread.id)!;
    expect(thread.author.name).toBe(reviewerAlias);
    expect(thread.body).toBe(`Is this sourced? @[${reviewerAlias}](${thread.mentions[0]!.id}) agrees.`);
    expect(thread.replies.map((reply) => reply.author.name)).toEqual([reviewerAlias]);
    // Ben and Bea share the alias, but are two people: their stand-in ids differ.
    expect(thread.replies[0]!.author.id).not.toBe(thread.author.id);
    expectHidden('the threads', threads, [ben, bea]);
    expectHidden('one thread', await api('GET', `/api/threads/${benThread.id}`, ana), [ben, bea]);
    expectHidden('threads by author', await api('GET', `/api/docs/${review.doc_id}/threads?author=${thread.author.id}`, ana), [ben, bea]);
    expect((await api<ThreadsResponse>('GET', `/api/docs/${review.doc_id}/threads?author=${thread.author.id}`, ana)).threads.map((t) => t.id)).toEqual([benThread.id]);
  });

  it('tells an author who knows a reviewer’s real id nothing when they ask by it', async () => {
    // By the real id, Ben's threads are nobody's, and mentioning him is refused as a stranger's would be.
    expect((await api<ThreadsResponse>('GET', `/api/docs/${review.doc_id}/threads?author=${ben.user.id}`, ana)).threads).toEqual([]);
    const mention = (id: string) =>
      server.api('POST', `/api/threads/${benThread.id}/replies`, { as: ana, body: { body: `Was it you, @[Ben Reviewer](${id})?` } });
    const byRealId = await mention(ben.user.id);
    const byStranger = await mention(teacher.user.id.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')));
    expect(byRealId.status).toBe(400);
    expect(byRealId.body).toEqual(byStranger.body);
  });

  it('shows each team the review and the stage’s lists without the other team’s people', async () => {
    expectHidden('the review', await api('GET', `/api/peer-reviews/${review.id}`, ana), [ben, bea]);
    expectHidden('the review', await api('GET', `/api/peer-reviews/${review.id}`, ben), [ana, amy]);
    expectHidden('my reviews', await api('GET', `/api/assignments/${essay.assignmentId}/peer-review/my-reviews`, ana), [ben, bea]);
    expectHidden('my reviews', await api('GET', `/api/assignments/${essay.assignmentId}/peer-review/my-reviews`, ben), [ana, amy]);
  });

  it('lists the room’s members to each team by alias and stand-in id, without emails; the instructor by name', async () => {
    const seenByAna = await roomMembers(ana);
    expectHidden('the members', seenByAna, [ben, bea]);
    expect(seenByAna.members.filter((m) => m.user.name === reviewerAlias)).toHaveLength(2);
    expect(seenByAna.members.find((m) => m.user.name === reviewerAlias)!.user.email).toBe('');
    // Ana sees herself as herself; her teammate as the alias.
    expect(seenByAna.members.find((m) => m.user.id === ana.user.id)?.user.name).toBe('Ana Author');
    const seenByBen = await roomMembers(ben);
    expectHidden('the members', seenByBen, [ana, amy]);
    expect(seenByBen.members.filter((m) => m.user.name === authorAlias)).toHaveLength(2);
    const seenByTeacher = await roomMembers(teacher);
    expect(seenByTeacher.members.map((m) => m.user.name).sort()).toEqual(['Amy Author', 'Ana Author', 'Bea Reviewer', 'Ben Reviewer', 'Tess Teacher']);
  });

  it('streams replies, tells the feed and notifies, by mail too, under the aliases both ways; mentions by stand-in id reach the member', async () => {
    const anaThreadStream = await openStream(server, review.doc_id, ana);
    const anaFeedStream = await openEventStream<FeedStreamEvent>(server, '/api/feed/stream', ana);
    const benThreadStream = await openStream(server, review.doc_id, ben);
    try {
      // Ana answers, mentioning Ben by the stand-in id she was shown.
      const { threads } = await roomThreads(ana);
      const shownBen = threads.find((t) => t.id === benThread.id)!.author;
      await api('POST', `/api/threads/${benThread.id}/replies`, ana, { body: `Yes: see page 2, @[${shownBen.name}](${shownBen.id}).` });
      const heardByBen = await benThreadStream.next('Ana’s reply', (event: ThreadStreamEvent) => event.type === 'reply', 5000);
      expectHidden('the thread stream', heardByBen, [ana, amy]);
      expect(heardByBen).toMatchObject({ reply: { author: { name: authorAlias } } });
      // The mention was stored as Ben's: he is notified, by the author's alias.
      const benInbox = await api<{ items: { text: string }[] }>('GET', '/api/notifications', ben);
      expect(benInbox.items.some((item) => item.text.startsWith(`${authorAlias} mentioned you in a reply on Essay`))).toBe(true);
      expectHidden('the notifications', benInbox, [ana, amy]);
      // The instructor reads the mention with the real id.
      const teacherThread = (await api<ThreadResponse>('GET', `/api/threads/${benThread.id}`, teacher)).thread;
      expect(teacherThread.replies.at(-1)!.body).toContain(`](${ben.user.id})`);
      expect(teacherThread.author.name).toBe('Ben Reviewer');

      // Bea answers Ana: the author hears it live, in the feed and in the inbox.
      clock.advance(1000);
      await api('POST', `/api/threads/${benThread.id}/replies`, bea, { body: 'Thanks, found it.' });
      const heard = await anaThreadStream.next('Bea’s reply', (event: ThreadStreamEvent) => event.type === 'reply' && event.reply.body === 'Thanks, found it.', 5000);
      expectHidden('the thread stream', heard, [ben, bea]);
      const item = await anaFeedStream.next('Bea’s reply in the feed', (event) => event.type === 'item' && event.item.group.id === review.room_id, 10_000);
      expectHidden('the feed stream', item, [ben, bea]);
      const anaInbox = await api<{ items: { text: string }[] }>('GET', '/api/notifications', ana);
      expect(anaInbox.items.some((n) => n.text.startsWith(`${reviewerAlias} replied`))).toBe(true);
      expectHidden('the notifications', anaInbox, [ben, bea]);
    } finally {
      anaThreadStream.close();
      anaFeedStream.close();
      benThreadStream.close();
    }

    // The notification mail, once its delay has passed (with no stream open: a member watching the feed gets none).
    await waitFor('the feed stream to close', () => server.domain.feedStreams.count(ana.user.id) === 0);
    clock.advance(notifyDelayMs + 1000);
    await server.domain.notificationMail.run();
    const mails = await server.domain.store.db.selectFrom('outbox_messages').select(['subject', 'text', 'html']).where('user_id', '=', ana.user.id).execute();
    expect(mails.length).toBeGreaterThan(0);
    expectHidden('the mail', mails, [ben, bea]);
    const benMails = await server.domain.store.db.selectFrom('outbox_messages').select(['subject', 'text', 'html']).where('user_id', '=', ben.user.id).execute();
    expect(benMails.length).toBeGreaterThan(0);
    expectHidden('the mail', benMails, [ana, amy]);
  });

  it('keeps the feed, its digest and the changes since a visit under the aliases', async () => {
    const roomItems = (feed: { items: { group: { id: string } }[] }) => feed.items.filter((i) => i.group.id === review.room_id);
    const anaFeed = await api<{ items: { group: { id: string }; actor: { name: string } }[] }>('GET', '/api/feed', ana);
    expect(roomItems(anaFeed).length).toBeGreaterThan(0);
    expectHidden('the feed', roomItems(anaFeed), [ben, bea]);
    const benFeed = await api<{ items: { group: { id: string } }[] }>('GET', '/api/feed', ben);
    expect(roomItems(benFeed).length).toBeGreaterThan(0);
    expectHidden('the feed', roomItems(benFeed), [ana, amy]);
    // Nobody but the room's people is in these two feeds: the whole of them hides the others.
    expectHidden('the feed', anaFeed, [ben, bea]);
    expectHidden('the digest', await api('GET', '/api/feed/digest', ana), [ben, bea]);
    expectHidden('the digest', await api('GET', '/api/feed/digest', ben), [ana, amy]);
    await api('POST', `/api/docs/${review.doc_id}/visit`, ana);
    expectHidden('the changes since the last visit', await api('GET', `/api/docs/${review.doc_id}/changes-since-last-visit`, ana), [ben, bea]);
  });

  it('shows carets and presence under the alias to everyone in the room, instructors included', async () => {
    const benClient = clients.connect(server.url, review.doc_id, ben, { name: 'Ben Reviewer' });
    const anaClient = clients.connect(server.url, review.doc_id, ana, { name: 'Ana Author' });
    const teacherClient = clients.connect(server.url, review.doc_id, teacher, { name: 'Tess Teacher' });
    const users = (client: typeof benClient) =>
      [...client.provider.awareness.getStates().values()].map((state) => (state as { user?: { name: string; id: string; color: string } }).user);
    const sees = (client: typeof benClient, name: string) => users(client).some((user) => user?.name === name);
    await waitFor('everyone’s carets', () => [anaClient, teacherClient].every((c) => sees(c, reviewerAlias)) && sees(benClient, authorAlias) && sees(benClient, 'Tess Teacher'));
    expectHidden('awareness', users(anaClient).filter((u) => u?.name !== 'Ana Author'), [ben, bea]);
    expectHidden('awareness', users(teacherClient).filter((u) => u?.name === reviewerAlias), [ben, bea]);
    expectHidden('awareness', users(benClient).filter((u) => u?.name !== 'Ben Reviewer'), [ana, amy]);
    // The caret's colour is the stand-in's, not the one the client chose (a hash of its real id would hint at it).
    const reviewerCaret = users(anaClient).find((u) => u?.name === reviewerAlias)!;
    expect(reviewerCaret.color).toBe(userColor(reviewerCaret.id));
    expect(reviewerCaret.id).not.toBe(ben.user.id);
  });

  it('names nobody in the room’s history and export, and keeps contributions to the instructors', async () => {
    for (const [viewer, hidden] of [
      [ana, [ben, bea]],
      [ben, [ana, amy]],
    ] as const) {
      expectHidden('the versions', await api('GET', `/api/docs/${review.doc_id}/versions`, viewer), [...hidden]);
      expectHidden('the timeline', await api('GET', `/api/docs/${review.doc_id}/timeline`, viewer), [...hidden]);
      expectHidden('the document now', await api('GET', `/api/docs/${review.doc_id}/timeline/at`, viewer), [...hidden]);
      const exported = await server.api('GET', `/api/docs/${review.doc_id}/export?format=md`, { as: viewer });
      expect(exported.status).toBe(200);
      expectHidden('the export', exported.body, [...hidden]);
      expect((await server.api('GET', `/api/docs/${review.doc_id}/export?format=md&appendix=1`, { as: viewer })).status).toBe(403);
      expect((await server.api('GET', `/api/docs/${review.doc_id}/contributions`, { as: viewer })).status).toBe(403);
      expect((await server.api('GET', `/api/groups/${review.room_id}/contributions`, { as: viewer })).status).toBe(403);
    }
  });

  it('has no examples in the API description that could name anyone', async () => {
    // The OpenAPI document is built from the zod schemas, which carry no examples: nothing in it is a person.
    const { status, body } = await server.api('GET', '/api/openapi.json');
    expect(status).toBe(200);
    const keys = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          walk(inner);
        }
      }
    };
    walk(body);
    expect([...keys].filter((key) => /^examples?$/.test(key))).toEqual([]);
    expectHidden('the API description', body, [teacher, ana, amy, ben, bea]);
  });

  it('names nobody hidden in any page the API serves, walked with the room’s and the assignment’s ids, as an author and as a reviewer', async () => {
    const project = await server.domain.store.db.selectFrom('documents').select('project_id').where('id', '=', review.doc_id).executeTakeFirstOrThrow();
    const version = await server.domain.store.db.selectFrom('doc_versions').select('id').where('doc_id', '=', review.doc_id).executeTakeFirst();
    const shared = {
      groupId: review.room_id,
      projectId: project.project_id,
      docId: review.doc_id,
      threadId: benThread.id,
      replyId: benThread.replies[0]?.id,
      reviewId: review.id,
      assignmentId: essay.assignmentId,
      rubricId: essay.rubricId,
      versionId: version?.id,
    };
    // Not the course's or a team's own pages (no :courseId, :teamId): they list classmates as such,
    // which says nothing of who reviewed whom; every page of the room, the review, the assignment
    // and the caller's own (home, feed, inbox) is walked.
    // Streams stay open (the stream tests above read them); everything else answers once.
    const pages = registeredRoutes(server.domain).filter((route) => methodOf(route) === 'GET' && !patternOf(route).endsWith('/stream') && route.includes('/api/'));
    let walked = 0;
    for (const [viewer, hidden] of [
      [ana, [ben, bea]],
      [ben, [ana, amy]],
    ] as const) {
      const params = { ...shared, userId: viewer.user.id };
      for (const route of pages) {
        if (patternOf(route).match(/:(\w+)/g)?.some((name) => params[name.slice(1) as keyof typeof params] === undefined)) continue;
        const answer = await server.api('GET', concretePath(route, params), { as: viewer });
        expectHidden(`${route} as ${viewer.user.name}`, answer.body, [...hidden]);
        walked += 1;
      }
    }
    // Most pages were walked, not skipped for want of an id.
    expect(walked).toBeGreaterThan(pages.length);
  });

  it('shows the instructor everyone by name', async () => {
    const { threads } = await roomThreads(teacher);
    const thread = threads.find((t) => t.id === benThread.id)!;
    expect(thread.author).toEqual({ id: ben.user.id, name: 'Ben Reviewer' });
    expect(thread.replies.map((reply) => reply.author.name)).toEqual(['Bea Reviewer', 'Ana Author', 'Bea Reviewer']);
  });
});

/** Reviewers hidden from authors only: the reviewed team keeps its names; nothing changes outside rooms. */
describe('anonymity of reviewers only', () => {
  const clock = testClock();
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
  });
  afterAll(() => server?.close());

  it('names the authors to the reviewers, and hides the reviewers from the authors', async () => {
    const [teacher, ana, ben] = await server.createUsers('Tess Teacher', 'Ana Author', 'Ben Reviewer');
    const essay = await reviewedAssignment(server, teacher, [[ana], [ben]], { k: 1, anonymity: 'reviewers', dueAt: clock.now() + 7 * day });
    await essay.submit(ana, 'Trains are the future.');
    expect((await server.api('POST', `/api/assignments/${essay.assignmentId}/peer-review/open`, { as: teacher })).status).toBe(200);
    const review = await server.domain.store.db
      .selectFrom('peer_reviews')
      .selectAll()
      .where('assignment_id', '=', essay.assignmentId)
      .where('reviewee_team_id', '=', essay.teamIds[0]!)
      .executeTakeFirstOrThrow();
    const posted = await server.api<ThreadResponse>('POST', `/api/docs/${review.doc_id}/threads`, { as: ben, body: commentBody({ body: 'Is this sourced?' }) });
    expect(posted.status).toBe(201);
    expect((await server.api('PUT', `/api/peer-reviews/${review.id}`, { as: ben, body: { answers: [{ level: 2, comment: '' }, { level: 1, comment: '' }], overallComment: '' } })).status).toBe(200);
    expect((await server.api('POST', `/api/peer-reviews/${review.id}/submit`, { as: ben })).status).toBe(200);
    const reply = await server.api('POST', `/api/threads/${posted.body.thread.id}/replies`, { as: ana, body: { body: 'Yes, page 2.' } });
    expect(reply.status).toBe(201);

    const seenBy = async (as: TestUser) => (await server.api<ThreadResponse>('GET', `/api/threads/${posted.body.thread.id}`, { as })).body.thread;
    const byAna = await seenBy(ana);
    expect([byAna.author.name, ...byAna.replies.map((r) => r.author.name)]).toEqual([`Reviewer ${review.reviewer_index}`, 'Ana Author']);
    expect(JSON.stringify(byAna)).not.toContain(ben.user.id);
    const byBen = await seenBy(ben);
    expect([byBen.author, ...byBen.replies.map((r) => r.author)]).toEqual([
      { id: ben.user.id, name: 'Ben Reviewer' },
      { id: ana.user.id, name: 'Ana Author' },
    ]);
    // Ben's own team, where he has no alias: his name as ever.
    const team = await server.api<MembersResponse>('GET', `/api/groups/${essay.teamIds[1]}/members`, { as: ben });
    expect(team.body.members.map((m) => m.user.name)).toContain('Ben Reviewer');
  });
});
