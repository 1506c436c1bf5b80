import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Files uploaded into a document (images). The bytes live in the files folder
 * (`FILES_DIR`) under the row's id, never at a public address: a file is read
 * through the API with the rights of its document's group, so the row keeps
 * the document and the group. What is stored is the cleaned copy (checked by
 * its content, metadata stripped), so `media_type` and the size describe
 * exactly the bytes served.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('doc_id', 'text', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    // image/png, image/jpeg, image/gif or image/webp, as read from the content.
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    // Hex SHA-256 of the stored bytes: an ETag, and a check when reading them back.
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_doc').on('files').columns(['doc_id']).execute();
}
