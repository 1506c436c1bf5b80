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
 * An annotation starts with no tag: its author chooses one, or turns it into
 * a plain comment; a tag nobody chose would count the remark as something it
 * is not. Checked with the shared schema first; the server checks it again.
 */
export function NewThreadForm({ draft, onDone }: { draft: FeedbackDraft; onDone: (threadId: string | null) => void }) {
  const { docId, viewer, members, tags } = useFeedbackScope();
  const id = useId();
  const { anchor } = draft;
  const [kind, setKind] = useState(draft.kind);
  /** A suggestion about no text at all inserts its replacement at the caret (an empty range). */
  const insertion = kind === 'suggestion' && anchor.quote === '';
  const usableTags = tags.filter((tag) => !tag.archived);
  const [body, setBody] = useState('');
  const [tag, setTag] = useState('');
  /** About an image or a cell, the quote only names it (`[Image: …]`): a suggestion starts from no text, not from that name. */
  const aboutNode = draft.target === 'image' || draft.target === 'cell';
  const [replacement, setReplacement] = useState(aboutNode && anchor.quote.startsWith('[') ? '' : anchor.quote);
  const [visibility, setVisibility] = useState<ThreadVisibility>('group');
  const [fields, setFields] = useState<FieldErrors>({});
  const asComment = () => {
    setKind('comment');
    setFields({});
    // The comment field is the one to fill now (a comment needs words).
    requestAnimationFrame(() => document.getElementById(`${id}-body`)?.querySelector('textarea')?.focus());
  };
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
        <blockquote className="thread-quote">{aboutNode ? quote : `“${quote}”`}</blockquote>
      ) : (
        <p className="muted small">{anchor.prefix.trim() === '' ? 'At the start of the document' : `At the caret, after “…${anchor.prefix.slice(-24)}”`}</p>
      )}

      {kind === 'annotation' && (
        <div className="field">
          <label htmlFor={`${id}-tag`}>Tag</label>
          <select
            id={`${id}-tag`}
            autoFocus
            required
            value={tag}
            onChange={(event) => {
              setTag(event.target.value);
              setFields(({ tag: _chosen, ...rest }) => rest);
            }}
            aria-invalid={fields.tag ? true : undefined}
            aria-describedby={`${id}-tag-hint`}
          >
            <option value="" disabled>
              Choose a tag…
            </option>
            {usableTags.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
          {fields.tag ? (
            <p className="field-error" id={`${id}-tag-hint`}>
              {fields.tag}
            </p>
          ) : (
            <p className="hint" id={`${id}-tag-hint`}>
              {usableTags.length === 0 ? 'This group has no tags to choose from.' : 'Say what kind of remark this is.'}
            </p>
          )}
          <button type="button" className="link-button small as-comment" onClick={asComment}>
            No tag — post as a comment
          </button>
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
      <div id={`${id}-body`}>
        <MessageField
          label={kind === 'comment' ? 'Comment' : 'Note (optional)'}
          value={body}
          onChange={setBody}
          mentionable={mentionableFor(members, visibility, viewer.id)}
          onSubmit={() => submit()}
          error={fields.body}
          autoFocus={kind === 'comment'}
        />
      </div>
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
