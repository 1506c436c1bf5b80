import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { resetPagePath } from '../features/auth/password-reset';
import { unsubscribePath } from '../features/mail/unsubscribe-token';
import { capturedLog } from '../testing/captured-log';
import type { AppEnv } from './env';
import { errorHandler } from './errors';
import { loggedPath, requestLog } from './request-log';

/** An app with the request log and the error handler; `lines` holds what they wrote. */
function loggedApp(): { app: Hono<AppEnv>; lines: Record<string, unknown>[] } {
  const { logger, lines } = capturedLog();
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(logger));
  app.use(requestLog(logger));
  app.get('/reset-password/:token', (c) => (c.req.query('fail') ? Promise.reject(new Error('broken')) : c.html('<p>page</p>')));
  app.get('/invite/:code', (c) => c.html('<p>page</p>'));
  app.post('/api/invites/:code/accept', (c) => c.json({ group: {} }));
  app.post('/api/unsubscribe/:token', (c) => c.json({ ok: true }));
  app.get('/docs/:docId', (c) => c.html('<p>page</p>'));
  return { app, lines };
}

describe('the request log', () => {
  const token = 'abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst';

  it('writes no password reset token, of a page answered or failed', async () => {
    const { app, lines } = loggedApp();
    expect((await app.request(resetPagePath(token))).status).toBe(200);
    expect((await app.request(`${resetPagePath(token)}?fail=1`)).status).toBe(500);
    expect(lines.map(({ msg, path, status }) => ({ msg, path, status }))).toEqual([
      { msg: 'request', path: '/reset-password/:token', status: 200 },
      { msg: 'request failed', path: '/reset-password/:token', status: undefined },
      { msg: 'request', path: '/reset-password/:token', status: 500 },
    ]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it('writes no invite code or unsubscribe token', async () => {
    const { app, lines } = loggedApp();
    const code = 'Zq8vN2kLpR4t';
    const unsubscribe = 'u5er1d.digest.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg';
    await app.request(`/invite/${code}`);
    await app.request(`/api/invites/${code}/accept`, { method: 'POST' });
    await app.request(unsubscribePath(unsubscribe), { method: 'POST' });
    expect(lines.map(({ path, status }) => ({ path, status }))).toEqual([
      { path: '/invite/:code', status: 200 },
      { path: '/api/invites/:code/accept', status: 200 },
      { path: '/api/unsubscribe/:token', status: 200 },
    ]);
    expect(JSON.stringify(lines)).not.toContain(code);
    expect(JSON.stringify(lines)).not.toContain(unsubscribe);
  });

  it('writes every other path as it came', async () => {
    const { app, lines } = loggedApp();
    await app.request('/docs/d0c1d');
    expect(lines).toMatchObject([{ msg: 'request', method: 'GET', path: '/docs/d0c1d', status: 200 }]);
    expect(loggedPath('/reset-passwords')).toBe('/reset-passwords');
    expect(loggedPath('/api/auth/password-reset/confirm')).toBe('/api/auth/password-reset/confirm');
    expect(loggedPath('/api/groups/g1/invites')).toBe('/api/groups/g1/invites');
    expect(loggedPath('/invites')).toBe('/invites');
  });
});
