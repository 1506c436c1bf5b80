import { seededRandom } from './seeded-random';

/**
 * Forming teams automatically: at random, or balanced by a value each
 * learner has (a roster column: a section, a programme, a level).
 *
 * Sizes: `size` is the most members a team gets. There are
 * ceil(learners / size) teams and their sizes differ by at most one, the
 * bigger ones first: 23 learners in teams of 5 make 5, 5, 5, 4, 4 (never
 * 5, 5, 5, 5, 3, which leaves one team short; nor four teams of 6, which
 * breaks the size asked for).
 *
 * Balance: learners sharing a value are laid out next to each other and
 * dealt to the teams in turn, like cards, so each value is spread as evenly
 * as it can be (a team holds floor or ceil of its share of every value).
 *
 * Randomness comes from a seed: the same seed and the same learners give
 * the same teams, so a preview can be confirmed as shown, and tests are
 * deterministic.
 */

/** The sizes of the teams `count` learners make with at most `size` each (bigger first). */
export function teamSizes(count: number, size: number): number[] {
  if (count <= 0) return [];
  const teams = Math.ceil(count / size);
  const base = Math.floor(count / teams);
  const bigger = count % teams;
  return Array.from({ length: teams }, (_, index) => (index < bigger ? base + 1 : base));
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface FormingOptions<T> {
  /** The most members a team gets (at least 1). */
  size: number;
  seed: number;
  /** The value to balance by; absent: random teams. */
  valueFor?: (learner: T) => string;
}

/**
 * Splits learners into teams. The learners' order does not matter: they are
 * sorted by `id` first, so the result depends only on who they are and the seed.
 */
export function formTeams<T extends { id: string }>(learners: readonly T[], options: FormingOptions<T>): T[][] {
  if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError('A team size is a whole number, at least 1.');
  const random = seededRandom(options.seed);
  const sorted = [...learners].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { valueFor } = options;
  let order: T[];
  if (!valueFor) order = shuffled(sorted, random);
  else {
    const byValue = new Map<string, T[]>();
    for (const learner of sorted) {
      const value = valueFor(learner);
      const same = byValue.get(value);
      if (same) same.push(learner);
      else byValue.set(value, [learner]);
    }
    // The biggest values first, so the smaller ones fill the teams the big ones left short.
    const values = [...byValue.keys()].sort((a, b) => byValue.get(b)!.length - byValue.get(a)!.length || (a < b ? -1 : a > b ? 1 : 0));
    order = values.flatMap((value) => shuffled(byValue.get(value)!, random));
  }
  const sizes = teamSizes(order.length, options.size);
  const teams: T[][] = sizes.map(() => []);
  // Dealt in turn: team i gets learners i, i + k, i + 2k... which fills the
  // first (count mod k) teams one bigger, exactly the sizes above.
  order.forEach((learner, index) => teams[index % sizes.length]!.push(learner));
  return teams;
}

/** `count` team names "Team 1", "Team 2"... skipping names already taken (compared in lower case). */
export function teamNames(count: number, taken: Iterable<string>, prefix = 'Team'): string[] {
  const used = new Set([...taken].map((name) => name.trim().toLowerCase()));
  const names: string[] = [];
  for (let n = 1; names.length < count; n += 1) {
    const name = `${prefix} ${n}`;
    if (!used.has(name.toLowerCase())) names.push(name);
  }
  return names;
}
