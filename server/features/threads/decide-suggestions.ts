import { resolveAnchor } from '../../../shared/anchors';
import { mayChangeStatus } from '../../../shared/thread-rules';
import type { DecideSuggestionsBody, DecideSuggestionsResponse } from '../../../shared/schemas/threads';
import type { Domain } from '../../domain';
import { AppError } from '../../errors';
import { presentThread } from './presenter';
import type { ThreadRecord } from './thread-reads';
import type { Viewer } from './visibility';

/**
 * Accepting or rejecting several open suggestions at once ("accept all").
 *
 * Each suggestion is decided in its own step by the one code that decides a
 * single suggestion (Threads.update, as `PATCH /api/threads/:id` does), so an
 * accepted suggestion has its text written into the shared document in the
 * same step as its status change, credited to its suggester, and one that
 * cannot be decided changes nothing and is reported, not fatal to the rest.
 *
 * They are decided in document order from the end: a suggestion's range is
 * then never shifted by one decided before it (anchors are relative
 * positions, so this matters only for the order the editors see things land
 * in, but it keeps each step the edit the author looked at). Suggestions
 * whose text is gone come last, and accepting them is refused with the
 * single decision's reason.
 */

type Deciding = Pick<Domain, 'threads' | 'versions'>;

/** Open suggestions asked for at once, when none are listed: every page of them. */
async function openSuggestions(threads: Deciding['threads'], docId: string, viewer: Viewer): Promise<ThreadRecord[]> {
  const all: ThreadRecord[] = [];
  let cursor: string | undefined;
  do {
    const { page } = await threads.list(docId, viewer, { kind: 'suggestion', status: 'open', limit: 500, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export async function decideSuggestions(
  { threads, versions }: Deciding,
  docId: string,
  viewer: Viewer,
  input: DecideSuggestionsBody,
): Promise<DecideSuggestionsResponse> {
  const skipped: DecideSuggestionsResponse['skipped'] = [];
  const candidates: ThreadRecord[] = [];
  if (input.threadIds) {
    for (const threadId of new Set(input.threadIds)) {
      const located = await threads.locate(viewer.userId, threadId).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'not_found') return null;
        throw err;
      });
      if (!located || located.thread.doc_id !== docId) skipped.push({ threadId, reason: 'No such suggestion in this document.' });
      else candidates.push(await threads.get(threadId));
    }
  } else {
    candidates.push(...(await openSuggestions(threads, docId, viewer)));
  }

  // The same rule as one decision: what the thread's `can` would offer this reader.
  const mayDecide: ThreadRecord[] = [];
  for (const record of candidates) {
    const { thread } = record;
    const facts = { authorId: thread.author_id, kind: thread.kind, status: thread.status, deleted: thread.deleted_at !== null };
    if (thread.kind !== 'suggestion') skipped.push({ threadId: thread.id, reason: 'Not a suggestion.' });
    else if (thread.status !== 'open') skipped.push({ threadId: thread.id, reason: `Already ${thread.status}.` });
    else if (!mayChangeStatus(viewer, facts, input.status)) skipped.push({ threadId: thread.id, reason: 'Your role cannot decide it.' });
    else mayDecide.push(record);
  }

  const ordered = await fromTheEnd(versions, docId, mayDecide);
  const decided: DecideSuggestionsResponse['decided'] = [];
  for (const record of ordered) {
    try {
      const located = await threads.locate(viewer.userId, record.thread.id);
      decided.push(presentThread(await threads.update(located, { status: input.status }), located.viewer));
    } catch (err) {
      // A refusal (decided meanwhile, text gone, deleted) skips this one; anything else is the request's failure.
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      skipped.push({ threadId: record.thread.id, reason: err.message });
    }
  }
  return { decided, skipped };
}

/** At one place, the newest first: each older one then goes before it (shared/anchors.ts), so they read oldest first, as drawn. */
const newerFirst = (a: ThreadRecord, b: ThreadRecord) =>
  b.thread.created_at - a.thread.created_at || (b.thread.id < a.thread.id ? -1 : b.thread.id > a.thread.id ? 1 : 0);

/** Later ranges first (by end, then start, then newest); detached ones last. */
async function fromTheEnd(versions: Deciding['versions'], docId: string, records: ThreadRecord[]): Promise<ThreadRecord[]> {
  if (records.length < 2) return records;
  const { doc } = await versions.at(docId, {});
  try {
    const placed = records.map((record, index) => {
      const { anchor_start: start, anchor_end: end, quote } = record.thread;
      return { record, index, range: resolveAnchor(doc, { start, end, quote }) };
    });
    placed.sort((a, b) => {
      if (!a.range || !b.range) return (a.range ? 0 : 1) - (b.range ? 0 : 1) || a.index - b.index;
      return b.range.to - a.range.to || b.range.from - a.range.from || newerFirst(a.record, b.record);
    });
    return placed.map((p) => p.record);
  } finally {
    doc.destroy();
  }
}
