import { memo, useState } from 'react';
import { anchorFromRange } from '../../../shared/anchors';
import { feedbackLimits, type Thread, type ThreadStatus } from '../../../shared/schemas/threads';
import { callFeedback } from '../api/feedback-endpoints';
import { ActionMenu, type MenuAction } from '../ui/action-menu';
import { Avatar } from '../ui/avatar';
import { InlineError } from '../ui/error-panel';
import { useFeedbackScope } from './feedback-scope';
import { FeedbackText } from './feedback-text';
import { acceptSuggestion, deletedThreadChange, useThreadAction } from './thread-actions';
import { SuggestionSummary } from './suggestion-summary';
import { activateThread, highlightsOf } from './thread-highlights';
import { MessageForm, ThreadReplies } from './thread-replies';
import { When } from './when';

export type Placement = 'attached' | 'detached' | 'unknown';

const kindWords = { comment: 'comment', annotation: 'annotation', suggestion: 'suggestion' } as const;

const statusVerbs: Record<ThreadStatus, string> = { open: 'Reopened', resolved: 'Resolved', accepted: 'Accepted', rejected: 'Rejected' };

function kindLabel(thread: Thread): string {
  if (thread.kind === 'annotation') return thread.tag?.name ?? 'Annotation';
  return thread.kind === 'suggestion' ? 'Suggested edit' : 'Comment';
}

function mentionsOf(thread: Thread, userId: string): boolean {
  return [thread, ...thread.replies].some((message) => message.mentions.some((person) => person.id === userId));
}

/** A short excerpt of quoted text for labels. */
const excerpt = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

interface ThreadCardProps {
  thread: Thread;
  placement: Placement;
  active: boolean;
}

/**
 * One thread: who wrote what about which words, its replies, and what the
 * reader may do with it. The server decides that (the thread's `can`); this
 * card only adds where the thread is: accepting needs its text in place, and
 * re-attaching is for a thread whose text is gone. Deciding a suggestion and
 * replying are buttons; the rest (resolve, reopen, re-attach, edit, delete)
 * sits in one small menu, so that every card has the same short row.
 */
export const ThreadCard = memo(function ThreadCard({ thread, placement, active }: ThreadCardProps) {
  const { viewer, editor, ydoc } = useFeedbackScope();
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  const own = thread.author.id === viewer.id;
  const { can } = thread;
  const deleted = thread.deletedAt !== null;

  const setStatus = useThreadAction(async (status: ThreadStatus) => {
    const answer = await callFeedback('PATCH /api/threads/:threadId', { params: { threadId: thread.id }, body: { status } });
    return { type: 'thread', thread: answer.thread };
  });
  const accept = useThreadAction(() => acceptSuggestion(thread));
  const edit = useThreadAction(async (changes: { body: string; replacement?: string }) => {
    const answer = await callFeedback('PATCH /api/threads/:threadId', { params: { threadId: thread.id }, body: changes });
    setEditing(false);
    return { type: 'thread', thread: answer.thread };
  });
  const remove = useThreadAction(async () => {
    await callFeedback('DELETE /api/threads/:threadId', { params: { threadId: thread.id } });
    return deletedThreadChange(thread);
  });
  const reattach = useThreadAction(async () => {
    const { from, to } = editor.state.selection;
    const answer = await callFeedback('PATCH /api/threads/:threadId', { params: { threadId: thread.id }, body: { anchor: anchorFromRange(ydoc, from, to) } });
    return { type: 'thread', thread: answer.thread };
  });
  const error = setStatus.error ?? accept.error ?? remove.error ?? reattach.error;

  /** What is shown as buttons: deciding a suggestion, and replying. */
  const primary = (can.accept && placement === 'attached') || can.reject || can.reply;
  /** The rest, in the card's menu: read when it opens, so that re-attaching sees the text selected now. */
  const secondary = (): MenuAction[] => {
    const actions: MenuAction[] = [];
    if (can.resolve) actions.push({ label: 'Resolve', onSelect: () => setStatus.mutate('resolved') });
    if (can.reopen) actions.push({ label: 'Reopen', onSelect: () => setStatus.mutate('open') });
    if (can.reattach && placement === 'detached') {
      actions.push({
        label: 'Re-attach to selected text',
        unavailable: editor.state.selection.empty ? 'Select the text it should be about first' : undefined,
        onSelect: () => reattach.mutate(),
      });
    }
    if (can.edit && !editing) actions.push({ label: 'Edit', onSelect: () => setEditing(true) });
    if (can.delete && !editing) {
      actions.push({
        label: 'Delete',
        danger: true,
        onSelect: () => {
          if (window.confirm('Delete this thread? Replies stay, under a note that it was deleted.')) remove.mutate();
        },
      });
    }
    return actions;
  };


  // Brings its text into view (drawn if the thread is open; a closed one is only scrolled to).
  const show = () => {
    activateThread(editor, thread.id);
    requestAnimationFrame(() => {
      const range = highlightsOf(editor.state)?.ranges.get(thread.id);
      if (!range || editor.isDestroyed) return;
      const { node } = editor.view.domAtPos(range.from);
      const element = node instanceof Element ? node : node.parentElement;
      element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    });
  };

  const classes = ['thread-card', `thread-${thread.kind}`, `status-${thread.status}`];
  if (active) classes.push('is-active');
  if (mentionsOf(thread, viewer.id)) classes.push('mentions-you');

  return (
    <article className={classes.join(' ')} aria-label={`${kindLabel(thread)} by ${thread.author.name}`} data-thread-id={thread.id} tabIndex={-1}>
      <header className="message-head">
        <Avatar userId={thread.author.id} name={thread.author.name} size={30} />
        <div className="thread-title">
          <span className="message-author">{thread.author.name}</span>
          <span className="muted small">
            <span className={`kind-badge kind-${thread.kind}`}>{kindLabel(thread)}</span> · <When at={thread.createdAt} />
          </span>
        </div>
      </header>

      {thread.visibility === 'instructors' && (
        <p className="private-badge small">Private: instructors and {own ? 'you' : thread.author.name}</p>
      )}
      {mentionsOf(thread, viewer.id) && <p className="mention-badge small">Mentions you</p>}

      {placement === 'detached' ? (
        <p className="thread-quote detached">
          <span className="visually-hidden">Detached: </span>
          Its text was deleted. It was about “{excerpt(thread.anchor.quote)}”
        </p>
      ) : (
        thread.anchor.quote !== '' && (
          <button type="button" className="thread-quote" onClick={show} aria-label={`Show “${excerpt(thread.anchor.quote)}” in the document`}>
            “{excerpt(thread.anchor.quote)}”
          </button>
        )
      )}

      {thread.kind === 'suggestion' && !deleted && <SuggestionSummary thread={thread} />}

      {deleted ? (
        <p className="muted small">This thread was deleted by its author.</p>
      ) : editing ? (
        <EditThread thread={thread} onSave={(changes) => edit.mutateAsync(changes)} onCancel={() => setEditing(false)} />
      ) : (
        thread.body !== '' && <FeedbackText body={thread.body} mentions={thread.mentions} viewerId={viewer.id} />
      )}
      {thread.editedAt !== null && !deleted && (
        <p className="muted small">
          Edited <When at={thread.editedAt} />
        </p>
      )}

      {thread.statusChange && (
        <p className={`status-line status-${thread.statusChange.status} small`}>
          {statusVerbs[thread.statusChange.status]} by {thread.statusChange.by.id === viewer.id ? 'you' : thread.statusChange.by.name} ·{' '}
          <When at={thread.statusChange.at} />
        </p>
      )}
      {thread.anchorChange && (
        <p className="muted small">
          Re-attached by {thread.anchorChange.by.name} · <When at={thread.anchorChange.at} />
        </p>
      )}

      <ThreadReplies thread={thread} replying={replying} onReplied={() => setReplying(false)} />

      {!deleted && !replying && (primary || secondary().length > 0) && (
        <div className="thread-actions">
          {can.accept && placement === 'attached' && (
            <button type="button" className="button primary small" disabled={accept.isPending} onClick={() => accept.mutate()}>
              Accept
            </button>
          )}
          {can.reject && (
            <button type="button" className="button small" disabled={setStatus.isPending} onClick={() => setStatus.mutate('rejected')}>
              Reject
            </button>
          )}
          {can.reply && (
            <button type="button" className="button small" onClick={() => setReplying(true)}>
              Reply
            </button>
          )}
          {secondary().length > 0 && <ActionMenu label={`More actions on this ${kindWords[thread.kind]}`} actions={secondary} />}
        </div>
      )}
      <InlineError error={error} />
    </article>
  );
});

function EditThread({
  thread,
  onSave,
  onCancel,
}: {
  thread: Thread;
  onSave: (changes: { body: string; replacement?: string }) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [replacement, setReplacement] = useState(thread.replacement ?? '');
  const proposes = thread.can.editReplacement;
  return (
    <>
      {proposes && (
        <div className="field">
          <label htmlFor={`replacement-${thread.id}`}>Replace with</label>
          <textarea
            id={`replacement-${thread.id}`}
            value={replacement}
            rows={2}
            maxLength={feedbackLimits.replacement}
            onChange={(event) => setReplacement(event.target.value)} />
        </div>
      )}
      <MessageForm
        label={thread.kind === 'comment' ? 'Edit your comment' : 'Edit your note'}
        submitLabel="Save"
        initial={thread.body}
        thread={thread}
        required={thread.kind === 'comment'}
        onSave={(body) => onSave(proposes ? { body, replacement } : { body })}
        onCancel={onCancel}
      />
    </>
  );
}
