import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';
import { formTeams, teamNames, teamSizes } from './team-forming';

const learners = (count: number, valueFor: (i: number) => string = () => '') =>
  Array.from({ length: count }, (_, i) => ({ id: `l${String(i).padStart(4, '0')}`, value: valueFor(i) }));

describe('teamSizes', () => {
  it('makes ceil(count / size) teams whose sizes differ by at most one', () => {
    expect(teamSizes(23, 5)).toEqual([5, 5, 5, 4, 4]);
    expect(teamSizes(22, 5)).toEqual([5, 5, 4, 4, 4]);
    expect(teamSizes(25, 5)).toEqual([5, 5, 5, 5, 5]);
    expect(teamSizes(6, 5)).toEqual([3, 3]);
    expect(teamSizes(3, 5)).toEqual([3]);
    expect(teamSizes(0, 5)).toEqual([]);
    for (let count = 1; count <= 120; count += 1) {
      for (const size of [2, 3, 4, 5, 7]) {
        const sizes = teamSizes(count, size);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(size);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(sizes).toHaveLength(Math.ceil(count / size));
      }
    }
  });
});

describe('formTeams', () => {
  it('places every learner once, in teams of the sizes above', () => {
    const teams = formTeams(learners(23), { size: 5, seed: 1 });
    expect(teams.map((t) => t.length)).toEqual([5, 5, 5, 4, 4]);
    expect(teams.flat().map((l) => l.id).sort()).toEqual(learners(23).map((l) => l.id));
  });

  it('gives the same teams for the same seed, whatever order the learners come in', () => {
    const a = formTeams(learners(30), { size: 4, seed: 42 });
    const b = formTeams([...learners(30)].reverse(), { size: 4, seed: 42 });
    expect(b).toEqual(a);
    const other = formTeams(learners(30), { size: 4, seed: 43 });
    expect(other).not.toEqual(a);
  });

  it('spreads each value of the balancing column as evenly as it goes', () => {
    // 24 learners: 12 in section A, 8 in B, 4 in C; six teams of 4.
    const section = (i: number) => (i < 12 ? 'A' : i < 20 ? 'B' : 'C');
    const roster = learners(24, section);
    for (const seed of [1, 2, 3, 99]) {
      const teams = formTeams(roster, { size: 4, seed, valueFor: (l) => l.value });
      expect(teams.map((t) => t.length)).toEqual([4, 4, 4, 4, 4, 4]);
      for (const value of ['A', 'B', 'C']) {
        const counts = teams.map((t) => t.filter((l) => l.value === value).length);
        expect(Math.max(...counts) - Math.min(...counts), `${value} in ${counts.join(',')}`).toBeLessThanOrEqual(1);
      }
      // Every team has its two from A.
      expect(teams.map((t) => t.filter((l) => l.value === 'A').length)).toEqual([2, 2, 2, 2, 2, 2]);
    }
  });

  it('balances uneven values with a remainder', () => {
    const roster = learners(23, (i) => ['x', 'y', 'z'][i % 3]!);
    const teams = formTeams(roster, { size: 5, seed: 7, valueFor: (l) => l.value });
    expect(teams.map((t) => t.length)).toEqual([5, 5, 5, 4, 4]);
    for (const value of ['x', 'y', 'z']) {
      const counts = teams.map((t) => t.filter((l) => l.value === value).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('is random without a column: a seed mixes learners across teams', () => {
    const teams = formTeams(learners(20), { size: 5, seed: 5 });
    // Not simply the sorted order cut in four.
    expect(teams[0]!.map((l) => l.id)).not.toEqual(['l0000', 'l0001', 'l0002', 'l0003', 'l0004']);
  });

  it('refuses a size below one', () => {
    expect(() => formTeams(learners(3), { size: 0, seed: 1 })).toThrow(RangeError);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('teamNames', () => {
  it('numbers teams, skipping names the course has', () => {
    expect(teamNames(3, ['team 2', 'Blue'])).toEqual(['Team 1', 'Team 3', 'Team 4']);
  });
});
