import type { Project } from '../../../shared/schemas/projects';
import type { ProjectRow } from '../../db/schema';

export function presentProject(project: ProjectRow): Project {
  return { id: project.id, groupId: project.group_id, name: project.name, createdAt: project.created_at };
}
