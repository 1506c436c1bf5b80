import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationSettings, type NotificationSettings } from '../../../shared/schemas/notifications';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { readNotificationSettings } from './settings-store';

const path = '/api/me/notification-settings';

describe('notification settings', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const settingsRow = (user: TestUser) => server.domain.store.db.selectFrom('notification_settings').selectAll().where('user_id', '=', user.user.id).executeTakeFirst();

  it('are the defaults for a member who never changed them, and need a session', async () => {
    const member = await server.createUser('Ana');
    const { status, body, headers } = await server.api('GET', path, { as: member });
    expect(status).toBe(200);
    expect(body).toEqual(defaultNotificationSettings);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(await settingsRow(member)).toBeUndefined();
    expect((await server.api('GET', path)).status).toBe(401);
    expect((await server.api('PATCH', path, { body: { timeZone: 'Europe/Paris' } })).status).toBe(401);
  });

  it('change a few at a time, keep the rest, and read back the same for the member only', async () => {
    const [member, other] = await server.createUsers('Ben', 'Cleo');
    const first = await server.api<NotificationSettings>('PATCH', path, {
      as: member,
      body: { delivery: { mentions: 'digest', replies: 'off' }, timeZone: 'Asia/Kolkata', quietHours: { start: 22, end: 7 } },
    });
    expect(first.status).toBe(200);
    const expected: NotificationSettings = {
      ...defaultNotificationSettings,
      delivery: { ...defaultNotificationSettings.delivery, mentions: 'digest', replies: 'off' },
      timeZone: 'Asia/Kolkata',
      quietHours: { start: 22, end: 7 },
    };
    expect(first.body).toEqual(expected);

    const second = await server.api<NotificationSettings>('PATCH', path, { as: member, body: { digest: { frequency: 'weekly', weekday: 5 } } });
    const weekly = { ...expected, digest: { frequency: 'weekly', hour: 8, weekday: 5 } };
    expect(second.body).toEqual(weekly);
    expect((await server.api('GET', path, { as: member })).body).toEqual(weekly);
    expect(await readNotificationSettings(server.domain.store.db, member.user.id)).toEqual(weekly);

    const quietOff = await server.api<NotificationSettings>('PATCH', path, { as: member, body: { quietHours: null } });
    expect(quietOff.body.quietHours).toBeNull();
    expect(quietOff.body.timeZone).toBe('Asia/Kolkata');

    expect((await server.api('GET', path, { as: other })).body).toEqual(defaultNotificationSettings);
  });

  it('refuse a bad zone, hour, quiet hours or unknown key with 400, and change nothing', async () => {
    const member = await server.createUser('Dana');
    await server.api('PATCH', path, { as: member, body: { timeZone: 'Europe/Paris', digest: { hour: 18 } } });
    const before = await settingsRow(member);
    const bad: unknown[] = [
      { timeZone: 'Mars/Olympus_Mons' },
      { timeZone: '' },
      { digest: { hour: 24 } },
      { digest: { hour: -1 } },
      { digest: { hour: 7.5 } },
      { digest: { weekday: 7 } },
      { digest: { frequency: 'hourly' } },
      { quietHours: { start: 22, end: 22 } },
      { quietHours: { start: 22 } },
      { delivery: { mentions: 'sometimes' } },
      { delivery: { likes: 'off' } },
      { digest: { hour: 9, colour: 'blue' } },
      { theme: 'dark' },
      // One bad field spoils the whole change: the good one is not applied either.
      { timeZone: 'Asia/Kolkata', digest: { hour: 24 } },
    ];
    for (const body of bad) {
      const response = await server.api('PATCH', path, { as: member, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.message, JSON.stringify(body)).toMatch(/invalid/i);
      expect(await settingsRow(member), JSON.stringify(body)).toEqual(before);
    }
    const zone = await server.api('PATCH', path, { as: member, body: { timeZone: 'Mars/Olympus_Mons' } });
    expect(zone.body.error.fields).toEqual({ timeZone: 'is not a known time zone' });
  });

  it('turn one kind of mail off without touching the others', async () => {
    const member = await server.createUser('Eli');
    await server.api('PATCH', path, { as: member, body: { delivery: { replies: 'digest' }, digest: { frequency: 'weekly' } } });
    const afterMentions = await server.domain.notificationSettings.turnOff(member.user.id, 'mentions');
    expect(afterMentions.delivery).toEqual({ ...defaultNotificationSettings.delivery, replies: 'digest', mentions: 'off' });
    const afterDigest = await server.domain.notificationSettings.turnOff(member.user.id, 'digest');
    expect(afterDigest.digest.frequency).toBe('off');
    expect(afterDigest.delivery.replies).toBe('digest');
  });
});
