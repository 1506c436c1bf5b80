import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { anchorFromRange } from '../../../shared/anchors';
import { closeCodes } from '../../../shared/close-codes';
import { newId } from '../../db/ids';
import { type StockClient, stockClientPool, waitFor } from '../../sync/test-clients';
import { type TestClock, testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { addParagraph, paragraphs } from '../versions/test-editing';
import { createTestAssignment } from './test-copies';

/**
 * A team's copy of an assignment that locks at its due time: its members'
 * updates are stored before that time and dropped from it on, on sockets
 * opened before it too; instructors keep writing; an extension or a
 * reopening unlocks one team's copy only. Time is the server's injected
 * clock, moved on by the test.
 */
describe('the lock of a team’s copy at its due time', () => {
  let server: TestServer;
  let clock: TestClock;
  const pool = stockClientPool();
  const hour = 60 * 60 * 1000;

  beforeAll(async () => {
    clock = testClock();
    server = await startTestServer({}, { now: clock.now });
  });
  afterEach(() => pool.destroyAll());
  afterAll(async () => {
    await server?.close();
  });

  async function rejected(reason: string): Promise<number> {
    const metric = await server.domain.metrics.rejectedMessages.get();
    return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
  }

  /**
   * Types a new word on `writer`, then waits until `watcher` sees an
   * awareness change sent after it on the same socket: by then the server
   * has handled the update (stored it or dropped it).
   */
  async function type(writer: StockClient, watcher: StockClient): Promise<string> {
    const word = `w${newId()}`;
    writer.doc.getText('t').insert(0, word);
    writer.provider.awareness.setLocalStateField('marker', word);
    await waitFor('the marker', () => watcher.provider.awareness.getStates().get(writer.doc.clientID)?.marker === word, 10_000);
    return word;
  }

  /** The document's text as stored: what a client joining now gets. */
  async function storedText(docId: string, reader: TestUser): Promise<string> {
    const joining = pool.connect(server.url, docId, reader);
    await joining.synced;
    return joining.text();
  }

  async function connected(docId: string, user: TestUser): Promise<StockClient> {
    const client = pool.connect(server.url, docId, user);
    await client.synced;
    return client;
  }

  it('stores a member’s updates before the due time and drops them after, on a socket opened before it; instructors keep writing', async () => {
    const course = await createTestAssignment(server, { teams: 1, dueAt: clock.now() + hour, lockAtDue: true });
    const { docId, member } = course.copies[0]!;
    const learner = await connected(docId, member);
    const teacher = await connected(docId, course.instructor);

    const before = await type(learner, teacher);
    expect(await storedText(docId, course.instructor)).toContain(before);

    clock.advance(2 * hour);
    const droppedBefore = await rejected('locked');
    const after = await type(learner, teacher);
    const byInstructor = await type(teacher, learner);
    const stored = await storedText(docId, course.instructor);
    expect(stored).toContain(before);
    expect(stored).not.toContain(after);
    expect(stored).toContain(byInstructor);
    expect(await rejected('locked')).toBeGreaterThan(droppedBefore);

    // A socket opened after the due time, and what it carries from offline, are dropped alike.
    const late = await connected(docId, member);
    const offline = await type(late, teacher);
    expect(await storedText(docId, course.instructor)).not.toContain(offline);
  });

  it('says on GET /api/docs/:docId when the copy locks and whether it is locked, for members and instructors', async () => {
    const dueAt = clock.now() + hour;
    const course = await createTestAssignment(server, { teams: 1, dueAt, lockAtDue: true });
    const { docId, member } = course.copies[0]!;
    const get = async (as: TestUser) => (await server.api('GET', `/api/docs/${docId}`, { as })).body.doc;

    expect(await get(member)).toMatchObject({ locked: false, locksAt: dueAt, writesAfterLock: false, can: { edit: true } });
    expect(await get(course.instructor)).toMatchObject({ locked: false, locksAt: dueAt, writesAfterLock: true, can: { edit: true } });
    clock.advance(2 * hour);
    expect(await get(member)).toMatchObject({ locked: true, locksAt: dueAt, can: { edit: false, restoreVersions: false } });
    expect(await get(course.instructor)).toMatchObject({ locked: true, locksAt: dueAt, writesAfterLock: true, can: { edit: true } });

    // Without lockAtDue, late work is accepted: nothing locks.
    const open = await createTestAssignment(server, { teams: 1, dueAt: clock.now() - hour, lockAtDue: false });
    const unlocked = (await server.api('GET', `/api/docs/${open.copies[0]!.docId}`, { as: open.copies[0]!.member })).body.doc;
    expect(unlocked).toMatchObject({ locked: false, locksAt: null, can: { edit: true } });
  });

  it('extends the due time of one team only, open sockets included', async () => {
    const course = await createTestAssignment(server, { teams: 2, dueAt: clock.now() + hour, lockAtDue: true });
    const [extended, other] = course.copies as [(typeof course.copies)[0], (typeof course.copies)[0]];
    const waiting = await connected(extended.docId, extended.member);
    clock.advance(2 * hour);

    const newDue = clock.now() + hour;
    const response = await server.api('POST', `/api/assignments/${course.assignmentId}/teams/${extended.teamId}/extension`, {
      as: course.instructor,
      body: { dueAt: new Date(newDue).toISOString() },
    });
    expect(response.status).toBe(200);
    expect(response.body.deadline).toMatchObject({ teamId: extended.teamId, dueAt: newDue, locked: false, locksAt: newDue, reopenedAt: null });
    // The open socket is told to reconnect with the new lock.
    expect((await waiting.closed).code).toBe(closeCodes.roleChanged);

    const teacher = await connected(extended.docId, course.instructor);
    const written = await type(await connected(extended.docId, extended.member), teacher);
    expect(await storedText(extended.docId, course.instructor)).toContain(written);
    expect((await server.api('GET', `/api/docs/${extended.docId}`, { as: extended.member })).body.doc).toMatchObject({ locked: false, locksAt: newDue });

    const otherTeacher = await connected(other.docId, course.instructor);
    const refused = await type(await connected(other.docId, other.member), otherTeacher);
    expect(await storedText(other.docId, course.instructor)).not.toContain(refused);
    expect((await server.api('GET', `/api/docs/${other.docId}`, { as: other.member })).body.doc).toMatchObject({ locked: true });

    // The new due time locks the extended copy in turn.
    clock.advance(2 * hour);
    const tooLate = await type(await connected(extended.docId, extended.member), teacher);
    expect(await storedText(extended.docId, course.instructor)).not.toContain(tooLate);
  });

  it('reopens one team’s locked copy, open sockets included', async () => {
    const course = await createTestAssignment(server, { teams: 2, dueAt: clock.now() + hour, lockAtDue: true });
    const [reopened, other] = course.copies as [(typeof course.copies)[0], (typeof course.copies)[0]];
    clock.advance(2 * hour);
    const waiting = await connected(reopened.docId, reopened.member);
    const asked = clock.now();
    const response = await server.api('POST', `/api/assignments/${course.assignmentId}/teams/${reopened.teamId}/reopen`, { as: course.instructor });
    expect(response.status).toBe(200);
    expect(response.body.deadline).toMatchObject({ locked: false, locksAt: null });
    expect(response.body.deadline.reopenedAt).toBeGreaterThanOrEqual(asked);
    expect(response.body.deadline.reopenedAt).toBeLessThanOrEqual(clock.now());
    expect((await waiting.closed).code).toBe(closeCodes.roleChanged);

    const teacher = await connected(reopened.docId, course.instructor);
    const written = await type(await connected(reopened.docId, reopened.member), teacher);
    expect(await storedText(reopened.docId, course.instructor)).toContain(written);

    const otherTeacher = await connected(other.docId, course.instructor);
    const refused = await type(await connected(other.docId, other.member), otherTeacher);
    expect(await storedText(other.docId, course.instructor)).not.toContain(refused);
  });

  it('holds on every way into the text: a locked member can neither restore a version nor accept a suggestion; an instructor can', async () => {
    const course = await createTestAssignment(server, { teams: 1, dueAt: clock.now() + hour, lockAtDue: true });
    const { docId, member } = course.copies[0]!;
    const sentence = 'Photo 51 shows an X-shaped pattern.';
    const writer = await connected(docId, member);
    addParagraph(writer.doc, sentence);
    const watcher = await connected(docId, course.instructor);
    await waitFor('the instructor has the sentence', () => paragraphs(watcher.doc)[0] === sentence);
    const version = await server.api('POST', `/api/docs/${docId}/versions`, { as: member, body: { name: 'Draft' } });
    expect(version.status).toBe(201);
    const at = 1 + sentence.indexOf('X-shaped');
    const suggestion = await server.api('POST', `/api/docs/${docId}/threads`, {
      as: course.instructor,
      body: { kind: 'suggestion', replacement: 'cross-like', anchor: anchorFromRange(writer.doc, at, at + 'X-shaped'.length) },
    });
    expect(suggestion.status).toBe(201);

    clock.advance(2 * hour);
    const restore = (as: TestUser) => server.api('POST', `/api/docs/${docId}/versions/${version.body.version.id}/restore`, { as });
    const accept = (as: TestUser) => server.api('PATCH', `/api/threads/${suggestion.body.thread.id}`, { as, body: { status: 'accepted' } });
    expect((await restore(member)).status).toBe(409);
    expect((await accept(member)).status).toBe(409);
    expect(paragraphs(watcher.doc)[0]).toBe(sentence);
    expect((await accept(course.instructor)).status).toBe(200);
    await waitFor('the accepted text', () => paragraphs(watcher.doc)[0] === 'Photo 51 shows an cross-like pattern.');
    expect((await restore(course.instructor)).status).toBe(200);
  });

  it('lets only the course’s instructors extend or reopen, and only a team of the assignment', async () => {
    const course = await createTestAssignment(server, { teams: 1, dueAt: clock.now() + hour, lockAtDue: true });
    const { teamId, member } = course.copies[0]!;
    const stranger = await server.createUser('Stranger');
    const path = `/api/assignments/${course.assignmentId}/teams/${teamId}`;
    const body = { dueAt: new Date(clock.now() + 2 * hour).toISOString() };
    expect((await server.api('POST', `${path}/extension`, { as: member, body })).status).toBe(403);
    expect((await server.api('POST', `${path}/reopen`, { as: member })).status).toBe(403);
    expect((await server.api('POST', `${path}/extension`, { as: stranger, body })).status).toBe(404);
    expect((await server.api('POST', `${path}/reopen`, { as: null })).status).toBe(401);
    expect((await server.api('POST', `/api/assignments/${course.assignmentId}/teams/${newId()}/reopen`, { as: course.instructor })).status).toBe(404);
    expect((await server.api('POST', `${path}/extension`, { as: course.instructor, body: { dueAt: 'tomorrow' } })).status).toBe(400);
  });
});
