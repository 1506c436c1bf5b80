import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDoc, startTestServer, type TestServer } from '../../testing/test-server';

/**
 * The course audit log on a real server: each role change, removal,
 * archiving, restoring and deletion writes its entry with the change, a
 * team's under its course; the log is read newest first by the course's
 * instructors only (members 403, anyone else 404), a deleted account named
 * "Former member".
 */
describe('the course audit log', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('records role changes, removals, archiving, restoring and deletion, read newest first by instructors only', async () => {
    const [ines, ivo, mia, max, otto] = await server.createUsers('Ines', 'Ivo', 'Mia', 'Max', 'Otto');
    const { groupId: courseId, docId } = await createTestDoc(server, [
      { member: ines, role: 'instructor' },
      { member: ivo, role: 'instructor' },
      { member: mia, role: 'member' },
      { member: max, role: 'member' },
    ]);
    const team = await server.domain.teams.create(courseId, ines.user.id, { name: 'Otters', memberIds: [mia.user.id] });

    expect((await server.api('PATCH', `/api/groups/${courseId}/members/${max.user.id}`, { as: ivo, body: { role: 'reviewer' } })).status).toBe(200);
    expect((await server.api('DELETE', `/api/groups/${courseId}/teams/${team.id}/members/${mia.user.id}`, { as: ines })).status).toBe(204);
    expect((await server.api('DELETE', `/api/groups/${courseId}/members/${max.user.id}`, { as: ines })).status).toBe(204);
    expect((await server.api('POST', `/api/docs/${docId}/archive`, { as: ines })).status).toBe(200);
    expect((await server.api('POST', `/api/docs/${docId}/restore`, { as: ines })).status).toBe(200);
    expect((await server.api('POST', `/api/groups/${team.id}/archive`, { as: ines })).status).toBe(200);
    expect((await server.api('DELETE', `/api/groups/${team.id}`, { as: ines })).status).toBe(204);

    // Ivo's account is deleted since: his entry stays, naming a former member.
    await server.domain.store.db.updateTable('users').set({ deleted_at: Date.now() }).where('id', '=', ivo.user.id).execute();

    const log = await server.api('GET', `/api/groups/${courseId}/audit`, { as: ines });
    expect(log.status).toBe(200);
    const seen = (log.body.entries as { action: string; actor: string | null; subjectType: string; subjectId: string; detail: Record<string, unknown> }[]).map(
      ({ action, actor, subjectType, subjectId }) => ({ action, actor, subjectType, subjectId }),
    );
    expect(seen).toEqual([
      { action: 'deleted', actor: 'Ines', subjectType: 'team', subjectId: team.id },
      { action: 'archived', actor: 'Ines', subjectType: 'team', subjectId: team.id },
      { action: 'restored', actor: 'Ines', subjectType: 'document', subjectId: docId },
      { action: 'archived', actor: 'Ines', subjectType: 'document', subjectId: docId },
      { action: 'member-removed', actor: 'Ines', subjectType: 'member', subjectId: max.user.id },
      { action: 'member-removed', actor: 'Ines', subjectType: 'member', subjectId: mia.user.id },
      { action: 'role-changed', actor: 'Former member', subjectType: 'member', subjectId: max.user.id },
    ]);
    expect(log.body.entries.at(-1).detail).toMatchObject({ name: 'Max', from: 'member', to: 'reviewer' });
    expect(log.body.entries[5].detail).toMatchObject({ name: 'Mia', team: 'Otters' });

    // A page at a time, newest first.
    const first = await server.api('GET', `/api/groups/${courseId}/audit?limit=4`, { as: ines });
    expect(first.body.entries).toHaveLength(4);
    const rest = await server.api('GET', `/api/groups/${courseId}/audit?limit=4&cursor=${first.body.nextCursor}`, { as: ines });
    expect([...first.body.entries, ...rest.body.entries].map((entry: { id: string }) => entry.id)).toEqual(log.body.entries.map((entry: { id: string }) => entry.id));
    expect(rest.body.nextCursor).toBeNull();

    expect((await server.api('GET', `/api/groups/${courseId}/audit`, { as: mia })).status).toBe(403);
    expect((await server.api('GET', `/api/groups/${courseId}/audit`, { as: otto })).status).toBe(404);
    expect((await server.api('GET', `/api/groups/${courseId}/audit`, { as: max })).status).toBe(404);
  });

  it('writes no entry when the change is refused', async () => {
    const [ines, mia] = await server.createUsers('Ines', 'Mia');
    const { groupId } = await createTestDoc(server, [
      { member: ines, role: 'instructor' },
      { member: mia, role: 'member' },
    ]);
    // The last instructor cannot step down: no change, no entry.
    expect((await server.api('PATCH', `/api/groups/${groupId}/members/${ines.user.id}`, { as: ines, body: { role: 'member' } })).status).toBe(409);
    expect((await server.api('GET', `/api/groups/${groupId}/audit`, { as: ines })).body.entries).toEqual([]);
  });
});
