import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { TimelineResponse, Version } from '../../../shared/schemas/history';
import { callHistory, listAllVersions, readerUtcOffset, type ComparePoint } from './history-endpoints';

/** Query keys of the history pages, under the document's or group's key so they go with it. */
export const historyKeys = {
  contributions: (docId: string) => ['docs', docId, 'contributions'] as const,
  activity: (docId: string) => ['docs', docId, 'activity'] as const,
  groupContributions: (groupId: string) => ['groups', groupId, 'contributions'] as const,
  authors: (docId: string) => ['docs', docId, 'authors'] as const,
  versions: (docId: string) => ['docs', docId, 'versions'] as const,
  version: (docId: string, versionId: string) => ['docs', docId, 'versions', versionId] as const,
  timeline: (docId: string) => ['docs', docId, 'timeline'] as const,
  at: (docId: string, updateId: number) => ['docs', docId, 'timeline', 'at', updateId] as const,
  compare: (docId: string, from: ComparePoint, to: ComparePoint) => ['docs', docId, 'compare', from, to] as const,
};

/**
 * The history pages' queries, written once so that the page's hook and the
 * prefetch before it (app/page-data.ts) share key and fetch.
 */
export const historyQueries = {
  contributions: (docId: string) =>
    queryOptions({ queryKey: historyKeys.contributions(docId), queryFn: () => callHistory('GET /api/docs/:docId/contributions', { params: { docId } }) }),
  activity: (docId: string) =>
    queryOptions({
      queryKey: historyKeys.activity(docId),
      queryFn: () => callHistory('GET /api/docs/:docId/activity', { params: { docId }, query: { utcOffset: readerUtcOffset() } }),
    }),
  groupContributions: (groupId: string) =>
    queryOptions({
      queryKey: historyKeys.groupContributions(groupId),
      queryFn: () =>
        callHistory('GET /api/groups/:groupId/contributions', { params: { groupId }, query: { format: 'json', utcOffset: readerUtcOffset() } }),
    }),
  versions: (docId: string) => queryOptions({ queryKey: historyKeys.versions(docId), queryFn: () => listAllVersions(docId) }),
  timeline: (docId: string) =>
    queryOptions({ queryKey: historyKeys.timeline(docId), queryFn: () => callHistory('GET /api/docs/:docId/timeline', { params: { docId } }) }),
  /** A past moment never changes: kept for good once loaded, so scrubbing back is instant. */
  at: (docId: string, updateId: number) =>
    queryOptions({
      queryKey: historyKeys.at(docId, updateId),
      queryFn: () => callHistory('GET /api/docs/:docId/timeline/at', { params: { docId }, query: { updateId } }),
      staleTime: Infinity,
    }),
};

/**
 * Fetches the document as it is now (the timeline's newest point) without
 * waiting for the timeline to say which point that is, and files it under
 * that point, where the history page, opening at its newest stop, finds it.
 * Nothing is asked when the cached timeline's newest point is cached already.
 */
export async function prefetchLatestMoment(queryClient: QueryClient, docId: string): Promise<void> {
  const cached = queryClient.getQueryData(historyQueries.timeline(docId).queryKey);
  const newest = cached && cached.steps.length > 0 ? Math.max(...cached.steps.map((step) => step.lastUpdateId)) : null;
  if (newest !== null && queryClient.getQueryData(historyQueries.at(docId, newest).queryKey) !== undefined) return;
  const moment = await callHistory('GET /api/docs/:docId/timeline/at', { params: { docId } });
  const { queryKey } = historyQueries.at(docId, moment.lastUpdateId);
  if (queryClient.getQueryData(queryKey) === undefined) queryClient.setQueryData(queryKey, moment);
}

/**
 * The point the history page opens at: the newest of the timeline's minutes
 * and the versions' own points (the last of history/timeline-stops.ts's
 * stops), or null for a document nobody has written in.
 */
export function latestPoint(timeline: TimelineResponse, versions: readonly Version[]): number | null {
  const points = [
    ...timeline.steps.map((step) => step.lastUpdateId),
    ...versions.filter((version) => !version.scheduled && version.lastUpdateId !== null).map((version) => version.lastUpdateId ?? 0),
  ];
  return points.length === 0 ? null : Math.max(...points);
}

export const useDocContributions = (docId: string) => useQuery(historyQueries.contributions(docId));
export const useDocActivity = (docId: string) => useQuery(historyQueries.activity(docId));
export const useGroupContributions = (groupId: string) => useQuery(historyQueries.groupContributions(groupId));
export const useAuthors = (docId: string, enabled: boolean) =>
  useQuery({ queryKey: historyKeys.authors(docId), queryFn: () => callHistory('GET /api/docs/:docId/authors', { params: { docId } }), enabled });
export const useVersions = (docId: string) => useQuery(historyQueries.versions(docId));
export const useTimeline = (docId: string) => useQuery(historyQueries.timeline(docId));
/** The moment shown while another loads stays on screen (placeholderData), so the slider never blanks the page. */
export const useDocumentAt = (docId: string, updateId: number | null) =>
  useQuery({ ...historyQueries.at(docId, updateId ?? -1), enabled: updateId !== null, placeholderData: (previous) => previous });
export const useCompare = (docId: string, from: ComparePoint, to: ComparePoint, enabled: boolean) =>
  useQuery({
    queryKey: historyKeys.compare(docId, from, to),
    queryFn: () => callHistory('GET /api/docs/:docId/compare', { params: { docId }, query: { from, to } }),
    enabled,
  });
