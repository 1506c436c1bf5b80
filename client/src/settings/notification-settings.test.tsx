// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { defaultNotificationSettings, type NotificationSettings as Settings } from '../../../shared/schemas/notifications';
import { renderRoutes } from '../app/render-routes';
import { json, serveRoutes } from '../api/fake-server';
import { NotificationSettings } from './notification-settings';
import { SettingsPage } from './settings-page';

const saved: Settings = { ...defaultNotificationSettings, timeZone: 'Asia/Kolkata' };

function renderAt(element: React.ReactElement, path = '/settings') {
  renderRoutes([{ path: '/settings', element }], path);
}

/** The radio button `option` of the choice whose legend is `legend`. */
const option = (legend: string, name: string) => within(screen.getByRole('group', { name: legend })).getByRole('radio', { name });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('notification settings', () => {
  it('shows the saved choices, each kind explained', async () => {
    serveRoutes({ 'GET /api/me/notification-settings': () => json(200, { ...saved, delivery: { ...saved.delivery, mentions: 'digest' } }) });
    renderAt(<NotificationSettings />);
    const mentions = await screen.findByRole('group', { name: 'Mentions' });
    expect(mentions.getAttribute('aria-describedby') && document.getElementById(mentions.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Threads and replies that mention you.',
    );
    expect((option('Mentions', 'In the digest') as HTMLInputElement).checked).toBe(true);
    expect((option('Replies', 'Immediately') as HTMLInputElement).checked).toBe(true);
    for (const kind of ['Replies', 'Mentions', 'Suggestions', 'Decisions', 'Reminders']) expect(screen.getByRole('group', { name: kind })).toBeTruthy();
    expect((screen.getByLabelText('Time zone') as HTMLSelectElement).value).toBe('Asia/Kolkata');
    expect((screen.getByLabelText('Digest hour (your time)') as HTMLSelectElement).value).toBe('8');
    // Daily: no day to choose; no quiet hours: no hours to choose.
    expect(screen.queryByLabelText('Digest day')).toBeNull();
    expect(screen.queryByLabelText('Quiet from')).toBeNull();
  });

  it('saves every change at once and says so', async () => {
    let body: unknown;
    const fetch = serveRoutes({
      'GET /api/me/notification-settings': () => json(200, saved),
      'PATCH /api/me/notification-settings': (init) => {
        body = JSON.parse(String(init?.body));
        return json(200, body);
      },
    });
    renderAt(<NotificationSettings />);
    await screen.findByRole('group', { name: 'Mentions' });
    fireEvent.click(option('Mentions', 'Off'));
    fireEvent.click(option('Reminders', 'In the digest'));
    fireEvent.click(option('The “while you were away” digest by mail', 'Weekly'));
    fireEvent.change(screen.getByLabelText('Digest day'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Digest hour (your time)'), { target: { value: '18' } });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/Paris' } });
    fireEvent.click(screen.getByLabelText(/Hold mail during quiet hours/));
    fireEvent.change(screen.getByLabelText('Quiet until'), { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save notification settings' }));

    expect((await screen.findByRole('status')).textContent).toBe('Notification settings saved.');
    expect(body).toEqual({
      delivery: { ...saved.delivery, mentions: 'off', reminders: 'digest' },
      digest: { frequency: 'weekly', hour: 18, weekday: 5 },
      timeZone: 'Europe/Paris',
      quietHours: { start: 22, end: 6 },
    });
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'PATCH')).toHaveLength(1);
    // A further change takes the "saved" away until it is saved too.
    fireEvent.click(option('Replies', 'Off'));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('will not save quiet hours that start and end at the same hour, and shows the server’s refusal', async () => {
    const fetch = serveRoutes({
      'GET /api/me/notification-settings': () => json(200, { ...saved, quietHours: { start: 22, end: 7 } }),
      'PATCH /api/me/notification-settings': () => json(400, { error: { code: 'validation_failed', message: 'Invalid body. timeZone: is not a known time zone', fields: { timeZone: 'is not a known time zone' } } }),
    });
    renderAt(<NotificationSettings />);
    fireEvent.change(await screen.findByLabelText('Quiet until'), { target: { value: '22' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save notification settings' }));
    const until = screen.getByLabelText('Quiet until');
    expect(until.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(until.getAttribute('aria-describedby')!)?.textContent).toBe('must start and end at different hours');
    expect(fetch.mock.calls.some(([, init]) => init?.method === 'PATCH')).toBe(false);

    fireEvent.change(until, { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save notification settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('is not a known time zone');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('preselects the browser’s time zone for a member who never chose one, until they save', async () => {
    const resolved = Intl.DateTimeFormat.prototype.resolvedOptions;
    vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockImplementation(function (this: Intl.DateTimeFormat) {
      return { ...resolved.call(this), timeZone: 'America/Sao_Paulo' };
    });
    serveRoutes({ 'GET /api/me/notification-settings': () => json(200, defaultNotificationSettings) });
    renderAt(<NotificationSettings />);
    const zone = (await screen.findByLabelText('Time zone')) as HTMLSelectElement;
    expect(zone.value).toBe('America/Sao_Paulo');
    expect(document.getElementById(zone.getAttribute('aria-describedby')!)?.textContent).toContain('Save to use it');
  });

  it('sits on the settings page under the anchor mails link to', async () => {
    // jsdom lays nothing out and has no scrollIntoView: a stand-in records where the page was scrolled to.
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    onTestFinished(() => {
      delete (Element.prototype as Partial<Element>).scrollIntoView;
    });
    serveRoutes({
      'GET /api/auth/me': () => json(200, { user: { id: 'abcdefghijklmnop', email: 'ada@school.test', name: 'Ada Lovelace' } }),
      'GET /api/auth/providers': () => json(200, { providers: [] }),
      'GET /api/auth/identities': () => json(200, { identities: [], hasPassword: true }),
      'GET /api/me/notification-settings': () => json(200, saved),
    });
    renderAt(<SettingsPage />, '/settings#notifications');
    const section = await screen.findByRole('region', { name: 'Notifications' });
    expect(section.id).toBe('notifications');
    await within(section).findByRole('group', { name: 'Replies' });
    await vi.waitFor(() => expect(scrolled).toHaveBeenCalled());
    expect(scrolled.mock.contexts[0]).toBe(section);
  });
});
