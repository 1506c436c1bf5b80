import type { Kysely } from 'kysely';
import type * as Y from 'yjs';
import type { Database } from '../../db/schema';
import { maxClientId } from '../../sync/protocol';

/**
 * An edit the server writes on someone's behalf (restoring a version,
 * accepting a suggestion) goes under a Yjs client id no one has used in the
 * document: the room then claims it for that person as it applies the
 * update, so the edit is theirs in every figure, and no one else's text can
 * be written under it.
 */

/** The client ids someone already owns in the document. */
export async function ownedClientIds(db: Kysely<Database>, docId: string): Promise<Set<number>> {
  const owned = await db.selectFrom('doc_client_ids').select('client_id').where('doc_id', '=', docId).execute();
  return new Set(owned.map((row) => Number(row.client_id)));
}

/** A random client id, as Yjs makes them, that is neither taken nor written in `doc`. */
export function freshClientId(doc: Y.Doc, isTaken: (clientId: number) => boolean): number {
  for (;;) {
    const candidate = Math.floor(Math.random() * maxClientId);
    if (candidate > 0 && !isTaken(candidate) && !doc.store.clients.has(candidate)) return candidate;
  }
}
