import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, IdentitiesTable } from '../../db/schema';

export type IdentityRow = Selectable<IdentitiesTable>;
type IdentityKey = Pick<IdentityRow, 'kind' | 'issuer' | 'subject'>;

/**
 * The opaque id of an identity in the API: a hash of its key, so the list
 * does not show issuers and subjects and no column is needed for it.
 */
export function identityId({ kind, issuer, subject }: IdentityKey): string {
  return createHash('sha256').update(`${kind}\n${issuer}\n${subject}`).digest('base64url');
}

/** The rows of `identities`: who an outside party says a user is. */
export class IdentityStore {
  constructor(private readonly db: Kysely<Database>) {}

  find(key: IdentityKey): Promise<IdentityRow | undefined> {
    return this.db
      .selectFrom('identities')
      .selectAll()
      .where('kind', '=', key.kind)
      .where('issuer', '=', key.issuer)
      .where('subject', '=', key.subject)
      .executeTakeFirst();
  }

  /** Notes the email the provider gave this time and when it was used. */
  async touch(key: IdentityKey, email: string | null, now: number): Promise<void> {
    await this.db
      .updateTable('identities')
      .set({ email, last_used_at: now })
      .where('kind', '=', key.kind)
      .where('issuer', '=', key.issuer)
      .where('subject', '=', key.subject)
      .execute();
  }

  listOf(userId: string): Promise<IdentityRow[]> {
    return this.db.selectFrom('identities').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  }
}
