import { Fragment, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { feedbackLimits } from '../../../shared/schemas/threads';
import { FieldMessage, fieldMessageProps } from '../ui/field-message';
import {
  bodyOfField,
  chosenSpans,
  fieldMarks,
  fieldTextOf,
  insertMention,
  matchMembers,
  mentionQueryAt,
  type FieldMark,
  type Mentionable,
  type MentionQuery,
} from './mention-input';

const mentionHint = 'Type @ to mention someone. Links are kept as links.';

interface MessageFieldProps {
  label: string;
  /** The body, as sent: mentions chosen from the list are tokens (shared/mentions.ts). */
  value: string;
  onChange: (value: string) => void;
  /** Who can be mentioned (the group's members who may read this feedback). */
  mentionable: readonly Mentionable[];
  /** Ctrl/⌘+Enter sends. */
  onSubmit: () => void;
  placeholder?: string;
  error?: string | undefined;
  autoFocus?: boolean;
  rows?: number;
}

/**
 * A feedback body: plain text, with `@` to mention a member. Typing `@` and
 * part of a name opens a list of matching members (arrows to choose, Enter or
 * Tab to insert, Escape to close); the list is tied to the text area with
 * aria-controls and aria-activedescendant, as a textbox with autocomplete.
 *
 * The text area shows a mention as the readable "@Name", never its token;
 * chips drawn behind the text mark each mention, chosen or typed by hand
 * ("@Ben Member" typed in full is a mention too: the server links it by the
 * same rule), and a name that could be several people says so below.
 * Backspace just after a chosen mention removes all of it.
 */
export function MessageField({ label, value, onChange, mentionable, onSubmit, placeholder, error, autoFocus, rows = 3 }: MessageFieldProps) {
  const id = useId();
  const listId = `${id}-mentions`;
  const summaryId = `${id}-hint-mentions`;
  // The mention summary describes the field too, after its message (the hint, or an error).
  const message = fieldMessageProps(id, error, mentionHint);
  const area = useRef<HTMLTextAreaElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const { text, chosen } = useMemo(() => fieldTextOf(value), [value]);
  const spans = useMemo(() => chosenSpans(text, chosen), [text, chosen]);
  const marks = useMemo(() => fieldMarks(text, chosen, mentionable), [text, chosen, mentionable]);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [index, setIndex] = useState(0);
  const matches = query ? matchMembers(mentionable, query.text) : [];
  const open = query !== null && matches.length > 0;
  const active = open ? Math.min(index, matches.length - 1) : -1;

  const follow = (next: string, caret: number) => {
    const found = mentionQueryAt(next, caret, chosenSpans(next, chosen));
    if (found?.text !== query?.text) setIndex(0);
    setQuery(found);
  };

  // After a mention is inserted or removed, the caret goes where it belongs, as soon as the new text is rendered.
  const caretAfterChange = useRef<number | null>(null);
  useLayoutEffect(() => {
    const caret = caretAfterChange.current;
    if (caret === null || !area.current) return;
    caretAfterChange.current = null;
    area.current.focus();
    area.current.setSelectionRange(caret, caret);
  }, [value]);

  const choose = (member: Mentionable) => {
    if (!query) return;
    const inserted = insertMention(text, query, member);
    caretAfterChange.current = inserted.caret;
    onChange(bodyOfField(inserted.text, [...chosen, inserted.chosen]));
    setQuery(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmit();
      return;
    }
    const field = event.currentTarget;
    if (event.key === 'Backspace' && field.selectionStart === field.selectionEnd) {
      const span = spans.find((candidate) => candidate.end === field.selectionStart);
      if (span) {
        event.preventDefault();
        caretAfterChange.current = span.start;
        onChange(bodyOfField(text.slice(0, span.start) + text.slice(span.end), chosen));
        return;
      }
    }
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setIndex((active + step + matches.length) % matches.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      choose(matches[active]!);
    } else if (event.key === 'Escape') {
      // Closes the list only, not the form around it.
      event.preventDefault();
      event.stopPropagation();
      setQuery(null);
    }
  };

  const notified = [...new Set(marks.flatMap((mark) => (mark.kind === 'unclear' || mark.name === null ? [] : [mark.name])))];
  const unclear = marks.filter((mark) => mark.kind === 'unclear');

  return (
    <div className="field message-field">
      <label htmlFor={id}>{label}</label>
      <div className="message-input">
        <div className="message-backdrop" ref={backdrop} aria-hidden="true">
          <Chips text={text} marks={marks} />
        </div>
        <textarea
          id={id}
          ref={area}
          value={text}
          rows={rows}
          maxLength={feedbackLimits.body}
          placeholder={placeholder}
          autoFocus={autoFocus}
          {...message}
          aria-describedby={`${message['aria-describedby']} ${summaryId}`}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          onChange={(event) => {
            onChange(bodyOfField(event.target.value, chosen));
            follow(event.target.value, event.target.selectionStart);
          }}
          onSelect={(event) => follow(event.currentTarget.value, event.currentTarget.selectionStart)}
          onScroll={(event) => {
            if (backdrop.current) backdrop.current.scrollTop = event.currentTarget.scrollTop;
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setQuery(null)}
        />
      </div>
      {open && (
        <ul className="mention-list" id={listId} role="listbox" aria-label="People to mention">
          {matches.map((member, at) => (
            <li
              key={member.id}
              id={`${listId}-${at}`}
              role="option"
              aria-selected={at === active}
              className={at === active ? 'mention-option is-active' : 'mention-option'}
              // Keep the focus (and the caret) in the text area.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(member)}
            >
              {member.name}
              <span className="muted small"> · {member.role}</span>
            </li>
          ))}
        </ul>
      )}
      <span className="visually-hidden" aria-live="polite">
        {open ? `${matches.length} ${matches.length === 1 ? 'person matches' : 'people match'}; use the arrow keys and Enter.` : ''}
      </span>
      <FieldMessage id={id} error={error} hint={mentionHint} />
      <p className="hint mention-summary" id={summaryId}>
        {notified.length > 0 && <span>Will notify {notified.join(', ')}. </span>}
        {unclear.map((mark) => (
          <span key={mark.start} className="mention-unclear">
            “{text.slice(mark.start, mark.end)}” could be {mark.among} people: choose one from the list.{' '}
          </span>
        ))}
      </p>
    </div>
  );
}

/** The text behind the text area, transparent, with a chip behind each mention. */
function Chips({ text, marks }: { text: string; marks: readonly FieldMark[] }) {
  const pieces: ReactNode[] = [];
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue;
    pieces.push(<Fragment key={`t${at}`}>{text.slice(at, mark.start)}</Fragment>);
    pieces.push(
      <mark key={`m${mark.start}`} className={mark.kind === 'unclear' ? 'mention-chip is-unclear' : 'mention-chip'}>
        {text.slice(mark.start, mark.end)}
      </mark>,
    );
    at = mark.end;
  }
  // A last line break only shows in the text area once something follows it: keep the heights equal.
  pieces.push(<Fragment key="end">{`${text.slice(at)} `}</Fragment>);
  return <>{pieces}</>;
}
