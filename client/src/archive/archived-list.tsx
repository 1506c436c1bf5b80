import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ArchivedItem } from '../../../shared/schemas/archive';
import { CourseDialog } from '../courses/course-dialog';
import { ErrorPanel, InlineError } from '../ui/error-panel';
import { announce } from '../ui/live-announcer';
import { Loading } from '../ui/loading';
import { archiveKeys, callArchive } from './archive-endpoints';

const dayMs = 24 * 60 * 60 * 1000;

/** Whole days left before deletion, rounded up: "1 day left" until the last moment. */
export function daysLeft(deletesAt: number, now: number): number {
  return Math.max(0, Math.ceil((deletesAt - now) / dayMs));
}

const kindNames: Record<ArchivedItem['kind'], string> = { document: 'Document', project: 'Project', team: 'Team', course: 'Course', group: 'Group' };

/**
 * The group's (or course's) Archived list for its instructors: what was
 * archived there, its teams included, with the days left before it is
 * deleted for good; each can be restored, or deleted now after a
 * confirmation. Links to the course's audit log.
 */
export function ArchivedList({ groupId }: { groupId: string }) {
  const archived = useQuery({ queryKey: archiveKeys.archived(groupId), queryFn: () => callArchive('GET /api/groups/:groupId/archived', { params: { groupId } }) });
  return (
    <section className="panel" aria-labelledby="archived-heading">
      <div className="section-head">
        <h2 id="archived-heading">Archived</h2>
        <Link className="button small" to={`/groups/${groupId}/audit`}>
          Audit log
        </Link>
      </div>
      {archived.isPending && <Loading label="Loading what is archived…" />}
      {archived.isError && <ErrorPanel error={archived.error} onRetry={() => void archived.refetch()} />}
      {archived.data && archived.data.items.length === 0 && <p className="muted">Nothing is archived. What you archive stays here for 30 days, then is deleted for good.</p>}
      {archived.data && archived.data.items.length > 0 && (
        <ul className="archived-list">
          {archived.data.items.map((item) => (
            <ArchivedRow key={`${item.kind}-${item.id}`} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ArchivedRow({ item }: { item: ArchivedItem }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const table = item.kind === 'document' ? 'docs' : item.kind === 'project' ? 'projects' : 'groups';
  const restore = useMutation({
    mutationFn: () => {
      if (table === 'docs') return callArchive('POST /api/docs/:docId/restore', { params: { docId: item.id } });
      if (table === 'projects') return callArchive('POST /api/projects/:projectId/restore', { params: { projectId: item.id } });
      return callArchive('POST /api/groups/:groupId/restore', { params: { groupId: item.id } });
    },
    onSuccess: async () => {
      announce({ kind: 'status', topic: 'archive', message: `${item.name} restored.` });
      await queryClient.invalidateQueries();
    },
  });
  const remove = useMutation({
    mutationFn: async () => {
      if (table === 'docs') await callArchive('DELETE /api/docs/:docId', { params: { docId: item.id } });
      else if (table === 'projects') await callArchive('DELETE /api/projects/:projectId', { params: { projectId: item.id } });
      else await callArchive('DELETE /api/groups/:groupId', { params: { groupId: item.id } });
    },
    onSuccess: async () => {
      setConfirming(false);
      announce({ kind: 'status', topic: 'archive', message: `${item.name} deleted for good.` });
      await queryClient.invalidateQueries();
    },
  });
  const left = daysLeft(item.deletesAt, Date.now());
  return (
    <li className="archived-item">
      <div>
        <strong>{item.name}</strong>{' '}
        <span className="muted small">
          {kindNames[item.kind]}
          {item.within ? ` in ${item.within}` : ''} · archived by {item.archivedBy} · {left === 1 ? '1 day left' : `${left} days left`} before deletion
        </span>
      </div>
      <div className="actions">
        <button type="button" className="button small" aria-label={`Restore ${item.name}`} disabled={restore.isPending} onClick={() => restore.mutate()}>
          {restore.isPending ? 'Restoring…' : 'Restore'}
        </button>
        <button type="button" className="button small danger" aria-label={`Delete ${item.name} now`} onClick={() => setConfirming(true)}>
          Delete now
        </button>
      </div>
      {restore.isError && <InlineError error={restore.error} />}
      {confirming && (
        <CourseDialog
          title={`Delete “${item.name}” for good?`}
          submitLabel="Delete for good"
          danger
          pending={remove.isPending}
          error={remove.error}
          onSubmit={() => remove.mutate()}
          onClose={() => setConfirming(false)}
        >
          <p>
            {item.kind === 'document'
              ? 'Its text, history, feedback and images are deleted now and cannot be brought back.'
              : 'Everything in it (documents with their history, feedback and images) is deleted now and cannot be brought back.'}
          </p>
        </CourseDialog>
      )}
    </li>
  );
}
