import { useId, useState } from 'react';
import type { ExportFormat } from '../../../shared/schemas/history';
import { pathTo } from '../api/http';
import './export-menu.css';

/** The address of an export: a plain link the browser downloads (or opens, for the printable HTML). */
export function exportPath(docId: string, format: ExportFormat, options: { comments?: boolean; version?: string } = {}): string {
  return pathTo('GET /api/docs/:docId/export', {
    params: { docId },
    query: { format, comments: options.comments ? '1' : undefined, version: options.version },
  });
}

/**
 * "Download" on a document (or a version of it): Markdown, printable HTML,
 * Word with or without its open comments, PDF. A disclosure, not a menu
 * widget: its links are ordinary links, reached with Tab. `of` names what is
 * downloaded for screen readers only, where several sit in one list (each
 * version's "Download"), so that the button stays one short word on screen.
 */
export function ExportMenu({ docId, version, of }: { docId: string; version?: string; of?: string }) {
  const [comments, setComments] = useState(false);
  const commentsId = useId();
  return (
    <details className="export-menu">
      <summary className="button small">
        {/* On a phone's document page only the arrow shows; the word stays the button's name (editor.css). */}
        <span className="export-menu-icon" aria-hidden="true">
          ⤓
        </span>
        <span className="export-menu-label">
          Download
          {of && <span className="visually-hidden"> {of}</span>}
        </span>
      </summary>
      <div className="export-menu-panel">
        <ul>
          <li>
            <a href={exportPath(docId, 'docx', { comments, version })} download>
              Word (.docx)
            </a>
          </li>
          <li className="export-menu-option">
            <input id={commentsId} type="checkbox" checked={comments} onChange={(event) => setComments(event.target.checked)} />
            <label htmlFor={commentsId}>Include comments in the Word file</label>
          </li>
          <li>
            <a href={exportPath(docId, 'pdf', { version })} download>
              PDF
            </a>
          </li>
          <li>
            <a href={exportPath(docId, 'md', { version })} download>
              Markdown
            </a>
          </li>
          <li>
            <a href={exportPath(docId, 'html', { version })} target="_blank" rel="noopener">
              HTML (print)
            </a>
          </li>
        </ul>
      </div>
    </details>
  );
}
