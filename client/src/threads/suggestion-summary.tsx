import { useEditorState } from '@tiptap/react';
import type { Thread } from '../../../shared/schemas/threads';
import { useFeedbackScope } from './feedback-scope';
import { highlightsOf } from './thread-highlights';

/** "Replace X with Y", "Delete X" or "Insert Y", with a warning when the text changed since. */
export function SuggestionSummary({ thread }: { thread: Thread }) {
  const { editor } = useFeedbackScope();
  const { quote } = thread.anchor;
  const replacement = thread.replacement ?? '';
  const changed = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      if (thread.status !== 'open') return false;
      const range = highlightsOf(e.state)?.ranges.get(thread.id);
      return range != null && e.state.doc.textBetween(range.from, range.to, '\n', '\n') !== quote;
    },
  });
  return (
    <div className="suggestion-summary">
      {quote !== '' && replacement !== '' && (
        <p>
          Replace <del>{quote}</del> with <ins>{replacement}</ins>
        </p>
      )}
      {quote !== '' && replacement === '' && (
        <p>
          Delete <del>{quote}</del>
        </p>
      )}
      {quote === '' && (
        <p>
          Insert <ins>{replacement}</ins>
        </p>
      )}
      {changed && <p className="muted small">The text has changed since this was suggested.</p>}
    </div>
  );
}
