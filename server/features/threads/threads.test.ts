import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionToken } from '../../../shared/mentions';
import { feedbackLimits } from '../../../shared/schemas/threads';
import { newId } from '../../db/ids';
import { testDatabaseUrl } from '../../testing/test-database';
import { testClock } from '../../testing/test-clock';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';

/** These tests read the SQLite file from outside the server; on PostgreSQL they are skipped. */
const onSqlite = testDatabaseUrl() === null;
import { anchorOn, commentBody, feedbackGroup, type FeedbackGroup, threadForAnyReader } from './test-feedback';

describe('feedback threads', () => {
  let server: TestServer;
  /** A second connection to the server's database file, to see what is committed. */
  let outside: SQLite.Database;
  /** The time the thread service records; a test advances it to tell two writes apart. */
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
    if (server.sqliteFile) outside = new SQLite(server.sqliteFile, { readonly: true });
  });
  afterAll(async () => {
    outside?.close();
    await server?.close();
  });

  const post = (g: FeedbackGroup, as: TestUser, body: unknown) => server.api('POST', `/api/docs/${g.docId}/threads`, { as, body });
  const list = (g: FeedbackGroup, as: TestUser, search = '') => server.api('GET', `/api/docs/${g.docId}/threads${search}`, { as });
  const patch = (threadId: string, as: TestUser, body: unknown) => server.api('PATCH', `/api/threads/${threadId}`, { as, body });
  const reply = (threadId: string, as: TestUser, body: string) =>
    server.api('POST', `/api/threads/${threadId}/replies`, { as, body: { body } });
  const idsOf = (threads: { id: string }[]) => threads.map((t) => t.id);

  async function firstTagId(g: FeedbackGroup): Promise<string> {
    return (await server.api('GET', `/api/groups/${g.groupId}/tags`, { as: g.member })).body.tags[0].id;
  }

  describe('POST /api/docs/:docId/threads', () => {
    it('stores a comment with its author from the session, shown to every member', async () => {
      const g = await feedbackGroup(server);
      const anchor = anchorOn('brown fox');
      const created = await post(g, g.reviewer, { kind: 'comment', body: '  Which fox?  ', anchor });
      expect(created.status).toBe(201);
      expect(created.body.thread).toEqual({
        id: expect.stringMatching(/^[a-z2-7]{16}$/),
        docId: g.docId,
        kind: 'comment',
        visibility: 'group',
        status: 'open',
        author: { id: g.reviewer.user.id, name: 'Rey Reviewer' },
        body: 'Which fox?',
        mentions: [],
        tag: null,
        replacement: null,
        anchor: { ...anchor },
        createdAt: expect.any(Number),
        editedAt: null,
        deletedAt: null,
        statusChange: null,
        anchorChange: null,
        replies: [],
        // Its author may do all that a comment of theirs allows, but not reopen it while it is open.
        can: {
          reply: true,
          edit: true,
          editReplacement: false,
          delete: true,
          resolve: true,
          reopen: false,
          accept: false,
          reject: false,
          reattach: true,
        },
      });
      expect(anchor.quote).toBe('brown fox');
      for (const as of [g.instructor, g.member, g.reviewer]) {
        const listed = await list(g, as);
        expect(listed.status).toBe(200);
        expect(listed.body.threads).toEqual([as === g.reviewer ? created.body.thread : threadForAnyReader(created.body.thread)]);
        expect(listed.body.nextCursor).toBeNull();
      }
      const one = await server.api('GET', `/api/threads/${created.body.thread.id}`, { as: g.member });
      expect(one.body).toEqual({ thread: threadForAnyReader(created.body.thread) });
    });

    it('cannot be posted under someone else’s name', async () => {
      const g = await feedbackGroup(server);
      for (const extra of [{ author: g.instructor.user.id }, { authorId: g.instructor.user.id }, { status: 'resolved' }]) {
        const response = await post(g, g.member, commentBody(extra));
        expect(response.status, JSON.stringify(extra)).toBe(400);
      }
      expect((await list(g, g.member)).body.threads).toEqual([]);
    });

    it('makes annotations with one of the group’s tags, and suggestions to replace, delete or insert', async () => {
      const g = await feedbackGroup(server);
      const tags = (await server.api('GET', `/api/groups/${g.groupId}/tags`, { as: g.reviewer })).body.tags;
      const unclear = tags.find((t: { name: string }) => t.name === 'Unclear');
      const annotation = await post(g, g.reviewer, { kind: 'annotation', tag: unclear.id, anchor: anchorOn('lazy dog') });
      expect(annotation.status).toBe(201);
      expect(annotation.body.thread).toMatchObject({ kind: 'annotation', body: '', tag: { id: unclear.id, name: 'Unclear' } });

      const replace = await post(g, g.reviewer, { kind: 'suggestion', replacement: 'red fox', anchor: anchorOn('brown fox'), body: 'More vivid' });
      expect(replace.status).toBe(201);
      expect(replace.body.thread).toMatchObject({ kind: 'suggestion', replacement: 'red fox', body: 'More vivid', tag: null });

      const remove = await post(g, g.member, { kind: 'suggestion', replacement: '', anchor: anchorOn('quick ') });
      expect(remove.status).toBe(201);
      expect(remove.body.thread.replacement).toBe('');

      const point = { ...anchorOn('fox'), quote: '' };
      const insert = await post(g, g.member, { kind: 'suggestion', replacement: ' (vulpes)', anchor: point });
      expect(insert.status).toBe(201);
      expect(insert.body.thread.anchor.quote).toBe('');
      expect(insert.body.thread.replacement).toBe(' (vulpes)');
    });

    it('keeps bodies as plain text: HTML is stored as written, line breaks normalised', async () => {
      const g = await feedbackGroup(server);
      const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>\r\nline two\ttabbed';
      const created = await post(g, g.member, commentBody({ body: payload }));
      expect(created.status).toBe(201);
      expect(created.body.thread.body).toBe('<img src=x onerror="alert(1)"><script>alert(2)</script>\nline two\ttabbed');
      expect(created.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('refuses bad input with 400 and the field', async () => {
      const g = await feedbackGroup(server);
      const tagId = await firstTagId(g);
      const { groupId: otherGroup } = await createTestDoc(server, [{ member: g.instructor, role: 'instructor' }]);
      const otherTag = (await server.api('GET', `/api/groups/${otherGroup}/tags`, { as: g.instructor })).body.tags[0].id;
      const good = anchorOn();
      const cases: [unknown, string][] = [
        [{}, 'kind'],
        [{ ...commentBody(), kind: 'praise' }, 'kind'],
        [commentBody({ body: '' }), 'body'],
        [commentBody({ body: '   ' }), 'body'],
        [commentBody({ body: 'x'.repeat(feedbackLimits.body + 1) }), 'body'],
        [commentBody({ body: 'bell\u0007' }), 'body'],
        [commentBody({ body: 42 }), 'body'],
        [commentBody({ body: Array.from({ length: 51 }, () => mentionToken({ id: newId(), name: 'Someone' })).join(' ') }), 'body'],
        [commentBody({ anchor: undefined }), 'anchor'],
        [commentBody({ anchor: { ...good, start: 'not base64!' } }), 'anchor.start'],
        [commentBody({ anchor: { ...good, end: btoa('garbage bytes') } }), 'anchor.end'],
        [commentBody({ anchor: { ...good, start: 'A'.repeat(400) } }), 'anchor.start'],
        [commentBody({ anchor: { ...good, quote: '' } }), 'anchor.quote'],
        [commentBody({ anchor: { ...good, quote: 'q'.repeat(2001) } }), 'anchor.quote'],
        [commentBody({ anchor: { ...good, prefix: 'p'.repeat(201) } }), 'anchor.prefix'],
        [commentBody({ anchor: { ...good, suffix: 'nul\u0000' } }), 'anchor.suffix'],
        [commentBody({ anchor: { ...good, extra: 1 } }), 'anchor'],
        [commentBody({ visibility: 'public' }), 'visibility'],
        [commentBody({ tag: tagId }), '_'],
        [{ kind: 'annotation', anchor: good }, 'tag'],
        [{ kind: 'annotation', anchor: good, tag: otherTag }, 'tag'],
        [{ kind: 'annotation', anchor: good, tag: 'not-an-id' }, 'tag'],
        [{ kind: 'suggestion', anchor: good }, 'replacement'],
        [{ kind: 'suggestion', anchor: { ...good, quote: '' }, replacement: '' }, 'replacement'],
        [{ kind: 'suggestion', anchor: good, replacement: 'r'.repeat(feedbackLimits.replacement + 1) }, 'replacement'],
      ];
      for (const [body, field] of cases) {
        const response = await post(g, g.member, body);
        expect(response.status, JSON.stringify(body).slice(0, 200)).toBe(400);
        expect(response.body.error.code).toBe('validation_failed');
        expect(Object.keys(response.body.error.fields), JSON.stringify(body).slice(0, 200)).toContain(field);
      }
      expect((await list(g, g.member)).body.threads).toEqual([]);
    });

    it('refuses a retired tag', async () => {
      const g = await feedbackGroup(server);
      const tagId = await firstTagId(g);
      expect((await server.api('DELETE', `/api/groups/${g.groupId}/tags/${tagId}`, { as: g.instructor })).status).toBe(204);
      const response = await post(g, g.member, { kind: 'annotation', tag: tagId, anchor: anchorOn() });
      expect(response.status).toBe(400);
      expect(response.body.error.fields.tag).toMatch(/retired/);
    });

    it('needs a session (401) and membership (404, whatever the id)', async () => {
      const g = await feedbackGroup(server);
      expect((await server.api('POST', `/api/docs/${g.docId}/threads`, { body: commentBody() })).status).toBe(401);
      for (const docId of [g.docId, 'aaaaaaaaaaaaaaaa', 'not-an-id']) {
        expect((await server.api('POST', `/api/docs/${docId}/threads`, { as: g.outsider, body: commentBody() })).status).toBe(404);
        expect((await server.api('GET', `/api/docs/${docId}/threads`, { as: g.outsider })).status).toBe(404);
      }
    });
  });

  describe('private feedback (visibility: instructors)', () => {
    it('is seen by the group’s instructors and its author, nobody else, anywhere', async () => {
      const g = await feedbackGroup(server);
      const secret = await post(g, g.member, commentBody({ body: 'Pat did not contribute.', visibility: 'instructors' }));
      expect(secret.status).toBe(201);
      expect(secret.body.thread.visibility).toBe('instructors');
      const open = await post(g, g.peer, commentBody({ body: 'Nice.' }));
      const secretId = secret.body.thread.id;

      for (const as of [g.instructor, g.member]) {
        expect(idsOf((await list(g, as)).body.threads).sort(), as.user.name).toEqual([secretId, open.body.thread.id].sort());
        expect((await server.api('GET', `/api/threads/${secretId}`, { as })).status).toBe(200);
      }
      for (const as of [g.peer, g.reviewer]) {
        const listed = await list(g, as);
        expect(idsOf(listed.body.threads), as.user.name).toEqual([open.body.thread.id]);
        expect(listed.body.counts.byKind.comment).toBe(1);
        expect((await server.api('GET', `/api/threads/${secretId}`, { as })).status).toBe(404);
        expect((await reply(secretId, as, 'peek')).status).toBe(404);
        expect((await patch(secretId, as, { status: 'resolved' })).status).toBe(404);
        expect((await server.api('DELETE', `/api/threads/${secretId}`, { as })).status).toBe(404);
      }
      expect((await list(g, g.instructor)).body.counts.byKind.comment).toBe(2);

      // Replies inherit the thread's visibility.
      const answer = await reply(secretId, g.instructor, 'Thanks, I will talk to Pat.');
      expect(answer.status).toBe(201);
      expect((await list(g, g.member)).body.threads.find((t: { id: string }) => t.id === secretId).replies).toHaveLength(1);
      for (const as of [g.peer, g.reviewer]) {
        expect((await server.api('PATCH', `/api/replies/${answer.body.reply.id}`, { as, body: { body: 'x' } })).status).toBe(404);
      }
    });

    it('can mention instructors but not those who cannot see it', async () => {
      const g = await feedbackGroup(server);
      const toInstructor = await post(
        g,
        g.member,
        commentBody({ body: `${mentionToken(g.instructor.user)} please look`, visibility: 'instructors' }),
      );
      expect(toInstructor.status).toBe(201);
      expect(toInstructor.body.thread.mentions).toEqual([{ id: g.instructor.user.id, name: 'Ines Instructor' }]);
      const toPeer = await post(g, g.member, commentBody({ body: `${mentionToken(g.peer.user)} look`, visibility: 'instructors' }));
      expect(toPeer.status).toBe(400);
      expect(toPeer.body.error.fields.body).toMatch(/instructors/);
    });
  });

  describe('resolving, reopening, accepting, rejecting', () => {
    it.runIf(onSqlite)('lets a member resolve and reopen anyone’s thread, recording who and when', async () => {
      const g = await feedbackGroup(server);
      const { id } = (await post(g, g.reviewer, commentBody())).body.thread;
      const resolved = await patch(id, g.member, { status: 'resolved' });
      expect(resolved.status).toBe(200);
      expect(resolved.body.thread.status).toBe('resolved');
      expect(resolved.body.thread.statusChange).toEqual({
        status: 'resolved',
        by: { id: g.member.user.id, name: 'Mia Member' },
        at: expect.any(Number),
      });
      expect((await patch(id, g.peer, { status: 'resolved' })).status).toBe(409);
      const reopened = await patch(id, g.instructor, { status: 'open' });
      expect(reopened.body.thread).toMatchObject({ status: 'open', statusChange: { status: 'open', by: { id: g.instructor.user.id } } });
      expect((await patch(id, g.instructor, { status: 'open' })).status).toBe(409);
      const history = outside
        .prepare('select user_id, status from thread_status_changes where thread_id = ? order by created_at, rowid')
        .all(id);
      expect(history).toEqual([
        { user_id: g.member.user.id, status: 'resolved' },
        { user_id: g.instructor.user.id, status: 'open' },
      ]);
    });

    it('lets a reviewer give every kind of feedback and resolve only their own', async () => {
      const g = await feedbackGroup(server);
      const tagId = await firstTagId(g);
      const own = await post(g, g.reviewer, commentBody());
      expect(own.status).toBe(201);
      expect((await post(g, g.reviewer, { kind: 'annotation', tag: tagId, anchor: anchorOn() })).status).toBe(201);
      const suggestion = await post(g, g.reviewer, { kind: 'suggestion', replacement: 'cat', anchor: anchorOn('fox') });
      expect(suggestion.status).toBe(201);
      expect((await reply(own.body.thread.id, g.reviewer, 'Adding to my own')).status).toBe(201);

      expect((await patch(own.body.thread.id, g.reviewer, { status: 'resolved' })).status).toBe(200);
      expect((await patch(own.body.thread.id, g.reviewer, { status: 'open' })).status).toBe(200);
      const others = (await post(g, g.member, commentBody())).body.thread.id;
      expect((await reply(others, g.reviewer, 'A reply')).status).toBe(201);
      expect((await patch(others, g.reviewer, { status: 'resolved' })).status).toBe(403);
      await patch(others, g.member, { status: 'resolved' });
      expect((await patch(others, g.reviewer, { status: 'open' })).status).toBe(403);

      // Not even their own suggestion: deciding is for editors.
      for (const status of ['accepted', 'rejected']) {
        expect((await patch(suggestion.body.thread.id, g.reviewer, { status })).status).toBe(403);
      }
      expect((await list(g, g.member)).body.threads.find((t: { id: string }) => t.id === suggestion.body.thread.id).status).toBe('open');
    });

    it('records the suggester and the accepter; an accepted suggestion is final', async () => {
      const g = await feedbackGroup(server, { sentence: true });
      const { id } = (await post(g, g.reviewer, { kind: 'suggestion', replacement: 'red', anchor: anchorOn('brown') })).body.thread;
      expect((await patch(id, g.member, { status: 'resolved' })).status).toBe(400);
      const accepted = await patch(id, g.member, { status: 'accepted' });
      expect(accepted.status).toBe(200);
      expect(accepted.body.thread).toMatchObject({
        status: 'accepted',
        author: { id: g.reviewer.user.id },
        statusChange: { status: 'accepted', by: { id: g.member.user.id, name: 'Mia Member' } },
      });
      expect((await patch(id, g.instructor, { status: 'rejected' })).status).toBe(409);
      expect((await patch(id, g.instructor, { status: 'open' })).status).toBe(409);
      expect((await patch(id, g.reviewer, { replacement: 'blue' })).status).toBe(409);
    });

    it('lets an editor reject a suggestion and reopen it later', async () => {
      const g = await feedbackGroup(server);
      const { id } = (await post(g, g.peer, { kind: 'suggestion', replacement: 'red', anchor: anchorOn('brown') })).body.thread;
      expect((await patch(id, g.member, { status: 'rejected' })).body.thread.status).toBe('rejected');
      expect((await patch(id, g.reviewer, { status: 'open' })).status).toBe(403);
      expect((await patch(id, g.instructor, { status: 'open' })).body.thread.status).toBe('open');
    });

    it.runIf(onSqlite)('does not accept one suggestion twice when two editors decide at the same moment', async () => {
      const g = await feedbackGroup(server, { sentence: true });
      const { id } = (await post(g, g.reviewer, { kind: 'suggestion', replacement: 'red', anchor: anchorOn('brown') })).body.thread;
      const results = await Promise.all([
        patch(id, g.member, { status: 'accepted' }),
        patch(id, g.peer, { status: 'accepted' }),
        patch(id, g.instructor, { status: 'rejected' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const decisions = outside.prepare('select count(*) as n from thread_status_changes where thread_id = ?').get(id) as { n: number };
      expect(decisions.n).toBe(1);
    });

    it('answers 400 for a status that is not one, and for an empty change', async () => {
      const g = await feedbackGroup(server);
      const { id } = (await post(g, g.member, commentBody())).body.thread;
      expect((await patch(id, g.member, { status: 'done' })).status).toBe(400);
      expect((await patch(id, g.member, {})).status).toBe(400);
      expect((await patch(id, g.member, { status: 'accepted' })).status).toBe(400);
    });
  });

  describe('editing and deleting', () => {
    it('lets only the author edit a thread’s body, tag and replacement, marking it edited', async () => {
      const g = await feedbackGroup(server);
      const tags = (await server.api('GET', `/api/groups/${g.groupId}/tags`, { as: g.member })).body.tags;
      const comment = (await post(g, g.reviewer, commentBody())).body.thread;
      expect((await patch(comment.id, g.instructor, { body: 'Rewritten by someone else' })).status).toBe(403);
      const edited = await patch(comment.id, g.reviewer, { body: 'Better wording' });
      expect(edited.status).toBe(200);
      expect(edited.body.thread.body).toBe('Better wording');
      expect(edited.body.thread.editedAt).toEqual(expect.any(Number));
      expect((await patch(comment.id, g.reviewer, { body: '' })).status).toBe(400);
      expect((await patch(comment.id, g.reviewer, { tag: tags[1].id })).status).toBe(400);

      const annotation = (await post(g, g.member, { kind: 'annotation', tag: tags[0].id, anchor: anchorOn() })).body.thread;
      const retagged = await patch(annotation.id, g.member, { tag: tags[1].id, body: 'see here' });
      expect(retagged.body.thread).toMatchObject({ tag: { id: tags[1].id }, body: 'see here' });
      expect((await patch(annotation.id, g.peer, { tag: tags[2].id })).status).toBe(403);

      const suggestion = (await post(g, g.member, { kind: 'suggestion', replacement: 'red', anchor: anchorOn('brown') })).body.thread;
      const changed = await patch(suggestion.id, g.member, { replacement: ' crimson ' });
      expect(changed.body.thread.replacement).toBe(' crimson ');
      expect((await patch(suggestion.id, g.member, { replacement: '' })).status).toBe(200);
    });

    it('lets its author or an editor re-attach a thread to a new range', async () => {
      const g = await feedbackGroup(server);
      const { id } = (await post(g, g.reviewer, commentBody())).body.thread;
      const elsewhere = anchorOn('lazy dog');
      expect((await patch(id, g.peer, { anchor: { ...elsewhere, quote: '' } })).status).toBe(400);
      const moved = await patch(id, g.member, { anchor: elsewhere });
      expect(moved.status).toBe(200);
      expect(moved.body.thread.anchor).toEqual(elsewhere);
      expect(moved.body.thread.anchorChange).toEqual({ by: { id: g.member.user.id, name: 'Mia Member' }, at: expect.any(Number) });
      expect(moved.body.thread.editedAt).toBeNull();
      expect((await patch(id, g.reviewer, { anchor: anchorOn('fox') })).status).toBe(200);

      const others = (await post(g, g.member, commentBody())).body.thread.id;
      expect((await patch(others, g.reviewer, { anchor: elsewhere })).status).toBe(403);
    });

    it.runIf(onSqlite)('removes a thread without replies; keeps one with replies as a tombstone until its last reply goes', async () => {
      const g = await feedbackGroup(server);
      const lonely = (await post(g, g.member, commentBody({ body: `hi ${mentionToken(g.peer.user)}` }))).body.thread.id;
      expect((await server.api('DELETE', `/api/threads/${lonely}`, { as: g.instructor })).status).toBe(403);
      expect((await server.api('DELETE', `/api/threads/${lonely}`, { as: g.member })).status).toBe(204);
      expect((await server.api('GET', `/api/threads/${lonely}`, { as: g.member })).status).toBe(404);
      expect(outside.prepare('select count(*) as n from thread_mentions where thread_id = ?').get(lonely)).toEqual({ n: 0 });

      const discussed = (await post(g, g.member, commentBody({ body: `Original ${mentionToken(g.peer.user)}` }))).body.thread.id;
      const answer = (await reply(discussed, g.peer, 'An answer')).body.reply;
      expect((await server.api('DELETE', `/api/threads/${discussed}`, { as: g.member })).status).toBe(204);
      const tombstone = (await server.api('GET', `/api/threads/${discussed}`, { as: g.reviewer })).body.thread;
      expect(tombstone).toMatchObject({ body: '', mentions: [], deletedAt: expect.any(Number) });
      expect(tombstone.replies.map((r: { id: string }) => r.id)).toEqual([answer.id]);
      const listed = await list(g, g.reviewer);
      expect(idsOf(listed.body.threads)).toEqual([discussed]);
      expect(listed.body.counts.byKind.comment).toBe(0);
      expect((await reply(discussed, g.peer, 'more')).status).toBe(409);
      expect((await patch(discussed, g.member, { body: 'back' })).status).toBe(409);
      expect((await server.api('DELETE', `/api/threads/${discussed}`, { as: g.member })).status).toBe(409);

      expect((await server.api('DELETE', `/api/replies/${answer.id}`, { as: g.member })).status).toBe(403);
      expect((await server.api('DELETE', `/api/replies/${answer.id}`, { as: g.peer })).status).toBe(204);
      expect((await server.api('GET', `/api/threads/${discussed}`, { as: g.member })).status).toBe(404);
      expect((await list(g, g.member)).body.threads).toEqual([]);
    });
  });

  describe('replies', () => {
    it('are posted, edited and deleted by their authors only, oldest first', async () => {
      const g = await feedbackGroup(server);
      const { id } = (await post(g, g.member, commentBody())).body.thread;
      const first = await reply(id, g.reviewer, ' First \r\n answer ');
      expect(first.status).toBe(201);
      expect(first.body.reply).toEqual({
        id: expect.stringMatching(/^[a-z2-7]{16}$/),
        threadId: id,
        author: { id: g.reviewer.user.id, name: 'Rey Reviewer' },
        body: 'First \n answer',
        mentions: [],
        createdAt: expect.any(Number),
        editedAt: null,
        can: { edit: true, delete: true },
      });
      const second = (await reply(id, g.instructor, 'Second')).body.reply;
      expect((await server.api('GET', `/api/threads/${id}`, { as: g.peer })).body.thread.replies.map((r: { id: string }) => r.id)).toEqual([
        first.body.reply.id,
        second.id,
      ]);

      const path = `/api/replies/${first.body.reply.id}`;
      expect((await server.api('PATCH', path, { as: g.instructor, body: { body: 'hijacked' } })).status).toBe(403);
      const edited = await server.api('PATCH', path, { as: g.reviewer, body: { body: 'First answer, edited' } });
      expect(edited.status).toBe(200);
      expect(edited.body.reply).toMatchObject({ body: 'First answer, edited', editedAt: expect.any(Number) });
      expect((await server.api('PATCH', path, { as: g.reviewer, body: { body: '' } })).status).toBe(400);
      expect((await server.api('DELETE', path, { as: g.member })).status).toBe(403);
      expect((await server.api('DELETE', path, { as: g.reviewer })).status).toBe(204);
      expect((await server.api('PATCH', path, { as: g.reviewer, body: { body: 'again' } })).status).toBe(404);
      expect((await server.api('GET', `/api/threads/${id}`, { as: g.peer })).body.thread.replies).toHaveLength(1);
    });

    it('refuse an empty, too long or malformed body, and more than a thread holds', async () => {
      const g = await feedbackGroup(server);
      const { id } = (await post(g, g.member, commentBody())).body.thread;
      for (const body of [{}, { body: '' }, { body: 'x'.repeat(feedbackLimits.body + 1) }, { body: 'a', extra: true }, { body: 'esc\u001b' }]) {
        expect((await server.api('POST', `/api/threads/${id}/replies`, { as: g.member, body })).status, JSON.stringify(body).slice(0, 80)).toBe(400);
      }
      const now = Date.now();
      const db = server.domain.store.db;
      await db
        .insertInto('thread_replies')
        .values(
          Array.from({ length: feedbackLimits.repliesPerThread }, (_, i) => ({
            id: newId(),
            thread_id: id,
            author_id: g.member.user.id,
            body: `reply ${i}`,
            created_at: now + i,
            edited_at: null,
          })),
        )
        .execute();
      const full = await reply(id, g.member, 'one too many');
      expect(full.status).toBe(409);
    });

    it('are not found for outsiders or malformed ids', async () => {
      const g = await feedbackGroup(server);
      const { id } = (await post(g, g.member, commentBody())).body.thread;
      const { reply: answer } = (await reply(id, g.member, 'hello')).body;
      for (const path of [`/api/threads/${id}/replies`, '/api/threads/not-an-id/replies', '/api/threads/aaaaaaaaaaaaaaaa/replies']) {
        expect((await server.api('POST', path, { as: g.outsider, body: { body: 'hi' } })).status).toBe(404);
      }
      for (const path of [`/api/replies/${answer.id}`, '/api/replies/not-an-id']) {
        expect((await server.api('PATCH', path, { as: g.outsider, body: { body: 'hi' } })).status).toBe(404);
        expect((await server.api('DELETE', path, { as: g.outsider })).status).toBe(404);
      }
    });
  });

  describe('mentions', () => {
    it.runIf(onSqlite)('records mentioned members for their feed, and keeps a mention’s time across edits', async () => {
      const g = await feedbackGroup(server);
      const body = `${mentionToken(g.peer.user)} and ${mentionToken(g.reviewer.user)}: thoughts? (cc ${mentionToken(g.member.user)})`;
      const created = await post(g, g.member, commentBody({ body }));
      expect(created.status).toBe(201);
      const { id } = created.body.thread;
      expect(created.body.thread.mentions).toEqual([
        { id: g.peer.user.id, name: 'Pat Peer' },
        { id: g.reviewer.user.id, name: 'Rey Reviewer' },
      ]);
      const stored = () =>
        outside.prepare('select user_id, created_at from thread_mentions where thread_id = ? and reply_id is null order by user_id').all(id) as {
          user_id: string;
          created_at: number;
        }[];
      const before = stored();
      expect(before.map((m) => m.user_id).sort()).toEqual([g.peer.user.id, g.reviewer.user.id].sort());

      // The edit happens later, so a mention it kept must keep its first time.
      clock.advance(5);
      const edited = await patch(id, g.member, { body: `${mentionToken(g.peer.user)} and ${mentionToken(g.instructor.user)}` });
      expect(edited.body.thread.mentions.map((p: { id: string }) => p.id).sort()).toEqual([g.peer.user.id, g.instructor.user.id].sort());
      const after = stored();
      expect(after.find((m) => m.user_id === g.peer.user.id)!.created_at).toBe(before.find((m) => m.user_id === g.peer.user.id)!.created_at);
      expect(after.find((m) => m.user_id === g.instructor.user.id)!.created_at).toBeGreaterThan(before[0]!.created_at);
      expect(after.map((m) => m.user_id)).not.toContain(g.reviewer.user.id);

      const answer = await reply(id, g.reviewer, `${mentionToken(g.member.user)} yes`);
      expect(answer.body.reply.mentions).toEqual([{ id: g.member.user.id, name: 'Mia Member' }]);
      expect(outside.prepare('select user_id from thread_mentions where reply_id = ?').all(answer.body.reply.id)).toEqual([
        { user_id: g.member.user.id },
      ]);
    });

    it('refuses a mention of someone outside the group', async () => {
      const g = await feedbackGroup(server);
      const response = await post(g, g.member, commentBody({ body: `${mentionToken(g.outsider.user)} come see` }));
      expect(response.status).toBe(400);
      expect(response.body.error.fields.body).toMatch(/members/);
      const { id } = (await post(g, g.member, commentBody())).body.thread;
      expect((await reply(id, g.member, `${mentionToken({ id: 'aaaaaaaaaaaaaaaa', name: 'Ghost' })}`)).status).toBe(400);
    });
  });

  describe('GET /api/docs/:docId/threads filters and counts', () => {
    it('filters by kind, status, tag and author, pages with a cursor, and counts what the caller may see', async () => {
      const g = await feedbackGroup(server);
      const tags = (await server.api('GET', `/api/groups/${g.groupId}/tags`, { as: g.member })).body.tags;
      const [strong, unclear] = tags;
      const a = (await post(g, g.member, commentBody())).body.thread.id;
      const b = (await post(g, g.peer, { kind: 'annotation', tag: strong.id, anchor: anchorOn() })).body.thread.id;
      const c = (await post(g, g.reviewer, { kind: 'annotation', tag: unclear.id, anchor: anchorOn() })).body.thread.id;
      const d = (await post(g, g.peer, { kind: 'annotation', tag: unclear.id, anchor: anchorOn() })).body.thread.id;
      const e = (await post(g, g.reviewer, { kind: 'suggestion', replacement: 'x', anchor: anchorOn() })).body.thread.id;
      await post(g, g.instructor, commentBody({ visibility: 'instructors' }));
      await patch(a, g.peer, { status: 'resolved' });
      await patch(e, g.member, { status: 'rejected' });

      expect(idsOf((await list(g, g.member, '?kind=annotation')).body.threads)).toEqual([b, c, d]);
      expect(idsOf((await list(g, g.member, `?tag=${unclear.id}`)).body.threads)).toEqual([c, d]);
      expect(idsOf((await list(g, g.member, `?author=${g.peer.user.id}`)).body.threads)).toEqual([b, d]);
      expect(idsOf((await list(g, g.member, '?status=resolved')).body.threads)).toEqual([a]);
      expect(idsOf((await list(g, g.member, `?kind=annotation&author=${g.reviewer.user.id}`)).body.threads)).toEqual([c]);

      const page1 = await list(g, g.member, '?limit=2');
      const page2 = await list(g, g.member, `?limit=2&cursor=${page1.body.nextCursor}`);
      const page3 = await list(g, g.member, `?limit=2&cursor=${page2.body.nextCursor}`);
      expect([...page1.body.threads, ...page2.body.threads, ...page3.body.threads].map((t: { id: string }) => t.id)).toEqual([a, b, c, d, e]);
      expect(page3.body.nextCursor).toBeNull();

      expect(page1.body.counts).toEqual({
        byStatus: { open: 3, resolved: 1, accepted: 0, rejected: 1 },
        byKind: { comment: 1, annotation: 3, suggestion: 1 },
        byTag: { [strong.id]: 1, [unclear.id]: 2 },
      });
      expect((await list(g, g.member, '?kind=comment')).body.counts).toEqual(page1.body.counts);
      expect((await list(g, g.instructor)).body.counts.byKind.comment).toBe(2);
    });

    it('refuses filters and pages that are not valid', async () => {
      const g = await feedbackGroup(server);
      for (const search of ['?kind=essay', '?status=closed', '?tag=nope', '?author=x', '?limit=0', `?limit=${feedbackLimits.threadsPerPage + 1}`, '?cursor=junk']) {
        expect((await list(g, g.member, search)).status, search).toBe(400);
      }
    });
  });

  describe('malformed and unknown thread ids', () => {
    it('are not found, for members too', async () => {
      const g = await feedbackGroup(server);
      for (const id of ['aaaaaaaaaaaaaaaa', 'not-an-id', 'A'.repeat(300)]) {
        expect((await server.api('GET', `/api/threads/${id}`, { as: g.member })).status).toBe(404);
        expect((await patch(id, g.member, { status: 'resolved' })).status).toBe(404);
        expect((await server.api('DELETE', `/api/threads/${id}`, { as: g.member })).status).toBe(404);
      }
    });
  });
});
