import { describe, expect, it } from 'vitest';
import { type AllocatedReview, allocateReviews, ReviewAllocationError, type ReviewTeam } from './review-allocation';
import { seededRandom } from './seeded-random';

/** `count` teams of sizes between 1 and 6 drawn from `random`, each learner in one team. */
function teamsOf(count: number, random: () => number): ReviewTeam[] {
  let learner = 0;
  return Array.from({ length: count }, (_, i) => ({
    id: `t${String(i).padStart(5, '0')}`,
    members: Array.from({ length: 1 + Math.floor(random() * 6) }, () => `l${(learner += 1)}`),
  }));
}

/**
 * Every rule an allocation must hold, checked from its rows alone: the
 * first broken rule, or null. (Plain checks per row: an `expect` per row
 * of hundreds of thousands would be what the test measures.)
 */
function brokenRule(teams: ReviewTeam[], k: number, reviews: AllocatedReview[]): string | null {
  const ids = new Set(teams.map((team) => team.id));
  if (reviews.length !== teams.length * k) return `${reviews.length} reviews, not ${teams.length * k}`;
  const reviewing = new Map<string, number>();
  const reviewedBy = new Map<string, Set<string>>();
  const indexes = new Map<string, Set<number>>();
  for (const review of reviews) {
    if (!ids.has(review.reviewerTeamId) || !ids.has(review.revieweeTeamId)) return `a team that takes no part: ${JSON.stringify(review)}`;
    if (review.reviewerTeamId === review.revieweeTeamId) return `${review.reviewerTeamId} reviews its own work`;
    reviewing.set(review.reviewerTeamId, (reviewing.get(review.reviewerTeamId) ?? 0) + 1);
    const by = reviewedBy.get(review.revieweeTeamId) ?? new Set();
    if (by.has(review.reviewerTeamId)) return `${review.reviewerTeamId} reviews ${review.revieweeTeamId} twice`;
    by.add(review.reviewerTeamId);
    reviewedBy.set(review.revieweeTeamId, by);
    const seen = indexes.get(review.revieweeTeamId) ?? new Set();
    seen.add(review.reviewerIndex);
    indexes.set(review.revieweeTeamId, seen);
  }
  for (const team of teams) {
    // Balanced exactly: K to write and K received, for every team whatever its size.
    if (reviewing.get(team.id) !== k) return `${team.id} writes ${reviewing.get(team.id) ?? 0} reviews`;
    if (reviewedBy.get(team.id)?.size !== k) return `${team.id} gets ${reviewedBy.get(team.id)?.size ?? 0} reviews`;
    const numbers = indexes.get(team.id)!;
    for (let n = 1; n <= k; n += 1) if (!numbers.has(n)) return `${team.id} has no Reviewer ${n}`;
  }
  return null;
}

function expectSound(teams: ReviewTeam[], k: number, reviews: AllocatedReview[]): void {
  expect(brokenRule(teams, k, reviews), `${teams.length} teams, K ${k}`).toBeNull();
}

/** Unordered pairs of teams that review each other. */
function mutualPairs(reviews: AllocatedReview[]): number {
  const pairs = new Set(reviews.map((r) => `${r.reviewerTeamId}>${r.revieweeTeamId}`));
  return reviews.filter((r) => r.reviewerTeamId < r.revieweeTeamId && pairs.has(`${r.revieweeTeamId}>${r.reviewerTeamId}`)).length;
}

describe('allocateReviews', () => {
  it('holds every rule over many seeds and sizes, from 2 teams up, K from 1 to every other team', () => {
    const random = seededRandom(2024);
    let cases = 0;
    for (let round = 0; round < 400; round += 1) {
      const count = 2 + Math.floor(random() * 40);
      const k = 1 + Math.floor(random() * (count - 1));
      const seed = Math.floor(random() * 2 ** 32);
      const teams = teamsOf(count, random);
      expectSound(teams, k, allocateReviews(teams, { k, seed }));
      cases += 1;
    }
    // Every small case exhaustively, the edges included (2 teams, K = T - 1).
    for (let count = 2; count <= 12; count += 1) {
      for (let k = 1; k < count; k += 1) {
        for (let seed = 0; seed < 8; seed += 1) {
          const teams = teamsOf(count, seededRandom(seed));
          expectSound(teams, k, allocateReviews(teams, { k, seed }));
          cases += 1;
        }
      }
    }
    expect(cases).toBeGreaterThan(800);
  });

  it('is the same for the same teams, K and seed, whatever order the teams come in, and differs with the seed', () => {
    const teams = teamsOf(30, seededRandom(1));
    const a = allocateReviews(teams, { k: 3, seed: 77 });
    const sorted = (reviews: AllocatedReview[]) => [...reviews].sort((x, y) => (x.revieweeTeamId + x.reviewerIndex < y.revieweeTeamId + y.reviewerIndex ? -1 : 1));
    expect(sorted(allocateReviews([...teams].reverse(), { k: 3, seed: 77 }))).toEqual(sorted(a));
    expect(allocateReviews(teams, { k: 3, seed: 77 })).toEqual(a);
    expect(sorted(allocateReviews(teams, { k: 3, seed: 78 }))).not.toEqual(sorted(a));
  });

  it('has no two teams review each other while K leaves room, and the fewest pairs once it does not', () => {
    for (let count = 2; count <= 30; count += 1) {
      for (let k = 1; k < count; k += 1) {
        const reviews = allocateReviews(teamsOf(count, seededRandom(count)), { k, seed: count * 31 + k });
        const room = Math.floor((count - 1) / 2);
        if (k <= room) expect(mutualPairs(reviews), `${count} teams, K ${k}`).toBe(0);
        // Past that, T/2 first (T even: T/2 pairs), then each further step adds T pairs.
        else {
          const extra = k - room;
          const expected = count % 2 === 0 ? count / 2 + (extra - 1) * count : extra * count;
          expect(mutualPairs(reviews), `${count} teams, K ${k}`).toBe(expected);
        }
      }
    }
  });

  it('spreads who reviews whom across seeds rather than repeating one pattern', () => {
    const teams = teamsOf(8, seededRandom(3));
    const reviewersOfFirst = new Set<string>();
    for (let seed = 0; seed < 60; seed += 1) {
      for (const review of allocateReviews(teams, { k: 2, seed })) {
        if (review.revieweeTeamId === teams[0]!.id) reviewersOfFirst.add(review.reviewerTeamId);
      }
    }
    // Every other team reviews the first team under some seed.
    expect(reviewersOfFirst.size).toBe(7);
  });

  it('handles the worst sizes quickly: many teams, and K at its largest', () => {
    const many = teamsOf(20_000, seededRandom(9));
    const widest = teamsOf(600, seededRandom(10));
    const started = performance.now();
    const manyReviews = allocateReviews(many, { k: 5, seed: 1 });
    const widestReviews = allocateReviews(widest, { k: 599, seed: 2 });
    // Linear in teams × K: 100 000 and 359 400 rows in well under the time a request may take.
    expect(performance.now() - started).toBeLessThan(5_000);
    expectSound(many, 5, manyReviews);
    expectSound(widest, 599, widestReviews);
  });

  it('refuses what cannot be balanced, with a clear reason', () => {
    const teams = teamsOf(4, seededRandom(4));
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ReviewAllocationError);
        return { message: (error as ReviewAllocationError).message, field: (error as ReviewAllocationError).field };
      }
      throw new Error('not refused');
    };
    expect(refusal(() => allocateReviews(teams, { k: 4, seed: 1 }))).toEqual({
      field: 'k',
      message: '4 teams take part, so each team can be reviewed by at most 3 others (never by itself): ask for 3 or fewer reviews per team.',
    });
    expect(refusal(() => allocateReviews(teams, { k: 0, seed: 1 })).field).toBe('k');
    expect(refusal(() => allocateReviews(teams, { k: 1.5, seed: 1 })).field).toBe('k');
    expect(refusal(() => allocateReviews(teams.slice(0, 1), { k: 1, seed: 1 }))).toEqual({
      field: 'teams',
      message: 'Peer review needs at least 2 teams with learners, since a team never reviews its own work; there is 1.',
    });
    expect(refusal(() => allocateReviews([], { k: 1, seed: 1 })).message).toContain('there are none');
    expect(refusal(() => allocateReviews([...teams, { id: 'empty', members: [] }], { k: 1, seed: 1 })).message).toContain('no learners');
    expect(refusal(() => allocateReviews([...teams, { ...teams[0]! }], { k: 1, seed: 1 })).message).toContain('listed twice');
    const shared = [{ id: 'a', members: ['x'] }, { id: 'b', members: ['x'] }];
    expect(refusal(() => allocateReviews(shared, { k: 1, seed: 1 })).message).toContain('in two teams');
  });

  it('lets a team of one review and be reviewed like any other', () => {
    const teams = [{ id: 'solo', members: ['s'] }, { id: 'big', members: ['a', 'b', 'c', 'd', 'e'] }, { id: 'pair', members: ['f', 'g'] }];
    expectSound(teams, 2, allocateReviews(teams, { k: 2, seed: 5 }));
  });
});
