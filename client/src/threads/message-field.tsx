import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { feedbackLimits } from '../../../shared/schemas/threads';
import { insertMention, matchMembers, mentionQueryAt, type Mentionable, type MentionQuery } from './mention-input';

interface MessageFieldProps {
  label: string;
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
 */
export function MessageField({ label, value, onChange, mentionable, onSubmit, placeholder, error, autoFocus, rows = 3 }: MessageFieldProps) {
  const id = useId();
  const listId = `${id}-mentions`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const area = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [index, setIndex] = useState(0);
  const matches = query ? matchMembers(mentionable, query.text) : [];
  const open = query !== null && matches.length > 0;
  const active = open ? Math.min(index, matches.length - 1) : -1;

  const follow = (text: string, caret: number) => {
    const next = mentionQueryAt(text, caret);
    if (next?.text !== query?.text) setIndex(0);
    setQuery(next);
  };

  // After a mention is inserted, the caret goes after it, as soon as the new text is rendered.
  const caretAfterInsert = useRef<number | null>(null);
  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    if (caret === null || !area.current) return;
    caretAfterInsert.current = null;
    area.current.focus();
    area.current.setSelectionRange(caret, caret);
  }, [value]);

  const choose = (member: Mentionable) => {
    if (!query) return;
    const inserted = insertMention(value, query, member);
    caretAfterInsert.current = inserted.caret;
    onChange(inserted.value);
    setQuery(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmit();
      return;
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

  return (
    <div className="field message-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={area}
        value={value}
        rows={rows}
        maxLength={feedbackLimits.body}
        placeholder={placeholder}
        autoFocus={autoFocus}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : hintId}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          follow(event.target.value, event.target.selectionStart);
        }}
        onSelect={(event) => follow(event.currentTarget.value, event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onBlur={() => setQuery(null)}
      />
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
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : (
        <p className="hint" id={hintId}>
          Type @ to mention someone. Links are kept as links.
        </p>
      )}
    </div>
  );
}
