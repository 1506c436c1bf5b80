import { can, type Role } from './permissions';
import type { ThreadKind, ThreadStatus } from './schemas/feedback-basics';
import type { ReplyActions, ThreadActions } from './schemas/threads';

/**
 * What a member may do with feedback, beyond what their role alone decides
 * (permissions.ts): whether they wrote it, its kind and its status. The
 * server enforces these rules (server/features/threads/thread-policy.ts) and
 * presents them as each thread's and reply's `can`, from the same functions,
 * so what the client offers is what the server allows.
 *
 * The life of a status:
 *
 *   comment, annotation:  open -> resolved -> open ...
 *   suggestion:           open -> accepted (final: the edit is in the text)
 *                         open -> rejected -> open ...
 */

/** Who is looking: a member and their role in the thread's group. */
export interface FeedbackViewer {
  userId: string;
  role: Role;
}

/** What the rules read of a thread. */
export interface ThreadFacts {
  authorId: string;
  kind: ThreadKind;
  status: ThreadStatus;
  /** A tombstone, kept for its replies: nothing more can be done with it but reading. */
  deleted: boolean;
}

/** Writing feedback at all (threads, replies, and any change to them) takes this capability. */
export function mayGiveFeedback(viewer: FeedbackViewer): boolean {
  return can(viewer.role, 'giveFeedback');
}

/** A thread's or reply's words are its author's: only they edit or delete them. */
export function isAuthor(viewer: FeedbackViewer, message: { authorId: string }): boolean {
  return message.authorId === viewer.userId;
}

/** Resolving or reopening a comment or annotation: its author, or a role that resolves any thread. */
export function mayResolve(viewer: FeedbackViewer, thread: { authorId: string }): boolean {
  return isAuthor(viewer, thread) || can(viewer.role, 'resolveAnyThread');
}

/** Rejecting a suggestion, or reopening a rejected one. */
export function mayDecideSuggestions(viewer: FeedbackViewer): boolean {
  return can(viewer.role, 'decideSuggestions');
}

/** Accepting a suggestion puts its text in the document: deciding and editing both. */
export function mayAcceptSuggestions(viewer: FeedbackViewer): boolean {
  return mayDecideSuggestions(viewer) && can(viewer.role, 'edit');
}

/** Re-attaching a thread to another range: its author, or anyone who may edit the document. */
export function mayReattach(viewer: FeedbackViewer, thread: { authorId: string }): boolean {
  return isAuthor(viewer, thread) || can(viewer.role, 'edit');
}

/** The statuses a thread of this kind may go to from where it is. */
export function nextStatuses(thread: Pick<ThreadFacts, 'kind' | 'status'>): readonly ThreadStatus[] {
  if (thread.kind === 'suggestion') {
    if (thread.status === 'open') return ['accepted', 'rejected'];
    return thread.status === 'rejected' ? ['open'] : [];
  }
  return thread.status === 'open' ? ['resolved'] : ['open'];
}

/** Whether `viewer` may move this thread to `to` now (its kind, status and their rights). */
export function mayChangeStatus(viewer: FeedbackViewer, thread: ThreadFacts, to: ThreadStatus): boolean {
  if (thread.deleted || !mayGiveFeedback(viewer) || !nextStatuses(thread).includes(to)) return false;
  if (to === 'accepted') return mayAcceptSuggestions(viewer);
  if (thread.kind === 'suggestion') return mayDecideSuggestions(viewer);
  return mayResolve(viewer, thread);
}

/** Everything `viewer` may do with this thread now: the thread's `can`. */
export function threadCan(viewer: FeedbackViewer, thread: ThreadFacts): ThreadActions {
  const live = !thread.deleted && mayGiveFeedback(viewer);
  const own = live && isAuthor(viewer, thread);
  return {
    reply: live,
    edit: own,
    editReplacement: own && thread.kind === 'suggestion' && thread.status === 'open',
    delete: own,
    resolve: mayChangeStatus(viewer, thread, 'resolved'),
    reopen: mayChangeStatus(viewer, thread, 'open'),
    accept: mayChangeStatus(viewer, thread, 'accepted'),
    reject: mayChangeStatus(viewer, thread, 'rejected'),
    reattach: live && mayReattach(viewer, thread),
  };
}

/** Everything `viewer` may do with a reply: the reply's `can`. */
export function replyCan(viewer: FeedbackViewer, reply: { authorId: string }): ReplyActions {
  const own = mayGiveFeedback(viewer) && isAuthor(viewer, reply);
  return { edit: own, delete: own };
}
