import { queryOptions, useQuery } from '@tanstack/react-query';
import { callFeedback, listAllThreads } from './feedback-endpoints';
import { queryKeys } from './queries';

/**
 * A document's threads. The live stream (threads/thread-stream.ts) keeps the
 * cache current and reloads it whenever it (re)connects, so the list is never
 * stale while the document is open.
 */
export const threadsQuery = (docId: string) =>
  queryOptions({ queryKey: queryKeys.threads(docId), queryFn: () => listAllThreads(docId), staleTime: Infinity });
export const useThreads = (docId: string) => useQuery(threadsQuery(docId));

/** A group's annotation tags, retired ones included (they stay on the annotations that carry them). */
export const useTags = (groupId: string) =>
  useQuery({ queryKey: queryKeys.tags(groupId), queryFn: () => callFeedback('GET /api/groups/:groupId/tags', { params: { groupId } }) });
