import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notificationsApi } from '../../../shared/api/notifications';
import type { MarkReadBody, NotificationsResponse } from '../../../shared/schemas/notification-inbox';
import { caller } from '../api/http';

/** Calls to the notification inbox's routes. */
export const callNotifications = caller(notificationsApi);

export const notificationKeys = { inbox: ['notifications'] as const };

/** Items the bell's panel shows (the newest). */
export const inboxPageSize = 20;

/** How often the bell asks for new notifications while the page is open (it also asks when the window regains focus). */
export const inboxRefreshMs = 60_000;

/** The caller's newest notifications and unread count; not `enabled`, it asks nothing and shows what is cached. */
export const useNotifications = ({ enabled = true } = {}) =>
  useQuery({
    enabled,
    queryKey: notificationKeys.inbox,
    queryFn: () => callNotifications('GET /api/notifications', { query: { limit: inboxPageSize } }),
    refetchInterval: inboxRefreshMs,
    refetchOnWindowFocus: true,
  });

/** Marks some or all notifications read; the cached inbox shows them read at once. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (which: MarkReadBody) => callNotifications('POST /api/notifications/read', { body: which }),
    onMutate: (which) => {
      queryClient.setQueryData<NotificationsResponse>(notificationKeys.inbox, (inbox) => inbox && markedRead(inbox, which));
    },
    onSuccess: ({ unread }) => {
      queryClient.setQueryData<NotificationsResponse>(notificationKeys.inbox, (inbox) => inbox && { ...inbox, unread });
    },
  });
}

/** The inbox with `which` read: the count drops by the unread ones among them (all, when all). */
export function markedRead(inbox: NotificationsResponse, which: MarkReadBody): NotificationsResponse {
  const read = (id: string) => 'all' in which || which.ids.includes(id);
  const newlyRead = inbox.items.filter((item) => !item.read && read(item.id)).length;
  return {
    ...inbox,
    items: inbox.items.map((item) => (read(item.id) ? { ...item, read: true } : item)),
    unread: 'all' in which ? 0 : Math.max(0, inbox.unread - newlyRead),
  };
}
