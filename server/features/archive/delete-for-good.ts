import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { docsIn, groupAndTeams, type SubjectRef } from './subjects';

/**
 * Deletes a subject's rows for good inside the caller's transaction and
 * returns the ids of the files whose bytes are to go once it commits, and
 * of the documents whose open sockets are to close then.
 *
 * The foreign keys cascade from groups to memberships, projects, invites,
 * assignments and the rest of a course; from projects to documents; and
 * from documents to their updates, checkpoints, versions, client ids,
 * threads (with replies, mentions and status changes), activity, visits,
 * contributions and files rows. What does not cascade is cleared first:
 * a team's copies of assignments (assignment_teams names their project and
 * document), peer reviews (their room and document), the rooms of a
 * course's or team's peer reviews (groups of their own), and a course's
 * teams (groups.parent_id).
 */
export async function deleteRows(trx: Transaction<Database>, ref: SubjectRef): Promise<{ fileIds: string[]; docIds: string[] }> {
  const docIds = (await docsIn(trx, ref).execute()).map((row) => row.id);
  const groupIds = ref.table === 'groups' ? (await groupAndTeams(trx, ref.id).execute()).map((row) => row.id) : [];
  const roomIds =
    groupIds.length === 0
      ? []
      : (
          await trx
            .selectFrom('peer_reviews')
            .select('room_id')
            .where((eb) => eb.or([eb('reviewee_team_id', 'in', groupIds), eb('reviewer_team_id', 'in', groupIds)]))
            .execute()
        ).map((row) => row.room_id);
  const roomDocIds =
    roomIds.length === 0
      ? []
      : (
          await trx
            .selectFrom('documents')
            .innerJoin('projects', 'projects.id', 'documents.project_id')
            .select('documents.id')
            .where('projects.group_id', 'in', roomIds)
            .execute()
        ).map((row) => row.id);
  const allDocs = [...docIds, ...roomDocIds];
  const allGroups = [...groupIds, ...roomIds];

  const fileIds =
    allDocs.length === 0 ? [] : (await trx.selectFrom('files').select('id').where('doc_id', 'in', allDocs).execute()).map((row) => row.id);

  if (allDocs.length > 0) {
    await trx.deleteFrom('peer_reviews').where('doc_id', 'in', allDocs).execute();
    await trx.deleteFrom('assignment_teams').where('doc_id', 'in', allDocs).execute();
  }
  if (allGroups.length > 0) {
    await trx.deleteFrom('peer_reviews').where('room_id', 'in', allGroups).execute();
    await trx.deleteFrom('assignment_teams').where('team_id', 'in', allGroups).execute();
  }
  if (ref.table === 'projects') await trx.deleteFrom('assignment_teams').where('project_id', '=', ref.id).execute();

  switch (ref.table) {
    case 'documents':
      await trx.deleteFrom('documents').where('id', '=', ref.id).execute();
      break;
    case 'projects':
      await trx.deleteFrom('projects').where('id', '=', ref.id).execute();
      break;
    case 'groups':
      if (roomIds.length > 0) await trx.deleteFrom('groups').where('id', 'in', roomIds).execute();
      // The teams first: their course is their parent.
      await trx.deleteFrom('groups').where('parent_id', '=', ref.id).execute();
      await trx.deleteFrom('groups').where('id', '=', ref.id).execute();
      break;
  }
  return { fileIds, docIds: allDocs };
}
