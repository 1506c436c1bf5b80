import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * What a person removed or demoted may no longer use to come back. Invite
 * codes are bearer secrets that stay valid until they expire, and a removed
 * member (or a demoted instructor, who saw every code of the group) may
 * still hold one. A bar says: invites of this group made up to `barred_at`
 * give this person at most `role_ceiling` (null: nothing at all). Invites
 * made after it are new decisions and work as usual. One row per person and
 * group, the latest removal or demotion.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('invite_bars')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('barred_at', 'bigint', (c) => c.notNull())
    // 'member' or 'reviewer' after a demotion; null after a removal.
    .addColumn('role_ceiling', 'text')
    .addPrimaryKeyConstraint('invite_bars_pk', ['group_id', 'user_id'])
    .execute();
}
