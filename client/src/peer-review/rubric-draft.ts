import { rubricDefinition, rubricLimits, type Rubric, type RubricDefinition } from '../../../shared/schemas/rubrics';

/**
 * A rubric as the editor holds it while the instructor types: points are
 * the text of their field (empty while being retyped), and nothing is
 * checked until it is saved; then the shared schema judges it whole and
 * each problem is shown beside its field, by its path
 * ("criteria.0.levels.1.points").
 */

export interface LevelDraft {
  label: string;
  description: string;
  points: string;
}
export interface CriterionDraft {
  title: string;
  description: string;
  levels: LevelDraft[];
}
export interface RubricDraft {
  title: string;
  criteria: CriterionDraft[];
}

/** A criterion to start from: three levels worth 0, 1 and 2, which most rubrics then rename. */
export function blankCriterion(): CriterionDraft {
  return {
    title: '',
    description: '',
    levels: [
      { label: 'Beginning', description: '', points: '0' },
      { label: 'Developing', description: '', points: '1' },
      { label: 'Accomplished', description: '', points: '2' },
    ],
  };
}

export function blankRubric(): RubricDraft {
  return { title: '', criteria: [blankCriterion()] };
}

export function draftOf(rubric: Pick<Rubric, 'title' | 'criteria'>): RubricDraft {
  return {
    title: rubric.title,
    criteria: rubric.criteria.map((criterion) => ({
      title: criterion.title,
      description: criterion.description,
      levels: criterion.levels.map((level) => ({ label: level.label, description: level.description, points: String(level.points) })),
    })),
  };
}

/** The next level's points: one above the highest, so that no two levels are worth the same. */
function nextPoints(levels: LevelDraft[]): string {
  const numbers = levels.map((level) => Number(level.points)).filter((points) => Number.isFinite(points));
  return String(numbers.length ? Math.max(...numbers) + 1 : 0);
}

export function withLevelAdded(draft: RubricDraft, criterionIndex: number): RubricDraft {
  return editCriterion(draft, criterionIndex, (criterion) =>
    criterion.levels.length >= rubricLimits.levels.max
      ? criterion
      : { ...criterion, levels: [...criterion.levels, { label: '', description: '', points: nextPoints(criterion.levels) }] },
  );
}

export function withLevelRemoved(draft: RubricDraft, criterionIndex: number, levelIndex: number): RubricDraft {
  return editCriterion(draft, criterionIndex, (criterion) => ({ ...criterion, levels: criterion.levels.filter((_, index) => index !== levelIndex) }));
}

export function editCriterion(draft: RubricDraft, criterionIndex: number, change: (criterion: CriterionDraft) => CriterionDraft): RubricDraft {
  return { ...draft, criteria: draft.criteria.map((criterion, index) => (index === criterionIndex ? change(criterion) : criterion)) };
}

export function editLevel(draft: RubricDraft, criterionIndex: number, levelIndex: number, change: Partial<LevelDraft>): RubricDraft {
  return editCriterion(draft, criterionIndex, (criterion) => ({
    ...criterion,
    levels: criterion.levels.map((level, index) => (index === levelIndex ? { ...level, ...change } : level)),
  }));
}

export type RubricCheck = { ok: true; definition: RubricDefinition } | { ok: false; errors: Record<string, string> };

/** The draft as the server takes it, or each problem by its field's path. */
export function checkRubric(draft: RubricDraft): RubricCheck {
  const input = {
    title: draft.title,
    criteria: draft.criteria.map((criterion) => ({
      ...criterion,
      // An empty or unreadable number stays a string, so that the schema says which field it is.
      levels: criterion.levels.map((level) => ({ ...level, points: level.points.trim() === '' || Number.isNaN(Number(level.points)) ? level.points : Number(level.points) })),
    })),
  };
  const parsed = rubricDefinition.safeParse(input);
  if (parsed.success) return { ok: true, definition: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.') || 'title';
    errors[path] ??= issue.code === 'invalid_type' && issue.path.at(-1) === 'points' ? 'Points are a number' : issue.message;
  }
  return { ok: false, errors };
}
