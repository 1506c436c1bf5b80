import * as inbox from '../schemas/notification-inbox';
import type { RouteTable } from './route-table';

/** The notification inbox: the caller's own notifications and marking them read. */
export const notificationsApi = {
  'GET /api/notifications': { summary: 'The caller’s notifications, newest first, with the unread count', query: inbox.notificationsQuery, response: inbox.notificationsResponse },
  'POST /api/notifications/read': { summary: 'Mark some (by id) or all of the caller’s notifications read', body: inbox.markReadBody, response: inbox.markReadResponse },
} as const satisfies RouteTable;
