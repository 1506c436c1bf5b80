import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { SyncServer } from '../../sync/sync-server';
import { lockTime, writableUntil } from '../assignments/doc-lock';
import { copyTermsOfDoc } from '../assignments/due-times';
import { archivedSince } from './archived-state';
import { readSubject } from './subjects';

type WriteRule = Parameters<SyncServer['setWritableUntil']>[1];

/**
 * Until when each open socket of a document may write, as the database says
 * now: an archived document (or one inside something archived) takes
 * nothing from the time it was archived, whoever writes; otherwise a team's
 * copy locks for its members at its due time. One rule for every change
 * that moves either (archiving, restoring, an extension, a reopening), so
 * that no change forgets the other.
 */
export async function currentWriteRule(db: Kysely<Database>, docId: string): Promise<WriteRule> {
  const archivedAt = archivedSince((await readSubject(db, { table: 'documents', id: docId })).marks);
  if (archivedAt !== null) return () => archivedAt;
  const terms = await copyTermsOfDoc(db, docId);
  const locksAt = terms ? lockTime(terms) : null;
  return (peer) => writableUntil(peer.role, locksAt);
}
