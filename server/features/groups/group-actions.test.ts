import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/permissions';
import type { GroupActions } from '../../../shared/schemas/groups';
import type { ProjectActions } from '../../../shared/schemas/projects';
import { newId } from '../../db/ids';
import { createTestDoc, startTestServer, type TestServer } from '../../testing/test-server';

/**
 * A group's and a project's `can` is what the server then allows their
 * reader: for each role, every action offered succeeds and every action
 * withheld is refused. The home and group pages show their buttons from
 * these flags only.
 */
describe('what a group and a project say their reader may do', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const ok = (status: number) => status >= 200 && status < 300;

  it.each<Role>(['instructor', 'member', 'reviewer'])('for the %s, every flag matches what the server allows', async (role) => {
    const [instructor, reader, other] = await server.createUsers('Ines', 'Reader', 'Other');
    const { groupId, projectId } = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member: reader, role },
      { member: other, role: 'member' },
    ]);

    const { can } = (await server.api('GET', `/api/groups/${groupId}`, { as: reader })).body.group as { can: GroupActions };
    const listed = (await server.api('GET', '/api/groups', { as: reader })).body.groups as { id: string; can: GroupActions }[];
    expect(listed.find((group) => group.id === groupId)?.can, 'the list says the same').toEqual(can);

    const attempts: Record<keyof GroupActions, () => Promise<number>> = {
      createProjects: async () => (await server.api('POST', `/api/groups/${groupId}/projects`, { as: reader, body: { name: 'New' } })).status,
      manageMembers: async () =>
        (await server.api('PATCH', `/api/groups/${groupId}/members/${other.user.id}`, { as: reader, body: { role: 'reviewer' } })).status,
      manageTags: async () => (await server.api('POST', `/api/groups/${groupId}/tags`, { as: reader, body: { name: `Tag ${newId()}` } })).status,
      viewContributions: async () => (await server.api('GET', `/api/groups/${groupId}/contributions`, { as: reader })).status,
      archive: async () => (await server.api('GET', `/api/groups/${groupId}/archived`, { as: reader })).status,
    };
    for (const [action, attempt] of Object.entries(attempts)) {
      expect(ok(await attempt()), `${role}: ${action}`).toBe(can[action as keyof GroupActions]);
    }

    const project = (await server.api('GET', `/api/projects/${projectId}`, { as: reader })).body.project as { can: ProjectActions };
    const projects = (await server.api('GET', `/api/groups/${groupId}/projects`, { as: reader })).body.projects as { id: string; can: ProjectActions }[];
    expect(projects.find((p) => p.id === projectId)?.can).toEqual(project.can);
    const createdDoc = await server.api('POST', `/api/projects/${projectId}/docs`, { as: reader, body: { title: 'New' } });
    expect(ok(createdDoc.status), `${role}: createDocs`).toBe(project.can.createDocs);
  });

  it('tells who may read feedback for instructors only, so who it may mention', async () => {
    const [instructor, member, reviewer] = await server.createUsers('Ines', 'Mia', 'Rey');
    const { groupId } = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    const { members } = (await server.api('GET', `/api/groups/${groupId}/members`, { as: reviewer })).body;
    const reads = Object.fromEntries(members.map((m: { user: { id: string }; readsPrivateFeedback: boolean }) => [m.user.id, m.readsPrivateFeedback]));
    expect(reads).toEqual({ [instructor.user.id]: true, [member.user.id]: false, [reviewer.user.id]: false });
  });
});
