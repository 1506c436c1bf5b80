import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { can } from '../../../shared/permissions';
import { type AllocatedReview, allocateReviews, ReviewAllocationError, type ReviewTeam } from '../../../shared/review-allocation';
import type { z } from 'zod';
import type { createAllocationBody, PeerReviewAllocation, ReviewAssignments } from '../../../shared/schemas/peer-review';
import type { AssignmentRow, Database } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../errors';
import type { Access } from '../access/access';
import type { Assignments } from '../assignments/service';
import { instructorView, learnerView, teamsWithLearners } from './allocation-views';
import { presentRubric } from './presenter';
import type { Rubrics } from './rubrics';
import { checkStageTimes, refuseOnceOpened } from './stage-settings';

/** Rows per insert: well under SQLite's limit on bound values. */
const rowsPerInsert = 500;

/**
 * An assignment's peer review stage and its allocation of reviewers, team
 * to team (shared/review-allocation.ts). Made and changed by the course's
 * instructors (the capability that sets its assignments); read by a learner
 * only as the reviews their own team is to write.
 *
 * Taking part: every team with its copy of the assignment and at least one
 * learner (a team with nobody in it has nobody to write its reviews).
 * Making the allocation again replaces it, K, rubric and all, until the
 * stage opens; from then on neither it nor a single review moves (409):
 * the reviews and their rooms were made from it.
 */
export class ReviewAllocations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: Pick<Access, 'roleIn' | 'requireGroup'>,
    private readonly assignments: Pick<Assignments, 'get' | 'teams'>,
    private readonly rubrics: Pick<Rubrics, 'byId'>,
    private readonly now: () => number = Date.now,
    private readonly newSeed: () => number = () => randomInt(0, 2 ** 32),
  ) {}

  async allocate(userId: string, assignmentId: string, request: z.output<typeof createAllocationBody>): Promise<PeerReviewAllocation> {
    const assignment = await this.#requireInstructor(userId, assignmentId);
    const rubric = await this.db.selectFrom('rubrics').select('id').where('id', '=', request.rubricId).where('course_id', '=', assignment.course_id).executeTakeFirst();
    if (!rubric) throw badRequest('That rubric is not one of this course: make or import it in the course first.', { rubricId: 'Not a rubric of this course.' });
    const existing = await this.db.selectFrom('peer_review_stages').select('opened_at').where('assignment_id', '=', assignment.id).executeTakeFirst();
    if (existing) refuseOnceOpened(existing, 'who reviews whom');
    checkStageTimes(request, { dueAt: null, opensAt: null, opened: false }, this.now());
    // Reading the teams opens the assignment for them when it is due to be open, so each has its copy.
    const copies = await this.assignments.teams(assignment);
    if (copies.every((copy) => copy.doc === null)) {
      throw conflict('This assignment has not opened yet: teams get their copies, and so something to review, when it opens.');
    }
    const teams = (await teamsWithLearners(this.db, assignment.id)).filter((team) => team.members.length > 0);
    const seed = request.seed ?? this.newSeed();
    const reviews = reviewsFor(
      teams.map((team) => ({ id: team.id, members: team.members.map((member) => member.id) })),
      request.k,
      seed,
    );
    const at = this.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('peer_review_allocations').where('assignment_id', '=', assignment.id).execute();
      await trx.deleteFrom('peer_review_stages').where('assignment_id', '=', assignment.id).execute();
      await trx
        .insertInto('peer_review_stages')
        .values({
          assignment_id: assignment.id,
          rubric_id: request.rubricId,
          k: request.k,
          seed,
          anonymity: request.anonymity ?? 'reviewers',
          due_at: request.dueAt ?? null,
          opens_at: request.opensAt ?? null,
          created_by: userId,
          created_at: at,
          updated_at: at,
        })
        .execute();
      for (let start = 0; start < reviews.length; start += rowsPerInsert) {
        await trx
          .insertInto('peer_review_allocations')
          .values(
            reviews.slice(start, start + rowsPerInsert).map((review) => ({
              assignment_id: assignment.id,
              reviewee_team_id: review.revieweeTeamId,
              reviewer_team_id: review.reviewerTeamId,
              reviewer_index: review.reviewerIndex,
              created_at: at,
            })),
          )
          .execute();
      }
    });
    return (await instructorView(this.db, assignment.id))!;
  }

  /** Every review by name (instructors); null before the allocation is made. */
  async forInstructor(userId: string, assignmentId: string): Promise<PeerReviewAllocation | null> {
    const assignment = await this.#requireInstructor(userId, assignmentId);
    return instructorView(this.db, assignment.id);
  }

  /** What the caller's team is to review, without names (any member of the course; 404 outside it). */
  async forLearner(userId: string, assignmentId: string): Promise<ReviewAssignments | null> {
    const assignment = await this.assignments.get(assignmentId);
    const role = await this.access.roleIn(userId, assignment.course_id);
    if (!can(role, 'read')) throw notFound('This assignment');
    // The rubric is read for the learner's team's reviews, not as a course's rubric to manage: no instructor check.
    return learnerView(this.db, assignment, userId, async (rubricId) => presentRubric(await this.rubrics.byId(rubricId)));
  }

  /**
   * Moves one review of `revieweeTeamId` from `fromTeamId` to `toTeamId`,
   * keeping its reviewer number ("Reviewer 2" stays Reviewer 2 for the
   * reviewed team). Refused: a team reviewing its own work, a team
   * reviewing the same work twice, a team not taking part.
   */
  async move(userId: string, assignmentId: string, change: { revieweeTeamId: string; fromTeamId: string; toTeamId: string }): Promise<PeerReviewAllocation> {
    const assignment = await this.#requireInstructor(userId, assignmentId);
    const { revieweeTeamId, fromTeamId, toTeamId } = change;
    const stage = await this.db.selectFrom('peer_review_stages').select('opened_at').where('assignment_id', '=', assignment.id).executeTakeFirst();
    if (!stage) throw conflict('This assignment has no peer review yet: make its allocation first.');
    refuseOnceOpened(stage, 'who reviews whom');
    await this.db.transaction().execute(async (trx) => {
      const review = await trx
        .selectFrom('peer_review_allocations')
        .select('reviewer_index')
        .where('assignment_id', '=', assignment.id)
        .where('reviewee_team_id', '=', revieweeTeamId)
        .where('reviewer_team_id', '=', fromTeamId)
        .executeTakeFirst();
      if (!review) throw badRequest('That team does not review this team’s work, so there is no review of it to move.', { fromTeamId: 'Does not review that team.' });
      if (toTeamId === revieweeTeamId) throw badRequest('A team never reviews its own work: choose another team.', { toTeamId: 'The reviewed team itself.' });
      const teams = await teamsWithLearners(trx, assignment.id);
      const target = teams.find((team) => team.id === toTeamId);
      if (!target || target.members.length === 0) {
        throw badRequest('That team does not take part in this review: a team of this course with its copy of the assignment and learners in it does.', { toTeamId: 'Not taking part.' });
      }
      const already = await trx
        .selectFrom('peer_review_allocations')
        .select('reviewer_index')
        .where('assignment_id', '=', assignment.id)
        .where('reviewee_team_id', '=', revieweeTeamId)
        .where('reviewer_team_id', '=', toTeamId)
        .executeTakeFirst();
      if (already) throw conflict(`That team already reviews this team’s work (as Reviewer ${Number(already.reviewer_index)}): a team reviews a document once.`);
      await trx
        .updateTable('peer_review_allocations')
        .set({ reviewer_team_id: toTeamId })
        .where('assignment_id', '=', assignment.id)
        .where('reviewee_team_id', '=', revieweeTeamId)
        .where('reviewer_team_id', '=', fromTeamId)
        .execute();
      await trx.updateTable('peer_review_stages').set({ updated_at: this.now() }).where('assignment_id', '=', assignment.id).execute();
    });
    return (await instructorView(this.db, assignment.id))!;
  }

  /** The assignment, once the caller is known to be an instructor of its course: 404 outside it, 403 for its learners. */
  async #requireInstructor(userId: string, assignmentId: string): Promise<AssignmentRow> {
    const assignment = await this.assignments.get(assignmentId);
    await this.access.requireGroup(userId, assignment.course_id, 'setAssignments', 'This assignment');
    return assignment;
  }
}

/** The allocation, or what makes it impossible as the API answers it: K at fault (400), or the course's teams (409). */
function reviewsFor(teams: ReviewTeam[], k: number, seed: number): AllocatedReview[] {
  try {
    return allocateReviews(teams, { k, seed });
  } catch (error) {
    if (!(error instanceof ReviewAllocationError)) throw error;
    throw error.field === 'k' ? badRequest(error.message, { k: error.message }) : conflict(error.message);
  }
}
