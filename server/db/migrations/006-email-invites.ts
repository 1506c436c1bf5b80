import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Invites by email for people without an account yet: one per group and
 * address (inviting again changes the role), taken up when someone signs up
 * with that address.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('email_invites')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_invites_pk', ['group_id', 'email'])
    .execute();
  await db.schema.createIndex('email_invites_email').on('email_invites').column('email').execute();
}
