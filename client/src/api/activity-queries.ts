import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeedResponse } from '../../../shared/schemas/activity';
import { markSeen, newestShown } from '../activity/feed-cache';
import { readFeed } from './activity-endpoints';
import { call } from './endpoints';

/**
 * Query keys of the activity feed. "Changes since your last visit"
 * is not under the document's key: refetching the document (after a role
 * change) must not read the changes again after the visit was recorded.
 */
export const activityKeys = {
  feed: ['feed'] as const,
  changesSinceVisit: (docId: string) => ['changes-since-visit', docId] as const,
};

/**
 * The caller's unseen items; on the home page the live feed (activity/live-feed.ts) keeps it current.
 * Not `enabled`, it asks nothing and shows what is cached.
 */
export const useFeed = ({ enabled = true } = {}) => useQuery({ queryKey: activityKeys.feed, queryFn: readFeed, enabled });

/**
 * Marks what the reader has in front of them as seen (all of it, or one
 * group's), up to the newest item shown: an item that arrives meanwhile stays
 * unread. The cached feed drops the marked items at once.
 */
export function useMarkSeen() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (groupId?: string) => {
      const feed = queryClient.getQueryData<FeedResponse>(activityKeys.feed);
      const scope = { upTo: feed ? newestShown(feed, groupId) : undefined, groupId };
      const { unread } = await call('POST /api/feed/seen', { body: scope });
      return { unread, scope };
    },
    onSuccess: ({ unread, scope }) => {
      queryClient.setQueryData<FeedResponse>(activityKeys.feed, (feed) => (feed ? markSeen(feed, unread, scope) : feed));
    },
  });
}

/**
 * What changed in a document since the caller's last visit, read once per
 * opening: never refetched (the visit recorded right after would empty it),
 * and dropped when the document closes, so the next opening reads afresh.
 */
export const useChangesSinceVisit = (docId: string) =>
  useQuery({
    queryKey: activityKeys.changesSinceVisit(docId),
    queryFn: () => call('GET /api/docs/:docId/changes-since-last-visit', { params: { docId } }),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
