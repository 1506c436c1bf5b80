import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { memberNames } from '../access/member-names';
import type { Viewer } from '../threads/visibility';
import { visibleTo } from '../threads/visibility';
import { counted, joinNames } from './feed-text';

/**
 * What a group has done so far, for a reader who has never marked its news
 * read: with no last visit, "nothing new since your last visit" would be
 * untrue, and a newcomer needs the picture more than the latest change.
 * One sentence from what the server keeps anyway: the group's documents,
 * the words each person wrote in them (the contribution totals, kept as
 * updates are stored) and the threads still open that the reader may see.
 *
 * "Since Team Blue started: 3 documents, Ana and Ben wrote 1,200 words, 4 open threads."
 */
export async function teamSoFar(db: Kysely<Database>, group: { id: string; name: string }, viewer: Viewer): Promise<string> {
  const [documents, writers, open] = await Promise.all([
    db
      .selectFrom('documents')
      .innerJoin('projects', 'projects.id', 'documents.project_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('projects.group_id', '=', group.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('doc_contributions')
      .innerJoin('documents', 'documents.id', 'doc_contributions.doc_id')
      .innerJoin('projects', 'projects.id', 'documents.project_id')
      .innerJoin('users', 'users.id', 'doc_contributions.user_id')
      .select(['users.id', 'users.name', (eb) => eb.fn.sum<number>('doc_contributions.words').as('words')])
      .where('projects.group_id', '=', group.id)
      .groupBy(['users.id', 'users.name'])
      .execute(),
    db
      .selectFrom('threads')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('threads.group_id', '=', group.id)
      .where('threads.status', '=', 'open')
      .where('threads.deleted_at', 'is', null)
      .where(visibleTo(viewer))
      .executeTakeFirstOrThrow(),
  ]);
  const docs = Number(documents.count);
  if (docs === 0) return `${group.name} has no documents yet.`;
  const names = await memberNames(db, group.id, viewer.userId);
  const wrote = writers
    .map((w) => ({ name: w.id === viewer.userId ? 'you' : names.name(w.id, w.name), words: Number(w.words) }))
    .filter((w) => w.words > 0)
    .sort((a, b) => b.words - a.words || a.name.localeCompare(b.name, 'en'));
  const words = wrote.reduce((sum, w) => sum + w.words, 0);
  const threads = Number(open.count);
  const parts = [
    counted(docs, 'document'),
    ...(words > 0 ? [`${joinNames(wrote.map((w) => w.name))} wrote ${counted(words, 'word')}`] : []),
    ...(threads > 0 ? [counted(threads, 'open thread')] : []),
  ];
  return `Since ${group.name} started: ${parts.join(', ')}.`;
}
