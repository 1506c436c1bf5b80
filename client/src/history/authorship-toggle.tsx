import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useAuthors } from '../api/history-queries';
import { authorColors } from './author-colors';
import { AuthorLegend } from './author-legend';
import { authorAtCaret, authorshipOf, setAuthorship } from './authorship-highlights';
import '../styles/history.css';

/** New client ids are looked up at most this often (someone joining makes a few at once). */
const lookupEveryMs = 3000;

/**
 * "Who wrote what" in the editor: a toggle that tints the live text by author
 * (authorship-highlights.ts), with a legend of each author's share of the
 * document now. For roles that may see contributions.
 */
export function AuthorshipToggle({ editor, docId, userId, userName }: { editor: Editor; docId: string; userId: string; userName: string }) {
  const [enabled, setEnabled] = useState(false);
  const authors = useAuthors(docId, enabled);
  const lastLookup = useRef(0);
  const refetch = authors.refetch;

  const { owners, colors, names } = useMemo(() => {
    const list = authors.data?.authors ?? [];
    const owners = new Map<number, string>();
    for (const author of list) for (const client of author.clientIds) owners.set(client, author.user.id);
    const names = new Map(list.map((author) => [author.user.id, author.user.name]));
    if (!names.has(userId)) names.set(userId, userName);
    return { owners, colors: authorColors(names.keys()), names };
  }, [authors.data, userId, userName]);

  useEffect(() => {
    if (!enabled) {
      setAuthorship(editor, { enabled: false, owners: new Map(), self: null, colors: new Map() });
      return;
    }
    if (!authors.data) return;
    setAuthorship(editor, {
      enabled: true,
      owners,
      self: userId,
      colors,
      names,
      onUnknownClients: () => {
        const now = Date.now();
        if (now - lastLookup.current < lookupEveryMs) return;
        lastLookup.current = now;
        // Outside the editor's transaction: a refetch re-renders this component.
        queueMicrotask(() => void refetch());
      },
    });
  }, [editor, enabled, authors.data, owners, colors, names, userId, refetch]);

  useEffect(() => () => setAuthorship(editor, { enabled: false, owners: new Map(), self: null, colors: new Map() }), [editor]);

  const shares = useEditorState({ editor, selector: ({ editor: e }) => (e ? (authorshipOf(e.state)?.shares ?? []) : []) }) ?? [];
  const total = shares.reduce((sum, share) => sum + share.characters, 0);
  // Hovering a run shows its author (its title); from the keyboard, the author of the text at the caret shows here.
  const caretAuthor = useEditorState({ editor, selector: ({ editor: e }) => (e ? authorAtCaret(e.state) : undefined) });

  return (
    <div className="authorship-toggle">
      <button
        type="button"
        className={`button small${enabled ? ' is-on' : ''}`}
        aria-pressed={enabled}
        onClick={() => setEnabled((on) => !on)}
      >
        {enabled ? 'Hide authorship' : 'Show authorship'}
      </button>
      {enabled && authors.isPending && <span className="muted small">Loading authors…</span>}
      {enabled && authors.data && (
        <AuthorLegend
          label="Authors of the text"
          entries={shares.map((share) => ({
            userId: share.author ?? 'unknown',
            name: share.author ? (names.get(share.author) ?? 'Former user') : 'Unknown author',
            color: (share.author && colors.get(share.author)) || '#6b7280',
            detail: total > 0 ? `${Math.round((share.characters / total) * 100)}%` : undefined,
          }))}
        />
      )}
      {enabled && caretAuthor !== undefined && (
        <span className="muted small caret-author">
          At the cursor: <strong>{caretAuthor ? (names.get(caretAuthor) ?? 'Former user') : 'Unknown author'}</strong>
        </span>
      )}
    </div>
  );
}
