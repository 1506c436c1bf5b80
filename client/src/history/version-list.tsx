import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Version } from '../../../shared/schemas/history';
import { callHistory } from '../api/history-endpoints';
import { dateAndTime } from '../ui/date-formats';
import { InlineError } from '../ui/error-panel';
import { ConfirmDialog } from './confirm-dialog';
import { versionLabel } from './timeline-stops';
import { ExportMenu } from '../doc/export-menu';

const kindNames: Record<Version['kind'], string> = { auto: 'Automatic', named: 'Named', deadline: 'Deadline' };

/**
 * The document's versions, newest first: view one on the timeline, compare it
 * with the document now, or (editors) restore it as a new edit after a
 * confirmation. History is never rewritten: a restore is one more step.
 */
export function VersionList({
  docId,
  versions,
  canRestore,
  onView,
  onCompare,
}: {
  docId: string;
  versions: readonly Version[];
  canRestore: boolean;
  onView: (version: Version) => void;
  onCompare: (version: Version) => void;
}) {
  const queryClient = useQueryClient();
  const [restoring, setRestoring] = useState<Version | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  const restore = useMutation({
    mutationFn: (version: Version) => callHistory('POST /api/docs/:docId/versions/:versionId/restore', { params: { docId, versionId: version.id } }),
    onSuccess: async ({ version }) => {
      setRestoring(null);
      setRestored(`Restored "${versionLabel(version)}" as a new edit. The earlier history is still here.`);
      await queryClient.invalidateQueries({ queryKey: ['docs', docId] });
    },
  });
  const newestFirst = [...versions].reverse();
  return (
    <>
      {restored && (
        <p className="banner banner-info" role="status">
          {restored}
        </p>
      )}
      {newestFirst.length === 0 ? (
        <p className="muted">No versions yet. Name one to mark a milestone, such as a submitted draft.</p>
      ) : (
        <ul className="version-list">
          {newestFirst.map((version) => (
            <li key={version.id} className="version" data-version-id={version.id}>
              <div className="version-info">
                <span className="version-name">{versionLabel(version)}</span>
                <span className="muted small">
                  <span className={`version-kind kind-${version.kind}`}>{kindNames[version.kind]}</span>
                  {version.locked && ' · locked'} · {version.scheduled ? 'due ' : ''}
                  {dateAndTime().format(version.createdAt)}
                  {version.createdBy && ` · ${version.createdBy.name}`}
                </span>
              </div>
              {!version.scheduled && (
                <div className="version-actions">
                  <button type="button" className="button small" onClick={() => onView(version)}>
                    View
                  </button>
                  <button type="button" className="button small" onClick={() => onCompare(version)}>
                    Compare with now
                  </button>
                  <ExportMenu docId={docId} version={version.id} of={versionLabel(version)} />
                  {canRestore && (
                    <button type="button" className="button small" onClick={() => setRestoring(version)}>
                      Restore…
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={restoring !== null}
        title={`Restore "${restoring ? versionLabel(restoring) : ''}"?`}
        confirmLabel="Restore this version"
        pending={restore.isPending}
        onConfirm={() => restoring && restore.mutate(restoring)}
        onCancel={() => {
          setRestoring(null);
          restore.reset();
        }}
      >
        <p>
          The document will read as it did then, for everyone. This is a new edit in your name: nothing is lost, and the
          current text stays in the history to go back to.
        </p>
        {restore.isError && <InlineError error={restore.error} />}
      </ConfirmDialog>
    </>
  );
}
