import { useState } from 'react';
import { replyBody, type Reply, type Thread } from '../../../shared/schemas/threads';
import { callFeedback } from '../api/feedback-endpoints';
import { ActionMenu, type MenuAction } from '../ui/action-menu';
import { Avatar } from '../ui/avatar';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors } from '../ui/form-errors';
import { useFeedbackScope } from './feedback-scope';
import { FeedbackText } from './feedback-text';
import { mentionableFor } from './mention-input';
import { MessageField } from './message-field';
import { useThreadAction } from './thread-actions';
import { When } from './when';

/** Writes or rewrites one message: a reply, or a thread's own body. */
export function MessageForm({
  label,
  submitLabel,
  initial = '',
  thread,
  required = true,
  onSave,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  initial?: string;
  thread: Thread;
  required?: boolean;
  onSave: (body: string) => Promise<unknown>;
  onCancel: () => void;
}) {
  const { members } = useFeedbackScope();
  const [body, setBody] = useState(initial);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const submit = async () => {
    if (pending) return;
    const parsed = replyBody.safeParse({ body });
    if (!parsed.success && (required || body.trim() !== '')) {
      setFieldError(fieldErrorsOf(parsed.error).body);
      return;
    }
    setFieldError(undefined);
    setError(null);
    setPending(true);
    try {
      await onSave(parsed.success ? parsed.data.body : '');
    } catch (failure) {
      setFieldError(serverFieldErrors(failure).body);
      setError(failure);
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      className="message-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <MessageField
        label={label}
        value={body}
        onChange={setBody}
        mentionable={mentionableFor(members, thread.visibility, thread.author.id)}
        onSubmit={() => void submit()}
        error={fieldError}
        autoFocus
        rows={2}
      />
      <div className="form-actions">
        <button type="submit" className="button primary small" disabled={pending}>
          {pending ? 'Sending…' : submitLabel}
        </button>
        <button type="button" className="button quiet small" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error != null && !fieldError && <InlineError error={error} />}
    </form>
  );
}

function ReplyItem({ reply, thread }: { reply: Reply; thread: Thread }) {
  const { viewer } = useFeedbackScope();
  const [editing, setEditing] = useState(false);
  const edit = useThreadAction(async (body: string) => {
    const answer = await callFeedback('PATCH /api/replies/:replyId', { params: { replyId: reply.id }, body: { body } });
    setEditing(false);
    return { type: 'reply', reply: answer.reply };
  });
  const remove = useThreadAction(async () => {
    await callFeedback('DELETE /api/replies/:replyId', { params: { replyId: reply.id } });
    return { type: 'reply-deleted', threadId: thread.id, replyId: reply.id };
  });

  // Like a thread's own secondary actions, a reply's sit in a small menu (thread-card.tsx).
  const replyActions: MenuAction[] = [];
  if (reply.can.edit) replyActions.push({ label: 'Edit reply', onSelect: () => setEditing(true) });
  if (reply.can.delete) {
    replyActions.push({
      label: 'Delete reply',
      danger: true,
      onSelect: () => {
        if (window.confirm('Delete your reply? This cannot be undone.')) remove.mutate();
      },
    });
  }

  return (
    <li className="reply" aria-label={`Reply by ${reply.author.name}`}>
      <div className="message-head">
        <Avatar userId={reply.author.id} name={reply.author.name} size={24} />
        <div className="thread-title">
          <span className="message-author">{reply.author.name}</span>
          <span className="muted small">
            <When at={reply.createdAt} />
            {reply.editedAt !== null && (
              <>
                {' · edited '}
                <When at={reply.editedAt} />
              </>
            )}
          </span>
        </div>
        {!editing && replyActions.length > 0 && <ActionMenu label={`More actions on ${reply.author.name}’s reply`} actions={() => replyActions} />}
      </div>
      {editing ? (
        <MessageForm
          label="Edit your reply"
          submitLabel="Save"
          initial={reply.body}
          thread={thread}
          onSave={(body) => edit.mutateAsync(body)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <FeedbackText body={reply.body} mentions={reply.mentions} viewerId={viewer.id} />
      )}
      <InlineError error={remove.error} />
    </li>
  );
}

/** A thread's replies, oldest first, and the form to add one when the reader chose Reply. */
export function ThreadReplies({ thread, replying, onReplied }: { thread: Thread; replying: boolean; onReplied: () => void }) {
  const send = useThreadAction(async (body: string) => {
    const answer = await callFeedback('POST /api/threads/:threadId/replies', { params: { threadId: thread.id }, body: { body } });
    onReplied();
    return { type: 'reply', reply: answer.reply };
  });

  return (
    <>
      {thread.replies.length > 0 && (
        <ol className="replies" aria-label={`${thread.replies.length} ${thread.replies.length === 1 ? 'reply' : 'replies'}`}>
          {thread.replies.map((reply) => (
            <ReplyItem key={reply.id} reply={reply} thread={thread} />
          ))}
        </ol>
      )}
      {replying && thread.can.reply && (
        <MessageForm
          label={`Reply to ${thread.author.name}`}
          submitLabel="Send reply"
          thread={thread}
          onSave={(body) => send.mutateAsync(body)}
          onCancel={onReplied}
        />
      )}
    </>
  );
}
