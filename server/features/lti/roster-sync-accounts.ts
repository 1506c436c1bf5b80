import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../db/ids';
import type { Database } from '../../db/schema';

/** Who an LMS says a person is: its issuer and their LTI `sub`, with what it tells of them. */
export interface LmsPerson {
  issuer: string;
  /** The LTI user id (`sub` of a launch, `user_id` of a roster). */
  subject: string;
  name: string | null;
  email: string | null;
}

/** A name for an account the LMS gave none for (a platform may keep names private). */
export const unnamedLmsUser = 'LMS user';

/**
 * The account of a person an LMS names, found by the identity (`lti`,
 * issuer, sub) or made: a launch and a roster sync both come here, so the
 * same LMS user is one account whichever came first. A new account has no
 * password (`password_hash` ''), so it signs in only through the LMS until
 * it sets one. Its email is the one the LMS gave when no other account has
 * it; otherwise (none given, or taken: an account is never joined to
 * another by an unverified address) a placeholder under `.invalid`, which
 * can never receive mail. Returns the user's id and whether it was made.
 */
export async function lmsAccount(db: Kysely<Database> | Transaction<Database>, person: LmsPerson, now: number): Promise<{ userId: string; created: boolean }> {
  const found = await db
    .selectFrom('identities')
    .select(['user_id', 'email'])
    .where('kind', '=', 'lti')
    .where('issuer', '=', person.issuer)
    .where('subject', '=', person.subject)
    .executeTakeFirst();
  if (found) {
    await db
      .updateTable('identities')
      // A roster that hides emails leaves the one a launch gave.
      .set({ email: person.email ?? found.email, last_used_at: now })
      .where('kind', '=', 'lti')
      .where('issuer', '=', person.issuer)
      .where('subject', '=', person.subject)
      .execute();
    return { userId: found.user_id, created: false };
  }

  const userId = newId();
  const given = person.email?.trim().toLowerCase() || null;
  const taken = given ? await db.selectFrom('users').select('id').where('email', '=', given).executeTakeFirst() : undefined;
  const email = given && !taken ? given : `lms-${userId}@lms.invalid`;
  await db
    .insertInto('users')
    .values({ id: userId, email, name: person.name?.trim().slice(0, 120) || unnamedLmsUser, password_hash: '', created_at: now })
    .execute();
  await db
    .insertInto('identities')
    .values({
      kind: 'lti',
      issuer: person.issuer,
      subject: person.subject,
      user_id: userId,
      provider: person.issuer,
      email: person.email,
      created_at: now,
      last_used_at: now,
    })
    .execute();
  return { userId, created: true };
}
