import type { DimensionScores } from '../../../shared/schemas/teammate-evaluation';
import type { Rating } from './summary';

/** Scripted ratings shared by the evaluation's tests: the numbers are worked out by hand in summary.test.ts. */

export const scores = (...values: [number, number, number, number, number]): DimensionScores => {
  const [contributing, interacting, keepingOnTrack, expectingQuality, knowledgeAndSkills] = values;
  return { contributing, interacting, keepingOnTrack, expectingQuality, knowledgeAndSkills };
};
export const all = (n: number) => scores(n, n, n, n, n);
export const rate = (raterId: string, rateeId: string, given: DimensionScores): Rating => ({ raterId, rateeId, scores: given });

/** A team of four, as the route test scripts it too. */
export const teamOfFourRatings = (ada: string, ben: string, cy: string, dee: string): Rating[] => [
  rate(ada, ada, all(5)),
  rate(ada, ben, all(4)),
  rate(ada, cy, all(3)),
  rate(ada, dee, all(2)),
  rate(ben, ben, all(5)),
  rate(ben, ada, scores(5, 5, 5, 5, 4)),
  rate(ben, cy, all(3)),
  rate(ben, dee, all(2)),
  rate(cy, cy, all(5)),
  rate(cy, ada, scores(5, 4, 5, 4, 5)),
  rate(cy, ben, all(4)),
  rate(cy, dee, scores(1, 2, 2, 2, 2)),
  rate(dee, dee, scores(3, 3, 3, 2, 2)),
  rate(dee, ada, all(4)),
  rate(dee, ben, all(4)),
  rate(dee, cy, all(3)),
];

/** One rater's ratings as the body of their PUT, with a comment for some ratees. */
export function bodyOf(raterId: string, ratings: readonly Rating[], comments: Record<string, string> = {}) {
  return {
    ratings: ratings
      .filter((rating) => rating.raterId === raterId)
      .map((rating) => ({ rateeId: rating.rateeId, scores: rating.scores, ...(comments[rating.rateeId] ? { comment: comments[rating.rateeId] } : {}) })),
  };
}
