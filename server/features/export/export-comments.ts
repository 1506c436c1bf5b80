import type { Kysely } from 'kysely';
import type * as Y from 'yjs';
import { resolveAnchor } from '../../../shared/anchors';
import { plainBodyText } from '../../../shared/mentions';
import type { Database } from '../../db/schema';
import { namesFor } from '../access/member-names';
import { loadThreads } from '../threads/thread-reads';
import { type Viewer, visibleTo } from '../threads/visibility';

/** One message of a comment: who wrote it (as the exporting reader sees them), when, and its plain text. */
export interface CommentMessage {
  author: string;
  at: number;
  text: string;
}

/** An open feedback thread placed on the exported text: the ProseMirror range it covers there. */
export interface ExportComment {
  from: number;
  to: number;
  message: CommentMessage;
  replies: CommentMessage[];
}

/** At most this many threads become Word comments (the oldest first). */
export const exportCommentLimit = 500;

/**
 * The open feedback threads of a document that `viewer` may see (the same
 * rule as the threads panel: private feedback only for those whose role reads
 * it, and for its author), each placed on the moment being exported. A thread
 * whose text is gone from that moment (detached, or written after a version)
 * is left out. Names are as the viewer sees them (aliases stay aliases), and
 * mentions read as "@Name".
 */
export async function exportComments(db: Kysely<Database>, docId: string, viewer: Viewer, doc: Y.Doc): Promise<ExportComment[]> {
  const rows = await db
    .selectFrom('threads')
    .selectAll()
    .where('doc_id', '=', docId)
    .where('status', '=', 'open')
    .where('deleted_at', 'is', null)
    .where(visibleTo(viewer))
    .orderBy('created_at')
    .orderBy('id')
    .limit(exportCommentLimit)
    .execute();
  const placed = rows.flatMap((row) => {
    const range = resolveAnchor(doc, { start: row.anchor_start, end: row.anchor_end, quote: row.quote });
    return range ? [{ row, range }] : [];
  });
  const records = await loadThreads(
    db,
    placed.map((p) => p.row),
  );
  return records.map((record, index) => {
    const names = namesFor(record.masks, viewer);
    const message = (authorId: string, realName: string, at: number, body: string): CommentMessage => ({
      author: names.name(authorId, realName),
      at,
      text: plainBodyText(names.body(body)),
    });
    const { range } = placed[index]!;
    return {
      from: range.from,
      to: range.to,
      message: message(record.author.id, record.author.name, record.thread.created_at, record.thread.body),
      replies: record.replies.map(({ reply, author }) => message(author.id, author.name, reply.created_at, reply.body)),
    };
  });
}
