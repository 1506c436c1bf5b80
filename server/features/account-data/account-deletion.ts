import type { Kysely, Transaction } from 'kysely';
import { accountDeletionPhrase, type AccountDeletionBody } from '../../../shared/schemas/account-data';
import type { AccessEvents } from '../../access-events';
import type { Database } from '../../db/schema';
import { newId } from '../../db/ids';
import { badRequest, conflict, notFound } from '../../errors';
import { recordEvent } from '../activity/event-log';
import { recordAudit } from '../audit/audit-log';
import { verifyNobodysPassword, verifyPassword } from '../auth/password';
import { coursesOf } from './memberships';

/** The name every kept trace of a deleted account shows: authorship, contributions, threads, history, the feed. */
export const formerMemberName = 'Former member';

/** An address no mail reaches and nobody can sign up with (RFC 2606 `.invalid`), unique per account. */
export function erasedEmail(userId: string): string {
  return `deleted-${userId}@deleted.invalid`;
}

/**
 * A person deleting their own account. What is theirs alone goes: their
 * ways in and sessions, notification settings and notifications, invites
 * and mail addressed to them, password resets, reading positions, and
 * their memberships. What the team made together stays: the users row is
 * kept as a tombstone (its id authors text, edits, threads and replies in
 * the team's documents) with the name "Former member", an unusable unique
 * email, no password and `deleted_at` set, so everything that names people
 * by `users.name` shows "Former member" and nothing breaks.
 *
 * A course must never be left without an instructor: deleting is refused
 * (409) while they are the only instructor of a group that has other
 * members. Each course's instructors are told in their inbox, and each
 * course's audit log records it; all in one transaction, after which every
 * session of the account ends on every open socket and stream.
 */
export class AccountDeletion {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly accessEvents: AccessEvents,
    private readonly now: () => number = Date.now,
  ) {}

  async delete(userId: string, proof: AccountDeletionBody): Promise<void> {
    await this.#checkProof(userId, proof);
    const at = this.now();
    const left = await this.db.transaction().execute(async (trx) => {
      const user = await trx
        .updateTable('users')
        .set((eb) => ({ name: eb.ref('users.name') }))
        .where('id', '=', userId)
        .where('deleted_at', 'is', null)
        .returning(['id', 'name', 'email'])
        .executeTakeFirst();
      if (!user) throw notFound('This account');
      await refuseLastInstructor(trx, userId);

      const courses = await coursesOf(trx, userId);
      const memberships = await trx.selectFrom('memberships').select(['group_id', 'inherited_from']).where('user_id', '=', userId).execute();
      // Told before the memberships go, while "instructors of the course" still reads as it did.
      await tellInstructors(trx, userId, courses, at);
      for (const membership of memberships) {
        // A team's instructor row that follows the course goes with the course's row: no event of its own.
        if (membership.inherited_from === null) {
          await recordEvent(trx, { type: 'member-left', groupId: membership.group_id, actorId: userId, subjectId: userId, at });
        }
      }
      await trx.deleteFrom('memberships').where('user_id', '=', userId).execute();
      for (const courseId of courses) {
        await recordAudit(trx, { courseId, actorId: userId, action: 'account-deleted', subjectType: 'account', subjectId: userId, at });
      }
      await erasePersonalData(trx, user, at);
      return memberships.map((membership) => membership.group_id);
    });
    this.accessEvents.publish({ type: 'user-sessions-ended', userId });
    for (const groupId of left) this.accessEvents.publish({ type: 'membership-changed', groupId, userId, role: null });
  }

  /** The current password for an account with one; the typed phrase for one without. */
  async #checkProof(userId: string, proof: AccountDeletionBody): Promise<void> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound('This account');
    if (row.password_hash !== '') {
      if (proof.currentPassword === undefined) throw badRequest('Enter your current password to delete your account.', { currentPassword: 'Required' });
      if (!(await verifyPassword(row.password_hash, proof.currentPassword))) throw badRequest('The current password is not correct.', { currentPassword: 'Not your current password' });
      return;
    }
    // Spend the time a password check would, so the answer does not tell which kind of account this is.
    if (proof.currentPassword !== undefined) await verifyNobodysPassword(proof.currentPassword);
    if ((proof.confirmation ?? '').trim().toLowerCase() !== accountDeletionPhrase) {
      throw badRequest(`Type “${accountDeletionPhrase}” to confirm.`, { confirmation: `Type “${accountDeletionPhrase}”` });
    }
  }
}

/**
 * 409 when the person is the only instructor of a group that has anyone
 * else in it. The groups are locked first (the no-op update the membership
 * changes use), so a demotion at the same moment cannot leave one with none.
 */
async function refuseLastInstructor(trx: Transaction<Database>, userId: string): Promise<void> {
  const instructing = await trx
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select(['groups.id', 'groups.name'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.role', '=', 'instructor')
    .where('memberships.inherited_from', 'is', null)
    .execute();
  if (instructing.length === 0) return;
  const groupIds = instructing.map((group) => group.id);
  await trx
    .updateTable('groups')
    .set((eb) => ({ name: eb.ref('groups.name') }))
    .where('id', 'in', groupIds)
    .execute();
  const others = await trx
    .selectFrom('memberships')
    .select(['group_id', 'role'])
    .where('group_id', 'in', groupIds)
    .where('user_id', '!=', userId)
    .execute();
  for (const group of instructing) {
    const theirs = others.filter((row) => row.group_id === group.id);
    if (theirs.length > 0 && !theirs.some((row) => row.role === 'instructor')) {
      throw conflict(
        `You are the only instructor of “${group.name}”, which has other members: make one of them an instructor, or remove them, before deleting your account.`,
      );
    }
  }
}

/** One inbox notice per instructor of each course the person was in (inbox only: it is not mailed). */
async function tellInstructors(trx: Transaction<Database>, userId: string, courses: readonly string[], at: number): Promise<void> {
  if (courses.length === 0) return;
  const rows = await trx
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .select(['memberships.user_id', 'groups.id', 'groups.name'])
    .where('memberships.group_id', 'in', [...courses])
    .where('memberships.role', '=', 'instructor')
    .where('memberships.user_id', '!=', userId)
    .execute();
  if (rows.length === 0) return;
  await trx
    .insertInto('notifications')
    .values(
      rows.map((row) => ({
        id: newId(),
        user_id: row.user_id,
        // Notices about a course's work and people are `reminders`, like a peer review's notices (inbox only).
        kind: 'reminders' as const,
        actor_id: null,
        group_id: row.id,
        doc_id: null,
        thread_id: null,
        cause: `account-deleted:${userId}:${row.id}`,
        text: `A member of ${row.name} deleted their account. Their text stays in the team’s documents, shown as “${formerMemberName}”.`,
        link: `/groups/${row.id}`,
        created_at: at,
        read_at: null,
        mailed_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'cause']).doNothing())
    .execute();
}

/** Deletes what is the person's alone and turns the users row into the tombstone. */
async function erasePersonalData(trx: Transaction<Database>, user: { id: string; name: string; email: string }, at: number): Promise<void> {
  const userId = user.id;
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('identities').where('user_id', '=', userId).execute();
  await trx.deleteFrom('oidc_flows').where('link_user_id', '=', userId).execute();
  await trx.deleteFrom('lti_deep_link_requests').where('user_id', '=', userId).execute();
  await trx.deleteFrom('lti_roster_members').where('user_id', '=', userId).execute();
  await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
  await trx.deleteFrom('notification_settings').where('user_id', '=', userId).execute();
  await trx.deleteFrom('notifications').where('user_id', '=', userId).execute();
  await trx.deleteFrom('digest_mails').where('user_id', '=', userId).execute();
  await trx.deleteFrom('feed_reads').where('user_id', '=', userId).execute();
  await trx.deleteFrom('doc_visits').where('user_id', '=', userId).execute();
  await trx.deleteFrom('event_recipients').where('user_id', '=', userId).execute();
  await trx.deleteFrom('invite_bars').where('user_id', '=', userId).execute();
  await trx.deleteFrom('email_invites').where('email', '=', user.email).execute();
  await trx
    .deleteFrom('outbox_messages')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('to_address', '=', user.email)]))
    .execute();
  // Others' notifications name the actor in their first words, as written then: the name goes there too.
  const told = await trx.selectFrom('notifications').select(['id', 'text']).where('actor_id', '=', userId).execute();
  for (const notification of told) {
    if (!notification.text.startsWith(`${user.name} `)) continue;
    await trx
      .updateTable('notifications')
      .set({ text: formerMemberName + notification.text.slice(user.name.length) })
      .where('id', '=', notification.id)
      .execute();
  }
  await trx
    .updateTable('users')
    .set({ name: formerMemberName, email: erasedEmail(userId), password_hash: '', deleted_at: at })
    .where('id', '=', userId)
    .execute();
}
