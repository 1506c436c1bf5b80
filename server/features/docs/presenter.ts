import { docCan } from '../../../shared/permissions';
import type { Doc, DocWithContext } from '../../../shared/schemas/projects';
import type { DocumentRow } from '../../db/schema';
import type { DocAccess } from '../access/access';
import type { DocLock } from '../assignments/doc-lock';

export function presentDoc(doc: DocumentRow): Doc {
  return {
    id: doc.id,
    projectId: doc.project_id,
    title: doc.title,
    createdAt: doc.created_at,
    updatedAt: doc.updated_at,
  };
}

/**
 * A document with where it lives, the caller's role there and what it lets
 * them do, for the editor page. Once a team's copy locked at its due time,
 * its members may no longer change the text: neither edit nor restore a
 * version (the sync socket drops their updates from then on).
 */
export function presentDocWithContext({ doc, project, group, role }: DocAccess, lock: DocLock, archivedAt: number | null = null): DocWithContext {
  const can = docCan(role);
  const lockedOut = lock.locked && !lock.writesAfterLock;
  return {
    ...presentDoc(doc),
    project: { id: project.id, name: project.name },
    group: { id: group.id, name: group.name },
    role,
    // Archived: read-only for everyone, feedback included, until an instructor restores it.
    can: archivedAt !== null
      ? { ...can, edit: false, rename: false, giveFeedback: false, nameVersions: false, scheduleVersions: false, restoreVersions: false }
      : lockedOut
        ? { ...can, edit: false, restoreVersions: false }
        : can,
    locked: lock.locked,
    locksAt: lock.locksAt,
    writesAfterLock: lock.writesAfterLock,
    ...(archivedAt !== null && { archivedAt }),
  };
}
