import type { Kysely } from 'kysely';
import type { DimensionScores } from '../../../shared/schemas/teammate-evaluation';
import type { Database, TeammateRatingRow } from '../../db/schema';

/** Reading and writing the stored ratings: rows to the API's dimension names and back. */

export interface StoredRating {
  teamId: string;
  raterId: string;
  rateeId: string;
  scores: DimensionScores;
  comment: string | null;
  submittedAt: number;
}

export function scoresOf(row: TeammateRatingRow): DimensionScores {
  return {
    contributing: Number(row.contributing),
    interacting: Number(row.interacting),
    keepingOnTrack: Number(row.keeping_on_track),
    expectingQuality: Number(row.expecting_quality),
    knowledgeAndSkills: Number(row.knowledge_skills),
  };
}

export function columnsOf(scores: DimensionScores) {
  return {
    contributing: scores.contributing,
    interacting: scores.interacting,
    keeping_on_track: scores.keepingOnTrack,
    expecting_quality: scores.expectingQuality,
    knowledge_skills: scores.knowledgeAndSkills,
  };
}

const stored = (row: TeammateRatingRow): StoredRating => ({
  teamId: row.team_id,
  raterId: row.rater_id,
  rateeId: row.ratee_id,
  scores: scoresOf(row),
  comment: row.comment,
  submittedAt: Number(row.submitted_at),
});

/** Every rating of the assignment, or of one team's, in the order they were sent. */
export async function ratingsOf(db: Kysely<Database>, assignmentId: string, teamId?: string): Promise<StoredRating[]> {
  const rows = await db
    .selectFrom('teammate_ratings')
    .selectAll()
    .where('assignment_id', '=', assignmentId)
    .$if(teamId !== undefined, (query) => query.where('team_id', '=', teamId!))
    .orderBy('submitted_at')
    .orderBy('rater_id')
    .orderBy('ratee_id')
    .execute();
  return rows.map(stored);
}

/** When the assignment's results were released to learners; null before. */
export async function releasedAt(db: Kysely<Database>, assignmentId: string): Promise<number | null> {
  const row = await db.selectFrom('teammate_evaluation_releases').select('released_at').where('assignment_id', '=', assignmentId).executeTakeFirst();
  return row ? Number(row.released_at) : null;
}
