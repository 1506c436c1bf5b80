import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessEvent } from '../../access-events';
import { testDatabaseUrl } from '../../testing/test-database';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';

// Reads the SQLite file synchronously at the moment an access event is
// published (is the change committed by then?), which only SQLite allows.
describe.skipIf(testDatabaseUrl() !== null)('groups and members', () => {
  let server: TestServer;
  /** A second connection to the server's database file, to see what is committed. */
  let outside: SQLite.Database;

  beforeAll(async () => {
    server = await startTestServer();
    outside = new SQLite(server.sqliteFile!, { readonly: true });
  });
  afterAll(async () => {
    outside?.close();
    await server?.close();
  });

  /** The role a user holds as committed to the database, read outside the server. */
  const committedRole = (groupId: string, userId: string) =>
    (outside.prepare('select role from memberships where group_id = ? and user_id = ?').get(groupId, userId) as
      | { role: string }
      | undefined)?.role ?? null;

  /**
   * Access events, each with the role the database held when it was published:
   * the sync socket acts on the event at once, so the change must be committed.
   */
  function recordEvents() {
    const events: { event: AccessEvent; committed: string | null }[] = [];
    const stop = server.domain.accessEvents.subscribe((event) => {
      if (event.type === 'membership-changed') events.push({ event, committed: committedRole(event.groupId, event.userId) });
    });
    return { events, stop };
  }

  async function groupWith(...roles: ('instructor' | 'member' | 'reviewer')[]) {
    const users: TestUser[] = [];
    for (const _ of roles) users.push(await server.createUser());
    const { groupId } = await createTestDoc(
      server,
      roles.map((role, i) => ({ member: users[i]!, role })),
    );
    return { groupId, users };
  }

  describe('POST /api/groups', () => {
    it('creates the group with its creator as instructor', async () => {
      const creator = await server.createUser('Grace');
      const created = await server.api('POST', '/api/groups', { as: creator, body: { name: '  Biology 101 ' } });
      expect(created.status).toBe(201);
      expect(created.body.group).toEqual({
        id: expect.stringMatching(/^[a-z2-7]{16}$/),
        name: 'Biology 101',
        createdAt: expect.any(Number),
        role: 'instructor',
        can: { createProjects: true, manageMembers: true, manageTags: true, viewContributions: true, archive: true },
      });

      const { id } = created.body.group;
      const read = await server.api('GET', `/api/groups/${id}`, { as: creator });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ group: created.body.group });

      const members = await server.api('GET', `/api/groups/${id}/members`, { as: creator });
      expect(members.body).toEqual({
        members: [{ user: creator.user, role: 'instructor', joinedAt: created.body.group.createdAt, readsPrivateFeedback: true }],
        nextCursor: null,
      });
    });

    it('refuses a missing, blank or padded-out body with 400 and the field', async () => {
      const creator = await server.createUser();
      for (const body of [{}, { name: '   ' }, { name: 'x'.repeat(121) }, { name: 'ok', extra: 1 }, { name: 'a\u0000b' }]) {
        const response = await server.api('POST', '/api/groups', { as: creator, body });
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.error.code).toBe('validation_failed');
        expect(Object.keys(response.body.error.fields).length).toBeGreaterThan(0);
      }
      const notJson = await server.api('POST', '/api/groups', { as: creator, body: 'name=x', headers: { 'content-type': 'text/plain' } });
      expect(notJson.status).toBe(400);
    });

    it('needs a session', async () => {
      expect((await server.api('POST', '/api/groups', { body: { name: 'x' } })).status).toBe(401);
    });
  });

  describe('GET /api/groups', () => {
    it("lists only the caller's groups, each with the caller's role, page by page", async () => {
      const learner = await server.createUser();
      const stranger = await server.createUser();
      const own = [];
      for (const name of ['One', 'Two', 'Three']) {
        own.push((await server.api('POST', '/api/groups', { as: learner, body: { name } })).body.group);
      }
      const { groupId: asReviewer } = await createTestDoc(server, [
        { member: stranger, role: 'instructor' },
        { member: learner, role: 'reviewer' },
      ]);
      await server.api('POST', '/api/groups', { as: stranger, body: { name: 'Not yours' } });

      const first = await server.api('GET', '/api/groups?limit=3', { as: learner });
      expect(first.status).toBe(200);
      expect(first.body.groups).toHaveLength(3);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await server.api('GET', `/api/groups?limit=3&cursor=${first.body.nextCursor}`, { as: learner });
      expect(second.body.nextCursor).toBeNull();

      const all = [...first.body.groups, ...second.body.groups];
      expect(all.map((g: { id: string }) => g.id).sort()).toEqual([...own.map((g) => g.id), asReviewer].sort());
      expect(all.find((g: { id: string }) => g.id === asReviewer).role).toBe('reviewer');
      expect(all.filter((g: { role: string }) => g.role === 'instructor')).toHaveLength(3);
    });

    it('refuses a cursor it did not make and an out-of-range limit', async () => {
      const learner = await server.createUser();
      expect((await server.api('GET', '/api/groups?cursor=nonsense', { as: learner })).status).toBe(400);
      expect((await server.api('GET', '/api/groups?limit=0', { as: learner })).status).toBe(400);
      expect((await server.api('GET', '/api/groups?limit=201', { as: learner })).status).toBe(400);
    });

    it('needs a session', async () => {
      expect((await server.api('GET', '/api/groups')).status).toBe(401);
    });
  });

  describe('a group a user is not in', () => {
    it('is not found, whether its id is real, unknown or malformed', async () => {
      const { groupId } = await groupWith('instructor', 'member');
      const outsider = await server.createUser();
      for (const id of [groupId, 'aaaaaaaaaaaaaaaa', 'not-an-id', 'A'.repeat(300)]) {
        for (const path of [`/api/groups/${id}`, `/api/groups/${id}/members`]) {
          const response = await server.api('GET', path, { as: outsider });
          expect(response.status, path).toBe(404);
          expect(response.body.error.code).toBe('not_found');
        }
      }
    });
  });

  describe('GET /api/groups/:groupId/members', () => {
    it('shows every member with role and join time to any member, page by page', async () => {
      const { groupId, users } = await groupWith('instructor', 'member', 'reviewer');
      const reviewer = users[2]!;
      const first = await server.api('GET', `/api/groups/${groupId}/members?limit=2`, { as: reviewer });
      expect(first.status).toBe(200);
      expect(first.body.members).toHaveLength(2);
      const second = await server.api('GET', `/api/groups/${groupId}/members?limit=2&cursor=${first.body.nextCursor}`, { as: reviewer });
      expect(second.body.nextCursor).toBeNull();
      const members = [...first.body.members, ...second.body.members];
      expect(members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role]).sort()).toEqual(
        [
          [users[0]!.user.id, 'instructor'],
          [users[1]!.user.id, 'member'],
          [reviewer.user.id, 'reviewer'],
        ].sort(),
      );
      for (const member of members) expect(Object.keys(member.user).sort()).toEqual(['email', 'id', 'name']);
    });
  });

  describe('PATCH /api/groups/:groupId/members/:userId', () => {
    it('lets an instructor change a role, committed before the socket hears of it', async () => {
      const { groupId, users } = await groupWith('instructor', 'member');
      const [instructor, member] = users as [TestUser, TestUser];
      const { events, stop } = recordEvents();
      const response = await server.api('PATCH', `/api/groups/${groupId}/members/${member.user.id}`, {
        as: instructor,
        body: { role: 'reviewer' },
      });
      stop();
      expect(response.status).toBe(200);
      expect(response.body.member).toMatchObject({ user: member.user, role: 'reviewer' });
      expect(events).toEqual([
        { event: { type: 'membership-changed', groupId, userId: member.user.id, role: 'reviewer' }, committed: 'reviewer' },
      ]);
      const seen = await server.api('GET', `/api/groups/${groupId}`, { as: member });
      expect(seen.body.group.role).toBe('reviewer');
    });

    it('announces nothing when the role stays the same', async () => {
      const { groupId, users } = await groupWith('instructor', 'member');
      const { events, stop } = recordEvents();
      const response = await server.api('PATCH', `/api/groups/${groupId}/members/${users[1]!.user.id}`, {
        as: users[0]!,
        body: { role: 'member' },
      });
      stop();
      expect(response.status).toBe(200);
      expect(events).toEqual([]);
    });

    it('is refused to members and reviewers (403) and to outsiders (404)', async () => {
      const { groupId, users } = await groupWith('instructor', 'member', 'reviewer');
      const outsider = await server.createUser();
      const target = users[0]!.user.id;
      for (const [caller, status] of [
        [users[1]!, 403],
        [users[2]!, 403],
        [outsider, 404],
      ] as const) {
        const response = await server.api('PATCH', `/api/groups/${groupId}/members/${target}`, {
          as: caller,
          body: { role: 'member' },
        });
        expect(response.status).toBe(status);
      }
      expect(committedRole(groupId, target)).toBe('instructor');
    });

    it('answers 404 for someone not in the group and 400 for a role that does not exist', async () => {
      const { groupId, users } = await groupWith('instructor', 'member');
      const outsider = await server.createUser();
      const notMember = await server.api('PATCH', `/api/groups/${groupId}/members/${outsider.user.id}`, {
        as: users[0]!,
        body: { role: 'member' },
      });
      expect(notMember.status).toBe(404);
      const badRole = await server.api('PATCH', `/api/groups/${groupId}/members/${users[1]!.user.id}`, {
        as: users[0]!,
        body: { role: 'owner' },
      });
      expect(badRole.status).toBe(400);
      expect(badRole.body.error.fields).toHaveProperty('role');
      expect(committedRole(groupId, users[1]!.user.id)).toBe('member');
    });
  });

  describe('the last instructor', () => {
    it('cannot step down or leave (409), until another instructor exists', async () => {
      const { groupId, users } = await groupWith('instructor', 'member');
      const [instructor, member] = users as [TestUser, TestUser];
      const path = (user: TestUser) => `/api/groups/${groupId}/members/${user.user.id}`;

      const demote = await server.api('PATCH', path(instructor), { as: instructor, body: { role: 'member' } });
      expect(demote.status).toBe(409);
      expect(demote.body.error.code).toBe('conflict');
      expect((await server.api('DELETE', path(instructor), { as: instructor })).status).toBe(409);
      expect(committedRole(groupId, instructor.user.id)).toBe('instructor');

      expect((await server.api('PATCH', path(member), { as: instructor, body: { role: 'instructor' } })).status).toBe(200);
      expect((await server.api('PATCH', path(instructor), { as: instructor, body: { role: 'member' } })).status).toBe(200);
      // The promoted member is now the only instructor, and bound by the same rule.
      expect((await server.api('DELETE', path(member), { as: member })).status).toBe(409);
    });

    it('holds when two instructors demote each other at the same moment', async () => {
      const { groupId, users } = await groupWith('instructor', 'instructor');
      const [a, b] = users as [TestUser, TestUser];
      const results = await Promise.all([
        server.api('PATCH', `/api/groups/${groupId}/members/${b.user.id}`, { as: a, body: { role: 'member' } }),
        server.api('PATCH', `/api/groups/${groupId}/members/${a.user.id}`, { as: b, body: { role: 'member' } }),
      ]);
      const statuses = results.map((r) => r.status);
      // Whichever ran second was either refused (409) or, having been demoted, no longer allowed (403).
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409 || s === 403)).toHaveLength(1);
      const instructors = [a, b].filter((u) => committedRole(groupId, u.user.id) === 'instructor');
      expect(instructors).toHaveLength(1);
    });
  });

  describe('DELETE /api/groups/:groupId/members/:userId', () => {
    it('lets an instructor remove a member, who then sees nothing of the group', async () => {
      const { groupId, users } = await groupWith('instructor', 'member');
      const [instructor, member] = users as [TestUser, TestUser];
      const { events, stop } = recordEvents();
      const response = await server.api('DELETE', `/api/groups/${groupId}/members/${member.user.id}`, { as: instructor });
      stop();
      expect(response.status).toBe(204);
      expect(events).toEqual([
        { event: { type: 'membership-changed', groupId, userId: member.user.id, role: null }, committed: null },
      ]);
      expect((await server.api('GET', `/api/groups/${groupId}`, { as: member })).status).toBe(404);
      expect((await server.api('GET', '/api/groups', { as: member })).body.groups).toEqual([]);
      // Removing again: that person is no longer a member.
      expect((await server.api('DELETE', `/api/groups/${groupId}/members/${member.user.id}`, { as: instructor })).status).toBe(404);
    });

    it('lets anyone leave, but not remove someone else without the right', async () => {
      const { groupId, users } = await groupWith('instructor', 'member', 'member', 'reviewer');
      const [, member, otherMember, reviewer] = users as [TestUser, TestUser, TestUser, TestUser];
      const path = (user: TestUser) => `/api/groups/${groupId}/members/${user.user.id}`;
      expect((await server.api('DELETE', path(otherMember), { as: member })).status).toBe(403);
      expect((await server.api('DELETE', path(member), { as: reviewer })).status).toBe(403);
      expect(committedRole(groupId, otherMember.user.id)).toBe('member');

      expect((await server.api('DELETE', path(member), { as: member })).status).toBe(204);
      expect((await server.api('DELETE', path(reviewer), { as: reviewer })).status).toBe(204);
      expect(committedRole(groupId, member.user.id)).toBeNull();
      expect(committedRole(groupId, reviewer.user.id)).toBeNull();
    });

    it('is not found for an outsider, even to remove themself', async () => {
      const { groupId } = await groupWith('instructor');
      const outsider = await server.createUser();
      expect((await server.api('DELETE', `/api/groups/${groupId}/members/${outsider.user.id}`, { as: outsider })).status).toBe(404);
      expect((await server.api('DELETE', `/api/groups/${groupId}/members/not-an-id`, { as: outsider })).status).toBe(404);
    });
  });
});
