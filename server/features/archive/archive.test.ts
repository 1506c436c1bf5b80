import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../../shared/close-codes';
import { archiveKeepMs } from '../../../shared/schemas/archive';
import { newId } from '../../db/ids';
import { type StockClient, stockClientPool, waitFor } from '../../sync/test-clients';
import { type TestClock, testClock } from '../../testing/test-clock';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { png } from '../files/test-images';
import { feedbackBy } from '../test-routes';
import { anchorOn } from '../threads/test-feedback';

/**
 * Archiving, restoring and deleting for good on a real server and SQLite
 * file: an archived document is hidden and read-only (HTTP writes 409, its
 * open sockets reconnect read-only), restorable for 30 days, then deleted
 * for good by the hourly purge, its files' bytes included. Time is the
 * server's injected clock, moved on by the test.
 */
describe('archive, restore and delete for good', () => {
  let server: TestServer;
  let clock: TestClock;
  const pool = stockClientPool();
  const day = 24 * 60 * 60 * 1000;

  beforeAll(async () => {
    clock = testClock();
    server = await startTestServer({}, { now: clock.now });
  });
  afterEach(() => pool.destroyAll());
  afterAll(async () => {
    await server?.close();
  });

  async function group() {
    const [instructor, member, outsider] = await server.createUsers('Ines', 'Mia', 'Otto');
    const doc = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member, role: 'member' },
    ]);
    return { instructor, member, outsider, ...doc };
  }

  async function connected(docId: string, user: TestUser): Promise<StockClient> {
    const client = pool.connect(server.url, docId, user);
    await client.synced;
    return client;
  }

  /** Types a word on `writer` and waits until `watcher` sees an awareness change sent after it: the server has handled the update. */
  async function type(writer: StockClient, watcher: StockClient): Promise<string> {
    const word = `w${newId()}`;
    writer.doc.getText('t').insert(0, word);
    writer.provider.awareness.setLocalStateField('marker', word);
    await waitFor('the marker', () => watcher.provider.awareness.getStates().get(writer.doc.clientID)?.marker === word, 10_000);
    return word;
  }

  async function storedText(docId: string, reader: TestUser): Promise<string> {
    const joining = await connected(docId, reader);
    return joining.text();
  }

  const docIdsOf = async (projectId: string, as: TestUser) =>
    ((await server.api('GET', `/api/projects/${projectId}/docs`, { as })).body.docs as { id: string }[]).map((d) => d.id);
  const homeDocIds = async (as: TestUser) =>
    ((await server.api('GET', '/api/home', { as })).body.groups as { projects: { docs: { id: string }[] }[] }[]).flatMap((g) => g.projects.flatMap((p) => p.docs.map((d) => d.id)));

  it('hides an archived document and makes it read-only: writes get 409 and an open socket reconnects unable to write', async () => {
    const { instructor, member, docId, projectId, groupId } = await group();
    const { threadId } = await feedbackBy(server, member, 'member', { docId, groupId });
    const writer = await connected(docId, member);
    const watcher = await connected(docId, instructor);
    const before = await type(writer, watcher);

    const asked = clock.now();
    const archived = await server.api('POST', `/api/docs/${docId}/archive`, { as: instructor });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ kind: 'document', id: docId });
    expect(archived.body.archivedAt).toBeGreaterThanOrEqual(asked);
    expect(archived.body.deletesAt).toBe(archived.body.archivedAt + archiveKeepMs);
    // The open socket loses its write rights at once: closed so that it reconnects read-only.
    expect((await writer.closed).code).toBe(closeCodes.roleChanged);

    expect(await docIdsOf(projectId, member)).not.toContain(docId);
    expect(await homeDocIds(member)).not.toContain(docId);

    const rename = await server.api('PATCH', `/api/docs/${docId}`, { as: member, body: { title: 'Renamed' } });
    expect(rename.status).toBe(409);
    expect(rename.body.error.message).toMatch(/archived/);
    const comment = await server.api('POST', `/api/docs/${docId}/threads`, { as: member, body: { kind: 'comment', body: 'Late', anchor: anchorOn() } });
    expect(comment.status).toBe(409);
    expect((await server.api('POST', `/api/threads/${threadId}/replies`, { as: instructor, body: { body: 'Late reply' } })).status).toBe(409);
    const shown = (await server.api('GET', `/api/docs/${docId}`, { as: member })).body.doc;
    expect(shown).toMatchObject({ archivedAt: expect.any(Number), can: { edit: false, giveFeedback: false } });

    // Reconnected, the member reads but cannot write; nor can the instructor.
    const reader = await connected(docId, member);
    const teacher = await connected(docId, instructor);
    expect(reader.text()).toContain(before);
    const refused = await type(reader, teacher);
    const byInstructor = await type(teacher, reader);
    const stored = await storedText(docId, instructor);
    expect(stored).not.toContain(refused);
    expect(stored).not.toContain(byInstructor);
    expect(stored).toContain(before);
  });

  it('restores within 30 days with what was archived with it, and writing works again', async () => {
    const { instructor, member, docId, projectId, groupId } = await group();
    const other = (await server.api('POST', `/api/projects/${projectId}/docs`, { as: member, body: { title: 'Archived on its own' } })).body.doc.id as string;
    expect((await server.api('POST', `/api/docs/${other}/archive`, { as: instructor })).status).toBe(200);
    clock.advance(1000);
    expect((await server.api('POST', `/api/projects/${projectId}/archive`, { as: instructor })).status).toBe(200);
    expect((await server.api('GET', `/api/groups/${groupId}/projects`, { as: member })).body.projects).toEqual([]);
    expect((await server.api('POST', `/api/projects/${projectId}/docs`, { as: member, body: { title: 'New' } })).status).toBe(409);
    // The list shows the project and the document archived before it, not what went with the project.
    const listed = (await server.api('GET', `/api/groups/${groupId}/archived`, { as: instructor })).body.items as { kind: string; id: string; deletesAt: number }[];
    expect(listed.map(({ kind, id }) => ({ kind, id }))).toEqual([
      { kind: 'project', id: projectId },
      { kind: 'document', id: other },
    ]);
    // A document inside an archived project is restored with its project, not alone.
    expect((await server.api('POST', `/api/docs/${other}/restore`, { as: instructor })).status).toBe(409);

    clock.advance(29 * day);
    const watcher = await connected(docId, instructor);
    const reader = await connected(docId, member);
    const restored = await server.api('POST', `/api/projects/${projectId}/restore`, { as: instructor });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ archivedAt: null, deletesAt: null });
    // Open sockets reconnect with their write rights back.
    expect((await reader.closed).code).toBe(closeCodes.roleChanged);
    watcher.destroy();

    expect(await docIdsOf(projectId, member)).toEqual([docId]);
    expect((await server.api('PATCH', `/api/docs/${docId}`, { as: member, body: { title: 'Renamed' } })).status).toBe(200);
    expect((await server.api('PATCH', `/api/docs/${other}`, { as: member, body: { title: 'Renamed' } })).status).toBe(409);
    const writer = await connected(docId, member);
    const teacher = await connected(docId, instructor);
    const written = await type(writer, teacher);
    expect(await storedText(docId, instructor)).toContain(written);

    // The document archived on its own has its own 30 days, now past: it can no longer be restored.
    clock.advance(2 * day);
    const late = await server.api('POST', `/api/docs/${other}/restore`, { as: instructor });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/30 days/);
  });

  it('archiving a course archives its teams; restoring it leaves a team archived earlier archived', async () => {
    const { instructor, member, groupId: courseId } = await group();
    const early = await server.domain.teams.create(courseId, instructor.user.id, { name: 'Early', memberIds: [member.user.id] });
    const late = await server.domain.teams.create(courseId, instructor.user.id, { name: 'Late' });
    expect((await server.api('POST', `/api/groups/${early.id}/archive`, { as: instructor })).status).toBe(200);
    const teams = async () => ((await server.api('GET', `/api/groups/${courseId}/teams`, { as: instructor })).body.teams as { id: string }[]).map((t) => t.id);
    expect(await teams()).toEqual([late.id]);

    clock.advance(1000);
    expect((await server.api('POST', `/api/groups/${courseId}/archive`, { as: instructor })).status).toBe(200);
    const groupIds = async (as: TestUser) => ((await server.api('GET', '/api/groups', { as })).body.groups as { id: string }[]).map((g) => g.id);
    expect(await groupIds(member)).not.toContain(courseId);
    expect(await groupIds(member)).not.toContain(late.id);
    const teamProject = await server.api('POST', `/api/groups/${late.id}/projects`, { as: instructor, body: { name: 'Work' } });
    expect(teamProject.status).toBe(409);
    expect(teamProject.body.error.message).toMatch(/course is archived/);
    const mine = (await server.api('GET', '/api/archived-groups', { as: instructor })).body.items as { id: string; kind: string }[];
    expect(mine).toContainEqual(expect.objectContaining({ id: courseId, kind: 'course' }));

    expect((await server.api('POST', `/api/groups/${courseId}/restore`, { as: instructor })).status).toBe(200);
    expect(await groupIds(member)).toContain(courseId);
    expect(await teams()).toEqual([late.id]);
    expect((await server.api('POST', `/api/groups/${late.id}/projects`, { as: instructor, body: { name: 'Work' } })).status).toBe(201);
  });

  it('deletes for good after 30 days on the hourly schedule, rows and files’ bytes included', async () => {
    const { instructor, member, docId, projectId, groupId } = await group();
    const { db } = server.domain.store;
    await feedbackBy(server, member, 'member', { docId, groupId });
    const writer = await connected(docId, member);
    await type(writer, await connected(docId, instructor));
    pool.destroyAll();
    const file = await server.domain.files.storeImage({ docId, groupId, userId: member.user.id, bytes: png() });
    const bytesAt = join(server.dir, 'files', file.id);
    expect(existsSync(bytesAt)).toBe(true);

    expect((await server.api('POST', `/api/projects/${projectId}/archive`, { as: instructor })).status).toBe(200);
    const count = async (table: 'documents' | 'doc_updates' | 'threads' | 'files' | 'projects', column: 'id' | 'doc_id', id: string) =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, '=', id).executeTakeFirstOrThrow()).n);

    // Not yet 30 days: the purge leaves it.
    clock.advance(archiveKeepMs - day);
    await server.domain.schedule.runDue(clock.now());
    expect(await count('documents', 'id', docId)).toBe(1);

    clock.advance(2 * day);
    const runs = await server.domain.schedule.runDue(clock.now());
    expect(runs.map((run) => run.name)).toContain('archive-purge');
    expect(await count('projects', 'id', projectId)).toBe(0);
    expect(await count('documents', 'id', docId)).toBe(0);
    expect(await count('doc_updates', 'doc_id', docId)).toBe(0);
    expect(await count('threads', 'doc_id', docId)).toBe(0);
    expect(await count('files', 'doc_id', docId)).toBe(0);
    expect(existsSync(bytesAt)).toBe(false);
    expect((await server.api('GET', `/api/docs/${docId}`, { as: instructor })).status).toBe(404);
  });

  it('deletes now from the archived list (instructors only), and only what is archived, ending sockets still open on it', async () => {
    const { instructor, member, outsider, docId } = await group();
    expect((await server.api('DELETE', `/api/docs/${docId}`, { as: instructor })).status).toBe(409);
    expect((await server.api('POST', `/api/docs/${docId}/archive`, { as: member })).status).toBe(403);
    expect((await server.api('POST', `/api/docs/${docId}/archive`, { as: outsider })).status).toBe(404);
    expect((await server.api('POST', `/api/docs/${docId}/archive`, { as: instructor })).status).toBe(200);
    expect((await server.api('POST', `/api/docs/${docId}/restore`, { as: member })).status).toBe(403);
    expect((await server.api('DELETE', `/api/docs/${docId}`, { as: member })).status).toBe(403);
    // A member still reading the archived document is told it is gone.
    const reader = await connected(docId, member);
    expect((await server.api('DELETE', `/api/docs/${docId}`, { as: instructor })).status).toBe(204);
    expect((await server.api('GET', `/api/docs/${docId}`, { as: instructor })).status).toBe(404);
    expect((await reader.closed).code).toBe(closeCodes.accessRevoked);
  });
});
