import { useEditorState } from '@tiptap/react';
import { anchorFromRange, type AnchorRange } from '../../../shared/anchors';
import type { Thread } from '../../../shared/schemas/threads';
import { callFeedback } from '../api/feedback-endpoints';
import { InlineError } from '../ui/error-panel';
import { useFeedbackScope } from './feedback-scope';
import { useThreadAction } from './thread-actions';

/** Points a detached thread at the text selected in the document now. */
export function ReattachButton({ thread }: { thread: Thread }) {
  const { editor, ydoc } = useFeedbackScope();
  const selection = useEditorState({ editor, selector: ({ editor: e }) => ({ from: e.state.selection.from, to: e.state.selection.to }) });
  const reattach = useThreadAction(async (range: AnchorRange) => {
    const answer = await callFeedback('PATCH /api/threads/:threadId', {
      params: { threadId: thread.id },
      body: { anchor: anchorFromRange(ydoc, range.from, range.to) },
    });
    return { type: 'thread', thread: answer.thread };
  });
  const empty = selection.from === selection.to;
  return (
    <>
      <button
        type="button"
        className="button small"
        disabled={empty || reattach.isPending}
        title={empty ? 'Select the text it should be about first' : undefined}
        // Keep the selection in the document.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => reattach.mutate(selection)}
      >
        Re-attach to selected text
      </button>
      <InlineError error={reattach.error} />
    </>
  );
}
