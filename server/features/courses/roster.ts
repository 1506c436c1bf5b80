import type { Kysely } from 'kysely';
import { readRoster } from '../../../shared/roster-rows';
import type { RosterReport } from '../../../shared/schemas/roster';
import type { DatabaseKind } from '../../db/database';
import type { Database } from '../../db/schema';
import { recordEvent } from '../activity/event-log';
import { planRoster } from './roster-plan';
import { learnerPlaces, lockCourse, requireCourse } from './team-members';
import type { Teams } from './teams';

/**
 * Importing a course's roster from a CSV file. A preview reports every row
 * and changes nothing. Applying works the plan out again inside one
 * transaction, under the course's lock, and applies all of it or nothing:
 * any error in the file or a row refuses the whole import, so a half-read
 * class never ends up in the course. Applying adds accounts to the course
 * as learners, invites the addresses without one (they join, and their
 * team, when they sign up), makes the teams the roster names, places each
 * learner in theirs, and keeps each row's other columns for balancing teams.
 */
export class Roster {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: DatabaseKind,
    private readonly teams: Teams,
    private readonly now: () => number = Date.now,
  ) {}

  /** What importing `bytes` would do; nothing changes. */
  async preview(courseId: string, bytes: Uint8Array): Promise<RosterReport> {
    requireCourse(await this.teams.course(courseId));
    return (await planRoster(this.db, courseId, readRoster(bytes))).report;
  }

  /** Imports `bytes` when it is ready; otherwise changes nothing and returns the report saying why (`applied: false`). */
  async apply(courseId: string, by: string, bytes: Uint8Array): Promise<RosterReport> {
    const reading = readRoster(bytes);
    return this.teams.transaction(async (within) => {
      const { trx, changes } = within;
      requireCourse(await lockCourse(trx, this.kind, courseId));
      const plan = await planRoster(trx, courseId, reading);
      if (!plan.report.ready) return plan.report;
      const at = this.now();

      for (const userId of plan.joins) {
        await trx.insertInto('memberships').values({ group_id: courseId, user_id: userId, role: 'member', created_at: at }).execute();
        await recordEvent(trx, { type: 'member-joined', groupId: courseId, actorId: userId, subjectId: userId, payload: { role: 'member' }, at });
        changes.memberships.push({ type: 'membership-changed', groupId: courseId, userId, role: 'member' });
      }
      for (const part of batches(plan.invites)) {
        await trx
          .insertInto('email_invites')
          .values(part.map((email) => ({ group_id: courseId, email, role: 'member' as const, created_by: by, created_at: at })))
          .onConflict((oc) => oc.columns(['group_id', 'email']).doUpdateSet({ role: 'member', created_by: by }))
          .execute();
      }

      // The teams the roster names that the course lacks, each made with the learners placed in it.
      const ids = new Map(plan.teamIds);
      const joining = new Map<string, string[]>();
      for (const { userId, team } of plan.placements) {
        if (plan.newTeams.has(team)) joining.set(team, [...(joining.get(team) ?? []), userId]);
      }
      for (const [key, name] of plan.newTeams) {
        const team = await this.teams.create(courseId, by, { name, memberIds: joining.get(key) ?? [] }, within);
        ids.set(key, team.id);
      }
      for (const { userId, team } of plan.placements) {
        if (!plan.newTeams.has(team)) await this.teams.placeLearner(courseId, ids.get(team)!, userId, by, within);
      }

      // A later import replaces what an earlier one said of the same address.
      for (const part of batches(plan.entries)) {
        await trx
          .insertInto('roster_entries')
          .values(
            part.map((entry) => ({
              course_id: courseId,
              email: entry.email,
              attributes: JSON.stringify(entry.attributes),
              pending_team_id: entry.pendingTeam === null ? null : (ids.get(entry.pendingTeam) ?? null),
              imported_by: by,
              imported_at: at,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['course_id', 'email']).doUpdateSet((eb) => ({
              attributes: eb.ref('excluded.attributes'),
              pending_team_id: eb.ref('excluded.pending_team_id'),
              imported_by: eb.ref('excluded.imported_by'),
              imported_at: eb.ref('excluded.imported_at'),
            })),
          )
          .execute();
      }
      return { ...plan.report, applied: true };
    });
  }

  /**
   * After sign-up (and after the course's email invite made them a learner):
   * places the new account in the team its roster row named. A team deleted
   * since, or a learner already placed by hand, is left as it is.
   */
  async takeUp(userId: string, email: string): Promise<void> {
    const waiting = await this.db
      .selectFrom('roster_entries')
      .select(['course_id', 'pending_team_id'])
      .where('email', '=', email)
      .where('pending_team_id', 'is not', null)
      .execute();
    for (const { course_id: courseId, pending_team_id: teamId } of waiting) {
      await this.teams.transaction(async (within) => {
        const { trx } = within;
        await lockCourse(trx, this.kind, courseId);
        const learner = await trx
          .selectFrom('memberships')
          .select('role')
          .where('group_id', '=', courseId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        const placed = await learnerPlaces(trx, courseId).select('memberships.group_id').where('memberships.user_id', '=', userId).executeTakeFirst();
        if (learner?.role === 'member' && !placed && teamId) await this.teams.placeLearner(courseId, teamId, userId, userId, within);
        await trx.updateTable('roster_entries').set({ pending_team_id: null }).where('course_id', '=', courseId).where('email', '=', email).execute();
      });
    }
  }
}

/** Rows written in one statement at a time: few round trips, well under any driver's limit of parameters. */
function batches<T>(items: readonly T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
