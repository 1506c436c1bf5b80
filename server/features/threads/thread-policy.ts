import type { ThreadStatus } from '../../../shared/schemas/threads';
import { isAuthor, mayAcceptSuggestions, mayDecideSuggestions, mayReattach, mayResolve } from '../../../shared/thread-rules';
import type { ThreadRow } from '../../db/schema';
import { badRequest, conflict, forbidden } from '../../errors';
import type { Viewer } from './visibility';

/**
 * Who may change what in a thread they can see and may give feedback on
 * (routes check that much). The rules are shared/thread-rules.ts, the same
 * functions that present each thread's `can`, so what a client is offered
 * and what is allowed here cannot differ. Each check throws the AppError
 * that answers the request: 400 for a change that does not fit the thread's
 * kind, 403 for one the caller may not make, 409 for one its current state
 * does not allow.
 */

const invalid = (field: string, message: string) => badRequest(`Invalid body. ${field}: ${message}`, { [field]: message });

export function requireAuthor(thread: Pick<ThreadRow, 'author_id'>, viewer: Viewer, action: string): void {
  if (!isAuthor(viewer, { authorId: thread.author_id })) throw forbidden(`Only its author can ${action}.`);
}

export function requireNotDeleted(thread: Pick<ThreadRow, 'deleted_at'>): void {
  if (thread.deleted_at !== null) throw conflict('This thread was deleted.');
}

export function checkBodyEdit(thread: ThreadRow, viewer: Viewer, body: string): void {
  if (thread.kind === 'comment' && body === '') throw invalid('body', 'Required');
  requireAuthor(thread, viewer, 'edit this thread');
}

export function checkTagChange(thread: ThreadRow, viewer: Viewer): void {
  if (thread.kind !== 'annotation') throw invalid('tag', 'Only annotations have a tag');
  requireAuthor(thread, viewer, 'change its tag');
}

export function checkReplacementChange(thread: ThreadRow, viewer: Viewer, replacement: string, quote: string): void {
  if (thread.kind !== 'suggestion') throw invalid('replacement', 'Only suggestions propose text');
  if (replacement === '' && quote === '') throw invalid('replacement', 'Propose some text, or select text to delete');
  requireAuthor(thread, viewer, 'change what it proposes');
  if (thread.status !== 'open') throw conflict(`This suggestion is already ${thread.status}.`);
}

/** Re-attaching to a new range: its author, or anyone who may edit the document. */
export function checkReanchor(thread: ThreadRow, viewer: Viewer, quote: string, replacement: string | null): void {
  if (quote === '' && thread.kind !== 'suggestion') throw invalid('anchor.quote', 'Select some text');
  if (quote === '' && replacement === '') throw invalid('anchor.quote', 'A suggestion to delete needs text to delete');
  if (!mayReattach(viewer, { authorId: thread.author_id })) {
    throw forbidden('Only its author or someone who can edit the document can re-attach a thread.');
  }
}

export function checkStatusChange(thread: ThreadRow, viewer: Viewer, to: ThreadStatus): void {
  const author = { authorId: thread.author_id };
  if (to === 'accepted' || to === 'rejected') {
    if (thread.kind !== 'suggestion') throw invalid('status', `Only suggestions are ${to}; resolve it instead`);
    if (!(to === 'accepted' ? mayAcceptSuggestions(viewer) : mayDecideSuggestions(viewer))) {
      throw forbidden('Your role cannot accept or reject suggestions.');
    }
    if (thread.status !== 'open') throw conflict(`This suggestion is already ${thread.status}.`);
    return;
  }
  if (to === 'resolved') {
    if (thread.kind === 'suggestion') throw invalid('status', 'Accept or reject a suggestion instead');
    if (!mayResolve(viewer, author)) throw forbidden('You can resolve only your own threads.');
    if (thread.status !== 'open') throw conflict('This thread is already resolved.');
    return;
  }
  // Reopening.
  if (thread.status === 'open') throw conflict('This thread is already open.');
  if (thread.status === 'accepted') throw conflict('An accepted suggestion is part of the text now; it cannot be reopened.');
  if (thread.status === 'rejected') {
    if (!mayDecideSuggestions(viewer)) throw forbidden('Your role cannot reopen a rejected suggestion.');
    return;
  }
  if (!mayResolve(viewer, author)) throw forbidden('You can reopen only your own threads.');
}
