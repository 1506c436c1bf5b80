import type { Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { useEditorState } from '@tiptap/react';

interface Counts {
  words: number;
  characters: number;
}

/**
 * The counts of each version of a document's text, worked out once. The
 * editor's state changes with every transaction, a caret moving or a
 * teammate's cursor arriving among them, and each count reads the whole
 * text: counted per transaction, a long document cost every keystroke and
 * every remote caret two passes over all of it.
 */
const countsByText = new WeakMap<ProseMirrorNode, Counts>();

function countsOf(editor: Editor): Counts {
  const text = editor.state.doc;
  let counts = countsByText.get(text);
  if (!counts) {
    counts = { words: editor.storage.characterCount.words(), characters: editor.storage.characterCount.characters() };
    countsByText.set(text, counts);
  }
  return counts;
}

/** "1,204 words · 7,311 characters", under the document, kept current as anyone writes. */
export function DocumentCounts({ editor }: { editor: Editor }) {
  const { words, characters } = useEditorState({ editor, selector: ({ editor: current }) => countsOf(current) });
  return (
    <p className="doc-counts muted small" aria-live="off">
      {words.toLocaleString()} {words === 1 ? 'word' : 'words'} · {characters.toLocaleString()} {characters === 1 ? 'character' : 'characters'}
    </p>
  );
}
