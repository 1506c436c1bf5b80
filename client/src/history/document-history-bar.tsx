import type { Editor } from '@tiptap/core';
import { Link } from 'react-router-dom';
import { AuthorshipToggle } from './authorship-toggle';

/** The document page's way into its history: the authorship toggle, History and Contributions. */
export function DocumentHistoryBar({
  editor,
  docId,
  contributions,
  user,
}: {
  editor: Editor;
  docId: string;
  /** Whether the reader may see who wrote what (the document's `can.viewContributions`). */
  contributions: boolean;
  user: { id: string; name: string };
}) {
  return (
    <div className="document-history-bar">
      {contributions && <AuthorshipToggle editor={editor} docId={docId} userId={user.id} userName={user.name} />}
      <nav className="document-history-links" aria-label="Document history">
        <Link className="button small quiet" to={`/docs/${docId}/history`}>
          History
        </Link>
        {contributions && (
          <Link className="button small quiet" to={`/docs/${docId}/contributions`}>
            Contributions
          </Link>
        )}
      </nav>
    </div>
  );
}
