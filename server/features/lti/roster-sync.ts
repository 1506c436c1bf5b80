import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { LmsLink, RosterSyncResult } from '../../../shared/schemas/lti';
import type { DatabaseKind } from '../../db/database';
import type { Database, LtiContextsTable } from '../../db/schema';
import { conflict } from '../../errors';
import type { Logger } from '../../logger';
import { recordEvent } from '../activity/event-log';
import { leaveCourseTeams, matchCourseInstructors } from '../courses/course-instructors';
import { lockCourse } from '../courses/team-members';
import type { Teams } from '../courses/teams';
import { groupsServiceUrl } from './course-groups';
import { lmsAccount } from './roster-sync-accounts';
import { fetchRoster, type RosterPerson } from './roster-sync-members';
import { ltiScopes, type ServiceTokens } from './service-token';

/** An LMS course as a launch names it. */
export interface LaunchedContext {
  issuer: string;
  deploymentId: string;
  contextId: string;
}

/** A launch syncs the roster again only when the last sync is older than this: a class opening the tool at once costs one sync. */
export const launchSyncEveryMs = 10 * 60 * 1000;

type ContextRow = Selectable<LtiContextsTable>;

/**
 * A course's roster kept as the LMS has it (the Names and Roles service):
 * on launch and when an instructor asks. People the LMS lists are found by
 * their LMS identity or given an account (roster-sync-accounts.ts) and join
 * the course with the role the LMS gives them; those who came from the
 * roster (lti_roster_members) and are no longer in it, or are listed as
 * inactive, leave it and its teams. People an instructor added by hand are
 * never removed, and a member's role here is not changed by a sync: it may
 * have been changed here on purpose. The roster is fetched whole before
 * anything changes, and applied in one transaction under the course's lock,
 * so a platform that fails midway changes nothing.
 */
export class RosterSync {
  readonly #running = new Map<string, Promise<RosterSyncResult>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
    private readonly tokens: ServiceTokens,
    private readonly teams: Teams,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * After a valid launch has stored its LMS course (lti_contexts): notes the
   * course groups service the launch offered (`claims`, the id_token's), and
   * syncs the roster unless it was synced lately. Meant to run without being
   * awaited by the launch: it never throws, and logs what failed.
   */
  async afterLaunch(context: LaunchedContext, claims: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.db
        .updateTable('lti_contexts')
        .set({ groups_url: groupsServiceUrl(claims) })
        .where('issuer', '=', context.issuer)
        .where('deployment_id', '=', context.deploymentId)
        .where('context_id', '=', context.contextId)
        .execute();
      const row = await this.db
        .selectFrom('lti_contexts')
        .selectAll()
        .where('issuer', '=', context.issuer)
        .where('deployment_id', '=', context.deploymentId)
        .where('context_id', '=', context.contextId)
        .executeTakeFirst();
      if (!row?.memberships_url) return;
      if (row.roster_synced_at !== null && this.now() - row.roster_synced_at < launchSyncEveryMs) return;
      const result = await this.sync(row.course_id, null);
      this.logger.info({ courseId: row.course_id, ...result }, 'LMS roster synced after a launch');
    } catch (err) {
      this.logger.warn({ err, ...context }, 'the LMS roster sync after a launch failed');
    }
  }

  /**
   * The LMS the course is linked to, null when none: what the course view
   * needs to offer a sync. A course several LMS courses link to is named by
   * the first; it offers a roster or groups when any of them does, as a sync
   * reads them all, and was synced when the last of them was.
   */
  async link(courseId: string): Promise<LmsLink | null> {
    const contexts = await this.db
      .selectFrom('lti_contexts')
      .select(['issuer', 'title', 'memberships_url', 'groups_url', 'roster_synced_at'])
      .where('course_id', '=', courseId)
      .orderBy('created_at')
      .orderBy('context_id')
      .execute();
    const [first] = contexts;
    if (!first) return null;
    const synced = contexts.map((c) => c.roster_synced_at).filter((at): at is number => at !== null);
    return {
      title: first.title,
      platform: first.issuer,
      rosterSyncedAt: synced.length > 0 ? Math.max(...synced) : null,
      offersRoster: contexts.some((c) => c.memberships_url !== null),
      offersGroups: contexts.some((c) => c.groups_url !== null),
    };
  }

  /** Syncs the course's roster from every LMS course linked to it; `by` is the instructor who asked (null: a launch). */
  sync(courseId: string, by: string | null): Promise<RosterSyncResult> {
    // One sync of a course at a time; a second request while one runs gets its result.
    let running = this.#running.get(courseId);
    if (!running) {
      running = this.#sync(courseId, by).finally(() => this.#running.delete(courseId));
      this.#running.set(courseId, running);
    }
    return running;
  }

  async #sync(courseId: string, by: string | null): Promise<RosterSyncResult> {
    const contexts = await this.db
      .selectFrom('lti_contexts')
      .selectAll()
      .where('course_id', '=', courseId)
      .where('memberships_url', 'is not', null)
      .execute();
    if (contexts.length === 0) throw conflict('This course has no LMS roster to sync: launch Commonplace from the LMS course first, with the Names and Roles service on.');
    const rosters: { context: ContextRow; people: RosterPerson[] }[] = [];
    for (const context of contexts) {
      const platform = { issuer: context.issuer, clientId: context.client_id };
      rosters.push({ context, people: await fetchRoster(this.tokens, platform, context.memberships_url!, [ltiScopes.memberships]) });
    }
    return this.#apply(courseId, by, rosters);
  }

  async #apply(courseId: string, by: string | null, rosters: { context: ContextRow; people: RosterPerson[] }[]): Promise<RosterSyncResult> {
    return this.teams.transaction(async ({ trx, changes }) => {
      await lockCourse(trx, this.kind, courseId);
      const at = this.now();
      const members = new Map(
        (await trx.selectFrom('memberships').select(['user_id', 'role']).where('group_id', '=', courseId).execute()).map((m) => [m.user_id, m.role as Role]),
      );
      const fromRoster = new Set(
        (await trx.selectFrom('lti_roster_members').select('user_id').where('course_id', '=', courseId).execute()).map((r) => r.user_id),
      );
      const listed = new Set<string>();
      const result = { added: 0, removed: 0, unchanged: 0 };
      let instructorsChanged = false;

      for (const { context, people } of rosters) {
        for (const person of people) {
          if (!person.active || person.role === null) continue;
          const { userId } = await lmsAccount(trx, { issuer: context.issuer, subject: person.subject, name: person.name, email: person.email }, at);
          if (listed.has(userId)) continue;
          listed.add(userId);
          if (members.has(userId)) {
            result.unchanged += 1;
            if (fromRoster.has(userId)) await trx.updateTable('lti_roster_members').set({ synced_at: at }).where('course_id', '=', courseId).where('user_id', '=', userId).execute();
            continue;
          }
          await trx.insertInto('memberships').values({ group_id: courseId, user_id: userId, role: person.role, created_at: at }).execute();
          await trx
            .insertInto('lti_roster_members')
            .values({ course_id: courseId, user_id: userId, synced_at: at })
            .onConflict((oc) => oc.columns(['course_id', 'user_id']).doUpdateSet({ synced_at: at }))
            .execute();
          await recordEvent(trx, { type: 'member-joined', groupId: courseId, actorId: by ?? userId, subjectId: userId, payload: { role: person.role }, at });
          changes.memberships.push({ type: 'membership-changed', groupId: courseId, userId, role: person.role });
          members.set(userId, person.role);
          if (person.role === 'instructor') instructorsChanged = true;
          result.added += 1;
        }
      }

      // A roster that lists nobody is a broken answer more likely than an empty class: nobody is removed on its word.
      const instructors = [...members.values()].filter((role) => role === 'instructor').length;
      let instructorsLeft = instructors;
      if (listed.size > 0) {
        for (const userId of fromRoster) {
          const role = members.get(userId);
          if (listed.has(userId) || role === undefined) continue;
          // The course always keeps an instructor, whatever the roster says.
          if (role === 'instructor' && instructorsLeft <= 1) continue;
          await trx.deleteFrom('memberships').where('group_id', '=', courseId).where('user_id', '=', userId).execute();
          await trx.deleteFrom('lti_roster_members').where('course_id', '=', courseId).where('user_id', '=', userId).execute();
          await recordEvent(trx, { type: 'member-left', groupId: courseId, actorId: by ?? userId, subjectId: userId, at });
          changes.memberships.push({ type: 'membership-changed', groupId: courseId, userId, role: null });
          changes.memberships.push(...(await leaveCourseTeams(trx, courseId, userId)));
          if (role === 'instructor') {
            instructorsLeft -= 1;
            instructorsChanged = true;
          }
          result.removed += 1;
        }
      }
      if (instructorsChanged) changes.memberships.push(...(await matchCourseInstructors(trx, courseId, undefined, at)));
      for (const { context } of rosters) {
        await trx
          .updateTable('lti_contexts')
          .set({ roster_synced_at: at })
          .where('issuer', '=', context.issuer)
          .where('deployment_id', '=', context.deployment_id)
          .where('context_id', '=', context.context_id)
          .execute();
      }
      return { ...result, syncedAt: at };
    });
  }
}
