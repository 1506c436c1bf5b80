import type { ExpressionBuilder } from 'kysely';
import { can, type Role } from '../../../shared/permissions';
import type { ThreadVisibility } from '../../../shared/schemas/threads';
import type { Database } from '../../db/schema';

/** A member looking at feedback: who they are and their role in the thread's group. */
export interface Viewer {
  userId: string;
  role: Role;
}

/** What decides who may see a thread, and everything in it (replies inherit it). */
export interface Audience {
  visibility: ThreadVisibility;
  authorId: string;
}

/**
 * Who sees a thread. Group feedback: every member. Feedback for instructors:
 * those whose role may read private feedback, and its author, who must still
 * see what they wrote. One rule, written three times below: for thread rows
 * and event rows in SQL, and for messages in memory; keep them the same.
 */
export function canSee(viewer: Viewer, audience: Audience): boolean {
  return (
    audience.visibility === 'group' ||
    audience.authorId === viewer.userId ||
    (audience.visibility === 'instructors' && can(viewer.role, 'readPrivateFeedback'))
  );
}

/** `canSee` as a condition on the `threads` table. */
export function visibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'threads'>) =>
    eb.or([
      eb('threads.visibility', '=', 'group'),
      eb('threads.author_id', '=', viewer.userId),
      ...(can(viewer.role, 'readPrivateFeedback') ? [eb('threads.visibility', '=', 'instructors')] : []),
    ]);
}

/**
 * `canSee` as a condition on the `events` table, whose feedback events copy
 * their thread's visibility and author (`audience_id`); every other event is
 * for the whole group.
 */
export function eventVisibleTo(viewer: Viewer) {
  return (eb: ExpressionBuilder<Database, 'events'>) =>
    eb.or([
      eb('events.visibility', '=', 'group'),
      eb('events.audience_id', '=', viewer.userId),
      ...(can(viewer.role, 'readPrivateFeedback') ? [eb('events.visibility', '=', 'instructors')] : []),
    ]);
}

export function audienceOf(thread: { visibility: ThreadVisibility; author_id: string }): Audience {
  return { visibility: thread.visibility, authorId: thread.author_id };
}
