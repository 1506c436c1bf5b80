import type { ReviewAnswer } from '../../../shared/schemas/peer-reviews';
import type { Rubric } from '../../../shared/schemas/rubrics';
import { badRequest } from '../../errors';

/**
 * The rules of a review's answers against its rubric, each refusal a 400
 * naming the criteria at fault (by title, and by field for the form):
 * - one answer per criterion, in the rubric's order;
 * - a chosen level is one of the criterion's levels (its index);
 * - to submit, every criterion has a level (a draft may lack some).
 */

export function checkAnswers(answers: readonly ReviewAnswer[], rubric: Pick<Rubric, 'criteria'>): void {
  const count = rubric.criteria.length;
  if (answers.length !== count) {
    throw badRequest(`This rubric has ${count} ${count === 1 ? 'criterion' : 'criteria'}: give one answer for each, in its order (${answers.length} given).`, {
      answers: `One answer per criterion: ${count}.`,
    });
  }
  const fields: Record<string, string> = {};
  const wrong: string[] = [];
  rubric.criteria.forEach((criterion, index) => {
    const level = answers[index]!.level;
    if (level !== null && level >= criterion.levels.length) {
      fields[`answers.${index}.level`] = `“${criterion.title}” has levels 0 to ${criterion.levels.length - 1}.`;
      wrong.push(`“${criterion.title}” has ${criterion.levels.length} levels, so level ${level} is not one of them`);
    }
  });
  if (wrong.length > 0) throw badRequest(`${wrong.join('; ')}.`, fields);
}

export function checkComplete(answers: readonly ReviewAnswer[], rubric: Pick<Rubric, 'criteria'>): void {
  checkAnswers(answers, rubric);
  const missing = rubric.criteria.flatMap((criterion, index) => (answers[index]!.level === null ? [{ criterion, index }] : []));
  if (missing.length === 0) return;
  const titles = missing.map(({ criterion }) => `“${criterion.title}”`).join(', ');
  throw badRequest(
    `Choose a level for every criterion before submitting: ${titles} ${missing.length === 1 ? 'has' : 'have'} none.`,
    Object.fromEntries(missing.map(({ index }) => [`answers.${index}.level`, 'Choose a level.'])),
  );
}
