import { type Rubric, rubricMaxPoints } from '../../../shared/schemas/rubrics';
import type { StoredRubric } from './rubrics';

export function presentRubric({ row, definition, usedBy }: StoredRubric): Rubric {
  return {
    id: row.id,
    courseId: row.course_id,
    title: definition.title,
    criteria: definition.criteria,
    maxPoints: rubricMaxPoints(definition),
    usedBy,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
