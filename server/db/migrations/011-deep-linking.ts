import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * LTI deep linking requests between the launch and the instructor's pick.
 *
 * The LMS's request (where to send the answer, the `data` to echo, what it
 * accepts) waits here under a random id that the picker page carries; the
 * pick deletes the row, so an id answers once, and an old one has expired.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('lti_deep_link_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The instructor who launched it: only they may pick.
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('return_url', 'text', (c) => c.notNull())
    // Opaque to the tool; echoed in the answer when the request had it.
    .addColumn('data', 'text')
    // JSON array of content item types, e.g. ["ltiResourceLink"].
    .addColumn('accept_types', 'text', (c) => c.notNull())
    .addColumn('accept_line_item', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lti_deep_link_requests_expiry').on('lti_deep_link_requests').column('expires_at').execute();
}
