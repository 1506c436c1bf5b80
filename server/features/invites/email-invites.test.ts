import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessEvent } from '../../access-events';
import { newId } from '../../db/ids';
import { createTestDoc, startTestServer, type TestServer } from '../../testing/test-server';

describe('POST /api/groups/:groupId/invites/email', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  async function group() {
    const [instructor, member, reviewer] = await server.createUsers('Iris Instructor', 'Max Member', 'Rita Reviewer');
    const { groupId, docId } = await createTestDoc(server, [
      { member: instructor, role: 'instructor' },
      { member, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    return { groupId, docId, instructor, member, reviewer };
  }

  const membership = (groupId: string, userId: string) =>
    server.domain.store.db
      .selectFrom('memberships')
      .select('role')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();

  const pending = (groupId: string) =>
    server.domain.store.db.selectFrom('email_invites').select(['email', 'role']).where('group_id', '=', groupId).execute();

  it('adds an existing account with the role at once: the group is on their home and the document reads', async () => {
    const { groupId, docId, instructor } = await group();
    const invitee = await server.createUser('Theo Third');
    const heard: AccessEvent[] = [];
    const stop = server.domain.accessEvents.subscribe((event) => heard.push(event));
    const response = await server.api('POST', `/api/groups/${groupId}/invites/email`, {
      as: instructor,
      // Typed as people type: capitals and spaces; the address is normalised.
      body: { email: `  ${invitee.user.email.toUpperCase()} `, role: 'reviewer' },
    });
    stop();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ outcome: 'added', email: invitee.user.email, role: 'reviewer', user: invitee.user });
    expect(await membership(groupId, invitee.user.id)).toEqual({ role: 'reviewer' });
    expect(heard).toContainEqual({ type: 'membership-changed', groupId, userId: invitee.user.id, role: 'reviewer' });

    const home = await server.api('GET', '/api/groups', { as: invitee });
    expect(home.body.groups).toEqual([expect.objectContaining({ id: groupId, role: 'reviewer' })]);
    const doc = await server.api('GET', `/api/docs/${docId}`, { as: invitee });
    expect(doc.body.doc.can.edit).toBe(false);
    expect(await pending(groupId)).toEqual([]);
  });

  it('leaves an existing member’s role alone (an invite never demotes)', async () => {
    const { groupId, instructor, member } = await group();
    const response = await server.api('POST', `/api/groups/${groupId}/invites/email`, {
      as: instructor,
      body: { email: member.user.email, role: 'reviewer' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'already-member', role: 'member' });
    expect(await membership(groupId, member.user.id)).toEqual({ role: 'member' });
  });

  it('keeps an unknown address pending, then joins whoever signs up with it', async () => {
    const { groupId, instructor } = await group();
    const email = `newcomer-${newId()}@example.test`;
    const first = await server.api('POST', `/api/groups/${groupId}/invites/email`, { as: instructor, body: { email, role: 'member' } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ outcome: 'pending', email, role: 'member', user: null });
    // Inviting again changes the role it waits with; there is still one invite.
    const again = await server.api('POST', `/api/groups/${groupId}/invites/email`, { as: instructor, body: { email, role: 'reviewer' } });
    expect(again.body.outcome).toBe('pending');
    expect(await pending(groupId)).toEqual([{ email, role: 'reviewer' }]);

    const signup = await server.api('POST', '/api/auth/signup', {
      body: { email: email.toUpperCase(), password: 'a long enough password', name: 'Nia Newcomer' },
    });
    expect(signup.status).toBe(201);
    const newcomer = { user: signup.body.user, cookie: signup.headers.get('set-cookie')!.split(';')[0]! };
    const home = await server.api('GET', '/api/groups', { as: newcomer });
    expect(home.body.groups).toEqual([expect.objectContaining({ id: groupId, role: 'reviewer' })]);
    expect(await pending(groupId)).toEqual([]);
    // The group hears that they joined, as with an invite link.
    const joined = await server.domain.store.db
      .selectFrom('events')
      .select(['type', 'actor_id'])
      .where('group_id', '=', groupId)
      .where('type', '=', 'member-joined')
      .execute();
    expect(joined).toEqual([{ type: 'member-joined', actor_id: newcomer.user.id }]);
  });

  it('refuses a member and a reviewer (403), and an outsider learns nothing (404); nothing changes', async () => {
    const { groupId, member, reviewer } = await group();
    const outsider = await server.createUser();
    const invitee = await server.createUser();
    const email = `someone-${newId()}@example.test`;
    for (const [caller, status] of [
      [member, 403],
      [reviewer, 403],
      [outsider, 404],
    ] as const) {
      for (const address of [invitee.user.email, email]) {
        const response = await server.api('POST', `/api/groups/${groupId}/invites/email`, { as: caller, body: { email: address, role: 'instructor' } });
        expect(response.status).toBe(status);
      }
    }
    expect(await membership(groupId, invitee.user.id)).toBeUndefined();
    expect(await membership(groupId, outsider.user.id)).toBeUndefined();
    expect(await pending(groupId)).toEqual([]);
  });

  it('refuses a bad address or role with a clear error next to the field (400)', async () => {
    const { groupId, instructor } = await group();
    const cases: [object, string][] = [
      [{ email: 'not an email', role: 'member' }, 'email'],
      [{ email: '', role: 'member' }, 'email'],
      [{ email: 'a@example.test', role: 'owner' }, 'role'],
      [{ role: 'member' }, 'email'],
    ];
    for (const [body, field] of cases) {
      const response = await server.api('POST', `/api/groups/${groupId}/invites/email`, { as: instructor, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('validation_failed');
      expect(Object.keys(response.body.error.fields)).toContain(field);
    }
    const bad = await server.api('POST', `/api/groups/${groupId}/invites/email`, { as: instructor, body: { email: 'nope', role: 'member' } });
    expect(bad.body.error.fields.email).toBe('Enter a valid email address');
    expect(await pending(groupId)).toEqual([]);
  });
});
