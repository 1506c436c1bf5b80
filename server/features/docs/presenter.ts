import { docCan } from '../../../shared/permissions';
import type { Doc, DocWithContext } from '../../../shared/schemas/projects';
import type { DocumentRow } from '../../db/schema';
import type { DocAccess } from '../access/access';

export function presentDoc(doc: DocumentRow): Doc {
  return {
    id: doc.id,
    projectId: doc.project_id,
    title: doc.title,
    createdAt: doc.created_at,
    updatedAt: doc.updated_at,
  };
}

/** A document with where it lives, the caller's role there and what it lets them do, for the editor page. */
export function presentDocWithContext({ doc, project, group, role }: DocAccess): DocWithContext {
  return {
    ...presentDoc(doc),
    project: { id: project.id, name: project.name },
    group: { id: group.id, name: group.name },
    role,
    can: docCan(role),
  };
}
