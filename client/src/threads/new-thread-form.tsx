import { useId, useState, type FormEvent } from 'react';
import { createThreadBody, feedbackLimits, type CreateThreadBody, type ThreadVisibility } from '../../../shared/schemas/threads';
import { callFeedback } from '../api/feedback-endpoints';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { useFeedbackScope } from './feedback-scope';
import { mentionableFor } from './mention-input';
import { MessageField } from './message-field';
import { useThreadAction } from './thread-actions';
import type { FeedbackDraft } from './thread-highlights';

const headings = { comment: 'New comment', annotation: 'New annotation', suggestion: 'Suggest an edit' } as const;
const submitLabels = { comment: 'Post comment', annotation: 'Add annotation', suggestion: 'Suggest edit' } as const;

/**
 * The form for a new thread about the selected text (the draft): a comment,
 * an annotation with one of the group's tags, or a suggested replacement.
 * Checked with the shared schema first; the server checks it again.
 */
export function NewThreadForm({ draft, onDone }: { draft: FeedbackDraft; onDone: (threadId: string | null) => void }) {
  const { docId, viewer, members, tags } = useFeedbackScope();
  const id = useId();
  const { kind, anchor } = draft;
  /** A suggestion about no text at all inserts its replacement at the caret (an empty range). */
  const insertion = kind === 'suggestion' && anchor.quote === '';
  const usableTags = tags.filter((tag) => !tag.archived);
  const [body, setBody] = useState('');
  const [tag, setTag] = useState(usableTags[0]?.id ?? '');
  const [replacement, setReplacement] = useState(anchor.quote);
  const [visibility, setVisibility] = useState<ThreadVisibility>('group');
  const [fields, setFields] = useState<FieldErrors>({});
  const create = useThreadAction(async (input: CreateThreadBody) => {
    const answer = await callFeedback('POST /api/docs/:docId/threads', { params: { docId }, body: input });
    onDone(answer.thread.id);
    return { type: 'thread', thread: answer.thread };
  });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (create.isPending) return;
    const input: CreateThreadBody =
      kind === 'comment'
        ? { kind, body, anchor, visibility }
        : kind === 'annotation'
          ? { kind, body, tag, anchor, visibility }
          : { kind, body, replacement, anchor, visibility };
    const parsed = createThreadBody.safeParse(input);
    if (!parsed.success) {
      setFields(fieldErrorsOf(parsed.error));
      return;
    }
    setFields({});
    create.mutate(input, { onError: (failure) => setFields(serverFieldErrors(failure)) });
  };

  const quote = anchor.quote.length > 120 ? `${anchor.quote.slice(0, 117)}…` : anchor.quote;
  return (
    <form
      className="new-thread"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone(null);
      }}
    >
      <h3 id={`${id}-title`}>{insertion ? 'Suggest an insertion' : headings[kind]}</h3>
      {quote !== '' ? (
        <blockquote className="thread-quote">“{quote}”</blockquote>
      ) : (
        <p className="muted small">{anchor.prefix.trim() === '' ? 'At the start of the document' : `At the caret, after “…${anchor.prefix.slice(-24)}”`}</p>
      )}

      {kind === 'annotation' && (
        <div className="field">
          <label htmlFor={`${id}-tag`}>Tag</label>
          <select id={`${id}-tag`} autoFocus value={tag} onChange={(event) => setTag(event.target.value)} aria-invalid={fields.tag ? true : undefined}>
            {usableTags.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
          {fields.tag && <p className="field-error">{fields.tag}</p>}
        </div>
      )}
      {kind === 'suggestion' && (
        <div className="field">
          <label htmlFor={`${id}-replacement`}>{insertion ? 'Insert' : 'Replace with'}</label>
          <textarea
            id={`${id}-replacement`}
            value={replacement}
            rows={2}
            maxLength={feedbackLimits.replacement}
            autoFocus
            aria-invalid={fields.replacement ? true : undefined}
            aria-describedby={`${id}-replacement-hint`}
            onChange={(event) => setReplacement(event.target.value)}
          />
          {fields.replacement ? (
            <p className="field-error" id={`${id}-replacement-hint`}>
              {fields.replacement}
            </p>
          ) : (
            <p className="hint" id={`${id}-replacement-hint`}>
              {insertion
                ? 'The text to add at the caret.'
                : replacement === ''
                  ? 'Empty: suggests deleting the selected text.'
                  : 'What the selected text should say.'}
            </p>
          )}
        </div>
      )}
      <MessageField
        label={kind === 'comment' ? 'Comment' : 'Note (optional)'}
        value={body}
        onChange={setBody}
        mentionable={mentionableFor(members, visibility, viewer.id)}
        onSubmit={() => submit()}
        error={fields.body}
        autoFocus={kind === 'comment'}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={visibility === 'instructors'}
          onChange={(event) => setVisibility(event.target.checked ? 'instructors' : 'group')}
        />
        Only instructors and you
      </label>
      <div className="form-actions">
        <button type="submit" className="button primary small" disabled={create.isPending}>
          {create.isPending ? 'Sending…' : insertion ? 'Suggest insertion' : submitLabels[kind]}
        </button>
        <button type="button" className="button quiet small" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
      {create.error != null && !fields.body && !fields.tag && !fields.replacement && <InlineError error={create.error} />}
    </form>
  );
}
