import { useMutation, useQueryClient } from '@tanstack/react-query';
import { InlineError } from '../ui/error-panel';
import { announce } from '../ui/live-announcer';
import { callArchive } from './archive-endpoints';

export type ArchiveTarget = { kind: 'document'; id: string } | { kind: 'project'; id: string } | { kind: 'group'; id: string };

/**
 * "Archive" for a document, a project, a team, a course or a group (its
 * instructors): hidden and read-only at once, restorable for 30 days from
 * the group's Archived list, so it asks no confirmation.
 */
export function ArchiveButton({ target, name, onArchived }: { target: ArchiveTarget; name: string; onArchived?: () => void }) {
  const queryClient = useQueryClient();
  const archive = useMutation({
    mutationFn: () => {
      switch (target.kind) {
        case 'document':
          return callArchive('POST /api/docs/:docId/archive', { params: { docId: target.id } });
        case 'project':
          return callArchive('POST /api/projects/:projectId/archive', { params: { projectId: target.id } });
        case 'group':
          return callArchive('POST /api/groups/:groupId/archive', { params: { groupId: target.id } });
      }
    },
    onSuccess: async () => {
      announce({ kind: 'status', topic: 'archive', message: `${name} archived: restorable for 30 days from the Archived list.` });
      // Lists everywhere leave it out from now on: home, groups, projects, documents, teams.
      await queryClient.invalidateQueries();
      onArchived?.();
    },
  });
  return (
    <>
      <button type="button" className="button small" aria-label={`Archive ${name}`} disabled={archive.isPending} onClick={() => archive.mutate()}>
        {archive.isPending ? 'Archiving…' : 'Archive'}
      </button>
      {archive.isError && <InlineError error={archive.error} />}
    </>
  );
}
