// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveRoutes } from '../api/fake-server';
import { renderRoutes } from '../app/render-routes';
import { ForgotPasswordPage } from './forgot-password-page';
import { ResetPasswordPage } from './reset-password-page';

const token = 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst';
const ada = { id: 'aaaaaaaaaaaaaaaa', email: 'ada@example.test', name: 'Ada' };

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

function renderAt(path: string) {
  renderRoutes(
    [
      { path: '/reset-password/:token', element: <ResetPasswordPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '*', element: <Where /> },
    ],
    path,
  );
}

function choose(password: string, repeated = password) {
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: password } });
  fireEvent.change(screen.getByLabelText('Repeat the new password'), { target: { value: repeated } });
  fireEvent.click(screen.getByRole('button', { name: 'Save and sign in' }));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The server's answer to the page's check of the link: live, for Ada's account. */
const liveLink = { 'POST /api/auth/password-reset/check': () => json(200, { email: ada.email }) };
const deadLink = (message: string) => () => json(400, { error: { code: 'reset_link_invalid', message } });

describe('ResetPasswordPage', () => {
  it('checks the link, names its account, sends the token with the new password, and goes home signed in', async () => {
    const sent: unknown[] = [];
    serveRoutes({
      'POST /api/auth/password-reset/check': (init) => {
        sent.push(JSON.parse(String(init?.body)));
        return json(200, { email: ada.email });
      },
      'POST /api/auth/password-reset/confirm': (init) => {
        sent.push(JSON.parse(String(init?.body)));
        return new Response(null, { status: 204 });
      },
      'GET /api/auth/me': () => json(200, { user: ada }),
    });
    renderAt(`/reset-password/${token}`);
    expect(screen.getByRole('status').textContent).toBe('Checking the link…');
    expect(await screen.findByText(/^For ada@example.test: it replaces the old password/)).toBeTruthy();
    // The account's username beside the new password, for a password manager to save it under.
    const username = document.querySelector<HTMLInputElement>('form input[autocomplete="username"]');
    expect(username?.value).toBe(ada.email);
    choose('a brand new password');
    expect((await screen.findByTestId('where')).textContent).toBe('/');
    expect(sent).toEqual([{ token }, { token, password: 'a brand new password' }]);
  });

  it('says at once that a used or expired link is dead, with the way to a new one, and offers no form', async () => {
    serveRoutes({ 'POST /api/auth/password-reset/check': deadLink('This reset link has expired. Ask for a new one.') });
    renderAt(`/reset-password/${token}`);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This reset link has expired.');
    expect(screen.queryByLabelText('New password')).toBeNull();
    fireEvent.click(screen.getByRole('link', { name: 'Get a new link' }));
    expect(await screen.findByRole('heading', { name: 'Forgot your password?' })).toBeTruthy();
  });

  it('says at once that a link mangled out of the shape of any token is not valid, without asking the server', async () => {
    let checks = 0;
    serveRoutes({ 'POST /api/auth/password-reset/check': () => (checks++, json(200, { email: ada.email })) });
    renderAt(`/reset-password/${token.repeat(5)}`);
    expect(screen.getByRole('alert').textContent).toContain('This reset link is not valid. Ask for a new one.');
    expect(screen.getByRole('link', { name: 'Get a new link' })).toBeTruthy();
    expect(screen.queryByLabelText('New password')).toBeNull();
    expect(checks).toBe(0);
  });

  it('explains a link used since the page opened, when the new password is sent', async () => {
    serveRoutes({ ...liveLink, 'POST /api/auth/password-reset/confirm': deadLink('This reset link was used already. Ask for a new one.') });
    renderAt(`/reset-password/${token}`);
    await screen.findByLabelText('New password');
    choose('a brand new password');
    expect((await screen.findByRole('alert')).textContent).toContain('This reset link was used already.');
    expect(screen.getByRole('link', { name: 'Get a new link' })).toBeTruthy();
    expect(screen.queryByLabelText('New password')).toBeNull();
  });

  it('says why the link could not be checked, and checks again when asked', async () => {
    let refusals = 1;
    serveRoutes({
      'POST /api/auth/password-reset/check': () =>
        refusals-- > 0 ? json(429, { error: { code: 'rate_limited', message: 'Too many password reset attempts from your network.' } }) : json(200, { email: ada.email }),
    });
    renderAt(`/reset-password/${token}`);
    expect((await screen.findByRole('alert')).textContent).toContain('Too many attempts');
    fireEvent.click(screen.getByRole('button', { name: 'Check the link again' }));
    expect(await screen.findByLabelText('New password')).toBeTruthy();
  });

  it('checks the password as sign-up does, and that it was typed the same twice, before asking the server', async () => {
    const fetch = serveRoutes(liveLink);
    renderAt(`/reset-password/${token}`);
    await screen.findByLabelText('New password');
    choose('short');
    expect(await screen.findByText('At least 8 characters')).toBeTruthy();
    choose('a brand new password', 'a brand new pasword');
    expect(await screen.findByText('Not the same as the new password')).toBeTruthy();
    // The link's check only: no new password was sent.
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('ForgotPasswordPage', () => {
  it('asks for a link and says it comes if the email has an account', async () => {
    const sent: unknown[] = [];
    serveRoutes({
      'POST /api/auth/password-reset': (init) => {
        sent.push(JSON.parse(String(init?.body)));
        return json(202, { validForMinutes: 60 });
      },
    });
    renderAt('/forgot-password');
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: ' Ada@Example.test ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send me a link' }));
    expect(await screen.findByRole('heading', { name: 'Check your mail' })).toBeTruthy();
    expect(screen.getByText(/If ada@example.test has a Commonplace account/)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('60 minutes');
    expect(sent).toEqual([{ email: 'ada@example.test' }]);
  });
});
