import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Several instances: a checkpoint is taken once per row however
 * many instances take it at the same moment (checkpoints.ts inserts with
 * "on conflict do nothing"). Duplicates made before go first.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  await sql`delete from doc_checkpoints where id not in (select min(id) from doc_checkpoints group by doc_id, last_update_id)`.execute(db);
  await db.schema.createIndex('doc_checkpoints_once').on('doc_checkpoints').columns(['doc_id', 'last_update_id']).unique().execute();
}
