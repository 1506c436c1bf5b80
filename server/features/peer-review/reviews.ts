import type { Kysely } from 'kysely';
import { can } from '../../../shared/permissions';
import type { PeerReviewAllocation } from '../../../shared/schemas/peer-review';
import type { AssignmentReviewsResponse, HelpfulnessBody, MyPeerReviews, PeerReview, SaveReviewBody } from '../../../shared/schemas/peer-reviews';
import type { Rubric } from '../../../shared/schemas/rubrics';
import type { AccessEvent, AccessEvents } from '../../access-events';
import type { AssignmentRow, Database, PeerReviewStageRow } from '../../db/schema';
import { conflict, forbidden, notFound } from '../../errors';
import type { Access } from '../access/access';
import type { Assignments } from '../assignments/service';
import { learnersOf, learnerTeamId } from '../courses/team-members';
import { instructorView } from './allocation-views';
import { presentRubric } from './presenter';
import { checkAnswers, checkComplete } from './review-answers';
import { sendReviewNotices } from './review-notices';
import type { ReviewOpening } from './review-opening';
import { answersOf, isPastDue, presentReview, readReviews, type ReviewRecord, type ReviewViewer, roomAlias, summaryOf } from './review-views';
import type { Rubrics } from './rubrics';
import { changeStageSettings, type StageSettings } from './stage-settings';

/** A review with everything its rules and its view need. */
interface ReviewContext {
  record: ReviewRecord;
  viewer: ReviewViewer;
  stage: PeerReviewStageRow;
  assignment: AssignmentRow;
  rubric: Rubric;
}

/**
 * The reviews of an assignment's peer review stage: opened by the course's
 * instructors (or by itself, review-opening.ts), written by the reviewing
 * team's learners, read by the reviewed team's once submitted, rated by
 * them for helpfulness; every one read by name by the instructors.
 *
 * Who reads a review: the reviewing team's learners (viewer 'reviewer'),
 * the reviewed team's learners once it is submitted ('author', so they
 * never watch a draft), the course's instructors ('instructor'). Anyone
 * else, a reviewed team's learner before submission included, finds
 * nothing (404): a review's existence is not theirs to know.
 *
 * Writing: drafts are saved whole by the reviewing team; it is submitted
 * once, every criterion with a level, before the stage's due time; from
 * then on it never changes (409). At submission the reviewed team's
 * learners join the review's room as reviewers, to read the inline
 * feedback and answer it, known there as "Author of submission N" when
 * both ways are anonymous.
 */
export class PeerReviews {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: Pick<Access, 'roleIn' | 'requireGroup'>,
    private readonly assignments: Pick<Assignments, 'get'>,
    private readonly rubrics: Pick<Rubrics, 'byId'>,
    private readonly opening: Pick<ReviewOpening, 'open' | 'openIfDue'>,
    private readonly accessEvents: Pick<AccessEvents, 'publish'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens the stage now (the course's instructors; 409 without a stage): every review with names. */
  async open(userId: string, assignmentId: string): Promise<AssignmentReviewsResponse> {
    const assignment = await this.requireInstructor(userId, assignmentId);
    await this.#requireStage(assignment.id);
    await this.opening.open(assignment.id);
    return this.forInstructor(userId, assignmentId);
  }

  /** Changes the stage's settings (the course's instructors; stage-settings.ts says what may change when). */
  async changeSettings(userId: string, assignmentId: string, settings: StageSettings): Promise<PeerReviewAllocation> {
    const assignment = await this.requireInstructor(userId, assignmentId);
    await changeStageSettings(this.db, assignment.id, settings, this.now());
    return (await instructorView(this.db, assignment.id))!;
  }

  /** Every review of the assignment with names, scores and helpfulness (the course's instructors). */
  async forInstructor(userId: string, assignmentId: string): Promise<AssignmentReviewsResponse> {
    const assignment = await this.requireInstructor(userId, assignmentId);
    await this.opening.openIfDue(assignment.id);
    const stage = await this.#requireStage(assignment.id);
    const rubric = await this.#rubric(stage.rubric_id);
    const records = await readReviews(this.db, { assignmentId: assignment.id });
    return {
      ...stageTimes(stage),
      reviews: records.map((record) => ({ ...summaryOf(record, 'instructor', stage.anonymity, rubric), reviewerTeam: record.reviewerTeam, revieweeTeam: record.revieweeTeam })),
    };
  }

  /** What the caller's team writes and, once submitted, what it received (any member of the course; null without a stage). */
  async forLearner(userId: string, assignmentId: string): Promise<MyPeerReviews | null> {
    const assignment = await this.assignments.get(assignmentId);
    const role = await this.access.roleIn(userId, assignment.course_id);
    if (!can(role, 'read')) throw notFound('This assignment');
    await this.opening.openIfDue(assignment.id);
    const stage = await this.db.selectFrom('peer_review_stages').selectAll().where('assignment_id', '=', assignment.id).executeTakeFirst();
    if (!stage) return null;
    const rubric = await this.#rubric(stage.rubric_id);
    const teamId = await learnerTeamId(this.db, assignment.course_id, userId);
    const writing = teamId ? await readReviews(this.db, { assignmentId: assignment.id, reviewerTeamId: teamId }) : [];
    const received = teamId ? await readReviews(this.db, { assignmentId: assignment.id, revieweeTeamId: teamId, submitted: true }) : [];
    const { opensAt: _opensAt, ...times } = stageTimes(stage);
    return {
      assignmentId: assignment.id,
      ...times,
      writing: writing.sort((a, b) => a.row.submission_index - b.row.submission_index).map((record) => summaryOf(record, 'reviewer', stage.anonymity, rubric)),
      received: received.sort((a, b) => a.row.reviewer_index - b.row.reviewer_index).map((record) => summaryOf(record, 'author', stage.anonymity, rubric)),
    };
  }

  /**
   * The review as the caller reads it. A reader missing from its room (a
   * learner placed in the team, or an instructor added to the course,
   * after the stage opened) joins it here, as the opening or submission
   * would have placed them, so that the review's document opens for them.
   */
  async read(userId: string, reviewId: string): Promise<PeerReview> {
    const context = await this.#context(userId, reviewId);
    await this.#joinRoom(userId, context);
    return this.#present(context);
  }

  /** Saves the draft whole (the reviewing team), before submission and the due time. */
  async save(userId: string, reviewId: string, draft: SaveReviewBody): Promise<PeerReview> {
    const context = await this.#writable(userId, reviewId);
    checkAnswers(draft.answers, context.rubric);
    const saved = await this.db
      .updateTable('peer_reviews')
      .set({ answers: JSON.stringify(draft.answers), overall_comment: draft.overallComment, updated_at: this.now(), updated_by: userId })
      .where('id', '=', reviewId)
      .where('submitted_at', 'is', null)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) === 0) throw alreadySubmitted();
    return this.read(userId, reviewId);
  }

  /** Submits the saved review, once, every criterion with a level; the reviewed team then joins its room. */
  async submit(userId: string, reviewId: string): Promise<PeerReview> {
    const { record, stage, rubric, assignment } = await this.#writable(userId, reviewId);
    checkComplete(answersOf(record.row, rubric), rubric);
    const at = this.now();
    const joined = await this.db.transaction().execute(async (trx) => {
      const submitted = await trx
        .updateTable('peer_reviews')
        .set({ submitted_at: at, submitted_by: userId, updated_at: at, updated_by: userId })
        .where('id', '=', reviewId)
        .where('submitted_at', 'is', null)
        .executeTakeFirst();
      if (Number(submitted.numUpdatedRows) === 0) throw alreadySubmitted();
      const authors = await learnerIdsOf(trx, record.row.reviewee_team_id);
      const alias = roomAlias('author', stage.anonymity, record.row.submission_index);
      const rows = authors.map((author) => ({ group_id: record.row.room_id, user_id: author, role: 'reviewer' as const, created_at: at, inherited_from: null, alias }));
      if (rows.length > 0) await trx.insertInto('memberships').values(rows).onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing()).execute();
      await sendReviewNotices(
        trx,
        [{ cause: 'review-received', reviewId, readers: authors, text: `Your team’s work in “${assignment.title}” was reviewed by Reviewer ${record.row.reviewer_index}.` }],
        at,
      );
      return rows.map((row): AccessEvent => ({ type: 'membership-changed', groupId: row.group_id, userId: row.user_id, role: 'reviewer' }));
    });
    for (const event of joined) this.accessEvents.publish(event);
    return this.read(userId, reviewId);
  }

  /** The reviewed team's rating of a submitted review; a later rating replaces it. */
  async rateHelpfulness(userId: string, reviewId: string, rating: HelpfulnessBody): Promise<PeerReview> {
    const context = await this.#context(userId, reviewId);
    if (context.viewer !== 'author') throw forbidden('Only the reviewed team rates how helpful its reviews were.');
    const note = rating.note?.trim() ? rating.note.trim() : null;
    const at = this.now();
    const { row } = context.record;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('peer_reviews')
        .set({ helpfulness: rating.rating, helpfulness_note: note, helpfulness_by: userId, helpfulness_at: at })
        .where('id', '=', reviewId)
        .execute();
      const text = `Your team’s review of Submission ${row.submission_index} in “${context.assignment.title}” was found ${rating.rating} of 5 helpful.`;
      await sendReviewNotices(trx, [{ cause: 'review-rated', reviewId, readers: await learnerIdsOf(trx, row.reviewer_team_id), text }], at);
    });
    return this.read(userId, reviewId);
  }

  async #joinRoom(userId: string, { viewer, record, stage, assignment }: ReviewContext): Promise<void> {
    const { row } = record;
    const alias =
      viewer === 'reviewer'
        ? roomAlias('reviewer', stage.anonymity, row.reviewer_index)
        : viewer === 'author'
          ? roomAlias('author', stage.anonymity, row.submission_index)
          : null;
    const role = viewer === 'instructor' ? 'instructor' : 'reviewer';
    const joined = await this.db
      .insertInto('memberships')
      .values({ group_id: row.room_id, user_id: userId, role, created_at: this.now(), inherited_from: viewer === 'instructor' ? assignment.course_id : null, alias })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(joined.numInsertedOrUpdatedRows ?? 0) > 0) this.accessEvents.publish({ type: 'membership-changed', groupId: row.room_id, userId, role });
  }

  /** The review once the caller may write it: the reviewing team (403 for its other readers), before submission and the due time (409). */
  async #writable(userId: string, reviewId: string): Promise<ReviewContext> {
    const context = await this.#context(userId, reviewId);
    if (context.viewer !== 'reviewer') throw forbidden('Only the reviewing team writes this review.');
    if (context.record.row.submitted_at !== null) throw alreadySubmitted();
    const dueAt = context.stage.due_at === null ? null : Number(context.stage.due_at);
    if (isPastDue(dueAt, this.now())) {
      throw conflict(`Reviews were due on ${new Date(dueAt!).toISOString()}: this one can no longer be changed or submitted.`);
    }
    return context;
  }

  /** The review with its reader's place in it; 404 for anyone who may not read it. */
  async #context(userId: string, reviewId: string): Promise<ReviewContext> {
    const [record] = await readReviews(this.db, { id: reviewId });
    if (!record) throw notFound('This review');
    const assignment = await this.assignments.get(record.row.assignment_id);
    const viewer = await this.#viewerOf(userId, record, assignment.course_id);
    if (!viewer) throw notFound('This review');
    const stage = await this.db.selectFrom('peer_review_stages').selectAll().where('assignment_id', '=', assignment.id).executeTakeFirstOrThrow();
    return { record, viewer, stage, assignment, rubric: await this.#rubric(stage.rubric_id) };
  }

  async #viewerOf(userId: string, record: ReviewRecord, courseId: string): Promise<ReviewViewer | null> {
    const role = await this.access.roleIn(userId, courseId);
    if (!role) return null;
    if (can(role, 'setAssignments')) return 'instructor';
    const teams = await this.db
      .selectFrom('memberships')
      .select('group_id')
      .where('user_id', '=', userId)
      .where('role', '=', 'member')
      .where('group_id', 'in', [record.reviewerTeam.id, record.revieweeTeam.id])
      .execute();
    if (teams.some((team) => team.group_id === record.reviewerTeam.id)) return 'reviewer';
    if (record.row.submitted_at !== null && teams.some((team) => team.group_id === record.revieweeTeam.id)) return 'author';
    return null;
  }

  #present({ record, viewer, stage, assignment, rubric }: ReviewContext): PeerReview {
    return presentReview(record, {
      viewer,
      anonymity: stage.anonymity,
      dueAt: stage.due_at === null ? null : Number(stage.due_at),
      assignmentTitle: assignment.title,
      rubric,
      now: this.now(),
    });
  }

  async #rubric(rubricId: string): Promise<Rubric> {
    return presentRubric(await this.rubrics.byId(rubricId));
  }

  async #requireStage(assignmentId: string): Promise<PeerReviewStageRow> {
    const stage = await this.db.selectFrom('peer_review_stages').selectAll().where('assignment_id', '=', assignmentId).executeTakeFirst();
    if (!stage) throw conflict('This assignment has no peer review yet: make its allocation first.');
    return stage;
  }

  /** The assignment, once the caller is known to be an instructor of its course: 404 outside it, 403 for its learners. */
  /** 404 unless the caller may read the review: checked before a request's body is looked at. */
  async requireReader(userId: string, reviewId: string): Promise<void> {
    await this.#context(userId, reviewId);
  }

  async requireInstructor(userId: string, assignmentId: string): Promise<AssignmentRow> {
    const assignment = await this.assignments.get(assignmentId);
    await this.access.requireGroup(userId, assignment.course_id, 'setAssignments', 'This assignment');
    return assignment;
  }
}

function alreadySubmitted() {
  return conflict('This review was submitted: it no longer changes.');
}

function stageTimes(stage: PeerReviewStageRow): Pick<AssignmentReviewsResponse, 'anonymity' | 'dueAt' | 'opensAt' | 'openedAt'> {
  const time = (value: number | null) => (value === null ? null : Number(value));
  return { anonymity: stage.anonymity, dueAt: time(stage.due_at), opensAt: time(stage.opens_at), openedAt: time(stage.opened_at) };
}

/** The ids of a team's learners: who a review's notices are for, and who of the reviewed team joins its room. */
async function learnerIdsOf(db: Kysely<Database>, teamId: string): Promise<string[]> {
  return ((await learnersOf(db, [teamId])).get(teamId) ?? []).map((learner) => learner.id);
}
