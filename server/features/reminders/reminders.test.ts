import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationSettings } from '../../../shared/schemas/notifications';
import { newId } from '../../db/ids';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { seedClass, type SeededClass } from '../assignments/test-class';
import { rowOfSettings } from '../notifications/settings-store';
import { reminderStep } from './reminders';

const hour = 60 * 60 * 1000;
const origin = 'https://commonplace.example';

/**
 * Reminders 48 and 24 hours before a team's due time, to the learners of
 * teams that have not submitted, and a summary of those teams to the
 * course's instructors; run by the hourly schedule with a test clock.
 */
describe('assignment reminders', () => {
  const clock = testClock();
  let server: TestServer;
  let ines: TestUser;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let dan: TestUser;
  let seeded: SeededClass;
  let dueAt: number;

  const setClock = (at: number) => clock.advance(at - clock.now());
  const runAt = async (at: number) => {
    setClock(at);
    return server.domain.schedule.runDue(clock.now());
  };
  const reminders = () =>
    server.domain.store.db.selectFrom('outbox_messages').selectAll().where('kind', '=', 'reminder').orderBy('created_at').orderBy('idempotency_key').execute();

  beforeAll(async () => {
    server = await startTestServer({ APP_ORIGIN: origin }, { now: clock.now });
    [ines, ana, ben, cleo, dan] = await server.createUsers('Ines', 'Ana', 'Ben', 'Cleo', 'Dan');
    // Due on the hour, three days on (runs are on the hour: 48 hours before is a run's time).
    dueAt = Math.ceil((clock.now() + 72 * hour) / hour) * hour;
    seeded = await seedClass(server.domain.store.db, {
      instructorId: ines.user.id,
      teams: [
        { name: 'Team Late', memberIds: [ana.user.id, ben.user.id, dan.user.id] },
        { name: 'Team Done', memberIds: [cleo.user.id] },
      ],
      dueAt,
      at: clock.now(),
    });
    const { db } = server.domain.store;
    await db
      .insertInto('submissions')
      .values({ assignment_id: seeded.assignmentId, team_id: seeded.teams[1]!.id, version_id: newId(), submitted_by: cleo.user.id, submitted_at: clock.now() })
      .execute();
    // Dan turned reminders off.
    const off = { ...defaultNotificationSettings, delivery: { ...defaultNotificationSettings.delivery, reminders: 'off' as const } };
    await db.insertInto('notification_settings').values(rowOfSettings(dan.user.id, off, clock.now())).execute();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('48 hours before: the learners of the team that has not submitted, and a summary to the instructor', async () => {
    await runAt(dueAt - 49 * hour);
    expect(await reminders()).toHaveLength(0);

    await runAt(dueAt - 48 * hour);
    const sent = await reminders();
    expect(sent.map((mail) => mail.to_address).sort()).toEqual([ana.user.email, ben.user.email, ines.user.email].sort());
    const team = seeded.teams[0]!;
    const toAna = sent.find((mail) => mail.user_id === ana.user.id)!;
    expect(toAna).toMatchObject({
      idempotency_key: `reminder:${seeded.assignmentId}:${team.id}:${ana.user.id}:${dueAt}:48h`,
      unsubscribe_kind: 'reminders',
      subject: 'Reminder: Essay is due in 2 days',
    });
    expect(toAna.text).toContain('Team Late has not submitted Essay yet.');
    expect(toAna.text).toContain(`Open your team’s copy: ${origin}/docs/${team.docId}`);
    expect(toAna.text).toContain(`Notification settings: ${origin}/settings#notifications`);
    expect(toAna.text).toMatch(/Unsubscribe: https:\/\/commonplace\.example\/api\/unsubscribe\/\S+/);

    const summary = sent.find((mail) => mail.user_id === ines.user.id)!;
    expect(summary.subject).toBe('Reminder: 1 team has not submitted Essay');
    expect(summary.text).toContain('Team Late: not submitted, nothing written yet');
    expect(summary.text).not.toContain('Team Done');
    expect(summary.text).toContain(`Open the class view: ${origin}/assignments/${seeded.assignmentId}`);

    // The inbox holds the same reminders (Dan's too, who gets no mail), and Cleo's team submitted: none.
    const inboxOf = async (user: TestUser) => (await server.api('GET', '/api/notifications', { as: user })).body.items;
    expect(await inboxOf(ana)).toEqual([
      expect.objectContaining({ kind: 'reminders', text: 'Essay is due in 2 days, and Team Late has not submitted it yet.', link: `/docs/${team.docId}`, read: false }),
    ]);
    expect((await inboxOf(dan)).map((item: { kind: string }) => item.kind)).toEqual(['reminders']);
    expect(await inboxOf(cleo)).toEqual([]);
    expect(await inboxOf(ines)).toEqual([expect.objectContaining({ kind: 'reminders', link: `/assignments/${seeded.assignmentId}` })]);
    // Marked mailed already: the notification mail never sends them again.
    const unmailed = await server.domain.store.db.selectFrom('notifications').select('id').where('kind', '=', 'reminders').where('mailed_at', 'is', null).execute();
    expect(unmailed).toEqual([]);

    // The next hours, a second call, add nothing.
    expect(await server.domain.schedule.runDue(clock.now())).toEqual([]);
    await runAt(dueAt - 47 * hour);
    expect(await reminders()).toHaveLength(3);
  });

  it('a run that comes late sends the 24-hour reminder while the due time is ahead, and no 48-hour one after it', async () => {
    // The server was down from 24 hours before until 20 hours before.
    await runAt(dueAt - 20 * hour);
    const sent = await reminders();
    expect(sent).toHaveLength(6);
    const last = sent.slice(3);
    expect(last.map((mail) => mail.idempotency_key.split(':').at(-1))).toEqual(['24h', '24h', '24h']);
    expect(last.find((mail) => mail.user_id === ana.user.id)!.subject).toBe('Reminder: Essay is due in 24 hours');

    await runAt(dueAt - 1 * hour);
    await runAt(dueAt + 1 * hour);
    expect(await reminders()).toHaveLength(6);
  });

  it('which step a team is owed', () => {
    const due = 100 * hour;
    expect(reminderStep({ dueAt: due, submittedAt: null }, due - 49 * hour)).toBeNull();
    expect(reminderStep({ dueAt: due, submittedAt: null }, due - 48 * hour)).toBe('48h');
    expect(reminderStep({ dueAt: due, submittedAt: null }, due - 24 * hour - 1)).toBe('48h');
    expect(reminderStep({ dueAt: due, submittedAt: null }, due - 24 * hour)).toBe('24h');
    expect(reminderStep({ dueAt: due, submittedAt: null }, due)).toBeNull();
    expect(reminderStep({ dueAt: due, submittedAt: due - 50 * hour }, due - 10 * hour)).toBeNull();
  });
});
