import { z } from 'zod';
import { id } from './common';

/**
 * The plain vocabulary of feedback, apart from threads.ts so that
 * what only names threads (the activity feed on the home page) does not pull
 * in the anchor code and Yjs with them. threads.ts re-exports all of it.
 */

export const threadKinds = ['comment', 'annotation', 'suggestion'] as const;
export type ThreadKind = (typeof threadKinds)[number];
/** `accepted` and `rejected` are for suggestions; `resolved` for the other kinds. */
export const threadStatuses = ['open', 'resolved', 'accepted', 'rejected'] as const;
export type ThreadStatus = (typeof threadStatuses)[number];
/** `instructors`: private feedback, seen by the group's instructors and its author only. */
export const threadVisibilities = ['group', 'instructors'] as const;
export type ThreadVisibility = (typeof threadVisibilities)[number];

/** Someone as feedback shows them. */
export const person = z.object({ id, name: z.string() });
export type Person = z.infer<typeof person>;

/**
 * Why the server ended a live stream (thread or feed). After `session-ended`
 * or `access-revoked` a reconnect is refused (401/404); after `role-changed`
 * reconnect and reload the list, since what the new role may see differs.
 * A reader too slow to take its events is cut off without an `end`.
 */
export const streamEndReasons = ['session-ended', 'access-revoked', 'role-changed', 'server-stopping'] as const;
