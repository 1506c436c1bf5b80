import type { Kysely, Transaction } from 'kysely';
import { courseLimits } from '../../../shared/schemas/courses';
import type { AccessEvents } from '../../access-events';
import type { DatabaseKind } from '../../db/database';
import { newId } from '../../db/ids';
import type { Database, GroupRow } from '../../db/schema';
import type { Logger } from '../../logger';
import { badRequest, conflict, forbidden, notFound } from '../../errors';
import { recordEvent } from '../activity/event-log';
import { recordAudit } from '../audit/audit-log';
import type { MemberRow } from '../groups/service';
import { matchCourseInstructors, type MembershipChange } from './course-instructors';
import {
  addReviewer,
  countTeamMembers,
  learnerPlaces,
  lockCourse,
  placeInTeam,
  requireCourse,
  requireLearners,
  requireTeam,
  takeOutOfTeam,
  teamHasWork,
} from './team-members';

/** A team with its own members (the course's instructors, in every team, are not listed). */
export interface TeamWithMembersRow {
  team: GroupRow;
  members: MemberRow[];
}

/** Told of each team made, once it is committed (an assignment gives it its copy). */
export type TeamCreatedHook = (courseId: string, teamId: string) => Promise<void>;

/**
 * What a transaction of team changes did, kept until it commits: the access
 * changes to announce and the teams made. `Teams.transaction` settles it;
 * a caller with a transaction of its own passes one and calls `settle`.
 */
export class TeamChanges {
  readonly memberships: MembershipChange[] = [];
  readonly created: { courseId: string; teamId: string }[] = [];
}

/** A transaction of team changes. */
export interface TeamWork {
  trx: Transaction<Database>;
  changes: TeamChanges;
}

/**
 * Teams: groups inside a course. A course is any group that has teams; its
 * instructors are instructors of every team (course-instructors.ts); a
 * learner of the course is a member of at most one team of it and may
 * review others. Permission checks happen in the routes (Access); what is
 * enforced here are the rules of the data, each change under the course's
 * lock (team-members.ts).
 */
export class Teams {
  readonly #hooks = new Set<TeamCreatedHook>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
    private readonly accessEvents: AccessEvents,
    private readonly now: () => number = Date.now,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  /** Calls `hook` after each team is made and committed; returns the function that stops it. */
  onTeamCreated(hook: TeamCreatedHook): () => void {
    this.#hooks.add(hook);
    return () => this.#hooks.delete(hook);
  }

  /** Runs `work` in one transaction; its access changes are announced and its new teams told of after it commits. */
  async transaction<T>(work: (within: TeamWork) => Promise<T>): Promise<T> {
    const changes = new TeamChanges();
    const result = await this.db.transaction().execute((trx) => work({ trx, changes }));
    await this.settle(changes);
    return result;
  }

  /**
   * After the commit of a transaction given as `within`: announces its
   * access changes and tells the hooks of its teams. A hook that fails is
   * logged, not thrown: the teams exist, and what a hook makes for them
   * (an assignment's copy) is made again by its own sweep.
   */
  async settle(changes: TeamChanges): Promise<void> {
    for (const event of changes.memberships) this.accessEvents.publish(event);
    for (const { courseId, teamId } of changes.created) {
      for (const hook of this.#hooks) {
        try {
          await hook(courseId, teamId);
        } catch (err) {
          this.logger?.warn({ err, courseId, teamId }, 'a hook on a new team failed');
        }
      }
    }
  }

  /**
   * A new team in the course: a group whose parent is the course, with the
   * course's instructors as its instructors and `memberIds` (learners of the
   * course, 400 naming any who are not) as its members, each leaving the
   * team they were in. Any group may become a course; a team cannot (400).
   */
  async create(courseId: string, by: string, body: { name: string; memberIds?: readonly string[] }, within?: TeamWork): Promise<GroupRow> {
    return this.#within(within, async ({ trx, changes }) => {
      const course = await lockCourse(trx, this.kind, courseId);
      requireCourse(course);
      const { count } = await trx
        .selectFrom('groups')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('parent_id', '=', courseId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= courseLimits.maxTeams) throw conflict(`A course holds at most ${courseLimits.maxTeams} teams.`);
      const memberIds = [...new Set(body.memberIds ?? [])];
      await requireLearners(trx, courseId, memberIds);

      const at = this.now();
      const team: GroupRow = { id: newId(), name: body.name, created_by: by, created_at: at, parent_id: courseId, self_signup_max: null, archived_at: null, archived_by: null };
      await trx.insertInto('groups').values(team).execute();
      await recordEvent(trx, { type: 'group-created', groupId: team.id, actorId: by, at });
      changes.memberships.push(...(await matchCourseInstructors(trx, courseId, [team.id], at)));
      for (const userId of memberIds) changes.memberships.push(...(await placeInTeam(trx, courseId, team.id, userId, by, at)));
      changes.created.push({ courseId, teamId: team.id });
      return team;
    });
  }

  /** Puts a learner of the course in this team, out of the one they were in (moving keeps their writing theirs). */
  async placeLearner(courseId: string, teamId: string, userId: string, by: string, within?: TeamWork): Promise<void> {
    await this.#within(within, async ({ trx, changes }) => {
      await lockCourse(trx, this.kind, courseId);
      await requireTeam(trx, courseId, teamId);
      await requireLearners(trx, courseId, [userId]);
      changes.memberships.push(...(await placeInTeam(trx, courseId, teamId, userId, by, this.now())));
    });
  }

  /** Makes a member of the course a reviewer of this team's work (they keep their own team). */
  async addReviewer(courseId: string, teamId: string, userId: string, by: string, within?: TeamWork): Promise<void> {
    await this.#within(within, async ({ trx, changes }) => {
      await lockCourse(trx, this.kind, courseId);
      await requireTeam(trx, courseId, teamId);
      changes.memberships.push(...(await addReviewer(trx, courseId, teamId, userId, by, this.now())));
    });
  }

  /** Takes someone out of the team; they stay in the course. */
  async takeOut(courseId: string, teamId: string, userId: string, by: string, within?: TeamWork): Promise<void> {
    await this.#within(within, async ({ trx, changes }) => {
      await lockCourse(trx, this.kind, courseId);
      const team = await requireTeam(trx, courseId, teamId);
      const at = this.now();
      changes.memberships.push(...(await takeOutOfTeam(trx, teamId, userId, by, at)));
      const person = await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
      await recordAudit(trx, {
        courseId,
        actorId: by,
        action: 'member-removed',
        subjectType: 'member',
        subjectId: userId,
        detail: { name: person?.name ?? null, groupId: teamId, team: team.name, left: by === userId },
        at,
      });
    });
  }

  async rename(courseId: string, teamId: string, name: string): Promise<GroupRow> {
    return this.db.transaction().execute(async (trx) => {
      const team = await requireTeam(trx, courseId, teamId);
      await trx.updateTable('groups').set({ name }).where('id', '=', teamId).execute();
      return { ...team, name };
    });
  }

  /**
   * Deletes a team that has no work yet (a team made by mistake, an empty
   * copy of an assignment). A team whose documents hold writing or feedback
   * of its learners is refused (409): deleting it would destroy their work
   * and its record; move its learners to other teams instead.
   */
  async delete(courseId: string, teamId: string): Promise<void> {
    await this.transaction(async ({ trx, changes }) => {
      await lockCourse(trx, this.kind, courseId);
      await requireTeam(trx, courseId, teamId);
      if (await teamHasWork(trx, courseId, teamId)) {
        throw conflict('This team has work in its documents (writing or feedback), so it cannot be deleted. Move its learners to other teams instead.');
      }
      const members = await trx.selectFrom('memberships').select('user_id').where('group_id', '=', teamId).execute();
      // Its copies of assignments name its documents, which go with the team.
      await trx.deleteFrom('assignment_teams').where('team_id', '=', teamId).execute();
      await trx.deleteFrom('groups').where('id', '=', teamId).execute();
      for (const { user_id } of members) changes.memberships.push({ type: 'membership-changed', groupId: teamId, userId: user_id, role: null });
    });
  }

  /**
   * Lets learners pick their team, up to `maxTeamSize` members, or stops it
   * (`null`). The cap binds self-sign-up only: an instructor may place more.
   */
  async setSelfSignup(courseId: string, maxTeamSize: number | null): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      requireCourse(await lockCourse(trx, this.kind, courseId));
      await trx.updateTable('groups').set({ self_signup_max: maxTeamSize }).where('id', '=', courseId).execute();
    });
  }

  /**
   * A learner of the course joins a team with room while self-sign-up is on.
   * Under the course's lock, so two learners taking the last seat cannot
   * both get it: the second is refused (409, full). A learner already in a
   * team may switch while their team has no work yet; once it has, moving
   * them is an instructor's decision (409), so nobody walks away from a
   * team's work, or into another's, on their own.
   */
  async join(courseId: string, teamId: string, userId: string): Promise<void> {
    await this.transaction(async ({ trx, changes }) => {
      const course = await lockCourse(trx, this.kind, courseId);
      requireCourse(course);
      await requireTeam(trx, courseId, teamId);
      await requireLearners(trx, courseId, [userId]);
      if (course.self_signup_max === null) throw forbidden('In this course an instructor places learners in teams.');
      const current = await learnerPlaces(trx, courseId).select('memberships.group_id').where('memberships.user_id', '=', userId).executeTakeFirst();
      if (current?.group_id === teamId) return;
      if ((await countTeamMembers(trx, teamId)) >= course.self_signup_max) {
        throw conflict(`This team is full (${course.self_signup_max} members); pick another.`);
      }
      if (current && (await teamHasWork(trx, courseId, current.group_id))) {
        throw conflict('Your team has started its work; ask an instructor to move you.');
      }
      changes.memberships.push(...(await placeInTeam(trx, courseId, teamId, userId, userId, this.now())));
    });
  }

  /** The course's teams, oldest first, each with its own members in the order they joined. */
  async list(courseId: string): Promise<TeamWithMembersRow[]> {
    return this.#read(courseId);
  }

  /** One team of the course with its own members (404 when it is not one). */
  async get(courseId: string, teamId: string): Promise<TeamWithMembersRow> {
    const [team] = await this.#read(courseId, teamId);
    if (!team) throw notFound('This team');
    return team;
  }

  async #read(courseId: string, teamId?: string): Promise<TeamWithMembersRow[]> {
    const teams = await this.db
      .selectFrom('groups')
      .selectAll()
      .where('parent_id', '=', courseId)
      .$if(teamId !== undefined, (qb) => qb.where('id', '=', teamId!))
      // The list leaves archived teams to the course's Archived view; one team asked for by id is found either way.
      .$if(teamId === undefined, (qb) => qb.where('archived_at', 'is', null))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (teams.length === 0) return [];
    const members = await this.db
      .selectFrom('memberships')
      .innerJoin('groups', 'groups.id', 'memberships.group_id')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select([
        'memberships.group_id as teamId',
        'memberships.user_id as userId',
        'users.email',
        'users.name',
        'memberships.role',
        'memberships.created_at as joinedAt',
      ])
      .where('groups.parent_id', '=', courseId)
      .$if(teamId !== undefined, (qb) => qb.where('groups.id', '=', teamId!))
      .where('memberships.inherited_from', 'is', null)
      .orderBy('memberships.created_at')
      .orderBy('memberships.user_id')
      .execute();
    const byTeam = new Map(teams.map((team) => [team.id, { team, members: [] as MemberRow[] }]));
    for (const { teamId, ...member } of members) byTeam.get(teamId)?.members.push(member);
    return [...byTeam.values()];
  }

  /** The course, checked to be one (a team cannot be a course: 400). */
  async course(courseId: string): Promise<GroupRow> {
    const course = await this.db.selectFrom('groups').selectAll().where('id', '=', courseId).executeTakeFirst();
    if (!course) throw badRequest('No such course.');
    requireCourse(course);
    return course;
  }

  async #within<T>(within: TeamWork | undefined, work: (within: TeamWork) => Promise<T>): Promise<T> {
    return within ? work(within) : this.transaction(work);
  }
}
