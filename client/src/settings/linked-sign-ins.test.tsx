// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoutes } from '../app/render-routes';
import { SettingsPage } from './settings-page';
import { json, serveRoutes } from '../api/fake-server';
import { defaultNotificationSettings } from '../../../shared/schemas/notifications';

const me = () => json(200, { user: { id: 'abcdefghijklmnop', email: 'ada@school.test', name: 'Ada Lovelace' } });
const providers = () => json(200, { providers: [{ id: 'northfield', name: 'Northfield High' }] });
const school = { id: 'idschool1', kind: 'oidc', provider: 'northfield', providerName: 'Northfield High', email: 'ada@school.test', createdAt: Date.UTC(2026, 2, 3) };
const lms = { id: 'idlms0001', kind: 'lti', provider: 'https://canvas.test', providerName: 'https://canvas.test', email: null, createdAt: Date.UTC(2026, 3, 1) };

/** The settings page also shows notification settings: answered with the defaults here. */
const serveSettings = (routes: Parameters<typeof serveRoutes>[0]) =>
  serveRoutes({ 'GET /api/me/notification-settings': () => json(200, defaultNotificationSettings), ...routes });

function renderSettings(path = '/settings') {
  renderRoutes([{ path: '/settings', element: <SettingsPage /> }], path);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('linked sign-ins in settings', () => {
  it('lists each linked sign-in and offers to link each provider, coming back to settings', async () => {
    serveSettings({
      'GET /api/auth/me': me,
      'GET /api/auth/providers': providers,
      'GET /api/auth/identities': () => json(200, { identities: [school, lms], hasPassword: true }),
    });
    renderSettings();
    const list = await screen.findByRole('list', { name: 'Linked sign-ins' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Northfield High');
    expect(rows[0]!.textContent).toContain('ada@school.test');
    expect(rows[0]!.querySelector('time')?.getAttribute('dateTime')).toBe('2026-03-03T00:00:00.000Z');
    expect(rows[1]!.textContent).toContain('https://canvas.test');
    const link = screen.getByRole('link', { name: 'Link Northfield High' });
    expect(link.getAttribute('href')).toBe('/api/auth/oidc/northfield/start?returnTo=%2Fsettings&link=1');
    // With a password, the password can be changed here too.
    expect(screen.getByRole('heading', { name: 'Password' })).toBeTruthy();
    // Named by its account, for password managers: a hidden username field beside the passwords.
    const form = screen.getByRole('form', { name: 'Change password' });
    await vi.waitFor(() => expect(form.querySelector('input[autocomplete="username"]')?.getAttribute('value')).toBe('ada@school.test'));
    expect(form.querySelector<HTMLInputElement>('input[autocomplete="username"]')?.hidden).toBe(true);
  });

  it('will not remove the last way in, and says why', async () => {
    serveSettings({
      'GET /api/auth/me': me,
      'GET /api/auth/providers': providers,
      'GET /api/auth/identities': () => json(200, { identities: [school], hasPassword: false }),
    });
    renderSettings();
    const remove = await screen.findByRole('button', { name: 'Remove Northfield High (ada@school.test)' });
    expect((remove as HTMLButtonElement).disabled).toBe(true);
    const why = document.getElementById(remove.getAttribute('aria-describedby') ?? '');
    expect(why?.textContent).toContain('This is your only way to sign in');
    // No password to change on an account made by a school sign-in.
    expect(screen.queryByRole('heading', { name: 'Password' })).toBeNull();
  });

  it('removes a sign-in and shows the list without it; shows the server’s refusal in words', async () => {
    let identities = [school, lms];
    let refuse = false;
    const fetch = serveRoutes({
      'GET /api/auth/me': me,
      'GET /api/auth/providers': providers,
      'GET /api/auth/identities': () => json(200, { identities, hasPassword: false }),
      'DELETE /api/auth/identities/idlms0001': () => {
        if (refuse) return json(409, { error: { code: 'last_way_in', message: 'This is the last way into your account.' } });
        identities = [school];
        return new Response(null, { status: 204 });
      },
    });
    renderSettings();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove https://canvas.test' }));
    await vi.waitFor(() => expect(screen.queryByText('https://canvas.test')).toBeNull());
    expect(fetch.mock.calls.some(([path, init]) => path === '/api/auth/identities/idlms0001' && init?.method === 'DELETE')).toBe(true);

    // Another device removed the other way in meanwhile: the server refuses, and the page says so.
    cleanup();
    identities = [school, lms];
    refuse = true;
    renderSettings();
    fireEvent.click(await screen.findByRole('button', { name: 'Remove https://canvas.test' }));
    expect((await screen.findByRole('alert')).textContent).toContain('This is the last way into your account.');
  });

  it('shows why linking failed when the server sent the person back here with a reason', async () => {
    serveSettings({
      'GET /api/auth/me': me,
      'GET /api/auth/providers': providers,
      'GET /api/auth/identities': () => json(200, { identities: [], hasPassword: true }),
    });
    renderSettings('/settings?signInError=identity_taken');
    expect((await screen.findByRole('alert')).textContent).toContain('already linked to another Commonplace account');
    expect(screen.getByText(/No school sign-in is linked/)).toBeTruthy();
  });
});
