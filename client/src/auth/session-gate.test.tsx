// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../app/query-client';
import { renderRoutes } from '../app/render-routes';
import { LoginPage } from './login-page';
import { SessionGate } from './session-gate';
import { endSession } from './session-ended';
import { json, serveRoutes } from '../api/fake-server';


function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname + location.search}</p>;
}

function renderAt(path: string, routes: { path: string; element: ReactNode }[], queryClient = createQueryClient()) {
  renderRoutes(routes, path, queryClient);
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const aUser = { id: 'abcdefghijklmnop', email: 'ada@example.test', name: 'Ada Lovelace' };

describe('SessionGate', () => {
  it('sends a signed-out visitor to sign in, keeping the page to come back to', async () => {
    serveRoutes({ 'GET /api/auth/me': () => json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }) });
    renderAt('/docs/abcdefghijklmnop?x=1', [
      { path: '/docs/:docId', element: <SessionGate>secret</SessionGate> },
      { path: '/login', element: <Where /> },
    ]);
    expect((await screen.findByTestId('where')).textContent).toBe('/login?next=%2Fdocs%2Fabcdefghijklmnop%3Fx%3D1');
    expect(screen.queryByText('secret')).toBeNull();
  });

  it('shows a signed-out visitor what it is given instead, when given (the landing page at /)', async () => {
    serveRoutes({ 'GET /api/auth/me': () => json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }) });
    renderAt('/', [
      { path: '/', element: <SessionGate signedOut={<p>what Commonplace is</p>}>home</SessionGate> },
      { path: '/login', element: <Where /> },
    ]);
    expect(await screen.findByText('what Commonplace is')).toBeTruthy();
    expect(screen.queryByText('home')).toBeNull();
    expect(screen.queryByTestId('where')).toBeNull();
  });

  it('when the server ends the session of a signed-in page, sends the person to sign in saying so, with the way back', async () => {
    serveRoutes({ 'GET /api/auth/me': () => json(200, { user: aUser }) });
    const queryClient = createQueryClient();
    renderAt('/docs/abcdefghijklmnop', [
      { path: '/docs/:docId', element: <SessionGate>secret</SessionGate> },
      { path: '/login', element: <LoginPage /> },
    ], queryClient);
    expect(await screen.findByText('secret')).toBeTruthy();
    act(() => endSession(queryClient));
    expect((await screen.findByRole('status')).textContent).toContain('Your session ended. Sign in again');
    expect(screen.queryByText('secret')).toBeNull();
  });

  it('says nothing of an ended session to a visitor who simply is not signed in', async () => {
    serveRoutes({ 'GET /api/auth/me': () => json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }) });
    renderAt('/docs/abcdefghijklmnop', [
      { path: '/docs/:docId', element: <SessionGate>secret</SessionGate> },
      { path: '/login', element: <LoginPage /> },
    ]);
    await screen.findByLabelText('Email');
    expect(screen.queryByText(/Your session ended/)).toBeNull();
  });

  it('shows the page to a signed-in user', async () => {
    serveRoutes({ 'GET /api/auth/me': () => json(200, { user: aUser }) });
    renderAt('/', [{ path: '/', element: <SessionGate>welcome</SessionGate> }]);
    expect(await screen.findByText('welcome')).toBeTruthy();
  });

  it('explains a server that is down instead of showing a blank page, and retries on request', async () => {
    let up = false;
    serveRoutes({
      'GET /api/auth/me': () => (up ? json(200, { user: aUser }) : new Response('', { status: 502 })),
    });
    renderAt('/', [{ path: '/', element: <SessionGate>welcome</SessionGate> }]);
    expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toContain('Commonplace is having trouble');
    up = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('welcome')).toBeTruthy();
  });
});

describe('LoginPage', () => {
  const signedOut = () => json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } });

  it('checks the fields with the shared schema before asking the server', async () => {
    const fetch = serveRoutes({ 'GET /api/auth/me': signedOut });
    renderAt('/login', [{ path: '/login', element: <LoginPage /> }]);
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'not-an-email' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address')).toBeTruthy();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(fetch.mock.calls.some(([path]) => path === '/api/auth/login')).toBe(false);
  });

  it('says when the email and password do not match, and shows rate limiting in words', async () => {
    let attempts = 0;
    serveRoutes({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () =>
        ++attempts === 1
          ? json(401, { error: { code: 'invalid_credentials', message: 'Wrong email or password.' } })
          : new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many attempts.' } }), {
              status: 429,
              headers: { 'content-type': 'application/json', 'retry-after': '600' },
            }),
    });
    renderAt('/login', [{ path: '/login', element: <LoginPage /> }]);
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'ada@example.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('don’t match an account');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(/Please wait 10 minute/)).toBeTruthy();
  });

  it('puts the server’s field errors next to the field', async () => {
    serveRoutes({
      'GET /api/auth/me': signedOut,
      'POST /api/auth/login': () =>
        json(400, { error: { code: 'validation_failed', message: 'Invalid input.', fields: { password: 'At most 256 characters' } } }),
    });
    renderAt('/login', [{ path: '/login', element: <LoginPage /> }]);
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'ada@example.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('At most 256 characters')).toBeTruthy();
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBe('true');
  });

  it('returns to the page that asked for a session after signing in', async () => {
    let signedIn = false;
    serveRoutes({
      'GET /api/auth/me': () => (signedIn ? json(200, { user: aUser }) : signedOut()),
      'POST /api/auth/login': () => {
        signedIn = true;
        return json(200, { user: aUser });
      },
    });
    renderAt('/login?next=%2Finvite%2Fabcdefghijklmnopqr', [
      { path: '/login', element: <LoginPage /> },
      { path: '/invite/:code', element: <Where /> },
    ]);
    fireEvent.change(await screen.findByLabelText('Email'), { target: { value: 'ada@example.test' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByTestId('where')).textContent).toBe('/invite/abcdefghijklmnopqr');
  });
});
