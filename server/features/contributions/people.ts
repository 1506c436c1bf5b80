import type { Kysely } from 'kysely';
import type { User } from '../../../shared/schemas/auth';
import type { Database } from '../../db/schema';
import { presentUser } from '../auth/presenter';

/** The users a history names (authors, editors, deleters), looked up at once, as the API shows them. */
export async function usersById(db: Kysely<Database>, ids: Iterable<string>): Promise<Map<string, User>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'email', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, presentUser(row)]));
}

/** Who owns each Yjs client id of a document (the first user who wrote with it; the sync socket refuses anyone else's updates under it). */
export async function clientOwners(db: Kysely<Database>, docId: string): Promise<Map<number, string>> {
  const rows = await db.selectFrom('doc_client_ids').select(['client_id', 'user_id']).where('doc_id', '=', docId).execute();
  return new Map(rows.map((row) => [Number(row.client_id), row.user_id]));
}
