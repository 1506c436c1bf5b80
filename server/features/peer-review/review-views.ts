import type { Kysely } from 'kysely';
import type { PeerReview, ReviewAnonymity, ReviewAnswer, ReviewSummary } from '../../../shared/schemas/peer-reviews';
import type { Rubric } from '../../../shared/schemas/rubrics';
import type { Database, PeerReviewRow } from '../../db/schema';

/**
 * How a review reads to each of its readers. Who is named follows the
 * stage's anonymity:
 * - the reviewing team is named to itself and the instructors, and to the
 *   reviewed team only when the stage names everyone ('none');
 * - the reviewed team is named to itself and the instructors, and to its
 *   reviewers unless both ways are anonymous ('both').
 * The labels ("Reviewer N", "Submission N") are always there: they are how
 * the two sides speak of each other without names.
 */

export type ReviewViewer = PeerReview['viewer'];
type TeamRef = { id: string; name: string };

/** A stored review with its two teams. */
export interface ReviewRecord {
  row: PeerReviewRow;
  reviewerTeam: TeamRef;
  revieweeTeam: TeamRef;
}

/** The reviews `filter` picks, with their teams, in a stable order (reviewed team, then reviewer number). */
export async function readReviews(
  db: Kysely<Database>,
  filter: { id?: string; assignmentId?: string; reviewerTeamId?: string; revieweeTeamId?: string; submitted?: boolean },
): Promise<ReviewRecord[]> {
  const rows = await db
    .selectFrom('peer_reviews as review')
    .innerJoin('groups as reviewer', 'reviewer.id', 'review.reviewer_team_id')
    .innerJoin('groups as reviewee', 'reviewee.id', 'review.reviewee_team_id')
    .selectAll('review')
    .select(['reviewer.name as reviewer_name', 'reviewee.name as reviewee_name'])
    .$if(filter.id !== undefined, (q) => q.where('review.id', '=', filter.id!))
    .$if(filter.assignmentId !== undefined, (q) => q.where('review.assignment_id', '=', filter.assignmentId!))
    .$if(filter.reviewerTeamId !== undefined, (q) => q.where('review.reviewer_team_id', '=', filter.reviewerTeamId!))
    .$if(filter.revieweeTeamId !== undefined, (q) => q.where('review.reviewee_team_id', '=', filter.revieweeTeamId!))
    .$if(filter.submitted === true, (q) => q.where('review.submitted_at', 'is not', null))
    .orderBy('reviewee.name')
    .orderBy('reviewee.id')
    .orderBy('review.reviewer_index')
    .execute();
  return rows.map(({ reviewer_name, reviewee_name, ...row }) => ({
    row: numbers(row),
    reviewerTeam: { id: row.reviewer_team_id, name: reviewer_name },
    revieweeTeam: { id: row.reviewee_team_id, name: reviewee_name },
  }));
}

/** The answers as stored, one per criterion of `rubric` (a rubric is not changed once its reviews exist; this only keeps the shape whatever happens). */
export function answersOf(row: PeerReviewRow, rubric: Pick<Rubric, 'criteria'>): ReviewAnswer[] {
  const stored = JSON.parse(row.answers) as ReviewAnswer[];
  return rubric.criteria.map((_, index) => stored[index] ?? { level: null, comment: '' });
}

/** The chosen levels' points; null until every criterion has a level. */
export function scoreOf(answers: readonly ReviewAnswer[], rubric: Pick<Rubric, 'criteria'>): number | null {
  let score = 0;
  for (const [index, criterion] of rubric.criteria.entries()) {
    const level = answers[index]?.level;
    const points = level === null || level === undefined ? undefined : criterion.levels[level]?.points;
    if (points === undefined) return null;
    score += points;
  }
  return score;
}

/** The two teams' names as `viewer` may see them. */
export function namesFor(viewer: ReviewViewer, anonymity: ReviewAnonymity, record: ReviewRecord): { reviewerTeam: TeamRef | null; revieweeTeam: TeamRef | null } {
  const reviewerNamed = viewer === 'instructor' || viewer === 'reviewer' || anonymity === 'none';
  const revieweeNamed = viewer === 'instructor' || viewer === 'author' || anonymity !== 'both';
  return { reviewerTeam: reviewerNamed ? record.reviewerTeam : null, revieweeTeam: revieweeNamed ? record.revieweeTeam : null };
}

export function helpfulnessOf(row: PeerReviewRow): ReviewSummary['helpfulness'] {
  return row.helpfulness === null ? null : { rating: row.helpfulness, note: row.helpfulness_note, ratedAt: Number(row.helpfulness_at) };
}

export function labelsOf(row: PeerReviewRow): { reviewerLabel: string; submissionLabel: string } {
  return { reviewerLabel: `Reviewer ${row.reviewer_index}`, submissionLabel: `Submission ${row.submission_index}` };
}

/**
 * The alias a learner of the review's room is known by there (memberships.alias):
 * the reviewing team as "Reviewer N" (its `reviewer_index`) unless the stage
 * names everyone, the reviewed team as "Author of submission N" (its
 * `submission_index`) only when both ways are hidden; null: their own name.
 */
export function roomAlias(side: 'reviewer' | 'author', anonymity: ReviewAnonymity, index: number): string | null {
  if (side === 'reviewer') return anonymity === 'none' ? null : `Reviewer ${index}`;
  return anonymity === 'both' ? `Author of submission ${index}` : null;
}

/** A review as listed to `viewer`. */
export function summaryOf(record: ReviewRecord, viewer: ReviewViewer, anonymity: ReviewAnonymity, rubric: Rubric): ReviewSummary {
  const { row } = record;
  return {
    id: row.id,
    ...labelsOf(row),
    ...namesFor(viewer, anonymity, record),
    status: row.submitted_at === null ? 'draft' : 'submitted',
    score: scoreOf(answersOf(row, rubric), rubric),
    maxPoints: rubric.maxPoints,
    submittedAt: row.submitted_at,
    helpfulness: helpfulnessOf(row),
  };
}

/** The whole review as `viewer` reads it. */
export function presentReview(
  record: ReviewRecord,
  context: { viewer: ReviewViewer; anonymity: ReviewAnonymity; dueAt: number | null; assignmentTitle: string; rubric: Rubric; now: number },
): PeerReview {
  const { row } = record;
  const { viewer, rubric } = context;
  const answers = answersOf(row, rubric);
  const submitted = row.submitted_at !== null;
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    assignmentTitle: context.assignmentTitle,
    viewer,
    ...labelsOf(row),
    ...namesFor(viewer, context.anonymity, record),
    anonymity: context.anonymity,
    docId: row.doc_id,
    roomId: row.room_id,
    rubric,
    answers,
    overallComment: row.overall_comment,
    score: scoreOf(answers, rubric),
    status: submitted ? 'submitted' : 'draft',
    dueAt: context.dueAt,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    helpfulness: helpfulnessOf(row),
    can: {
      write: viewer === 'reviewer' && !submitted && !isPastDue(context.dueAt, context.now),
      rateHelpfulness: viewer === 'author' && submitted,
    },
  };
}

/** Reviews are due before `dueAt`: at it, they are late. */
export function isPastDue(dueAt: number | null, now: number): boolean {
  return dueAt !== null && now >= dueAt;
}

/** PostgreSQL's bigints read as strings: the row with its numbers as numbers. */
function numbers(row: PeerReviewRow): PeerReviewRow {
  const time = (value: number | null) => (value === null ? null : Number(value));
  return {
    ...row,
    reviewer_index: Number(row.reviewer_index),
    submission_index: Number(row.submission_index),
    updated_at: Number(row.updated_at),
    created_at: Number(row.created_at),
    submitted_at: time(row.submitted_at),
    helpfulness: time(row.helpfulness),
    helpfulness_at: time(row.helpfulness_at),
  };
}
