import type { Kysely } from 'kysely';
import type { AssignmentRow, Database } from '../../db/schema';
import type { Logger } from '../../logger';
import type { ClassTeamRecord, ClassView } from '../assignments/class-view';
import { newId } from '../../db/ids';
import { enqueueMail } from '../mail/outbox';
import type { ScheduledJob } from '../mail/schedule';
import { unsubscribePath, type UnsubscribeTokens } from '../mail/unsubscribe-token';
import { mailMayGoAt } from '../notifications/quiet-hours';
import { readNotificationSettings } from '../notifications/settings-store';
import { instructorSummary, learnerReminder, type RenderedMail, type ReminderStep, reminderSteps } from './reminder-mail';

/**
 * Assignment reminders: 48 and 24 hours before a team's due time (its own
 * when extended), each learner of a team that has not submitted is
 * reminded, and the course's instructors get one summary of the teams at
 * risk. Each hourly run looks at what is due from its time on, not at what
 * the last run did, so a late run (the server was down) still sends the
 * 24-hour reminder while the due time is ahead, and never the 48-hour one
 * once less than 24 hours are left.
 *
 * Every mail has a key per recipient, team, due time and step: a second
 * run, a second instance or the next hour adds nothing, while an extension
 * (a new due time) earns its own reminders. Each is in the recipient's
 * notification inbox too. A member whose `reminders` setting is off gets no
 * mail; a reminder is not held for the digest (it would come too late), so
 * `digest` counts as on.
 */
export class Reminders {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly classView: Pick<ClassView, 'teams'>,
    private readonly unsubscribeTokens: Pick<UnsubscribeTokens, 'sign'>,
    private readonly publicOrigin: () => string,
    private readonly logger: Logger,
  ) {}

  job(): ScheduledJob {
    return { name: 'reminders', pattern: '0 * * * *', run: (_at, now) => this.run(now) };
  }

  /** Reminds of what is due in the next 48 hours as of `now`. */
  async run(now: number): Promise<void> {
    const horizon = now + reminderSteps['48h'].beforeMs;
    const assignments = await this.db
      .selectFrom('assignments')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('due_at', '>', now), eb('due_at', '<=', horizon)]),
          // A team's extension can bring a due time into the window whatever the assignment's own.
          eb.exists(
            eb
              .selectFrom('assignment_teams')
              .select('assignment_teams.team_id')
              .whereRef('assignment_teams.assignment_id', '=', 'assignments.id')
              .where('assignment_teams.due_at', '>', now)
              .where('assignment_teams.due_at', '<=', horizon),
          ),
        ]),
      )
      .orderBy('due_at')
      .execute();
    for (const assignment of assignments) {
      try {
        await this.#assignment(assignment, now);
      } catch (err) {
        this.logger.error({ err, assignmentId: assignment.id }, 'assignment reminders failed');
      }
    }
  }

  async #assignment(assignment: AssignmentRow, now: number): Promise<void> {
    const teams = await this.classView.teams(assignment);
    // Teams at risk by due time and step: most share the assignment's, an extended one has its own.
    const atRisk = new Map<string, { dueAt: number; step: ReminderStep; teams: ClassTeamRecord[] }>();
    for (const team of teams) {
      const step = reminderStep(team, now);
      if (step === null) continue;
      for (const member of team.members) {
        await this.#send(member.userId, member.email, `reminder:${assignment.id}:${team.team.id}:${member.userId}:${team.dueAt}:${step}`, team.dueAt, now, (timeZone, links) =>
          learnerReminder({ assignmentId: assignment.id, title: assignment.title, team, step, timeZone }, links),
        );
      }
      const group = `${team.dueAt}:${step}`;
      const entry = atRisk.get(group) ?? { dueAt: team.dueAt, step, teams: [] };
      entry.teams.push(team);
      atRisk.set(group, entry);
    }
    if (atRisk.size === 0) return;
    const instructors = await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email'])
      .where('memberships.group_id', '=', assignment.course_id)
      .where('memberships.role', '=', 'instructor')
      .execute();
    for (const { dueAt, step, teams: risky } of atRisk.values()) {
      for (const instructor of instructors) {
        await this.#send(instructor.id, instructor.email, `reminder-summary:${assignment.id}:${instructor.id}:${dueAt}:${step}`, dueAt, now, (timeZone, links) =>
          instructorSummary({ assignmentId: assignment.id, title: assignment.title, teams: risky, dueAt, step, timeZone }, links),
        );
      }
    }
  }

  async #send(
    userId: string,
    to: string,
    key: string,
    dueAt: number,
    now: number,
    render: (timeZone: string, links: { origin: string; unsubscribeUrl: string }) => RenderedMail,
  ): Promise<void> {
    const settings = await readNotificationSettings(this.db, userId);
    const origin = this.publicOrigin();
    const unsubscribeUrl = `${origin}${unsubscribePath(await this.unsubscribeTokens.sign(userId, 'reminders'))}`;
    const { inbox, ...mail } = render(settings.timeZone, { origin, unsubscribeUrl });
    // Quiet hours hold a reminder back, but not past the due time it is about.
    const mayGo = mailMayGoAt(settings, now);
    await this.db.transaction().execute(async (trx) => {
      // The inbox holds every reminder, mailed or not; marked mailed, so the
      // notification mail never sends it a second time.
      await trx
        .insertInto('notifications')
        .values({ id: newId(), user_id: userId, kind: 'reminders', actor_id: null, group_id: null, doc_id: null, thread_id: null, cause: key, text: inbox.text, link: inbox.path, created_at: now, read_at: null, mailed_at: now })
        .onConflict((conflict) => conflict.columns(['user_id', 'cause']).doNothing())
        .execute();
      if (settings.delivery.reminders === 'off') return;
      await enqueueMail(trx, { key, userId, to, kind: 'reminder', unsubscribeKind: 'reminders', ...mail, notBefore: mayGo < dueAt ? mayGo : now }, now);
    });
  }
}

/**
 * Which reminder a team is owed at `now`: none once submitted or past its
 * due time, or more than 48 hours before it; the 24-hour one within 24
 * hours of it (the 48-hour one then would come after it, so it never does);
 * the 48-hour one before that.
 */
export function reminderStep(team: Pick<ClassTeamRecord, 'submittedAt' | 'dueAt'>, now: number): ReminderStep | null {
  if (team.submittedAt !== null) return null;
  const left = team.dueAt - now;
  if (left <= 0 || left > reminderSteps['48h'].beforeMs) return null;
  return left <= reminderSteps['24h'].beforeMs ? '24h' : '48h';
}
