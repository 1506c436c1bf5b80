import { z } from 'zod';
import { id, pageQuery, timestamp } from './common';
import { notificationKinds } from './notifications';

/**
 * The notification inbox (the bell): what happened for the caller, newest
 * first, each a plain sentence with a link to the exact place. Reading an
 * item in the app marks it read for mail too: a read notification is never
 * mailed.
 */

export const notificationItem = z.object({
  id,
  kind: z.enum(notificationKinds),
  /** One sentence ("Ana replied to your comment on Final report: “…”"). */
  text: z.string(),
  /** A path in the app, to the exact place (`/docs/:docId?thread=…&reply=…`). */
  link: z.string(),
  at: timestamp,
  read: z.boolean(),
});
export type NotificationItem = z.infer<typeof notificationItem>;

/** `?limit=&cursor=`: a cursor continues to older items. */
export const notificationsQuery = pageQuery;

export const notificationsResponse = z.object({
  items: z.array(notificationItem),
  nextCursor: z.string().nullable(),
  /** How many of the caller's notifications are unread, all pages together. */
  unread: z.number().int(),
});
export type NotificationsResponse = z.infer<typeof notificationsResponse>;

/** Items read at most in one request. */
export const markReadLimit = 200;

/** Some of the caller's notifications by id (others' ids are ignored), or all of them. */
export const markReadBody = z.union([
  z.strictObject({ ids: z.array(id).min(1).max(markReadLimit) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadBody = z.infer<typeof markReadBody>;

export const markReadResponse = z.object({ unread: z.number().int() });
export type MarkReadResponse = z.infer<typeof markReadResponse>;
