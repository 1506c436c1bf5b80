import type { Kysely } from 'kysely';
import type { AssignmentStatus } from '../../../shared/schemas/courses';
import type { ScoresResponse, SendScoreBody, SendScoreResponse, SentScore } from '../../../shared/schemas/lti';
import type { AssignmentRow, Database } from '../../db/schema';
import { AppError, badRequest, conflict } from '../../errors';
import type { ClassView } from '../assignments/class-view';
import { ensureLineItem, type ScoreTarget, scoresUrl, scoreTarget } from './grades-line-item';
import { ltiScopes, type ServiceTokens } from './service-token';

/**
 * The Assignment and Grade service's `activityProgress` for a team's
 * status: work handed in is Submitted, a copy locked at its due time
 * without one is Completed (the activity is over for them), and work still
 * open is InProgress, or Initialized before anyone wrote.
 */
export function activityProgress(status: AssignmentStatus | null, submitted: boolean): string {
  if (submitted) return 'Submitted';
  if (status === 'locked') return 'Completed';
  if (status === 'in-progress' || status === 'late') return 'InProgress';
  return 'Initialized';
}

const scoreMediaType = 'application/vnd.ims.lis.v1.score+json';

/**
 * Scores an instructor gives in the class view, kept here (lti_scores) and
 * sent to the LMS gradebook: one score per learner (a team's score is each
 * of its learner's), posted to the assignment's line item with the LMS's
 * own id of the learner, the status of the team's work, and FullyGraded.
 * The token is taken before anything is stored, so an LMS that refuses the
 * tool changes nothing; after that each learner's outcome is stored and
 * reported on its own (sent, failed and why, or no LMS account to send to).
 */
export class Grades {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly tokens: ServiceTokens,
    private readonly classView: ClassView,
    private readonly now: () => number = Date.now,
  ) {}

  async scores(assignment: AssignmentRow): Promise<ScoresResponse> {
    const target = await scoreTarget(this.db, assignment.id);
    const rows = await this.db.selectFrom('lti_scores').selectAll().where('assignment_id', '=', assignment.id).orderBy('user_id').execute();
    return {
      lms: target !== null,
      scores: rows.map((row) => ({
        userId: row.user_id,
        scoreGiven: Number(row.score_given),
        scoreMaximum: Number(row.score_maximum),
        givenAt: Number(row.given_at),
        sentAt: row.sent_at === null ? null : Number(row.sent_at),
        error: row.send_error,
      })),
    };
  }

  async send(assignment: AssignmentRow, by: string, body: SendScoreBody): Promise<SendScoreResponse> {
    const target = await scoreTarget(this.db, assignment.id);
    if (!target) throw conflict('This assignment is not placed in an LMS that takes scores: add it to the LMS course (with grades on) and open it from there once.');

    const teams = await this.classView.teams(assignment);
    const learners: { id: string; name: string; email: string; status: AssignmentStatus | null; submitted: boolean }[] = [];
    if (body.teamId !== undefined) {
      const team = teams.find((t) => t.team.id === body.teamId);
      if (!team) throw badRequest('No such team in this course.', { teamId: 'No such team in this course' });
      for (const m of team.members) learners.push({ id: m.userId, name: m.name, email: m.email, status: team.status, submitted: team.submittedAt !== null });
      if (learners.length === 0) throw badRequest('This team has no learners to score.', { teamId: 'This team has no learners' });
    } else {
      const learner = await this.db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['users.id', 'users.name', 'users.email'])
        .where('memberships.group_id', '=', assignment.course_id)
        .where('memberships.user_id', '=', body.userId!)
        .where('memberships.role', '=', 'member')
        .executeTakeFirst();
      if (!learner) throw badRequest('Not a learner of this course.', { userId: 'Not a learner of this course' });
      const team = teams.find((t) => t.members.some((m) => m.userId === learner.id));
      learners.push({ ...learner, status: team?.status ?? null, submitted: (team?.submittedAt ?? null) !== null });
    }

    return { results: await this.#post(target, assignment, by, body.scoreMaximum, learners.map((learner) => ({ ...learner, scoreGiven: body.scoreGiven }))) };
  }

  /**
   * A score of its own for each of the given learners of the course (an
   * adjusted team grade, say), out of one maximum, sent as `send` sends
   * one: 409 when no LMS takes the assignment's scores, 400 for anyone who
   * is not a learner of the course, nothing stored when the LMS refuses
   * the tool.
   */
  async sendEach(assignment: AssignmentRow, by: string, scoreMaximum: number, scores: readonly { userId: string; scoreGiven: number }[]): Promise<SendScoreResponse> {
    const target = await scoreTarget(this.db, assignment.id);
    if (!target) throw conflict('This assignment is not placed in an LMS that takes scores: add it to the LMS course (with grades on) and open it from there once.');
    if (scores.length === 0) return { results: [] };
    const teams = await this.classView.teams(assignment);
    const people = new Map(
      (
        await this.db
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select(['users.id', 'users.name', 'users.email'])
          .where('memberships.group_id', '=', assignment.course_id)
          .where('memberships.role', '=', 'member')
          .where('memberships.user_id', 'in', scores.map((score) => score.userId))
          .execute()
      ).map((row) => [row.id, row]),
    );
    const learners = scores.map((score, index) => {
      const learner = people.get(score.userId);
      if (!learner) throw badRequest('Not a learner of this course.', { [`${index}.userId`]: 'Not a learner of this course' });
      const team = teams.find((t) => t.members.some((m) => m.userId === learner.id));
      return { ...learner, status: team?.status ?? null, submitted: (team?.submittedAt ?? null) !== null, scoreGiven: score.scoreGiven };
    });
    return { results: await this.#post(target, assignment, by, scoreMaximum, learners) };
  }

  /** Each learner's score posted to the line item and stored with what became of it; the token is taken before anything is stored. */
  async #post(
    target: ScoreTarget,
    assignment: AssignmentRow,
    by: string,
    scoreMaximum: number,
    learners: readonly { id: string; name: string; email: string; status: AssignmentStatus | null; submitted: boolean; scoreGiven: number }[],
  ): Promise<SentScore[]> {
    // Whether the LMS takes the tool at all, before anything is stored.
    await this.tokens.token(target.platform, [ltiScopes.scores]);
    const lineItem = await ensureLineItem(this.db, this.tokens, target, assignment, scoreMaximum);

    const at = this.now();
    const subjects = new Map(
      (
        await this.db
          .selectFrom('identities')
          .select(['user_id', 'subject'])
          .where('kind', '=', 'lti')
          .where('issuer', '=', target.issuer)
          .where('user_id', 'in', learners.map((l) => l.id))
          .execute()
      ).map((row) => [row.user_id, row.subject]),
    );
    const results: SentScore[] = [];
    for (const learner of learners) {
      const subject = subjects.get(learner.id);
      let outcome: SentScore['outcome'] = 'sent';
      let message: string | null = null;
      if (subject === undefined) {
        outcome = 'no-lms-account';
        message = 'Not sent: this learner has no account in the LMS (they never came from it).';
      } else {
        try {
          await this.tokens.call(target.platform, [ltiScopes.scores], scoresUrl(lineItem), {
            method: 'POST',
            accept: 'application/json',
            contentType: scoreMediaType,
            body: {
              userId: subject,
              scoreGiven: learner.scoreGiven,
              scoreMaximum,
              activityProgress: activityProgress(learner.status, learner.submitted),
              gradingProgress: 'FullyGraded',
              timestamp: new Date(at).toISOString(),
            },
            what: `the score of ${learner.name}`,
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          outcome = 'failed';
          message = err.message;
        }
      }
      const score = {
        score_given: learner.scoreGiven,
        score_maximum: scoreMaximum,
        given_by: by,
        given_at: at,
        sent_at: outcome === 'sent' ? at : null,
        send_error: message,
      };
      await this.db
        .insertInto('lti_scores')
        .values({ assignment_id: assignment.id, user_id: learner.id, ...score })
        .onConflict((oc) => oc.columns(['assignment_id', 'user_id']).doUpdateSet(score))
        .execute();
      results.push({ user: { id: learner.id, name: learner.name, email: learner.email }, scoreGiven: learner.scoreGiven, scoreMaximum, outcome, message });
    }
    return results;
  }
}
