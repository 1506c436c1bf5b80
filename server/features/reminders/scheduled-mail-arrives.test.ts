import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationSettings, type NotificationSettings } from '../../../shared/schemas/notifications';
import { newId } from '../../db/ids';
import { testClock } from '../../testing/test-clock';
import { rawHeader, startTestMailServer, type TestMailServer } from '../../testing/test-mail-server';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { block, comment, createTeam, endSessions } from '../activity/test-activity';
import { seedClass } from '../assignments/test-class';
import { rowOfSettings } from '../notifications/settings-store';

const hour = 60 * 60 * 1000;

/**
 * The scheduled mail end to end: the hourly run queues it, the outbox's
 * worker sends it to a real SMTP server, and it arrives once, with its
 * one-click unsubscribe; a second run at the same hour sends nothing more.
 */
describe('scheduled mail arrives', () => {
  const clock = testClock();
  let mailServer: TestMailServer;
  let server: TestServer;

  const setClock = (at: number) => clock.advance(at - clock.now());
  const choose = (user: TestUser, settings: NotificationSettings) =>
    server.domain.store.db.insertInto('notification_settings').values(rowOfSettings(user.user.id, settings, clock.now())).execute();
  /** The run of `at`, then everything the outbox holds sent. */
  const runAt = async (at: number) => {
    setClock(at);
    await server.domain.schedule.runDue(clock.now());
    await server.domain.mail.kick();
  };
  const receivedBy = (user: TestUser) => mailServer.received.filter((mail) => mail.to.includes(user.user.email));

  beforeAll(async () => {
    mailServer = await startTestMailServer();
    server = await startTestServer({ SMTP_URL: mailServer.url, APP_ORIGIN: 'https://commonplace.example' }, { now: clock.now });
  });
  afterAll(async () => {
    await server?.close();
    await mailServer?.close();
  });

  it('the digest at 9 in Paris, 08:00 UTC in winter, once, and none the next day with nothing new', async () => {
    const team = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
    ]);
    const { Ines: ines, Ana: ana } = team.people as { Ines: TestUser; Ana: TestUser };
    await choose(ana, { ...defaultNotificationSettings, digest: { frequency: 'daily', hour: 9, weekday: 1 }, timeZone: 'Europe/Paris' });
    await choose(ines, { ...defaultNotificationSettings, digest: { frequency: 'off', hour: 8, weekday: 1 } });
    await server.api('POST', '/api/feed/seen', { as: ana, body: {} });

    const eight = Date.UTC(new Date().getUTCFullYear() + 1, 0, 15, 8);
    setClock(eight - 2 * hour);
    await team.writers.edit(ines, (f) => f.insert(0, [block('paragraph', 'The plan, by Ines.')]));
    await endSessions(server, clock.now());
    await comment(server, team, ines, 'Ana, can you check the plan?', 'plan');

    await runAt(eight);
    const mail = await mailServer.waitFor((m) => m.to.includes(ana.user.email));
    expect(mail.subject).toBe('2 new updates in Commonplace');
    expect(mail.text).toContain('Ana, can you check the plan?');
    expect(rawHeader(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(mail.raw, 'List-Unsubscribe')).toMatch(/^<https:\/\/commonplace\.example\/api\/unsubscribe\/\S+>$/);

    await server.domain.schedule.runDue(clock.now());
    await server.domain.mail.kick();
    await runAt(eight + 24 * hour);
    expect(receivedBy(ana)).toHaveLength(1);
  });

  it('reminders 48 hours before the due time to the team that has not submitted, and the summary to the instructor', async () => {
    const [ines, ana, cleo] = await server.createUsers('Ines', 'Ana', 'Cleo');
    for (const person of [ines, ana, cleo]) await choose(person, { ...defaultNotificationSettings, digest: { frequency: 'off', hour: 8, weekday: 1 } });
    const dueAt = Math.ceil((clock.now() + 72 * hour) / hour) * hour;
    const seeded = await seedClass(server.domain.store.db, {
      instructorId: ines.user.id,
      teams: [
        { name: 'Team Late', memberIds: [ana.user.id] },
        { name: 'Team Done', memberIds: [cleo.user.id] },
      ],
      dueAt,
      at: clock.now(),
    });
    await server.domain.store.db
      .insertInto('submissions')
      .values({ assignment_id: seeded.assignmentId, team_id: seeded.teams[1]!.id, version_id: newId(), submitted_by: cleo.user.id, submitted_at: clock.now() })
      .execute();

    await runAt(dueAt - 48 * hour);
    const toAna = await mailServer.waitFor((m) => m.to.includes(ana.user.email));
    expect(toAna.subject).toBe('Reminder: Essay is due in 2 days');
    expect(toAna.text).toContain(`https://commonplace.example/docs/${seeded.teams[0]!.docId}`);
    const summary = await mailServer.waitFor((m) => m.to.includes(ines.user.email));
    expect(summary.subject).toBe('Reminder: 1 team has not submitted Essay');

    await runAt(dueAt - 47 * hour);
    expect(receivedBy(ana)).toHaveLength(1);
    expect(receivedBy(cleo)).toHaveLength(0);
  });
});
