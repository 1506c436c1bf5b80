import type { Kysely } from 'kysely';
import type { MailKind } from '../../../shared/schemas/notifications';
import type { Database } from '../../db/schema';
import { newId } from '../../db/ids';

/** A mail to queue. Its HTML and text are final: nothing is rendered at send time. */
export interface OutgoingMail {
  /**
   * Unique per recipient and cause ("password-reset:<token hash>",
   * "digest:<user>:<day>"): queuing the same key again does nothing, so a
   * retried request or a second instance cannot send a mail twice.
   */
  key: string;
  /** The account it is for, or null for an address without an account. */
  userId: string | null;
  to: string;
  /** What the mail is: password-reset, notifications, digest, reminder... */
  kind: string;
  /** The setting its one-click unsubscribe turns off; null for a mail that has none (a password reset). */
  unsubscribeKind: MailKind | null;
  subject: string;
  html: string;
  text: string;
  /** Not sent before this time (ms); now when left out. */
  notBefore?: number;
}

/**
 * Queues a mail in the outbox. Pass the transaction that writes what caused
 * the mail, so both commit or neither does: a crash can then lose neither
 * the mail nor its cause, and the worker sends it later. Returns false when
 * a mail with the same key was queued before (nothing changes).
 */
export async function enqueueMail(db: Kysely<Database>, mail: OutgoingMail, now: number): Promise<boolean> {
  const result = await db
    .insertInto('outbox_messages')
    .values({
      id: newId(),
      idempotency_key: mail.key,
      user_id: mail.userId,
      to_address: mail.to,
      kind: mail.kind,
      unsubscribe_kind: mail.unsubscribeKind,
      // A subject is one header line: line breaks from a title would start a header of their own.
      subject: oneLine(mail.subject),
      html: mail.html,
      text: mail.text,
      status: 'queued',
      next_attempt_at: mail.notBefore ?? now,
      created_at: now,
    })
    .onConflict((conflict) => conflict.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Control characters (line breaks, tabs, NUL) and runs of spaces become one space; a single pass over the text. */
export function oneLine(text: string): string {
  return text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}
