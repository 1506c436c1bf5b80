// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../app/query-client';
import { json, serveRoutes } from '../api/fake-server';
import { stubModalDialogs } from '../ui/modal-dialog-stub';
import { AccountPage } from './account-page';

const me = () => json(200, { user: { id: 'abcdefghijklmnop', email: 'ada@school.test', name: 'Ada Lovelace' } });

function renderAccount() {
  const router = createMemoryRouter(
    [
      { path: '/account', element: <AccountPage /> },
      { path: '/login', element: <p>Sign in</p> },
    ],
    { initialEntries: ['/account'] },
  );
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
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
    const router = renderAccount();
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
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/login'));
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
