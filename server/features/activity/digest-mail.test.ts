import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationSettings, type NotificationSettings } from '../../../shared/schemas/notifications';
import { rowOfSettings } from '../notifications/settings-store';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { DigestMail, digestDue, isoWeek, latestDigestTime } from './digest-mail';
import { block, comment, createTeam, endSessions, type Team } from './test-activity';

const hour = 60 * 60 * 1000;
const day = 24 * hour;
const origin = 'https://commonplace.example';

/** 15 January of next year at `utcHour`:00 UTC: winter in Paris (UTC+1), always ahead of the real clock. */
function winterDay(utcHour: number): number {
  return Date.UTC(new Date().getUTCFullYear() + 1, 0, 15, utcHour);
}

function settings(change: Partial<NotificationSettings['digest']> & { timeZone?: string; quietHours?: NotificationSettings['quietHours'] }): NotificationSettings {
  return {
    ...defaultNotificationSettings,
    digest: { ...defaultNotificationSettings.digest, ...change },
    timeZone: change.timeZone ?? defaultNotificationSettings.timeZone,
    quietHours: change.quietHours ?? null,
  };
}

describe('the digest by email', () => {
  const clock = testClock();
  let server: TestServer;
  let team: Team;
  let ana: TestUser;
  let bo: TestUser;
  let cy: TestUser;
  let ines: TestUser;

  const setClock = (at: number) => clock.advance(at - clock.now());
  const digestsOf = (user: TestUser) =>
    server.domain.store.db.selectFrom('outbox_messages').selectAll().where('user_id', '=', user.user.id).where('kind', '=', 'digest').orderBy('created_at').execute();
  const choose = async (user: TestUser, chosen: NotificationSettings) => {
    await server.domain.store.db
      .insertInto('notification_settings')
      .values(rowOfSettings(user.user.id, chosen, clock.now()))
      .onConflict((oc) => oc.column('user_id').doUpdateSet(rowOfSettings(user.user.id, chosen, clock.now())))
      .execute();
  };
  /** The scheduler's run at `at`, as the hourly timer would make it. */
  const runAt = async (at: number) => {
    setClock(at);
    return server.domain.schedule.runDue(clock.now());
  };

  beforeAll(async () => {
    server = await startTestServer({ APP_ORIGIN: origin }, { now: clock.now });
    team = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
      ['Bo', 'member'],
      ['Cy', 'member'],
    ]);
    [ana, bo, cy, ines] = (['Ana', 'Bo', 'Cy', 'Ines'] as const).map((name) => team.people[name]!) as [TestUser, TestUser, TestUser, TestUser];
    await choose(ana, settings({ frequency: 'daily', hour: 9, timeZone: 'Europe/Paris' }));
    // Weekly at 9 in Paris, on the weekday of the test's first day.
    await choose(bo, settings({ frequency: 'weekly', hour: 9, weekday: new Date(winterDay(8)).getUTCDay(), timeZone: 'Europe/Paris' }));
    // Daily at 9 in Paris, with quiet hours from 8 to 10 there: the digest waits for their end.
    await choose(cy, settings({ frequency: 'daily', hour: 9, timeZone: 'Europe/Paris', quietHours: { start: 8, end: 10 } }));
    await choose(ines, settings({ frequency: 'off' }));
    for (const person of [ana, bo, cy, ines]) await server.api('POST', '/api/feed/seen', { as: person, body: {} });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('comes at 9 in Paris (08:00 UTC in winter) when something is new, with the digest of the home page, once', async () => {
    setClock(winterDay(6));
    await team.writers.edit(ines, (f) => f.insert(0, [block('paragraph', 'The introduction, by Ines.')]));
    await endSessions(server, clock.now());
    await comment(server, team, ines, 'Who checks the <sources>?', 'introduction');

    // 07:00 UTC is 8 in Paris: not yet.
    await runAt(winterDay(7));
    expect(await digestsOf(ana)).toHaveLength(0);

    const runs = await runAt(winterDay(8));
    expect(runs.map((run) => run.name)).toEqual(expect.arrayContaining(['digest', 'reminders']));
    const [mail] = await digestsOf(ana);
    expect(mail).toMatchObject({
      to_address: ana.user.email,
      unsubscribe_kind: 'digest',
      subject: '2 new updates in Commonplace',
      status: 'queued',
    });
    // Queued to go at once: as the run took it up (the test clock is real time plus what the test advanced).
    expect(mail!.next_attempt_at).toBeGreaterThanOrEqual(winterDay(8));
    expect(mail!.next_attempt_at).toBeLessThanOrEqual(clock.now());
    expect(mail!.idempotency_key).toBe(`digest:${ana.user.id}:${new Date(winterDay(8)).toISOString().slice(0, 10)}`);
    // The digest of the home page, with the way to turn it off.
    const page = await server.api('GET', '/api/feed/digest', { as: ana });
    expect(mail!.text.split('\n--\n')[0]).toBe(page.body.text.split('\n--\n')[0]);
    expect(mail!.text).toContain('Who checks the <sources>?');
    expect(mail!.html).toContain('Who checks the &lt;sources&gt;?');
    expect(mail!.text).toContain(`Notification settings: ${origin}/settings#notifications`);
    const token = /Unsubscribe: https:\/\/commonplace\.example\/api\/unsubscribe\/(\S+)/.exec(mail!.text)![1]!;
    expect(await server.domain.unsubscribeTokens.verify(token)).toEqual({ userId: ana.user.id, kind: 'digest' });

    // Quiet hours hold Cy's back until 10 in Paris.
    expect((await digestsOf(cy))[0]?.next_attempt_at).toBe(winterDay(9));

    // Again at the same hour, from this instance or another: nothing more.
    expect(await server.domain.schedule.runDue(clock.now())).toEqual([]);
    const another = new DigestMail(server.domain.store.db, server.domain.feed, server.domain.unsubscribeTokens, () => origin, server.domain.logger);
    await another.run(winterDay(8), clock.now());
    expect(await digestsOf(ana)).toHaveLength(1);
    expect(await digestsOf(cy)).toHaveLength(1);
  });

  it('is not sent when nothing is new since the last one, though the member did not open the app', async () => {
    await runAt(winterDay(8) + day);
    expect(await digestsOf(ana)).toHaveLength(1);

    // Something new: the next day's digest tells that only.
    setClock(winterDay(8) + day + hour);
    await comment(server, team, cy, 'A second look at the introduction.', 'introduction');
    await runAt(winterDay(8) + 2 * day);
    const mails = await digestsOf(ana);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe('1 new update in Commonplace');
    expect(mails[1]!.text).toContain('A second look at the introduction.');
    expect(mails[1]!.text).not.toContain('Who checks the <sources>?');
  });

  it('weekly: only on its weekday', async () => {
    // Bo had his on the first day (his weekday), and none on the next days, though Cy's comment was new to him.
    expect((await digestsOf(bo)).map((mail) => mail.idempotency_key)).toEqual([`digest:${bo.user.id}:${isoWeek(partsOf(winterDay(8)))}`]);
    await runAt(winterDay(8) + 6 * day);
    expect(await digestsOf(bo)).toHaveLength(1);
    await runAt(winterDay(8) + 7 * day);
    const mails = await digestsOf(bo);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text).toContain('A second look at the introduction.');
  });

  it('a run missed while the server was down is made up by a later run the same morning, not a day late', async () => {
    setClock(winterDay(8) + 7 * day + hour);
    await comment(server, team, ines, 'Please add a conclusion.', 'introduction');
    const before = (await digestsOf(ana)).length;
    // Down at 08:00 UTC; back at 10:30: the run of 10:00 sends what 08:00 owed.
    await runAt(winterDay(8) + 8 * day + 2.5 * hour);
    expect(await digestsOf(ana)).toHaveLength(before + 1);
    expect((await digestsOf(ana)).at(-1)!.text).toContain('Please add a conclusion.');
  });
});

describe('digest times', () => {
  const paris = settings({ frequency: 'daily', hour: 9, timeZone: 'Europe/Paris' });

  it('follow the local hour across a change of the clocks', () => {
    const year = new Date().getUTCFullYear() + 1;
    expect(latestDigestTime(paris, Date.UTC(year, 0, 15, 8))).toBe(Date.UTC(year, 0, 15, 8));
    expect(latestDigestTime(paris, Date.UTC(year, 0, 15, 7, 59))).toBe(Date.UTC(year, 0, 14, 8));
    // Summer time: 9 in Paris is 07:00 UTC.
    expect(latestDigestTime(paris, Date.UTC(year, 6, 15, 7))).toBe(Date.UTC(year, 6, 15, 7));
    expect(latestDigestTime(settings({ frequency: 'off' }), Date.UTC(year, 0, 15, 8))).toBeNull();
  });

  it('a missed time goes late within twelve hours, never twice, and a member never handled starts at this hour', () => {
    const year = new Date().getUTCFullYear() + 1;
    const nine = Date.UTC(year, 0, 15, 8);
    expect(digestDue(paris, nine - day, nine + 3 * hour)).toBe(nine);
    expect(digestDue(paris, nine - day, nine + 13 * hour)).toBeNull();
    expect(digestDue(paris, nine, nine + 3 * hour)).toBeNull();
    expect(digestDue(paris, null, nine)).toBe(nine);
    expect(digestDue(paris, null, nine + hour)).toBeNull();
  });
});

function partsOf(at: number) {
  const date = new Date(at);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
