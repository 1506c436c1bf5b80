// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderRoutes } from '../app/render-routes';
import { json, serveRoutes } from '../api/fake-server';
import { stubModalDialogs } from '../ui/modal-dialog-stub';
import { AccountPage } from './account-page';

const me = () => json(200, { user: { id: 'abcdefghijklmnop', email: 'ada@school.test', name: 'Ada Lovelace' } });

function renderAccount() {
  renderRoutes(
    [
      { path: '/account', element: <AccountPage /> },
      { path: '/login', element: <p>The sign-in page</p> },
    ],
    '/account',
  );
}

beforeAll(stubModalDialogs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the account page', () => {
  it('downloads the data from the export route, and deletes with the password, landing on sign-in', async () => {
    const fetch = serveRoutes({
      'GET /api/auth/me': me,
      'GET /api/auth/identities': () => json(200, { identities: [], hasPassword: true }),
      'POST /api/me/delete': () => new Response(null, { status: 204 }),
    });
    renderAccount();
    const link = await screen.findByRole('link', { name: 'Download my data' });
    expect(link.getAttribute('href')).toBe('/api/me/export');
    expect(link.hasAttribute('download')).toBe(true);

    fireEvent.click(await screen.findByRole('button', { name: 'Delete account…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete your account?', hidden: true });
    expect(dialog.textContent).toContain('Kept, as “Former member”');
    const confirm = within(dialog).getByRole('button', { name: 'Delete my account', hidden: true });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    // The password's account, named for password managers in a hidden field.
    expect(dialog.querySelector<HTMLInputElement>('input[autocomplete="username"]')?.value).toBe('ada@school.test');
    fireEvent.change(within(dialog).getByLabelText('Your password'), { target: { value: 'my password' } });
    fireEvent.click(confirm);
    await screen.findByText('The sign-in page');
    const call = fetch.mock.calls.find(([path, init]) => path === '/api/me/delete' && init?.method === 'POST');
    expect(JSON.parse(String(call![1]!.body))).toEqual({ currentPassword: 'my password' });
  });

  it('asks an account without a password for the typed phrase, and shows the refusal beside it', async () => {
    serveRoutes({
      'GET /api/auth/me': me,
      'GET /api/auth/identities': () => json(200, { identities: [], hasPassword: false }),
      'POST /api/me/delete': () =>
        json(400, { error: { code: 'bad_request', message: 'Type “delete my account” to confirm.', fields: { confirmation: 'Type “delete my account”' } } }),
    });
    renderAccount();
    await vi.waitFor(() => expect((screen.getByRole('button', { name: 'Delete account…' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Delete account…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete your account?', hidden: true });
    expect(within(dialog).queryByLabelText('Your password')).toBeNull();
    expect(dialog.querySelector('input[autocomplete="username"]')).toBeNull();
    fireEvent.change(within(dialog).getByLabelText('Type “delete my account” to confirm'), { target: { value: 'delete it' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete my account', hidden: true }));
    expect(await within(dialog).findByText('Type “delete my account”')).toBeTruthy();
  });
});
