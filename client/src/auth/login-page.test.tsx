// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveRoutes } from '../api/fake-server';
import { renderRoutes } from '../app/render-routes';
import { LoginPage } from './login-page';
import { sessionEndedState } from './session-ended';

function renderAt(search: string, state?: unknown) {
  renderRoutes([{ path: '/login', element: <LoginPage /> }], { pathname: '/login', search, state });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('LoginPage', () => {
  const signedOut = {
    'GET /api/auth/me': () => json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }),
    'GET /api/auth/providers': () => json(200, { providers: [] }),
  };

  it('tells someone sent from a page they followed that signing in, or up, opens it', async () => {
    serveRoutes(signedOut);
    renderAt('?next=%2Fdocs%2Faaaaaaaaaaaaaaaa');
    expect(await screen.findByText('Sign in to open the page you followed. New here? Creating an account brings you back to it.')).toBeTruthy();
  });

  it('welcomes back someone who came to sign in, or whose session ended', async () => {
    serveRoutes(signedOut);
    renderAt('');
    expect(await screen.findByText('Welcome back. Your team’s work is waiting.')).toBeTruthy();
    cleanup();
    renderAt('?next=%2Fdocs%2Faaaaaaaaaaaaaaaa', sessionEndedState);
    expect(await screen.findByText('Welcome back. Your team’s work is waiting.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('Your session ended');
  });
});
