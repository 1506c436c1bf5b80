import { describe, expect, it } from 'vitest';
import type { PeerReviewRow } from '../../db/schema';
import { namesFor, scoreOf } from './review-views';
import { sampleRubric } from './test-peer-review';

const record = {
  row: {} as PeerReviewRow,
  reviewerTeam: { id: 'reviewerteamaaaa', name: 'Reviewing team' },
  revieweeTeam: { id: 'revieweeteamaaaa', name: 'Reviewed team' },
};

describe('who is named in a review', () => {
  // [anonymity, viewer, reviewing team named, reviewed team named]
  const table = [
    ['none', 'reviewer', true, true],
    ['none', 'author', true, true],
    ['none', 'instructor', true, true],
    ['reviewers', 'reviewer', true, true],
    ['reviewers', 'author', false, true],
    ['reviewers', 'instructor', true, true],
    ['both', 'reviewer', true, false],
    ['both', 'author', false, true],
    ['both', 'instructor', true, true],
  ] as const;
  for (const [anonymity, viewer, reviewerNamed, revieweeNamed] of table) {
    it(`${anonymity}, read by the ${viewer}`, () => {
      expect(namesFor(viewer, anonymity, record)).toEqual({
        reviewerTeam: reviewerNamed ? record.reviewerTeam : null,
        revieweeTeam: revieweeNamed ? record.revieweeTeam : null,
      });
    });
  }
});

describe('a review’s score', () => {
  const rubric = { criteria: sampleRubric.criteria.map((criterion) => ({ ...criterion, description: '', levels: criterion.levels.map((level) => ({ ...level, description: '' })) })) };
  it('is the chosen levels’ points once every criterion has one, null before', () => {
    expect(scoreOf([{ level: 1, comment: '' }, { level: 1, comment: '' }], rubric)).toBe(7.5);
    expect(scoreOf([{ level: 0, comment: '' }, { level: 0, comment: '' }], rubric)).toBe(0);
    expect(scoreOf([{ level: 2, comment: '' }, { level: null, comment: '' }], rubric)).toBeNull();
    expect(scoreOf([{ level: 2, comment: '' }], rubric)).toBeNull();
  });
});
