import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../db/ids';
import { connectRawClient, waitFor } from '../sync/test-clients';
import { refusedUpgrade } from '../testing/refused-upgrade';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';

/** The sync socket contract: authentication and authorisation happen before the upgrade, as HTTP answers. */
let server: TestServer;
let member: TestUser;
let outsider: TestUser;
let docId: string;

beforeAll(async () => {
  server = await startTestServer();
  member = await server.createUser('Member');
  outsider = await server.createUser('Outsider');
  ({ docId } = await createTestDoc(server, [{ member, role: 'member' }]));
});

afterAll(async () => {
  await server.close();
});

describe('GET /ws/:docId upgrade', () => {
  it('answers 401 without a session', async () => {
    expect(await connectRawClient(server.url, docId, null).refused).toEqual({ status: 401, code: 'unauthenticated' });
  });

  it('answers 401 with a session that has ended', async () => {
    const gone = await server.createUser();
    await createTestDoc(server, [{ member: gone, role: 'member' }]);
    const principal = await server.domain.sessions.validate(gone.cookie.split('=')[1]!);
    await server.domain.sessions.invalidate(principal!.session.id);
    expect(await connectRawClient(server.url, docId, gone).refused).toEqual({ status: 401, code: 'unauthenticated' });
  });

  it('answers 404 to a non-member, as for a document that does not exist', async () => {
    expect(await connectRawClient(server.url, docId, outsider).refused).toEqual({ status: 404, code: 'not_found' });
    expect(await connectRawClient(server.url, newId(), member).refused).toEqual({ status: 404, code: 'not_found' });
  });

  it('answers 403 to a foreign Origin, even with a valid session', async () => {
    const raw = connectRawClient(server.url, docId, member, { origin: 'https://evil.example' });
    expect(await raw.refused).toEqual({ status: 403, code: 'cross_site_request' });
  });

  it('upgrades a member from the app’s own origin', async () => {
    const raw = connectRawClient(server.url, docId, member, { origin: server.url });
    await raw.opened;
    await waitFor('the server’s sync step 1', () => raw.received.length > 0);
    expect(Array.from(raw.received[0]!.subarray(0, 2))).toEqual([0, 0]); // messageSync, step 1
    raw.socket.close();
  });

  it('answers 400 to an upgrade that is no WebSocket handshake', async () => {
    const answer = await refusedUpgrade(`${server.url}/ws/${docId}`, { Cookie: member.cookie, Upgrade: 'h2c' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe('bad_request');
  });

  it('answers 400 to a plain GET', async () => {
    const res = await server.api('GET', `/ws/${docId}`, { as: member });
    expect(res.status).toBe(400);
  });
});
