import type { Kysely } from 'kysely';
import type { PeerReviewAllocation, ReviewAssignments } from '../../../shared/schemas/peer-review';
import type { Rubric } from '../../../shared/schemas/rubrics';
import type { Database } from '../../db/schema';
import { learnerTeamId } from '../courses/team-members';

/**
 * The two ways an allocation is read. The course's instructors see every
 * team, its learners and who reviews whom by name. A learner sees only
 * what their own team is to review: each reviewed copy as "Submission 1,
 * 2...", never the reviewed team's name nor the other teams reviewing it
 * (hidden names are the default until an assignment chooses otherwise).
 */

/** The teams of the assignment that have their copy, with their learners (course instructors, in every team, are not learners). */
export async function teamsWithLearners(db: Kysely<Database>, assignmentId: string) {
  const teams = await db
    .selectFrom('assignment_teams')
    .innerJoin('groups', 'groups.id', 'assignment_teams.team_id')
    .select(['groups.id', 'groups.name'])
    .where('assignment_teams.assignment_id', '=', assignmentId)
    .orderBy('groups.name')
    .orderBy('groups.id')
    .execute();
  const members =
    teams.length === 0
      ? []
      : await db
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select(['memberships.group_id', 'users.id', 'users.name'])
          .where(
            'memberships.group_id',
            'in',
            teams.map((team) => team.id),
          )
          .where('memberships.role', '=', 'member')
          .orderBy('users.name')
          .orderBy('users.id')
          .execute();
  return teams.map((team) => ({
    ...team,
    members: members.filter((member) => member.group_id === team.id).map(({ id, name }) => ({ id, name })),
  }));
}

/** Every review of the assignment by name, with each team's count of reviews written and received; null before a stage is made. */
export async function instructorView(db: Kysely<Database>, assignmentId: string): Promise<PeerReviewAllocation | null> {
  const stage = await db.selectFrom('peer_review_stages').selectAll().where('assignment_id', '=', assignmentId).executeTakeFirst();
  if (!stage) return null;
  const rows = await db
    .selectFrom('peer_review_allocations as review')
    .innerJoin('groups as reviewer', 'reviewer.id', 'review.reviewer_team_id')
    .innerJoin('groups as reviewee', 'reviewee.id', 'review.reviewee_team_id')
    .select(['reviewer.id as reviewer_id', 'reviewer.name as reviewer_name', 'reviewee.id as reviewee_id', 'reviewee.name as reviewee_name', 'review.reviewer_index'])
    .where('review.assignment_id', '=', assignmentId)
    .orderBy('reviewee.name')
    .orderBy('reviewee.id')
    .orderBy('review.reviewer_index')
    .execute();
  const reviewing = new Map<string, number>();
  const reviewedBy = new Map<string, number>();
  for (const row of rows) {
    reviewing.set(row.reviewer_id, (reviewing.get(row.reviewer_id) ?? 0) + 1);
    reviewedBy.set(row.reviewee_id, (reviewedBy.get(row.reviewee_id) ?? 0) + 1);
  }
  const teams = await teamsWithLearners(db, assignmentId);
  return {
    assignmentId,
    rubricId: stage.rubric_id,
    k: Number(stage.k),
    seed: Number(stage.seed),
    anonymity: stage.anonymity,
    dueAt: stage.due_at === null ? null : Number(stage.due_at),
    opensAt: stage.opens_at === null ? null : Number(stage.opens_at),
    openedAt: stage.opened_at === null ? null : Number(stage.opened_at),
    createdAt: Number(stage.created_at),
    updatedAt: Number(stage.updated_at),
    teams: teams.map((team) => ({ id: team.id, name: team.name, members: team.members, reviewing: reviewing.get(team.id) ?? 0, reviewedBy: reviewedBy.get(team.id) ?? 0 })),
    reviews: rows.map((row) => ({
      reviewerTeam: { id: row.reviewer_id, name: row.reviewer_name },
      revieweeTeam: { id: row.reviewee_id, name: row.reviewee_name },
      reviewerIndex: Number(row.reviewer_index),
    })),
  };
}

/**
 * What `userId`'s team is to review, without names; null before a stage
 * is made, no reviews for someone in no team of the course (an instructor,
 * a course reviewer, a learner not placed yet).
 */
export async function learnerView(
  db: Kysely<Database>,
  assignment: { id: string; course_id: string },
  userId: string,
  rubricOf: (rubricId: string) => Promise<Rubric>,
): Promise<ReviewAssignments | null> {
  const stage = await db.selectFrom('peer_review_stages').select('rubric_id').where('assignment_id', '=', assignment.id).executeTakeFirst();
  if (!stage) return null;
  const teamId = await learnerTeamId(db, assignment.course_id, userId);
  const rows = teamId
    ? await db
        .selectFrom('peer_review_allocations as review')
        .innerJoin('assignment_teams as copy', (join) =>
          join.onRef('copy.team_id', '=', 'review.reviewee_team_id').onRef('copy.assignment_id', '=', 'review.assignment_id'),
        )
        .leftJoin('submissions', (join) =>
          join.onRef('submissions.team_id', '=', 'review.reviewee_team_id').onRef('submissions.assignment_id', '=', 'review.assignment_id'),
        )
        .select(['copy.doc_id', 'submissions.version_id'])
        .where('review.assignment_id', '=', assignment.id)
        .where('review.reviewer_team_id', '=', teamId)
        // Ordered by the copy's random id: stable, and telling nothing of which team wrote it.
        .orderBy('copy.doc_id')
        .execute()
    : [];
  return {
    assignmentId: assignment.id,
    rubric: await rubricOf(stage.rubric_id),
    reviews: rows.map((row, index) => ({ label: `Submission ${index + 1}`, docId: row.doc_id, submittedVersionId: row.version_id ?? null })),
  };
}
