import { Hono } from 'hono';
import {
  passwordResetCheckBody,
  passwordResetConfirmBody,
  passwordResetRequestBody,
  type PasswordResetLink,
  type PasswordResetRequested,
} from '../../../shared/schemas/auth';
import type { Config } from '../../config';
import type { Domain } from '../../domain';
import type { AppContext, AppEnv } from '../../http/env';
import { spend, spendOnFailure, type Budget, type RateLimiter } from '../../http/rate-limit';
import type { RateLimiters } from '../../http/rate-limiters';
import { setSessionCookie } from '../../http/session-cookie';
import { route } from '../../http/route';
import { jsonBody } from '../../http/validate';
import { resetLinkLifetimeMs } from './password-reset';

/** The budgets of password reset. */
export interface PasswordResetLimits {
  /**
   * Reset requests and refused confirmations per client address, as many as
   * failed sign-ins (a classroom shares one address). Only this budget
   * answers 429: it tells nothing about any account.
   */
  perAddress: RateLimiter;
  /**
   * Reset mails per email, so nobody can flood an inbox. Past it the request
   * is still answered 202 and nothing is sent: a 429 here would answer the
   * same for unknown emails, but the silence keeps every answer alike.
   */
  mailsPerEmail: RateLimiter;
}

/** Reset mails one address may receive per hour. */
export const resetMailsPerEmail = { limit: 5, windowMs: 60 * 60 * 1000 } as const;

export function passwordResetLimits(rules: Config['rateLimits'], limiters: RateLimiters): PasswordResetLimits {
  return {
    perAddress: limiters.limiter('reset-address', { limit: rules.loginPerAddress, windowMs: rules.loginWindowMs }),
    mailsPerEmail: limiters.limiter('reset-mails', resetMailsPerEmail),
  };
}

/**
 * `/api/auth/password-reset`: ask for a reset link, see whether one still
 * works (its page asks as it opens), and set a new password with one. A
 * confirmed reset signs the confirmer in with a new session (every other
 * session of the account ends), so the page goes straight home: whoever
 * holds the link could sign in with the password they just chose anyway.
 */
export function passwordResetRoutes(
  domain: Pick<Domain, 'passwordResets' | 'sessions' | 'config' | 'rateLimiters'>,
  limits: PasswordResetLimits = passwordResetLimits(domain.config.rateLimits, domain.rateLimiters),
): Hono<AppEnv> {
  const { passwordResets, sessions, config } = domain;
  const app = new Hono<AppEnv>();

  const addressBudget = (c: AppContext): Budget => ({
    limiter: limits.perAddress,
    key: c.get('clientAddress'),
    refusal: 'Too many password reset attempts from your network.',
  });

  route(app, 'POST /api/auth/password-reset', async (c) => {
    const { email } = await jsonBody(c, passwordResetRequestBody);
    await spend([addressBudget(c)]);
    // The account is looked up and its mail queued after answering, so the
    // answer is the same, in body, status and time, for any email.
    const allowed = await limits.mailsPerEmail.take(email);
    if (allowed.allowed) passwordResets.requestLater(email);
    return c.json({ validForMinutes: resetLinkLifetimeMs / 60_000 } satisfies PasswordResetRequested, 202);
  });

  route(app, 'POST /api/auth/password-reset/check', async (c) => {
    const { token } = await jsonBody(c, passwordResetCheckBody);
    // Refused checks count as refused confirmations do: neither is a way to try tokens.
    const link = await spendOnFailure([addressBudget(c)], () => passwordResets.check(token));
    return c.json(link satisfies PasswordResetLink);
  });

  route(app, 'POST /api/auth/password-reset/confirm', async (c) => {
    const { token, password } = await jsonBody(c, passwordResetConfirmBody);
    // Tokens cannot be guessed; refused ones still count, so nobody tries.
    const { sessionToken } = await spendOnFailure([addressBudget(c)], () => passwordResets.confirm(token, password));
    // The session the browser came with, if any, is another account's or already ended with the others.
    const previous = c.get('principal');
    if (previous) await sessions.invalidate(previous.session.id);
    setSessionCookie(c, config, sessionToken);
    return c.body(null, 204);
  });

  return app;
}
