import type { Editor } from '@tiptap/core';
import { Link } from 'react-router-dom';
import { can, type Role } from '../../../shared/permissions';
import { AuthorshipToggle } from './authorship-toggle';

/** The document page's way into its history: the authorship toggle, History and Contributions. */
export function DocumentHistoryBar({
  editor,
  docId,
  role,
  user,
}: {
  editor: Editor;
  docId: string;
  role: Role;
  user: { id: string; name: string };
}) {
  const contributions = can(role, 'viewContributions');
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
