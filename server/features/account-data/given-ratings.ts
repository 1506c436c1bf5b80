import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/**
 * What a person judged of others: their teammate ratings (whom, by name,
 * and their own comment), the peer reviews they wrote or submitted for their
 * team, and the helpfulness ratings they gave reviews of their team's work.
 * Ratings others gave of them are not theirs to read here: the product shows
 * a learner only the released summary of them, on the assignment's page.
 */
export async function peopleGivenRatings(db: Kysely<Database>, userId: string) {
  const teammateRatings = await db
    .selectFrom('teammate_ratings')
    .innerJoin('assignments', 'assignments.id', 'teammate_ratings.assignment_id')
    .innerJoin('users as ratee', 'ratee.id', 'teammate_ratings.ratee_id')
    .select([
      'assignments.title as assignment',
      'teammate_ratings.ratee_id',
      'ratee.name as rateeName',
      'teammate_ratings.contributing',
      'teammate_ratings.interacting',
      'teammate_ratings.keeping_on_track',
      'teammate_ratings.expecting_quality',
      'teammate_ratings.knowledge_skills',
      'teammate_ratings.comment',
      'teammate_ratings.submitted_at',
    ])
    .where('teammate_ratings.rater_id', '=', userId)
    .orderBy('teammate_ratings.submitted_at')
    .execute();
  const reviews = await db
    .selectFrom('peer_reviews')
    .innerJoin('assignments', 'assignments.id', 'peer_reviews.assignment_id')
    .select([
      'assignments.title as assignment',
      'peer_reviews.submission_index',
      'peer_reviews.answers',
      'peer_reviews.overall_comment',
      'peer_reviews.updated_by',
      'peer_reviews.updated_at',
      'peer_reviews.submitted_by',
      'peer_reviews.submitted_at',
      'peer_reviews.helpfulness',
      'peer_reviews.helpfulness_note',
      'peer_reviews.helpfulness_by',
      'peer_reviews.helpfulness_at',
      'peer_reviews.reviewer_index',
    ])
    .where((eb) => eb.or([eb('peer_reviews.updated_by', '=', userId), eb('peer_reviews.submitted_by', '=', userId), eb('peer_reviews.helpfulness_by', '=', userId)]))
    .orderBy('peer_reviews.created_at')
    .execute();
  const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
  return {
    teammateRatings: teammateRatings.map((row) => ({
      assignment: row.assignment,
      rated: row.ratee_id === userId ? 'yourself' : row.rateeName,
      contributing: row.contributing,
      interacting: row.interacting,
      keepingOnTrack: row.keeping_on_track,
      expectingQuality: row.expecting_quality,
      knowledgeSkills: row.knowledge_skills,
      comment: row.comment,
      submittedAt: iso(row.submitted_at),
    })),
    peerReviewsWritten: reviews
      .filter((row) => row.updated_by === userId || row.submitted_by === userId)
      .map((row) => ({
        assignment: row.assignment,
        reviewed: `Submission ${row.submission_index}`,
        answers: JSON.parse(row.answers) as unknown,
        overallComment: row.overall_comment,
        lastEditedByYou: row.updated_by === userId,
        submittedByYou: row.submitted_by === userId,
        submittedAt: iso(row.submitted_at),
      })),
    helpfulnessGiven: reviews
      .filter((row) => row.helpfulness_by === userId)
      .map((row) => ({
        assignment: row.assignment,
        review: `Reviewer ${row.reviewer_index}`,
        rating: row.helpfulness,
        note: row.helpfulness_note,
        ratedAt: iso(row.helpfulness_at),
      })),
  };
}
