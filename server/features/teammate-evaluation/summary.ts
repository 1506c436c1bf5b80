import { type Dimension, dimensions, type DimensionScores, type EvaluationFlag } from '../../../shared/schemas/teammate-evaluation';

/**
 * The numbers of a team's teammate evaluation, from its ratings alone (no
 * storage, no clock), so that every figure an instructor reads can be
 * checked by hand. A rating's mean is the mean of its five dimensions.
 */

/** CATME's default cap on the adjustment factor: a member rated above the team gains at most 5%. */
export const factorCap = 1.05;
/** "Overrates self": their self-rating is at least this much above their average by others. */
export const overratesSelfBy = 1.0;
/** "Rated low by all": every teammate who rated them gave a mean under this. */
export const lowRating = 3;
/** A clique rates each other at least this high... */
export const cliqueHigh = 4.5;
/** ...and every other member of the team at most this low. */
export const cliqueLow = 2.5;
/** "Uniform rater": the same scores for everyone, counted only with at least this many ratees (self included). */
export const uniformRaterMinRatees = 3;
/**
 * Averages are ratios of whole numbers: a difference meant to be exactly at
 * a threshold may land a rounding error under it (4.2 − 3.2), so the
 * comparisons allow this much.
 */
const tolerance = 1e-9;

export interface Rating {
  raterId: string;
  rateeId: string;
  scores: DimensionScores;
}

export interface MemberResult {
  userId: string;
  /** Mean over the other members' ratings of them and the five dimensions; null when none rated them. */
  byOthers: number | null;
  byOthersPerDimension: Record<Dimension, number | null>;
  /** How many other members' ratings of them count. */
  raters: number;
  /** Their self-rating's mean; null when they did not rate themselves. */
  self: number | null;
  /** byOthers over the team's average, capped at `factorCap`; 1 in a team of one; null when nobody rated them. */
  factor: number | null;
  flags: EvaluationFlag[];
}

export interface TeamResult {
  /** The mean of the members' averages by others (those rated by someone); null when nobody was rated. */
  teamAverage: number | null;
  members: MemberResult[];
  /** Each group of members rating each other high and the rest of the team low, as member ids. */
  cliques: string[][];
}

const sumOf = (scores: DimensionScores) => dimensions.reduce((sum, dimension) => sum + scores[dimension], 0);
const meanOf = (scores: DimensionScores) => sumOf(scores) / dimensions.length;

/**
 * The team's result. `memberIds` are the team's learners now; a rating by
 * or of anyone else (who left the team) does not count: a member who left
 * mid-project is neither rated nor rating, so their view of a team they no
 * longer belong to changes no one's factor.
 */
export function teamEvaluation(memberIds: readonly string[], ratings: readonly Rating[]): TeamResult {
  const members = new Set(memberIds);
  const counted = ratings.filter((rating) => members.has(rating.raterId) && members.has(rating.rateeId));
  const teamOfOne = memberIds.length === 1;

  const partial = memberIds.map((userId) => {
    const byOthers = counted.filter((rating) => rating.rateeId === userId && rating.raterId !== userId);
    const own = counted.find((rating) => rating.rateeId === userId && rating.raterId === userId);
    const perDimension = Object.fromEntries(
      dimensions.map((dimension) => [dimension, byOthers.length === 0 ? null : byOthers.reduce((sum, rating) => sum + rating.scores[dimension], 0) / byOthers.length]),
    ) as Record<Dimension, number | null>;
    return {
      userId,
      // The sum of every score over their count: the mean over raters and dimensions, in one division.
      byOthers: byOthers.length === 0 ? null : byOthers.reduce((sum, rating) => sum + sumOf(rating.scores), 0) / (byOthers.length * dimensions.length),
      byOthersPerDimension: perDimension,
      raters: byOthers.length,
      self: own ? meanOf(own.scores) : null,
      lowByAll: byOthers.length > 0 && byOthers.every((rating) => meanOf(rating.scores) < lowRating),
    };
  });

  const rated = partial.flatMap((member) => (member.byOthers === null ? [] : [member.byOthers]));
  const teamAverage = rated.length === 0 ? null : rated.reduce((sum, value) => sum + value, 0) / rated.length;
  const cliques = findCliques(memberIds, counted);
  const inClique = new Set(cliques.flat());
  const uniform = uniformRaters(counted);

  return {
    teamAverage,
    cliques,
    members: partial.map(({ lowByAll, ...member }): MemberResult => {
      // A team of one has nobody to compare with: no adjustment.
      const factor = teamOfOne ? 1 : member.byOthers === null || teamAverage === null ? null : Math.min(factorCap, member.byOthers / teamAverage);
      const flags: EvaluationFlag[] = [];
      if (teamOfOne) flags.push('team-of-one');
      if (member.self !== null && member.byOthers !== null && member.self - member.byOthers >= overratesSelfBy - tolerance) flags.push('overrates-self');
      if (lowByAll) flags.push('rated-low-by-all');
      if (inClique.has(member.userId)) flags.push('clique');
      if (uniform.has(member.userId)) flags.push('uniform-rater');
      return { ...member, factor, flags };
    }),
  };
}

/**
 * Cliques: a group S of two or more members, not the whole team, in which
 * every member rated every other member of S at `cliqueHigh` or more and
 * every member of the team outside S at `cliqueLow` or less. For a member a
 * of such a group, S is exactly a and everyone a rated that high, so each
 * member's candidate group is checked in turn; two such groups never share
 * a member (a member of both would rate someone both high and low).
 */
function findCliques(memberIds: readonly string[], counted: readonly Rating[]): string[][] {
  const mean = new Map(counted.map((rating) => [`${rating.raterId} ${rating.rateeId}`, meanOf(rating.scores)]));
  const ratingOf = (raterId: string, rateeId: string) => mean.get(`${raterId} ${rateeId}`);
  const found = new Map<string, string[]>();
  for (const a of memberIds) {
    const group = memberIds.filter((b) => b === a || (ratingOf(a, b) ?? 0) >= cliqueHigh - tolerance);
    if (group.length < 2 || group.length === memberIds.length) continue;
    const rest = memberIds.filter((b) => !group.includes(b));
    const holds = group.every(
      (x) =>
        group.every((y) => x === y || (ratingOf(x, y) ?? 0) >= cliqueHigh - tolerance) &&
        rest.every((r) => {
          const given = ratingOf(x, r);
          return given !== undefined && given <= cliqueLow + tolerance;
        }),
    );
    if (holds) found.set([...group].sort().join(' '), group);
  }
  return [...found.values()];
}

/** Raters who gave every ratee (themselves included, at least `uniformRaterMinRatees`) the very same five scores. */
function uniformRaters(counted: readonly Rating[]): Set<string> {
  const byRater = new Map<string, Rating[]>();
  for (const rating of counted) byRater.set(rating.raterId, [...(byRater.get(rating.raterId) ?? []), rating]);
  const uniform = new Set<string>();
  for (const [raterId, given] of byRater) {
    const first = given[0]!.scores;
    if (given.length >= uniformRaterMinRatees && given.every((rating) => dimensions.every((dimension) => rating.scores[dimension] === first[dimension]))) uniform.add(raterId);
  }
  return uniform;
}

/**
 * When the factor and the measured share of the team's text disagree
 * strongly enough to say so: rated at or above the team (factor 1 or more)
 * while writing under half an even share, or rated well below it (factor
 * under 0.85) while writing over one and a half even shares. An even share
 * is 1 / the team's size. A team of one, an unrated member or a copy with
 * no text by its members says nothing.
 */
export const disagreementLimits = { ratedAbove: 1.0, shareUnder: 0.5, ratedBelow: 0.85, shareOver: 1.5 } as const;

export function disagreement(factor: number | null, share: number | null, teamSize: number): string | null {
  if (factor === null || share === null || teamSize < 2) return null;
  const even = 1 / teamSize;
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  if (factor >= disagreementLimits.ratedAbove - tolerance && share < even * disagreementLimits.shareUnder) {
    return `Rated at or above the team’s average (factor ${factor.toFixed(2)}) but wrote ${percent(share)} of the team’s text, under half an even share (${percent(even)}).`;
  }
  if (factor < disagreementLimits.ratedBelow && share > even * disagreementLimits.shareOver) {
    return `Rated well below the team’s average (factor ${factor.toFixed(2)}) but wrote ${percent(share)} of the team’s text, over one and a half even shares (${percent(even)}).`;
  }
  return null;
}
