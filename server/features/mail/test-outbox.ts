import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { newId } from '../../db/ids';
import { waitFor } from '../../sync/test-clients';
import { enqueueMail, type OutgoingMail } from './outbox';
import type { OutboxMessage } from './outbox-claims';

/** For tests: a mail with a subject of its own (to find it at the mail server), queued now. */
export async function queueTestMail(db: Kysely<Database>, mail: Partial<OutgoingMail> & Pick<OutgoingMail, 'to' | 'userId'>, now = Date.now()): Promise<OutgoingMail> {
  const outgoing: OutgoingMail = {
    key: `test:${newId()}`,
    kind: 'notifications',
    unsubscribeKind: null,
    subject: `Test mail ${newId()}`,
    html: '<p>Hello</p>',
    text: 'Hello',
    ...mail,
  };
  await enqueueMail(db, outgoing, now);
  return outgoing;
}

export function outboxRow(db: Kysely<Database>, key: string): Promise<OutboxMessage> {
  return db.selectFrom('outbox_messages').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
}

/** Waits until the outbox row of `key` satisfies `done` (its status, its attempts...), and returns it. */
export async function waitForOutboxRow(db: Kysely<Database>, key: string, done: (row: OutboxMessage) => boolean, timeoutMs = 10_000): Promise<OutboxMessage> {
  let last: OutboxMessage | undefined;
  await waitFor(`outbox row ${key}`, async () => done((last = await outboxRow(db, key))), timeoutMs);
  return last!;
}
