import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { mailKinds, type MailKind } from '../../../shared/schemas/notifications';
import type { Database } from '../../db/schema';
import { serverSecret } from '../../db/server-secrets';

/** The one-click unsubscribe link's path for `token`, as every mail that can be turned off carries it. */
export const unsubscribePath = (token: string) => `/api/unsubscribe/${encodeURIComponent(token)}`;

/**
 * Signed one-click unsubscribe tokens: `<user id>.<mail kind>.<signature>`,
 * the signature an HMAC-SHA256 of the first two with a key every instance
 * shares (server/db/server-secrets.ts).
 * Whoever holds the link may turn that one kind of mail off for that one
 * account, without signing in (RFC 8058); nothing else.
 */
export class UnsubscribeTokens {
  constructor(private readonly db: Kysely<Database>) {}

  async sign(userId: string, kind: MailKind): Promise<string> {
    const payload = `${userId}.${kind}`;
    return `${payload}.${this.signature(await serverSecret(this.db, 'unsubscribe'), payload)}`;
  }

  /** The account and kind a token names, or null for anything not signed with the key. */
  async verify(token: string): Promise<{ userId: string; kind: MailKind } | null> {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [userId, kind, signature] = parts as [string, string, string];
    if (!(mailKinds as readonly string[]).includes(kind)) return null;
    const expected = Buffer.from(this.signature(await serverSecret(this.db, 'unsubscribe'), `${userId}.${kind}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { userId, kind: kind as MailKind };
  }

  private signature(key: Buffer, payload: string): string {
    return createHmac('sha256', key).update(payload).digest('base64url');
  }
}
