import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { can, type Role } from '../../../shared/permissions';
import type { applyGradesBody, ApplyGradesResponse, LearnerEvaluation, teammateEvaluationBody } from '../../../shared/schemas/teammate-evaluation';
import type { AssignmentRow, Database } from '../../db/schema';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../errors';
import type { Access } from '../access/access';
import type { Assignments } from '../assignments/service';
import { teamCopies } from '../assignments/team-copies';
import { usersById } from '../contributions/people';
import { userOrPlaceholder } from '../contributions/presenter';
import type { Contributions } from '../contributions/service';
import type { Grades } from '../lti/grades';
import { presentOwnResult } from './presenter';
import { learnersOf } from '../courses/team-members';
import { columnsOf, ratingsOf, releasedAt } from './ratings';
import { teamEvaluation } from './summary';
import { applyTeamGrades } from './teammate-grades';
import { opensAtOf, type TeamSummaryRecord, teamSummaries } from './team-summaries';

export type EvaluationBody = z.output<typeof teammateEvaluationBody>;
export type EvaluationGradesBody = z.output<typeof applyGradesBody>;

/** The assignment and the caller's role in its course. */
export interface EvaluationCaller {
  assignment: AssignmentRow;
  role: Role;
}

/**
 * Teammate evaluation of an assignment. Each rule below is checked before
 * anything is written, and the whole set is written in one transaction, so
 * a refused evaluation changes nothing:
 * - learners only: a learner of a team rates; instructors read, reviewers
 *   belong to no team (403);
 * - own team only: the caller's team is the one they are a learner of now;
 *   in no team, nothing to rate (409); rating anyone not on it is 400;
 * - opening: at the team's due time, or when the team submitted if earlier
 *   (opensAtOf); before that 409;
 * - the whole set at once: one rating for every learner of the team, the
 *   rater included, nobody twice (400 naming who is missing or extra);
 * - once: a sent evaluation is final (409 for a second one). The numbers an
 *   instructor reads, and may have acted on, then never shift under them,
 *   and nobody can change their ratings after seeing how the team did;
 * - closed at release: after an instructor released the results no more
 *   ratings are taken (409), so a released result never changes;
 * - a member who left mid-project: ratings by or of someone no longer a
 *   learner of the team do not count (summary.ts), and they are not asked
 *   to rate or be rated there any more.
 */
export class TeammateEvaluations {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: Pick<Access, 'roleIn'>,
    private readonly assignments: Pick<Assignments, 'get'>,
    private readonly contributions: Pick<Contributions, 'forDoc'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The assignment and the caller's role in its course; 404 for anyone outside the course, so its existence stays hidden. */
  async caller(userId: string, assignmentId: string): Promise<EvaluationCaller> {
    const assignment = await this.assignments.get(assignmentId);
    const role = await this.access.roleIn(userId, assignment.course_id);
    if (!role) throw notFound('This assignment');
    return { assignment, role };
  }

  /** A learner's whole evaluation of their team, once. */
  async submit({ assignment, role }: EvaluationCaller, userId: string, body: EvaluationBody): Promise<void> {
    // Rule: learners only.
    if (!can(role, 'rateTeammates')) throw forbidden('Only learners of a team rate their teammates; the course’s instructors read every team’s summary.');
    const now = this.now();
    // Rule: own team only.
    const [own] = await teamCopies(this.db, assignment, now, userId);
    if (!own) throw conflict('You are in no team of this course, so there is no team of yours to rate.');
    // Rule: opening.
    const opensAt = opensAtOf(own);
    if (now < opensAt) {
      throw conflict(`The teammate evaluation opens at your team’s due time (${new Date(opensAt).toISOString()}), or as soon as your team submits.`);
    }
    // Rule: closed at release.
    if ((await releasedAt(this.db, assignment.id)) !== null) throw conflict('The results of this teammate evaluation were released: it takes no more ratings.');
    // Rule: once.
    const sent = await this.#sentAt(assignment.id, own.team.id, userId);
    if (sent !== null) throw alreadySent(sent);

    // Rule: the whole set at once, of the team's learners only.
    const members = (await learnersOf(this.db, [own.team.id])).get(own.team.id) ?? [];
    const memberIds = new Set(members.map((member) => member.id));
    const fields: Record<string, string> = {};
    const seen = new Set<string>();
    body.ratings.forEach((rating, index) => {
      if (!memberIds.has(rating.rateeId)) fields[`ratings.${index}.rateeId`] = 'Not a member of your team.';
      else if (seen.has(rating.rateeId)) fields[`ratings.${index}.rateeId`] = 'Rated twice.';
      seen.add(rating.rateeId);
    });
    if (Object.keys(fields).length > 0) {
      throw badRequest('Rate only the members of your team, yourself included, each once.', fields);
    }
    const missing = members.filter((member) => !seen.has(member.id));
    if (missing.length > 0) {
      const names = missing.map((member) => (member.id === userId ? 'yourself' : member.name)).join(', ');
      throw badRequest(`Rate every member of your team at once, yourself included: missing ${names}.`, { ratings: `Missing ${names}.` });
    }

    try {
      await this.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('teammate_ratings')
          .values(
            body.ratings.map((rating) => ({
              assignment_id: assignment.id,
              team_id: own.team.id,
              rater_id: userId,
              ratee_id: rating.rateeId,
              ...columnsOf(rating.scores),
              comment: rating.comment ? rating.comment : null,
              submitted_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['assignment_id', 'team_id', 'rater_id', 'ratee_id']).doNothing())
          .executeTakeFirst();
        // Two sends at once: the one that wrote first stands, the other writes nothing.
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== body.ratings.length) throw conflict('Your evaluation was sent meanwhile.');
      });
    } catch (err) {
      if (err instanceof AppError) {
        const stood = await this.#sentAt(assignment.id, own.team.id, userId);
        throw stood === null ? err : alreadySent(stood);
      }
      throw err;
    }
  }

  /** The learner's form: its state, whom to rate, what they sent, and their own result once released. */
  async learnerView(assignment: AssignmentRow, userId: string): Promise<LearnerEvaluation> {
    const now = this.now();
    const released = await releasedAt(this.db, assignment.id);
    const [own] = await teamCopies(this.db, assignment, now, userId);
    if (!own) return { view: 'learner', state: 'no-team', opensAt: null, releasedAt: released, team: null, ratees: [], submitted: null, result: null };

    const opensAt = opensAtOf(own);
    const [learners, ratings] = await Promise.all([learnersOf(this.db, [own.team.id]), ratingsOf(this.db, assignment.id, own.team.id)]);
    const members = learners.get(own.team.id) ?? [];
    // In the order of the form: the team's members by name, anyone who left since after them.
    const place = (rateeId: string) => {
      const index = members.findIndex((member) => member.id === rateeId);
      return index === -1 ? members.length : index;
    };
    const mine = ratings.filter((rating) => rating.raterId === userId).sort((x, y) => place(x.rateeId) - place(y.rateeId));
    const people = await usersById(this.db, mine.map((rating) => rating.rateeId));
    const state = mine.length > 0 ? 'submitted' : released !== null ? 'closed' : now < opensAt ? 'not-open' : 'open';
    const result = teamEvaluation(
      members.map((member) => member.id),
      ratings,
    );
    const mineCounted = result.members.find((member) => member.userId === userId);
    return {
      view: 'learner',
      state,
      opensAt,
      releasedAt: released,
      team: { id: own.team.id, name: own.team.name },
      ratees: members.map((member) => ({ user: member, self: member.id === userId })),
      submitted:
        mine.length === 0
          ? null
          : {
              submittedAt: mine[0]!.submittedAt,
              ratings: mine.map((rating) => ({ ratee: userOrPlaceholder(people, rating.rateeId), scores: rating.scores, comment: rating.comment })),
            },
      // Only after release, and only averages: never who gave which rating, nor anyone's comment.
      result: released === null || !mineCounted ? null : presentOwnResult(mineCounted, result.teamAverage),
    };
  }

  /** Every team's summary, for the course's instructors (the route checks who). */
  summaries(assignment: AssignmentRow): Promise<TeamSummaryRecord[]> {
    return teamSummaries(this.db, this.contributions, assignment, this.now());
  }

  /** When the results were released; null before. */
  releasedAt(assignmentId: string): Promise<number | null> {
    return releasedAt(this.db, assignmentId);
  }

  /**
   * Lets learners see their own result, and closes the evaluation. Refused
   * (409) before any team's evaluation opened: releasing then would close
   * it before anyone could rate. Releasing again keeps the first time.
   */
  async release({ assignment, role }: EvaluationCaller, userId: string): Promise<number> {
    if (!can(role, 'reviewTeammateRatings')) throw forbidden('Only the course’s instructors release teammate evaluation results.');
    const now = this.now();
    const copies = await teamCopies(this.db, assignment, now);
    if (!copies.some((copy) => now >= opensAtOf(copy))) {
      throw conflict('No team’s teammate evaluation has opened yet (each opens at its due time, or when the team submits): releasing now would close it before anyone could rate.');
    }
    await this.db
      .insertInto('teammate_evaluation_releases')
      .values({ assignment_id: assignment.id, released_by: userId, released_at: now })
      .onConflict((oc) => oc.column('assignment_id').doNothing())
      .execute();
    return (await releasedAt(this.db, assignment.id)) ?? now;
  }

  /**
   * Applies the evaluation to team grades (teammate-grades.ts has how).
   * Only once the results are released (409 before): the evaluation then
   * takes no more ratings, so the factors a grade is made from are final.
   */
  async applyGrades({ assignment, role }: EvaluationCaller, userId: string, body: EvaluationGradesBody, grades: Pick<Grades, 'sendEach'>): Promise<ApplyGradesResponse> {
    if (!can(role, 'reviewTeammateRatings')) throw forbidden('Only the course’s instructors apply the teammate evaluation to grades.');
    if ((await releasedAt(this.db, assignment.id)) === null) {
      throw conflict('Release the teammate evaluation first: until then it takes ratings, and the factors a grade is made from could still change.');
    }
    return applyTeamGrades(this.db, grades, assignment, userId, body, await this.summaries(assignment), this.now());
  }

  async #sentAt(assignmentId: string, teamId: string, raterId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom('teammate_ratings')
      .select('submitted_at')
      .where('assignment_id', '=', assignmentId)
      .where('team_id', '=', teamId)
      .where('rater_id', '=', raterId)
      .executeTakeFirst();
    return row ? Number(row.submitted_at) : null;
  }
}

const alreadySent = (at: number) => conflict(`You sent your teammate evaluation at ${new Date(at).toISOString()}; a sent evaluation is final.`);
