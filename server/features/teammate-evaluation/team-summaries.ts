import type { Kysely } from 'kysely';
import type { User } from '../../../shared/schemas/auth';
import type { AssignmentRow, Database } from '../../db/schema';
import { type TeamCopy, teamCopies } from '../assignments/team-copies';
import { emptyFeedback } from '../contributions/feedback';
import { usersById } from '../contributions/people';
import { presentContribution, userOrPlaceholder } from '../contributions/presenter';
import type { Contributions } from '../contributions/service';
import { learnersOf } from '../courses/team-members';
import { ratingsOf, type StoredRating } from './ratings';
import { disagreement, type MemberResult, teamEvaluation } from './summary';
import { gradesOf, type StoredGrade } from './teammate-grades';

/**
 * The instructor's summary of every team of an assignment: the ratings'
 * numbers (summary.ts) per member, beside what Commonplace measured in the
 * team's copy (the contributions report of the copy, private feedback
 * included: the reader is an instructor), and the ratings themselves with
 * who gave them and their comments.
 */

export interface MeasuredRecord {
  surviving: number;
  /** Their surviving characters over the team's learners'; null while the learners have none. */
  share: number | null;
  sessions: number;
  feedbackGiven: number;
  feedbackReceived: number;
}

export interface MemberSummaryRecord extends MemberResult {
  user: User;
  submitted: boolean;
  measured: MeasuredRecord | null;
  disagrees: string | null;
  /** Their grade as last applied in this team; null before. */
  grade: StoredGrade | null;
}

export interface TeamSummaryRecord {
  team: { id: string; name: string };
  opensAt: number;
  open: boolean;
  teamAverage: number | null;
  members: MemberSummaryRecord[];
  cliques: string[][];
  ratings: (StoredRating & { rater: User; ratee: User })[];
  formerMembers: User[];
}

/**
 * When a team's evaluation opens: at its due time (its own when extended),
 * or when it submitted if that came first. The work is then done, so
 * members rate the whole project, not a part still under way.
 */
export function opensAtOf(copy: Pick<TeamCopy, 'due' | 'submission'>): number {
  return Math.min(copy.due.dueAt, copy.submission?.submittedAt ?? Number.POSITIVE_INFINITY);
}

export async function teamSummaries(
  db: Kysely<Database>,
  contributions: Pick<Contributions, 'forDoc'>,
  assignment: AssignmentRow,
  now: number,
): Promise<TeamSummaryRecord[]> {
  const copies = await teamCopies(db, assignment, now);
  const [learners, ratings, grades] = await Promise.all([learnersOf(db, copies.map((copy) => copy.team.id)), ratingsOf(db, assignment.id), gradesOf(db, assignment.id)]);
  const people = await usersById(db, [...ratings.flatMap((rating) => [rating.raterId, rating.rateeId]), ...[...learners.values()].flat().map((member) => member.id)]);

  const summaries: TeamSummaryRecord[] = [];
  for (const copy of copies) {
    const members = learners.get(copy.team.id) ?? [];
    const memberIds = members.map((member) => member.id);
    const teamRatings = ratings.filter((rating) => rating.teamId === copy.team.id);
    const result = teamEvaluation(memberIds, teamRatings);
    const measured = copy.doc === null ? null : await measure(contributions, copy.doc.id, memberIds);
    const raters = new Set(teamRatings.map((rating) => rating.raterId));
    const current = new Set(memberIds);
    const opensAt = opensAtOf(copy);
    summaries.push({
      team: { id: copy.team.id, name: copy.team.name },
      opensAt,
      open: now >= opensAt,
      teamAverage: result.teamAverage,
      cliques: result.cliques,
      members: result.members.map((member) => {
        const mine = measured?.get(member.userId) ?? null;
        const grade = grades.get(member.userId);
        return {
          ...member,
          user: userOrPlaceholder(people, member.userId),
          submitted: raters.has(member.userId),
          measured: mine,
          disagrees: disagreement(member.factor, mine?.share ?? null, memberIds.length),
          grade: grade?.teamId === copy.team.id ? grade : null,
        };
      }),
      ratings: teamRatings.map((rating) => ({ ...rating, rater: userOrPlaceholder(people, rating.raterId), ratee: userOrPlaceholder(people, rating.rateeId) })),
      formerMembers: [...new Set(teamRatings.flatMap((rating) => [rating.raterId, rating.rateeId]))]
        .filter((userId) => !current.has(userId))
        .map((userId) => userOrPlaceholder(people, userId)),
    });
  }
  return summaries;
}

/** Each learner's figures in the copy, their share counted among the team's learners only (as the class view counts it). */
async function measure(contributions: Pick<Contributions, 'forDoc'>, docId: string, memberIds: readonly string[]): Promise<Map<string, MeasuredRecord>> {
  const report = await contributions.forDoc(docId, true);
  const byUser = new Map(report.contributors.map((contributor) => [contributor.userId, contributor]));
  const total = memberIds.reduce((sum, userId) => sum + (byUser.get(userId)?.surviving ?? 0), 0);
  return new Map(
    memberIds.map((userId) => {
      const shown = presentContribution(byUser.get(userId) ?? { userId, totals: null, surviving: 0, feedback: emptyFeedback() });
      return [
        userId,
        {
          surviving: shown.surviving,
          share: total === 0 ? null : shown.surviving / total,
          sessions: shown.sessions,
          feedbackGiven: shown.feedbackGiven,
          feedbackReceived: shown.feedbackReceived,
        },
      ];
    }),
  );
}
