import { seededRandom } from './seeded-random';
import { shuffled } from './team-forming';

/**
 * Who reviews whom in an assignment's peer review: each team's document
 * goes to K reviewing teams.
 *
 * Team to team, not learner to team: the thing written, and so the thing
 * reviewed, is the team's document, and the aim is that everyone reviews
 * and is reviewed about equally. With teams as reviewers every team reviews
 * exactly K documents and has its own reviewed exactly K times, whatever
 * the team sizes. With single learners as reviewers and K reviews per
 * document that cannot hold: 10 teams of 4 with K = 2 make 20 reviews for
 * 40 learners, so half of them review nothing, and a big team writes many
 * more reviews than it receives. A team reviewing together also keeps a
 * team of one and a member who leaves mid-project from leaving a document
 * short of reviews: the team is still there to write them.
 *
 * The rules: never a team's own document; every team reviews K documents
 * and is reviewed by K teams, no team twice; a team and the team it
 * reviews do not review each other back while K leaves room for that
 * (ratings given both ways invite trading favours); the same teams, K and
 * seed give the same allocation, whatever order the teams come in.
 *
 * How: the teams, sorted by id, are shuffled into a circle by the seed;
 * K distinct steps s from 1..T-1 are drawn, and the team at place p is
 * reviewed by the teams at places p + s (mod T). A step is never 0 (never
 * one's own team), the steps are distinct (never twice), and each step
 * gives every team one review to write and one to receive (balanced).
 * Steps s and T - s are what make two teams review each other, so one of
 * each such pair is drawn first. Time is linear in teams × K.
 */

export interface ReviewTeam {
  id: string;
  /** The team's learners (ids); a learner is in one team of a course. */
  members: readonly string[];
}

export interface AllocatedReview {
  reviewerTeamId: string;
  revieweeTeamId: string;
  /** 1..K within the reviewed team: "Reviewer 1, 2..." as its authors will know them. */
  reviewerIndex: number;
}

/** Why an allocation cannot be made; `field` names the input at fault for forms. */
export class ReviewAllocationError extends Error {
  override name = 'ReviewAllocationError';
  constructor(
    message: string,
    readonly field: 'k' | 'teams',
  ) {
    super(message);
  }
}

/** The most reviewing teams each team can get: every other team. */
export const maxReviewsPerTeam = (teamCount: number) => Math.max(0, teamCount - 1);

/** Each team's K reviewing teams (see above); refuses with a ReviewAllocationError what cannot be balanced. */
export function allocateReviews(teams: readonly ReviewTeam[], options: { k: number; seed: number }): AllocatedReview[] {
  const { k, seed } = options;
  checkTeams(teams);
  if (!Number.isInteger(k) || k < 1) throw new ReviewAllocationError('The number of reviews per team is a whole number, at least 1.', 'k');
  if (k > maxReviewsPerTeam(teams.length)) {
    throw new ReviewAllocationError(
      `${teams.length} teams take part, so each team can be reviewed by at most ${maxReviewsPerTeam(teams.length)} others (never by itself): ask for ${maxReviewsPerTeam(teams.length)} or fewer reviews per team.`,
      'k',
    );
  }
  const random = seededRandom(seed);
  const circle = shuffled(
    [...teams].map((team) => team.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    random,
  );
  const steps = drawSteps(circle.length, k, random);
  const reviews: AllocatedReview[] = [];
  for (let place = 0; place < circle.length; place += 1) {
    steps.forEach((step, index) => {
      reviews.push({ reviewerTeamId: circle[(place + step) % circle.length]!, revieweeTeamId: circle[place]!, reviewerIndex: index + 1 });
    });
  }
  return reviews;
}

/**
 * K distinct steps in 1..T-1, fewest mutual pairs first: one step of each
 * pair {s, T - s} (drawn at random, the side too), then T/2 when T is even
 * (it pairs teams both ways, but half as many pairs as another second side
 * would), then the other sides.
 */
function drawSteps(teamCount: number, k: number, random: () => number): number[] {
  const half = Math.floor((teamCount - 1) / 2);
  const pairs = shuffled(
    Array.from({ length: half }, (_, i) => i + 1),
    random,
  ).map((step) => (random() < 0.5 ? [step, teamCount - step] : [teamCount - step, step]));
  const order = [...pairs.map((pair) => pair[0]!), ...(teamCount % 2 === 0 ? [teamCount / 2] : []), ...pairs.map((pair) => pair[1]!)];
  return order.slice(0, k);
}

function checkTeams(teams: readonly ReviewTeam[]): void {
  if (teams.length < 2) {
    throw new ReviewAllocationError(
      `Peer review needs at least 2 teams with learners, since a team never reviews its own work; ${teams.length === 0 ? 'there are none' : 'there is 1'}.`,
      'teams',
    );
  }
  const ids = new Set<string>();
  const teamOf = new Map<string, string>();
  for (const team of teams) {
    if (ids.has(team.id)) throw new ReviewAllocationError(`Team ${team.id} is listed twice.`, 'teams');
    ids.add(team.id);
    if (team.members.length === 0) throw new ReviewAllocationError(`Team ${team.id} has no learners to write its reviews.`, 'teams');
    for (const member of team.members) {
      const other = teamOf.get(member);
      // A learner in two teams would review their own work through the other one.
      if (other !== undefined && other !== team.id) throw new ReviewAllocationError(`Learner ${member} is in two teams (${other} and ${team.id}).`, 'teams');
      teamOf.set(member, team.id);
    }
  }
}
