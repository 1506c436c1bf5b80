import { useQuery } from '@tanstack/react-query';
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

export const useDocContributions = (docId: string) =>
  useQuery({ queryKey: historyKeys.contributions(docId), queryFn: () => callHistory('GET /api/docs/:docId/contributions', { params: { docId } }) });
export const useDocActivity = (docId: string) =>
  useQuery({
    queryKey: historyKeys.activity(docId),
    queryFn: () => callHistory('GET /api/docs/:docId/activity', { params: { docId }, query: { utcOffset: readerUtcOffset() } }),
  });
export const useGroupContributions = (groupId: string) =>
  useQuery({
    queryKey: historyKeys.groupContributions(groupId),
    queryFn: () =>
      callHistory('GET /api/groups/:groupId/contributions', { params: { groupId }, query: { format: 'json', utcOffset: readerUtcOffset() } }),
  });
export const useAuthors = (docId: string, enabled: boolean) =>
  useQuery({ queryKey: historyKeys.authors(docId), queryFn: () => callHistory('GET /api/docs/:docId/authors', { params: { docId } }), enabled });
export const useVersions = (docId: string) =>
  useQuery({ queryKey: historyKeys.versions(docId), queryFn: () => listAllVersions(docId) });
export const useTimeline = (docId: string) =>
  useQuery({ queryKey: historyKeys.timeline(docId), queryFn: () => callHistory('GET /api/docs/:docId/timeline', { params: { docId } }) });
/** A past moment never changes: kept for good once loaded, so scrubbing back is instant. */
export const useDocumentAt = (docId: string, updateId: number | null) =>
  useQuery({
    queryKey: historyKeys.at(docId, updateId ?? -1),
    queryFn: () => callHistory('GET /api/docs/:docId/timeline/at', { params: { docId }, query: { updateId: updateId ?? 0 } }),
    enabled: updateId !== null,
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });
export const useCompare = (docId: string, from: ComparePoint, to: ComparePoint, enabled: boolean) =>
  useQuery({
    queryKey: historyKeys.compare(docId, from, to),
    queryFn: () => callHistory('GET /api/docs/:docId/compare', { params: { docId }, query: { from, to } }),
    enabled,
  });
