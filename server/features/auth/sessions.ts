import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Kysely } from 'kysely';
import type { AccessEvents } from '../../access-events';
import type { Config } from '../../config';
import type { Database } from '../../db/schema';
import { newId } from '../../db/ids';
import type { Principal, SessionInfo } from './principal';

/**
 * Sessions after the Lucia guide (lucia-auth.com/sessions/basic): the token
 * is `<id>.<secret>`; the database keeps the id and a SHA-256 of the secret,
 * compared in constant time, so a leaked table holds no usable token.
 *
 * Two clocks end a session: the inactivity timeout (`idleMs` since it was last
 * used) and the absolute lifetime (`maxMs` since sign-in, whatever the use).
 * `last_verified_at` is written at most once per `touchEveryMs`, so reading a
 * session is not a write on every request.
 */
export class Sessions {
  readonly #touchEveryMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly policy: Config['session'],
    private readonly events: AccessEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.#touchEveryMs = Math.min(60 * 60 * 1000, policy.idleMs / 10);
  }

  async create(userId: string): Promise<{ token: string; session: SessionInfo }> {
    const id = newId(15);
    const secret = newId(20);
    const now = this.now();
    await this.db
      .insertInto('sessions')
      .values({ id, user_id: userId, secret_hash: hashSecret(secret), created_at: now, last_verified_at: now })
      .execute();
    return { token: `${id}.${secret}`, session: { id, userId, createdAt: now, lastVerifiedAt: now } };
  }

  /** The principal of a token, or null when it is malformed, unknown, wrong or expired. */
  async validate(token: string): Promise<Principal | null> {
    const [id, secret, extra] = token.split('.');
    if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id',
        'sessions.user_id',
        'sessions.secret_hash',
        'sessions.created_at',
        'sessions.last_verified_at',
        'users.email',
        'users.name',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || !constantTimeEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null;

    const now = this.now();
    if (now - row.created_at >= this.policy.maxMs || now - row.last_verified_at >= this.policy.idleMs) {
      await this.invalidate(id);
      return null;
    }
    let lastVerifiedAt = row.last_verified_at;
    if (now - lastVerifiedAt >= this.#touchEveryMs) {
      lastVerifiedAt = now;
      await this.db.updateTable('sessions').set({ last_verified_at: now }).where('id', '=', id).execute();
    }
    return {
      user: { id: row.user_id, email: row.email, name: row.name },
      session: { id, userId: row.user_id, createdAt: row.created_at, lastVerifiedAt },
    };
  }

  /** Whether a session still stands (used by long-lived sockets). */
  async isLive(sessionId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['created_at', 'last_verified_at'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    const now = this.now();
    return !!row && now - row.created_at < this.policy.maxMs && now - row.last_verified_at < this.policy.idleMs;
  }

  async invalidate(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    this.events.publish({ type: 'sessions-ended', sessionIds: [sessionId] });
  }

  /** Ends every session of a user, except `keepSessionId` (the one changing its password). */
  async invalidateUser(userId: string, keepSessionId?: string): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSessionId) query = query.where('id', '!=', keepSessionId);
    await query.execute();
    this.events.publish({ type: 'user-sessions-ended', userId, ...(keepSessionId ? { keepSessionId } : {}) });
  }

  /**
   * Removes expired sessions and announces them, so that a socket opened
   * under one closes even if its user never makes another request.
   */
  async sweep(): Promise<number> {
    const now = this.now();
    const ended = await this.db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([
          eb('created_at', '<=', now - this.policy.maxMs),
          eb('last_verified_at', '<=', now - this.policy.idleMs),
        ]),
      )
      .returning('id')
      .execute();
    if (ended.length) this.events.publish({ type: 'sessions-ended', sessionIds: ended.map((row) => row.id) });
    return ended.length;
  }
}

function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}
