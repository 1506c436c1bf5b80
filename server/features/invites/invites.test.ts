import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessEvent } from '../../access-events';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';

const day = 24 * 60 * 60 * 1000;

describe('invites', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A group with an instructor, a member and a reviewer. */
  async function group() {
    const instructor = await server.createUser('Instructor');
    const member = await server.createUser('Member');
    const reviewer = await server.createUser('Reviewer');
    const { groupId } = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    return { groupId, instructor, member, reviewer };
  }

  async function invite(groupId: string, instructor: TestUser, body: object = { role: 'member' }) {
    const response = await server.api('POST', `/api/groups/${groupId}/invites`, { as: instructor, body });
    expect(response.status).toBe(201);
    return response.body.invite as { code: string; uses: number; revoked: boolean };
  }

  const storedInvite = (code: string) =>
    server.domain.store.db.selectFrom('invites').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

  describe('POST /api/groups/:groupId/invites', () => {
    it('makes an unguessable code that expires in 14 days by default, with no use limit', async () => {
      const { groupId, instructor } = await group();
      const before = Date.now();
      const response = await server.api('POST', `/api/groups/${groupId}/invites`, { as: instructor, body: { role: 'reviewer' } });
      expect(response.status).toBe(201);
      const { invite: made } = response.body;
      expect(made).toMatchObject({ groupId, role: 'reviewer', maxUses: null, uses: 0, revoked: false });
      // 15 random bytes: 120 bits in 24 base32 characters.
      expect(made.code).toMatch(/^[a-z2-7]{24}$/);
      expect(made.expiresAt - made.createdAt).toBe(14 * day);
      expect(made.createdAt).toBeGreaterThanOrEqual(before);
    });

    it('takes an expiry and a use limit', async () => {
      const { groupId, instructor } = await group();
      const made = await invite(groupId, instructor, { role: 'member', expiresInDays: 2, maxUses: 30 });
      expect(made).toMatchObject({ maxUses: 30 });
      const row = await storedInvite(made.code);
      expect(row.expires_at - row.created_at).toBe(2 * day);
    });

    it('refuses bodies out of bounds with 400', async () => {
      const { groupId, instructor } = await group();
      for (const body of [{}, { role: 'owner' }, { role: 'member', expiresInDays: 0 }, { role: 'member', maxUses: 0 }, { role: 'member', expiresInDays: 366 }]) {
        const response = await server.api('POST', `/api/groups/${groupId}/invites`, { as: instructor, body });
        expect(response.status, JSON.stringify(body)).toBe(400);
      }
    });

    it('is for instructors only: 403 for members and reviewers, 404 for outsiders', async () => {
      const { groupId, member, reviewer } = await group();
      const outsider = await server.createUser();
      for (const [caller, status] of [[member, 403], [reviewer, 403], [outsider, 404]] as const) {
        const response = await server.api('POST', `/api/groups/${groupId}/invites`, { as: caller, body: { role: 'member' } });
        expect(response.status).toBe(status);
      }
    });
  });

  describe('GET /api/groups/:groupId/invites', () => {
    it("lists the group's invites to instructors, page by page", async () => {
      const { groupId, instructor, member } = await group();
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await invite(groupId, instructor)).code);
      const first = await server.api('GET', `/api/groups/${groupId}/invites?limit=2`, { as: instructor });
      expect(first.status).toBe(200);
      expect(first.body.invites).toHaveLength(2);
      const second = await server.api('GET', `/api/groups/${groupId}/invites?limit=2&cursor=${first.body.nextCursor}`, { as: instructor });
      expect(second.body.nextCursor).toBeNull();
      const listed = [...first.body.invites, ...second.body.invites].map((i: { code: string }) => i.code);
      expect(listed.sort()).toEqual(codes.sort());
      expect((await server.api('GET', `/api/groups/${groupId}/invites`, { as: member })).status).toBe(403);
    });
  });

  describe('GET /api/invites/:code', () => {
    it('shows any signed-in user the group, role and whether it can be used', async () => {
      const { groupId, instructor } = await group();
      const made = await invite(groupId, instructor, { role: 'reviewer' });
      const stranger = await server.createUser();
      const response = await server.api('GET', `/api/invites/${made.code}`, { as: stranger });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        invite: { group: { id: groupId, name: 'Test group' }, role: 'reviewer', expiresAt: expect.any(Number), usable: true },
      });
      expect((await server.api('GET', `/api/invites/${made.code}`)).status).toBe(401);
    });

    it('answers 404 for an unknown or malformed code', async () => {
      const stranger = await server.createUser();
      for (const code of ['a'.repeat(24), 'NOT-A-CODE', 'x']) {
        expect((await server.api('GET', `/api/invites/${code}`, { as: stranger })).status).toBe(404);
        expect((await server.api('POST', `/api/invites/${code}/accept`, { as: stranger })).status).toBe(404);
      }
    });
  });

  describe('POST /api/invites/:code/accept', () => {
    it("joins the caller with the invite's role, uses it once and announces it", async () => {
      const { groupId, instructor } = await group();
      const made = await invite(groupId, instructor, { role: 'member' });
      const newcomer = await server.createUser('Newcomer');
      const events: AccessEvent[] = [];
      const stop = server.domain.accessEvents.subscribe((event) => events.push(event));
      const response = await server.api('POST', `/api/invites/${made.code}/accept`, { as: newcomer });
      stop();
      expect(response.status).toBe(200);
      expect(response.body.group).toMatchObject({ id: groupId, name: 'Test group', role: 'member' });
      expect(events).toEqual([{ type: 'membership-changed', groupId, userId: newcomer.user.id, role: 'member' }]);
      expect((await storedInvite(made.code)).uses).toBe(1);
      const members = await server.api('GET', `/api/groups/${groupId}/members`, { as: newcomer });
      expect(members.body.members).toContainEqual(expect.objectContaining({ user: newcomer.user, role: 'member' }));
    });

    it('keeps the role of someone already in the group and uses nothing up', async () => {
      const { groupId, instructor } = await group();
      const made = await invite(groupId, instructor, { role: 'reviewer', maxUses: 1 });
      const response = await server.api('POST', `/api/invites/${made.code}/accept`, { as: instructor });
      expect(response.status).toBe(200);
      expect(response.body.group).toMatchObject({ id: groupId, role: 'instructor' });
      expect((await storedInvite(made.code)).uses).toBe(0);
    });

    it('answers 410 for a revoked invite and joins no one', async () => {
      const { groupId, instructor, member } = await group();
      const made = await invite(groupId, instructor);
      expect((await server.api('DELETE', `/api/groups/${groupId}/invites/${made.code}`, { as: member })).status).toBe(403);
      expect((await server.api('DELETE', `/api/groups/${groupId}/invites/${made.code}`, { as: instructor })).status).toBe(204);
      // Revoking twice is harmless.
      expect((await server.api('DELETE', `/api/groups/${groupId}/invites/${made.code}`, { as: instructor })).status).toBe(204);

      const newcomer = await server.createUser();
      expect((await server.api('GET', `/api/invites/${made.code}`, { as: newcomer })).body.invite.usable).toBe(false);
      const response = await server.api('POST', `/api/invites/${made.code}/accept`, { as: newcomer });
      expect(response.status).toBe(410);
      expect(response.body.error.code).toBe('invite_expired');
      expect((await server.api('GET', `/api/groups/${groupId}`, { as: newcomer })).status).toBe(404);
      const listed = await server.api('GET', `/api/groups/${groupId}/invites`, { as: instructor });
      expect(listed.body.invites).toEqual([expect.objectContaining({ code: made.code, revoked: true })]);
    });

    it('answers 410 for an expired invite', async () => {
      const { groupId, instructor } = await group();
      const made = await invite(groupId, instructor);
      await server.domain.store.db.updateTable('invites').set({ expires_at: Date.now() - 1 }).where('code', '=', made.code).execute();
      const newcomer = await server.createUser();
      expect((await server.api('GET', `/api/invites/${made.code}`, { as: newcomer })).body.invite.usable).toBe(false);
      expect((await server.api('POST', `/api/invites/${made.code}/accept`, { as: newcomer })).status).toBe(410);
      expect((await storedInvite(made.code)).uses).toBe(0);
    });

    it('never lets more people in than the use limit, even all at once', async () => {
      const { groupId, instructor } = await group();
      const made = await invite(groupId, instructor, { role: 'member', maxUses: 2 });
      const newcomers = await Promise.all(Array.from({ length: 6 }, () => server.createUser()));
      const results = await Promise.all(
        newcomers.map((newcomer) => server.api('POST', `/api/invites/${made.code}/accept`, { as: newcomer })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 410, 410, 410, 410]);
      expect((await storedInvite(made.code)).uses).toBe(2);
      const members = await server.api('GET', `/api/groups/${groupId}/members`, { as: instructor });
      expect(members.body.members).toHaveLength(3 + 2);
      expect((await server.api('GET', `/api/invites/${made.code}`, { as: newcomers[0]! })).body.invite.usable).toBe(false);
    });
  });

  describe('after a removal or a demotion', () => {
    it('does not let a removed member back in with an invite made before the removal, only with a new one', async () => {
      const { groupId, instructor, member } = await group();
      const old = await invite(groupId, instructor);
      expect((await server.api('DELETE', `/api/groups/${groupId}/members/${member.user.id}`, { as: instructor })).status).toBe(204);

      const refused = await server.api('POST', `/api/invites/${old.code}/accept`, { as: member });
      expect(refused.status).toBe(410);
      expect(refused.body.error.message).toContain('before you were removed');
      expect((await server.api('GET', `/api/groups/${groupId}`, { as: member })).status).toBe(404);
      // The code still works for everyone else.
      expect((await server.api('POST', `/api/invites/${old.code}/accept`, { as: await server.createUser() })).status).toBe(200);

      const fresh = await invite(groupId, instructor);
      expect((await server.api('POST', `/api/invites/${fresh.code}/accept`, { as: member })).status).toBe(200);
    });

    it('does not let a demoted instructor who left take the group back with an instructor invite seen before', async () => {
      const { groupId, instructor } = await group();
      const other = await server.createUser('Other instructor');
      const joined = await invite(groupId, instructor, { role: 'instructor' });
      expect((await server.api('POST', `/api/invites/${joined.code}/accept`, { as: other })).status).toBe(200);
      const seenBefore = await invite(groupId, other, { role: 'instructor' });
      const memberInvite = await invite(groupId, other, { role: 'member' });

      const demoted = await server.api('PATCH', `/api/groups/${groupId}/members/${other.user.id}`, { as: instructor, body: { role: 'member' } });
      expect(demoted.status).toBe(200);
      expect((await server.api('DELETE', `/api/groups/${groupId}/members/${other.user.id}`, { as: other })).status).toBe(204);

      const refused = await server.api('POST', `/api/invites/${seenBefore.code}/accept`, { as: other });
      expect(refused.status).toBe(410);
      expect(refused.body.error.message).toContain('before your role in this group changed');
      // Leaving by choice bars nothing at the role they had: an old member invite still lets them back as a member.
      const back = await server.api('POST', `/api/invites/${memberInvite.code}/accept`, { as: other });
      expect(back.status).toBe(200);
      expect(back.body.group.role).toBe('member');
    });
  });

  describe('DELETE /api/groups/:groupId/invites/:code', () => {
    it("is not found for another group's code, an unknown code, or an outsider", async () => {
      const first = await group();
      const second = await group();
      const made = await invite(first.groupId, first.instructor);
      const outsider = await server.createUser();
      expect((await server.api('DELETE', `/api/groups/${second.groupId}/invites/${made.code}`, { as: second.instructor })).status).toBe(404);
      expect((await server.api('DELETE', `/api/groups/${first.groupId}/invites/${'b'.repeat(24)}`, { as: first.instructor })).status).toBe(404);
      expect((await server.api('DELETE', `/api/groups/${first.groupId}/invites/${made.code}`, { as: outsider })).status).toBe(404);
      expect((await storedInvite(made.code)).revoked_at).toBeNull();
    });
  });
});
