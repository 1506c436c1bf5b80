import { sha256 } from '@oslojs/crypto/sha2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessEvent } from '../../access-events';
import { sessionCookieName } from '../../http/session-cookie';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Sessions } from './sessions';

const hour = 60 * 60 * 1000;
const day = 24 * hour;
const policy = { idleMs: 14 * day, maxMs: 60 * day };

describe('sessions', () => {
  let server: TestServer;
  let clock: number;
  let sessions: Sessions;
  const events: AccessEvent[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    server.domain.accessEvents.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Sessions on the test server's database, on a clock the test moves by hand. */
  async function startSession() {
    clock = Date.now();
    sessions = new Sessions(server.domain.store.db, policy, server.domain.accessEvents, () => clock);
    const { user } = await server.createUser();
    const { token, session } = await sessions.create(user.id);
    return { user, token, session };
  }
  const lastVerifiedAt = async (id: string) =>
    (await server.domain.store.db.selectFrom('sessions').select('last_verified_at').where('id', '=', id).executeTakeFirst())
      ?.last_verified_at;
  /** What the real server (on the real clock) says about this token. */
  const meStatus = async (token: string) =>
    (await server.api('GET', '/api/auth/me', { headers: { cookie: `${sessionCookieName}=${token}` } })).status;

  it('stores only a SHA-256 of the token\'s secret, under the token\'s id', async () => {
    const { token, session } = await startSession();
    const [id, secret] = token.split('.') as [string, string];
    expect(id).toBe(session.id);
    const row = await server.domain.store.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(Buffer.from(row.secret_hash)).toEqual(Buffer.from(sha256(new TextEncoder().encode(secret))));
    expect(JSON.stringify(row)).not.toContain(secret);
    // The right id with a wrong secret is no session.
    expect(await sessions.validate(`${id}.${'a'.repeat(secret.length)}`)).toBeNull();
    expect(await sessions.validate(token)).not.toBeNull();
  });

  it('ends after the inactivity timeout', async () => {
    const { user, token, session } = await startSession();
    const busy = await sessions.create(user.id);
    clock += policy.idleMs - 1;
    expect(await sessions.validate(busy.token)).not.toBeNull();

    clock += 1;
    expect(await sessions.validate(token)).toBeNull();
    // Ended for good, not only on this clock: the row is gone and the live server refuses it.
    expect(await lastVerifiedAt(session.id)).toBeUndefined();
    expect(await meStatus(token)).toBe(401);
    expect(events).toContainEqual({ type: 'sessions-ended', sessionIds: [session.id] });
    // The one used a moment before still stands.
    expect(await meStatus(busy.token)).toBe(200);
  });

  it('renews last_verified_at when used, so an active session outlives the inactivity timeout', async () => {
    const { token, session } = await startSession();
    const createdAt = clock;
    clock += policy.idleMs / 2;
    const principal = await sessions.validate(token);
    expect(principal?.session.lastVerifiedAt).toBe(clock);
    expect(await lastVerifiedAt(session.id)).toBe(clock);

    // Past created_at + idle, but within idle of the last use.
    clock = createdAt + policy.idleMs + policy.idleMs / 4;
    expect(await sessions.validate(token)).not.toBeNull();
    expect(await meStatus(token)).toBe(200);
  });

  it('writes the renewal at most once per touch interval, not on every request', async () => {
    const { token, session } = await startSession();
    const createdAt = clock;
    clock += 60_000;
    expect(await sessions.validate(token)).not.toBeNull();
    expect(await lastVerifiedAt(session.id)).toBe(createdAt);
  });

  it('ends at the absolute lifetime, however active it is', async () => {
    const { token, session } = await startSession();
    const createdAt = clock;
    while (clock + day < createdAt + policy.maxMs) {
      clock += day;
      expect(await sessions.validate(token)).not.toBeNull();
    }
    clock = createdAt + policy.maxMs;
    expect(await sessions.validate(token)).toBeNull();
    expect(await lastVerifiedAt(session.id)).toBeUndefined();
    expect(await meStatus(token)).toBe(401);
  });

  it('isLive follows the same two clocks without renewing anything', async () => {
    const { token, session } = await startSession();
    const createdAt = clock;
    clock += policy.idleMs - 1;
    expect(await sessions.isLive(session.id)).toBe(true);
    expect(await lastVerifiedAt(session.id)).toBe(createdAt);
    clock += 1;
    expect(await sessions.isLive(session.id)).toBe(false);
    expect(await sessions.validate(token)).toBeNull();
  });

  it('sweep removes expired rows, announces them (open sockets close), and keeps live ones', async () => {
    const stale = await startSession();
    clock += policy.idleMs;
    const removed = await sessions.sweep();
    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await lastVerifiedAt(stale.session.id)).toBeUndefined();
    expect(events).toContainEqual({ type: 'sessions-ended', sessionIds: expect.arrayContaining([stale.session.id]) });

    const live = await startSession();
    await sessions.sweep();
    expect(await lastVerifiedAt(live.session.id)).toBe(clock);
  });

  it('invalidateUser ends all of a user\'s sessions but the one kept, and says so', async () => {
    const { user, session: kept } = await startSession();
    const other = await sessions.create(user.id);
    const third = await sessions.create(user.id);
    await sessions.invalidateUser(user.id, kept.id);
    expect(await sessions.isLive(kept.id)).toBe(true);
    expect(await sessions.isLive(other.session.id)).toBe(false);
    expect(await sessions.isLive(third.session.id)).toBe(false);
    expect(events).toContainEqual({ type: 'user-sessions-ended', userId: user.id, keepSessionId: kept.id });
  });
});
