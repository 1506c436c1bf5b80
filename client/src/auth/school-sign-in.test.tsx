// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInErrorMessages } from '../../../shared/schemas/school-sign-in';
import { renderRoutes } from '../app/render-routes';
import { InvitePage } from '../groups/invite-page';
import { LoginPage } from './login-page';
import { SignupPage } from './signup-page';
import { json, serveRoutes } from '../api/fake-server';

const signedOut = () => json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } });

const renderAt = (path: string, routes: { path: string; element: ReactNode }[]) => renderRoutes(routes, path);

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

const twoSchools = () =>
  json(200, {
    providers: [
      { id: 'northfield', name: 'Northfield High' },
      { id: 'entra', name: 'Microsoft' },
    ],
  });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('school sign-in buttons', () => {
  it('offers each configured provider on the sign-in page, starting at the server and coming back to the page asked for', async () => {
    serveRoutes({ 'GET /api/auth/me': signedOut, 'GET /api/auth/providers': twoSchools });
    renderAt('/login?next=%2Fgroups%2Fabcdefghijklmnop', [{ path: '/login', element: <LoginPage /> }]);
    const northfield = await screen.findByRole('link', { name: 'Sign in with Northfield High' });
    expect(northfield.getAttribute('href')).toBe('/api/auth/oidc/northfield/start?returnTo=%2Fgroups%2Fabcdefghijklmnop');
    expect(screen.getByRole('link', { name: 'Sign in with Microsoft' }).getAttribute('href')).toBe(
      '/api/auth/oidc/entra/start?returnTo=%2Fgroups%2Fabcdefghijklmnop',
    );
    expect(screen.getByText('or with your email')).toBeTruthy();
    // The password form is still there.
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });

  it('never passes on a return path to another site', async () => {
    serveRoutes({ 'GET /api/auth/me': signedOut, 'GET /api/auth/providers': twoSchools });
    renderAt('/signup?next=%2F%2Fevil.example', [{ path: '/signup', element: <SignupPage /> }]);
    const link = await screen.findByRole('link', { name: 'Sign in with Northfield High' });
    expect(link.getAttribute('href')).toBe('/api/auth/oidc/northfield/start?returnTo=%2F');
  });

  it('shows no buttons and no divider when no provider is configured', async () => {
    let asked = false;
    serveRoutes({
      'GET /api/auth/me': signedOut,
      'GET /api/auth/providers': () => {
        asked = true;
        return json(200, { providers: [] });
      },
    });
    renderAt('/login', [{ path: '/login', element: <LoginPage /> }]);
    await screen.findByLabelText('Email');
    await vi.waitFor(() => expect(asked).toBe(true));
    expect(screen.queryByRole('list', { name: 'School sign-in' })).toBeNull();
    expect(screen.queryByText('or with your email')).toBeNull();
  });

  it('on an invite, brings the visitor back to the invite to accept it', async () => {
    serveRoutes({ 'GET /api/auth/me': signedOut, 'GET /api/auth/providers': twoSchools });
    renderAt('/invite/abcdefghijklmnopqr', [{ path: '/invite/:code', element: <InvitePage /> }]);
    const link = await screen.findByRole('link', { name: 'Sign in with Microsoft' });
    expect(link.getAttribute('href')).toBe('/api/auth/oidc/entra/start?returnTo=%2Finvite%2Fabcdefghijklmnopqr');
    expect(screen.getByRole('link', { name: 'Create an account' })).toBeTruthy();
  });
});

describe('a failed school sign-in', () => {
  it('is explained above the form, in the words of the shared list', async () => {
    serveRoutes({ 'GET /api/auth/me': signedOut, 'GET /api/auth/providers': twoSchools });
    renderAt('/login?signInError=email_not_verified', [{ path: '/login', element: <LoginPage /> }]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('School sign-in didn’t work.');
    expect(alert.textContent).toContain(signInErrorMessages.email_not_verified);
    // Above the form: the notice comes before the email field in the page.
    const email = screen.getByLabelText('Email');
    expect(alert.compareDocumentPosition(email) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('still says something for a code this client does not know', async () => {
    serveRoutes({ 'GET /api/auth/me': signedOut, 'GET /api/auth/providers': twoSchools });
    renderAt('/login?signInError=something_new', [{ path: '/login', element: <LoginPage /> }]);
    expect((await screen.findByRole('alert')).textContent).toContain('Try again, or sign in another way.');
  });

  it('of a signed-in person (linking from settings) is shown in settings, not lost on the way home', async () => {
    serveRoutes({
      'GET /api/auth/me': () => json(200, { user: { id: 'abcdefghijklmnop', email: 'ada@example.test', name: 'Ada Lovelace' } }),
      'GET /api/auth/providers': twoSchools,
    });
    renderAt('/login?signInError=identity_taken', [
      { path: '/login', element: <LoginPage /> },
      { path: '/settings', element: <Where /> },
    ]);
    expect((await screen.findByTestId('where')).textContent).toBe('/settings?signInError=identity_taken');
  });
});
