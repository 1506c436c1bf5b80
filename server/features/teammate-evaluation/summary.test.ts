import { describe, expect, it } from 'vitest';
import { disagreement, factorCap, teamEvaluation } from './summary';
import { all, rate, scores, teamOfFourRatings } from './test-evaluation';

/**
 * The numbers of a teammate evaluation from scripted ratings, each worked
 * out by hand in the comments: averages by others, self-ratings, factors
 * (with the cap) and every flag.
 */

describe('teamEvaluation', () => {
  it('averages by others, self-ratings, factors with the cap, and the flags of a team of four', () => {
    const result = teamEvaluation(['ada', 'ben', 'cy', 'dee'], teamOfFourRatings('ada', 'ben', 'cy', 'dee'));
    const [ada, ben, cy, dee] = result.members;
    // By others: Ada 24 + 23 + 20 = 67 points over 15 scores; Ben 60/15; Cy 45/15; Dee 10 + 10 + 9 = 29/15.
    expect(ada!.byOthers).toBe(67 / 15);
    expect(ben!.byOthers).toBe(4);
    expect(cy!.byOthers).toBe(3);
    expect(dee!.byOthers).toBe(29 / 15);
    // The team's average of those: (67 + 60 + 45 + 29) / 15 / 4 = 3.35.
    expect(result.teamAverage).toBeCloseTo(3.35, 12);
    expect([ada!.self, ben!.self, cy!.self, dee!.self]).toEqual([5, 5, 5, 2.6]);
    expect(ada!.raters).toBe(3);
    // Ada from others per dimension: contributing 5, 5, 4; interacting 5, 4, 4.
    expect(ada!.byOthersPerDimension.contributing).toBe(14 / 3);
    expect(ada!.byOthersPerDimension.interacting).toBe(13 / 3);
    // Factors: Ada 4.4667 / 3.35 = 1.333 and Ben 4 / 3.35 = 1.194, both capped; Cy 3 / 3.35; Dee 1.9333 / 3.35.
    expect(ada!.factor).toBe(factorCap);
    expect(ben!.factor).toBe(factorCap);
    expect(cy!.factor).toBeCloseTo(3 / 3.35, 12);
    expect(dee!.factor).toBeCloseTo(29 / 15 / 3.35, 12);
    // Ben rates himself exactly 1.0 above the others (5 − 4): flagged; Cy 2.0 above; Ada 0.53 and Dee 0.67 are not.
    // Dee: every rater gave under 3 (2, 2, 1.8); Cy got exactly 3 from each, which is not under 3.
    expect(result.members.map((member) => member.flags)).toEqual([[], ['overrates-self'], ['overrates-self'], ['rated-low-by-all']]);
    expect(result.cliques).toEqual([]);
  });

  it('flags a pair rating each other high and the rest low as a clique, and a rater giving everyone the same scores', () => {
    const ratings = [
      rate('eve', 'eve', all(4)),
      rate('eve', 'fay', all(5)),
      rate('eve', 'gus', all(2)),
      rate('fay', 'fay', all(4)),
      rate('fay', 'eve', scores(5, 5, 4, 5, 4)),
      rate('fay', 'gus', scores(2, 3, 2, 3, 2)),
      rate('gus', 'gus', all(3)),
      rate('gus', 'eve', all(3)),
      rate('gus', 'fay', all(3)),
    ];
    const result = teamEvaluation(['eve', 'fay', 'gus'], ratings);
    // Eve and Fay: 5 and 4.6 for each other (at least 4.5), 2 and 2.4 for Gus (at most 2.5).
    expect(result.cliques).toEqual([['eve', 'fay']]);
    expect(result.members.map((member) => [member.userId, member.flags])).toEqual([
      ['eve', ['clique']],
      ['fay', ['clique']],
      // Gus gave all three the same scores; 2.2 by others is under 3 from each rater.
      ['gus', ['rated-low-by-all', 'uniform-rater']],
    ]);
  });

  it('sees no clique when the pair rates the rest above the low mark, and no uniform rater with fewer than three ratees', () => {
    const result = teamEvaluation(
      ['eve', 'fay', 'gus'],
      [rate('eve', 'fay', all(5)), rate('eve', 'gus', all(3)), rate('fay', 'eve', all(5)), rate('fay', 'gus', all(2)), rate('gus', 'gus', all(3)), rate('gus', 'eve', all(3))],
    );
    expect(result.cliques).toEqual([]);
    expect(result.members.flatMap((member) => member.flags)).toEqual([]);
  });

  it('gives a team of one factor 1 and its flag, with only a self-rating', () => {
    const result = teamEvaluation(['hal'], [rate('hal', 'hal', all(4))]);
    expect(result.members).toEqual([
      expect.objectContaining({ userId: 'hal', byOthers: null, raters: 0, self: 4, factor: 1, flags: ['team-of-one'] }),
    ]);
    expect(result.teamAverage).toBeNull();
  });

  it('counts no rating by or of a member who left, and leaves an unrated member without a factor', () => {
    const ratings = [
      rate('ivy', 'ivy', all(4)),
      rate('ivy', 'jo', all(4)),
      rate('ivy', 'kim', all(1)),
      rate('kim', 'kim', all(5)),
      rate('kim', 'ivy', all(1)),
      rate('kim', 'jo', all(1)),
    ];
    // Kim left: only Ivy's rating of Jo counts. Ivy is rated by nobody who is still in the team.
    const result = teamEvaluation(['ivy', 'jo'], ratings);
    const [ivy, jo] = result.members;
    expect(jo).toEqual(expect.objectContaining({ byOthers: 4, raters: 1, self: null, factor: 1, flags: [] }));
    expect(ivy).toEqual(expect.objectContaining({ byOthers: null, raters: 0, self: 4, factor: null, flags: [] }));
    expect(result.members.map((member) => member.userId)).toEqual(['ivy', 'jo']);
  });
});

describe('disagreement', () => {
  it('speaks when the factor and the measured share pull apart strongly, and only then', () => {
    // A team of four: an even share is 25%.
    expect(disagreement(1.05, 0.1, 4)).toMatch(/at or above .* wrote 10% .* under half an even share \(25%\)/);
    expect(disagreement(1.0, 0.125, 4)).toBeNull();
    expect(disagreement(0.8, 0.4, 4)).toMatch(/well below .* wrote 40% .* over one and a half even shares \(25%\)/);
    expect(disagreement(0.85, 0.4, 4)).toBeNull();
    expect(disagreement(0.8, 0.375, 4)).toBeNull();
    expect(disagreement(null, 0.01, 4)).toBeNull();
    expect(disagreement(1, null, 4)).toBeNull();
    expect(disagreement(1, 0, 1)).toBeNull();
  });
});
