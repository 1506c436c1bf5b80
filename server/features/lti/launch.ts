import type { JWTPayload } from 'jose';
import type { Transaction } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { Database } from '../../db/schema';
import type { Logger } from '../../logger';
import { AppError, forbidden } from '../../errors';
import { recordEvent } from '../activity/event-log';
import { matchCourseInstructors } from '../courses/course-instructors';
import type { TeamChanges, Teams } from '../courses/teams';
import type { Groups } from '../groups/service';
import { assignmentIdParameter } from './deep-linking-response';
import { ltiClaims } from './claims';
import type { VerifiedLaunch } from './launch-token';
import { lmsAccount } from './roster-sync-accounts';
import { courseRole } from './roster-sync-members';

/** Where a launch leads, and who it signed in. */
export interface OpenedLaunch {
  userId: string;
  courseId: string;
  role: Role;
  /** An app path: the linked assignment's page, or the course's. */
  location: string;
}

/** An LMS course as a launch names it. */
export interface LaunchedContext {
  issuer: string;
  deploymentId: string;
  contextId: string;
}

/** What follows a valid launch without the launch waiting for it (the roster sync); given the verified id_token's payload. */
export type LaunchHook = (context: LaunchedContext, payload: JWTPayload) => Promise<void>;

/** A course's title when the LMS gives its context none. */
const untitledCourse = 'LMS course';

/**
 * What a verified launch does in Commonplace. The person is found by their
 * LMS identity (`lti`, issuer, sub) or given an account (roster-sync-accounts.ts:
 * no password; the LMS's email only when no other account has it, since an
 * LMS does not verify addresses, else a placeholder under `.invalid`).
 *
 * The LMS course (context) maps to one course, made on the first launch by
 * an instructor, named after the context's title, with that instructor as its
 * instructor; a learner launching before any instructor has is refused, and
 * nothing is made. Roles: Instructor and TeachingAssistant are the course's
 * instructors, Learner a member; a launch with none of these (a mentor, an
 * LMS administrator not teaching the course) is refused. A person joins the
 * course with that role on their first launch (and is noted as coming from
 * the LMS, so a roster sync may remove them); a later launch does not change
 * a role that may have been changed here on purpose.
 *
 * The context's service endpoints (Names and Roles, Assignment and Grade)
 * are those of its latest launch; the resource link is kept with the
 * assignment it opens (its `assignment_id` custom parameter, from a deep
 * link) and its line item.
 */
export class Launches {
  readonly #hooks: LaunchHook[] = [];

  constructor(
    private readonly groups: Pick<Groups, 'create'>,
    private readonly teams: Pick<Teams, 'transaction'>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `hook` after each valid launch has committed; the launch does not wait, and a failure is logged. */
  onLaunched(hook: LaunchHook): void {
    this.#hooks.push(hook);
  }

  async open(launch: VerifiedLaunch): Promise<OpenedLaunch> {
    let opened: OpenedLaunch;
    try {
      opened = await this.#open(launch);
    } catch (err) {
      // Two first launches of one LMS course at once: one made the course, the
      // other's insert of the context failed and rolled back; it now finds it.
      if (err instanceof AppError) throw err;
      opened = await this.#open(launch);
    }
    const context = { issuer: launch.platform.issuer, deploymentId: launch.claims[ltiClaims.deploymentId], contextId: launch.claims[ltiClaims.context].id };
    for (const hook of this.#hooks) {
      hook(context, launch.payload).catch((err: unknown) => this.logger.warn({ err, ...context }, 'a hook after an LTI launch failed'));
    }
    return opened;
  }

  async #open({ platform, claims }: VerifiedLaunch): Promise<OpenedLaunch> {
    const role = courseRole(claims[ltiClaims.roles]);
    if (!role) {
      throw forbidden('Your role in this LMS course does not open Commonplace: it is for the course’s instructors, teaching assistants and learners.');
    }
    const deploymentId = claims[ltiClaims.deploymentId];
    const context = claims[ltiClaims.context];
    const nrps = claims[ltiClaims.namesRoleService];
    const ags = claims[ltiClaims.agsEndpoint];
    const link = claims[ltiClaims.resourceLink];

    return this.teams.transaction(async ({ trx, changes }) => {
      const at = this.now();
      const known = await trx
        .selectFrom('lti_contexts')
        .select('course_id')
        .where('issuer', '=', platform.issuer)
        .where('deployment_id', '=', deploymentId)
        .where('context_id', '=', context.id)
        .executeTakeFirst();
      if (!known && role !== 'instructor') {
        throw new AppError('conflict', 'Your instructor has not opened Commonplace in this course yet. Once they have, this link opens it.');
      }
      const name = claims.name?.trim() || [claims.given_name, claims.family_name].filter(Boolean).join(' ').trim() || null;
      const { userId } = await lmsAccount(trx, { issuer: platform.issuer, subject: claims.sub, name, email: claims.email?.trim() || null }, at);

      const services = {
        memberships_url: nrps?.context_memberships_url ?? null,
        lineitems_url: ags?.lineitems ?? null,
        ags_scopes: ags ? JSON.stringify(ags.scope) : null,
      };
      let courseId: string;
      if (known) {
        courseId = known.course_id;
        await trx
          .updateTable('lti_contexts')
          .set(services)
          .where('issuer', '=', platform.issuer)
          .where('deployment_id', '=', deploymentId)
          .where('context_id', '=', context.id)
          .execute();
        await this.#join(trx, changes, courseId, userId, role, at);
      } else {
        const title = (context.title?.trim() || context.label?.trim() || untitledCourse).slice(0, 120);
        courseId = (await this.groups.create(userId, title, trx)).group.id;
        await trx
          .insertInto('lti_contexts')
          .values({
            issuer: platform.issuer,
            deployment_id: deploymentId,
            context_id: context.id,
            client_id: platform.clientId,
            course_id: courseId,
            title,
            ...services,
            roster_synced_at: null,
            created_at: at,
          })
          .execute();
        await trx.insertInto('lti_roster_members').values({ course_id: courseId, user_id: userId, synced_at: at }).execute();
      }

      const assignmentId = link ? await this.#linkAssignment(trx, { issuer: platform.issuer, deploymentId, courseId, link, lineItem: ags?.lineitem ?? null, custom: claims[ltiClaims.custom], at }) : null;
      return { userId, courseId, role, location: assignmentId ? `/assignments/${assignmentId}` : `/groups/${courseId}` };
    });
  }

  /** Adds the person to the course with their LMS role, unless they belong already. */
  async #join(trx: Transaction<Database>, changes: TeamChanges, courseId: string, userId: string, role: Role, at: number): Promise<void> {
    const member = await trx.selectFrom('memberships').select('role').where('group_id', '=', courseId).where('user_id', '=', userId).executeTakeFirst();
    if (member) return;
    await trx.insertInto('memberships').values({ group_id: courseId, user_id: userId, role, created_at: at }).execute();
    await trx
      .insertInto('lti_roster_members')
      .values({ course_id: courseId, user_id: userId, synced_at: at })
      .onConflict((oc) => oc.columns(['course_id', 'user_id']).doUpdateSet({ synced_at: at }))
      .execute();
    await recordEvent(trx, { type: 'member-joined', groupId: courseId, actorId: userId, subjectId: userId, payload: { role }, at });
    changes.memberships.push({ type: 'membership-changed', groupId: courseId, userId, role });
    // An instructor of a course is one of each of its teams too.
    if (role === 'instructor') changes.memberships.push(...(await matchCourseInstructors(trx, courseId, undefined, at)));
  }

  /**
   * Keeps the resource link and returns the assignment it opens: the one its
   * custom parameter names, when that is an assignment of this course, else
   * the one stored for it before (null: the course page).
   */
  async #linkAssignment(
    trx: Transaction<Database>,
    l: { issuer: string; deploymentId: string; courseId: string; link: { id: string }; lineItem: string | null; custom: Record<string, unknown> | undefined; at: number },
  ): Promise<string | null> {
    const named = l.custom?.[assignmentIdParameter];
    let assignmentId: string | null = null;
    if (typeof named === 'string' && named.length <= 64) {
      // Read in the transaction: SQLite has one connection, which the transaction holds.
      const assignment = await trx.selectFrom('assignments').select(['id', 'course_id']).where('id', '=', named).executeTakeFirst();
      if (assignment?.course_id === l.courseId) assignmentId = assignment.id;
    }
    const key = { issuer: l.issuer, deployment_id: l.deploymentId, resource_link_id: l.link.id };
    const stored = await trx
      .selectFrom('lti_resource_links')
      .select(['assignment_id', 'lineitem_url', 'course_id'])
      .where('issuer', '=', key.issuer)
      .where('deployment_id', '=', key.deployment_id)
      .where('resource_link_id', '=', key.resource_link_id)
      .executeTakeFirst();
    if (!stored) {
      await trx
        .insertInto('lti_resource_links')
        .values({ ...key, course_id: l.courseId, assignment_id: assignmentId, lineitem_url: l.lineItem, created_at: l.at })
        .execute();
      return assignmentId;
    }
    const keep = stored.course_id === l.courseId ? stored.assignment_id : null;
    await trx
      .updateTable('lti_resource_links')
      .set({ course_id: l.courseId, assignment_id: assignmentId ?? keep, lineitem_url: l.lineItem ?? stored.lineitem_url })
      .where('issuer', '=', key.issuer)
      .where('deployment_id', '=', key.deployment_id)
      .where('resource_link_id', '=', key.resource_link_id)
      .execute();
    return assignmentId ?? keep;
  }
}
