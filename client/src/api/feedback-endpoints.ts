// The feedback schemas validate anchors with Yjs: this file, and everything
// that imports it, belongs to the lazy document chunk (and the lazy tag
// settings), never to the pages every visitor loads.
import { feedbackApi } from '../../../shared/api/feedback';
import type { Thread } from '../../../shared/schemas/threads';
import { caller } from './http';

/** Calls to the feedback routes: threads, replies, tags. */
export const callFeedback = caller(feedbackApi);

/** Every thread of a document the caller may see, oldest first. */
export interface ThreadList {
  threads: Thread[];
}

/** Pages of the list are 500 threads; a document with more is read page by page. */
const maxPages = 20;

/** The whole list: filters and counts are computed from it, so they follow the live stream. */
export async function listAllThreads(docId: string): Promise<ThreadList> {
  const threads: Thread[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const answer = await callFeedback('GET /api/docs/:docId/threads', { params: { docId }, query: { cursor } });
    threads.push(...answer.threads);
    cursor = answer.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return { threads };
}
