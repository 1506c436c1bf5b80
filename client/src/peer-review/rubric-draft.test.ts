import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { blankRubric, checkRubric, draftOf, editLevel, withLevelAdded, withLevelRemoved } from './rubric-draft';
import { criteriaProblems } from './review-errors';

describe('a rubric being edited', () => {
  it('is checked whole by the shared schema, each problem under its field’s path', () => {
    let draft = { ...blankRubric(), title: '' };
    draft = editLevel(draft, 0, 1, { points: '0' });
    draft = editLevel(draft, 0, 2, { points: 'lots' });
    const checked = checkRubric(draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.title).toBe('Required');
    expect(checked.errors['criteria.0.title']).toBe('Required');
    expect(checked.errors['criteria.0.levels.2.points']).toBe('Points are a number');
    // Two levels worth the same are judged once every level's points are numbers.
    const tied = checkRubric(editLevel(draft, 0, 2, { points: '2' }));
    expect(tied.ok ? null : tied.errors['criteria.0.levels.1.points']).toMatch(/The same points as level 1/);
  });

  it('gives the server numbers for points, and round-trips a stored rubric', () => {
    const draft = { ...blankRubric(), title: 'Essay', criteria: [{ ...blankRubric().criteria[0]!, title: 'Thesis' }] };
    const checked = checkRubric(editLevel(draft, 0, 2, { points: '2.5' }));
    expect(checked).toEqual({
      ok: true,
      definition: {
        title: 'Essay',
        criteria: [
          {
            title: 'Thesis',
            description: '',
            levels: [
              { label: 'Beginning', description: '', points: 0 },
              { label: 'Developing', description: '', points: 1 },
              { label: 'Accomplished', description: '', points: 2.5 },
            ],
          },
        ],
      },
    });
    if (checked.ok) expect(draftOf(checked.definition)).toEqual(editLevel(draft, 0, 2, { points: '2.5' }));
  });

  it('adds a level worth one more than the highest, so that no two levels tie, and removes one by its place', () => {
    const added = withLevelAdded(blankRubric(), 0);
    expect(added.criteria[0]!.levels.map((level) => level.points)).toEqual(['0', '1', '2', '3']);
    expect(withLevelRemoved(added, 0, 1).criteria[0]!.levels.map((level) => level.label)).toEqual(['Beginning', 'Accomplished', '']);
  });
});

describe('a refused submit', () => {
  it('names each criterion without a level by its index, whatever else the path says', () => {
    const refused = new ApiError(400, 'validation_failed', 'Choose a level for each criterion.', {
      'answers.1.level': 'Choose a level for “Evidence”',
      'answers.3': 'Choose a level for “Style”',
      overallComment: 'Too long',
    });
    expect([...criteriaProblems(refused)]).toEqual([
      [1, 'Choose a level for “Evidence”'],
      [3, 'Choose a level for “Style”'],
    ]);
    expect(criteriaProblems(new ApiError(409, 'conflict', 'Submitted already.')).size).toBe(0);
    expect(criteriaProblems(null).size).toBe(0);
  });
});
