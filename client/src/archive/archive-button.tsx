import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ActionMenu } from '../ui/action-menu';
import { InlineError } from '../ui/error-panel';
import { announce } from '../ui/live-announcer';
import { callArchive } from './archive-endpoints';

export type ArchiveTarget = { kind: 'document'; id: string } | { kind: 'project'; id: string } | { kind: 'group'; id: string };

/**
 * Archives a document, a project, a team, a course or a group (its
 * instructors): hidden and read-only at once, restorable for 30 days from
 * the group's Archived list, so it asks no confirmation. Announces it, and
 * every list leaves it out from then on.
 */
export function useArchive(target: ArchiveTarget, name: string, onArchived?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
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
}

/** "Archive" as a button of its own (useArchive), for a page about the one thing archived. */
export function ArchiveButton({ target, name, onArchived }: { target: ArchiveTarget; name: string; onArchived?: () => void }) {
  const archive = useArchive(target, name, onArchived);
  return (
    <>
      <button type="button" className="button small" aria-label={`Archive ${name}`} disabled={archive.isPending} onClick={() => archive.mutate()}>
        {archive.isPending ? 'Archiving…' : 'Archive'}
      </button>
      {archive.isError && <InlineError error={archive.error} />}
    </>
  );
}

/**
 * "Archive" in the "⋯" menu of secondary actions of one row in a list that
 * names many things (the home page's projects and documents), where a
 * button per row would crowd out the names.
 */
export function ArchiveMenu({ target, name }: { target: ArchiveTarget; name: string }) {
  const archive = useArchive(target, name);
  return (
    <>
      <ActionMenu
        label={`More actions for ${name}`}
        actions={() => [{ label: 'Archive', onSelect: () => archive.mutate(), unavailable: archive.isPending ? 'Archiving…' : undefined }]}
      />
      {archive.isError && <InlineError error={archive.error} />}
    </>
  );
}
