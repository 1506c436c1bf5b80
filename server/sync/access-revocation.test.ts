import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../shared/close-codes';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { connectStockClient, type StockClient } from './test-clients';

/**
 * Logout, password change and removal from a group take effect at once, also
 * on open sockets: access checked at the upgrade alone would outlive them.
 */
let server: TestServer;
let owner: TestUser;
const clients: StockClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  owner = await server.createUser('Owner');
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await server.close();
});

async function openSocket(role: 'member' | 'reviewer' = 'member') {
  const member = await server.createUser();
  const doc = await createTestDoc(server, [
    { member: owner, role: 'instructor' },
    { member, role },
  ]);
  const client = connectStockClient(server.url, doc.docId, member);
  clients.push(client);
  await client.synced;
  return { member, client, ...doc };
}

/** The close arrives within a second of the change, measured from the change. */
async function closedWithin(client: StockClient, since: number) {
  const closed = await client.closed;
  expect(Date.now() - since).toBeLessThan(1000);
  return closed;
}

describe('access changes reach open sockets', () => {
  it('closes the socket of a member removed from the group (accessRevoked), through the groups route', async () => {
    const { member, client, groupId } = await openSocket();
    const since = Date.now();
    const res = await server.api('DELETE', `/api/groups/${groupId}/members/${member.user.id}`, { as: owner });
    expect(res.status).toBeLessThan(300);
    expect((await closedWithin(client, since)).code).toBe(closeCodes.accessRevoked);
    expect(server.domain.sync.stats().connections).toBe(0);
  });

  it('closes the socket on a role change (roleChanged), so the client reconnects with its new rights', async () => {
    const { member, client, groupId } = await openSocket('member');
    const since = Date.now();
    server.domain.accessEvents.publish({ type: 'membership-changed', groupId, userId: member.user.id, role: 'reviewer' });
    expect((await closedWithin(client, since)).code).toBe(closeCodes.roleChanged);
  });

  it('leaves the socket open when the role did not change or another member changed', async () => {
    const { member, client, groupId } = await openSocket('member');
    server.domain.accessEvents.publish({ type: 'membership-changed', groupId, userId: member.user.id, role: 'member' });
    server.domain.accessEvents.publish({ type: 'membership-changed', groupId, userId: owner.user.id, role: null });
    server.domain.accessEvents.publish({ type: 'membership-changed', groupId: 'another-group', userId: member.user.id, role: null });
    // Then a change that does concern it: the first close it gets must be this one.
    server.domain.accessEvents.publish({ type: 'membership-changed', groupId, userId: member.user.id, role: null });
    expect((await client.closed).code).toBe(closeCodes.accessRevoked);
  });

  it('closes the socket of a session that logged out (sessionEnded)', async () => {
    const { member, client } = await openSocket();
    const since = Date.now();
    const logout = await server.api('POST', '/api/auth/logout', { as: member });
    expect(logout.status).toBe(204);
    expect((await closedWithin(client, since)).code).toBe(closeCodes.sessionEnded);
  });

  it('closes every other session of a user whose sessions all ended (password change)', async () => {
    const { member, client } = await openSocket();
    const principal = await server.domain.sessions.validate(member.cookie.split('=')[1]!);
    const since = Date.now();
    await server.domain.sessions.invalidate(principal!.session.id);
    expect((await closedWithin(client, since)).code).toBe(closeCodes.sessionEnded);

    const again = await openSocket();
    const kept = await server.domain.sessions.validate(again.member.cookie.split('=')[1]!);
    server.domain.accessEvents.publish({ type: 'user-sessions-ended', userId: again.member.user.id, keepSessionId: kept!.session.id });
    server.domain.accessEvents.publish({ type: 'user-sessions-ended', userId: again.member.user.id });
    expect((await again.client.closed).code).toBe(closeCodes.sessionEnded);
  });

  it('applies an access event published between the access check and the socket opening', async () => {
    const member = await server.createUser();
    const { docId, groupId } = await createTestDoc(server, [
      { member: owner, role: 'instructor' },
      { member, role: 'member' },
    ]);
    const principal = await server.domain.sessions.validate(member.cookie.split('=')[1]!);
    const socket = { send: () => {}, close: () => {}, bufferedAmount: 0 };
    const peer = {
      docId,
      groupId,
      userId: member.user.id,
      userName: member.user.name,
      sessionId: principal!.session.id,
      role: 'member' as const,
      canWrite: true,
      admittedAt: server.domain.sync.admissionTicket(),
    };
    server.domain.accessEvents.publish({ type: 'membership-changed', groupId, userId: member.user.id, role: null });
    const connection = server.domain.sync.accept(socket, peer);
    expect(connection.state).toBe('closed');
    expect(connection.closeCode).toBe(closeCodes.accessRevoked);
  });
});
