import { historyApi } from '../../../shared/api/history';
import type { Version } from '../../../shared/schemas/history';
import { caller } from './http';

/** Calls to the history routes: contributions, versions, timeline, compare (their pages are lazy). */
export const callHistory = caller(historyApi);

/** Minutes east of UTC of this device, so that activity falls on the reader's days. */
export function readerUtcOffset(date = new Date()): number {
  return -date.getTimezoneOffset();
}

/** A moment to compare: a version id, the empty document, or the document now. */
export type ComparePoint = string | 'start' | 'current';

/** Versions come a page at a time; a document with more than this many is read page by page. */
const maxVersionPages = 20;

export async function listAllVersions(docId: string): Promise<Version[]> {
  const versions: Version[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxVersionPages; page++) {
    const answer = await callHistory('GET /api/docs/:docId/versions', { params: { docId }, query: { limit: 200, cursor } });
    versions.push(...answer.versions);
    cursor = answer.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return versions;
}
