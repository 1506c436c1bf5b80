import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { useEffect, useState, type MouseEvent } from 'react';

export interface ContentsEntry {
  level: number;
  text: string;
  /** The heading's position in the document (before it). */
  pos: number;
}

/** The document's headings in order, each with its level and text; an empty heading is left out. */
export function headingsOf(doc: ProseMirrorNode): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === 'heading') {
      const text = node.textContent.trim();
      if (text) entries.push({ level: Number(node.attrs.level) || 1, text, pos });
      return false;
    }
    // Only blocks hold headings: no need to walk a paragraph's text.
    return !node.isTextblock;
  });
  return entries;
}

const sameEntries = (a: readonly ContentsEntry[], b: readonly ContentsEntry[]) =>
  a.length === b.length && a.every((entry, i) => entry.level === b[i]!.level && entry.text === b[i]!.text && entry.pos === b[i]!.pos);

/** Headings are read again this long after the last change: typing a paragraph does not rebuild the list at every key. */
export const contentsDelayMs = 200;

/** The headings of the editor's document, kept up to date with everyone's changes (debounced). */
export function useContents(editor: Editor): ContentsEntry[] {
  const [entries, setEntries] = useState(() => headingsOf(editor.state.doc));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (editor.isDestroyed) return;
        const next = headingsOf(editor.state.doc);
        setEntries((current) => (sameEntries(current, next) ? current : next));
      }, contentsDelayMs);
    };
    editor.on('update', refresh);
    refresh();
    return () => {
      clearTimeout(timer);
      editor.off('update', refresh);
    };
  }, [editor]);
  return entries;
}

/** Puts the caret at the start of the heading at `pos` and brings it into view; for readers too (their editor is read-only, not unfocusable). */
export function goToHeading(editor: Editor, pos: number): void {
  const { doc } = editor.state;
  if (pos < 0 || pos >= doc.content.size || doc.nodeAt(pos)?.type.name !== 'heading') return;
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(doc, pos + 1)).scrollIntoView());
  editor.view.focus();
  const element = editor.view.nodeDOM(pos);
  if (element instanceof HTMLElement) element.scrollIntoView({ block: 'center' });
}

/**
 * The table of contents: a collapsible list of the document's headings,
 * indented by level; choosing one moves the caret to it. A `nav` landmark,
 * so screen reader users find it among the page's regions.
 */
export function TableOfContents({ editor }: { editor: Editor }) {
  const entries = useContents(editor);
  const follow = (event: MouseEvent<HTMLAnchorElement>, entry: ContentsEntry) => {
    event.preventDefault();
    goToHeading(editor, entry.pos);
  };
  return (
    <nav className="table-of-contents" aria-label="Table of contents">
      <details>
        <summary>
          Contents <span className="muted small">({entries.length === 1 ? '1 heading' : `${entries.length} headings`})</span>
        </summary>
        {entries.length === 0 ? (
          <p className="muted small">Headings you add appear here.</p>
        ) : (
          <ol>
            {entries.map((entry, index) => (
              <li key={`${entry.pos}-${index}`} className={`toc-level-${Math.min(3, entry.level)}`}>
                <a href={`#heading-${index + 1}`} onClick={(event) => follow(event, entry)}>
                  {entry.text}
                </a>
              </li>
            ))}
          </ol>
        )}
      </details>
    </nav>
  );
}
