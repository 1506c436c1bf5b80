import { projectCan, type Role } from '../../../shared/permissions';
import type { Project } from '../../../shared/schemas/projects';
import type { ProjectRow } from '../../db/schema';

/** A project with what the caller, whose role in its group is `role`, may do there. */
export function presentProject(project: ProjectRow, role: Role): Project {
  return { id: project.id, groupId: project.group_id, name: project.name, createdAt: project.created_at, can: projectCan(role) };
}
