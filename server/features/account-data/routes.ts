import { Hono } from 'hono';
import { accountDeletionBody } from '../../../shared/schemas/account-data';
import type { Domain } from '../../domain';
import type { AppEnv } from '../../http/env';
import { requirePrincipal } from '../../http/env';
import { spend, spendOnFailure, type RateLimiter } from '../../http/rate-limit';
import { route } from '../../http/route';
import { clearSessionCookie } from '../../http/session-cookie';
import { jsonBody } from '../../http/validate';
import { zipArchive } from './zip-archive';

/**
 * The budgets of these routes: an export rebuilds every document the person
 * wrote in, so a few an hour; a wrong password when deleting counts like a
 * failed sign-in, so a stolen session is no way to guess the password.
 */
export interface AccountDataLimits {
  exportsPerUser: RateLimiter;
  deletionFailuresPerUser: RateLimiter;
}

/** The signed-in person's own data: the download of everything kept about them, and deleting the account. */
export function accountDataRoutes(
  domain: Pick<Domain, 'dataExport' | 'accountDeletion' | 'config' | 'rateLimiters'>,
  // Kept where every budget is (Redis with several instances), so each instance does not grant its own.
  limits: AccountDataLimits = {
    exportsPerUser: domain.rateLimiters.limiter('data-exports', { limit: 10, windowMs: 60 * 60 * 1000 }),
    deletionFailuresPerUser: domain.rateLimiters.limiter('account-deletion-failures', {
      limit: domain.config.rateLimits.loginPerAccount,
      windowMs: domain.config.rateLimits.loginWindowMs,
    }),
  },
): Hono<AppEnv> {
  const { dataExport, accountDeletion, config } = domain;
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/me/export', async (c) => {
    const { user } = requirePrincipal(c);
    await spend([{ limiter: limits.exportsPerUser, key: user.id, refusal: 'You downloaded your data several times this hour.' }]);
    const archive = zipArchive(await dataExport.build(user.id));
    const day = new Date().toISOString().slice(0, 10);
    return c.body(archive, 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="commonplace-data-${day}.zip"`,
      'Cache-Control': 'no-store',
    });
  });

  route(app, 'POST /api/me/delete', async (c) => {
    const { user } = requirePrincipal(c);
    const body = await jsonBody(c, accountDeletionBody);
    await spendOnFailure(
      [{ limiter: limits.deletionFailuresPerUser, key: user.id, refusal: 'Too many failed attempts to delete this account.' }],
      () => accountDeletion.delete(user.id, body),
    );
    clearSessionCookie(c, config);
    return c.body(null, 204);
  });

  return app;
}
