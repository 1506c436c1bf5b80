import { Hono } from 'hono';
import { loginBody, passwordChangeBody, signupBody, type UserResponse } from '../../../shared/schemas/auth';
import type { Config } from '../../config';
import type { Domain } from '../../domain';
import type { AppContext, AppEnv } from '../../http/env';
import { requirePrincipal } from '../../http/env';
import { spend, spendOnFailure, type Budget, type RateLimiter, type SlowingBudget } from '../../http/rate-limit';
import type { RateLimiters } from '../../http/rate-limiters';
import { clearSessionCookie, setSessionCookie } from '../../http/session-cookie';
import { jsonBody } from '../../http/validate';
import { route } from '../../http/route';
import { presentUser } from './presenter';

/**
 * The budgets of the account routes. Failed sign-ins are refused per account
 * and address together, and per address; per account alone they only slow
 * down: ten wrong passwords sent by a stranger from elsewhere must not lock
 * the owner out. Sign-ups are limited per address.
 */
export interface AuthLimits {
  /** Failed sign-ins (and wrong current passwords) per account and address, keyed by both. */
  failuresPerAccountAndAddress: RateLimiter;
  /** Failed sign-ins per account from anywhere, by normalised email: past it, attempts wait. */
  failuresPerAccount: RateLimiter;
  /** Failed sign-ins per client address. */
  failuresPerAddress: RateLimiter;
  /** Sign-ups per client address: generous, as a classroom shares one address. */
  signupsPerAddress: RateLimiter;
}

/** The budgets, kept where `limiters` keeps them (shared by every instance through Redis when configured). */
export function authLimits(rules: Config['rateLimits'], limiters: RateLimiters): AuthLimits {
  const login = { limit: rules.loginPerAccount, windowMs: rules.loginWindowMs };
  return {
    failuresPerAccountAndAddress: limiters.limiter('login-account-address', login),
    failuresPerAccount: limiters.limiter('login-account', login),
    failuresPerAddress: limiters.limiter('login-address', { limit: rules.loginPerAddress, windowMs: rules.loginWindowMs }),
    signupsPerAddress: limiters.limiter('signup-address', { limit: rules.signupPerAddress, windowMs: rules.signupWindowMs }),
  };
}

/** `/api/auth`: sign-up, sign-in, sign-out, who am I, password change. */
export function authRoutes(
  domain: Pick<Domain, 'accounts' | 'sessions' | 'config' | 'emailInvites' | 'roster' | 'rateLimiters'>,
  limits: AuthLimits = authLimits(domain.config.rateLimits, domain.rateLimiters),
): Hono<AppEnv> {
  const { accounts, sessions, config, emailInvites, roster } = domain;
  const app = new Hono<AppEnv>();

  // An email holds no line break (the schema refuses one), so the pair's key is unambiguous.
  const accountAndAddressBudget = (email: string, c: AppContext): Budget => ({
    limiter: limits.failuresPerAccountAndAddress,
    key: `${email.toLowerCase()}\n${c.get('clientAddress')}`,
    refusal: 'Too many failed sign-ins for this account from your network.',
  });
  const accountSlowdown = (email: string): SlowingBudget => ({
    limiter: limits.failuresPerAccount,
    key: email.toLowerCase(),
    delayMs: config.rateLimits.loginSlowdownMs,
  });
  const addressBudget = (c: AppContext): Budget => ({
    limiter: limits.failuresPerAddress,
    key: c.get('clientAddress'),
    refusal: 'Too many failed sign-ins from your network.',
  });

  /** Puts a new session in the browser; the one it came with, if any, ends. */
  const replaceSession = async (c: AppContext, token: string) => {
    const previous = c.get('principal');
    if (previous) await sessions.invalidate(previous.session.id);
    setSessionCookie(c, config, token);
  };

  // Who is signed in is personal: no cache may keep these answers.
  app.use('/api/auth/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });

  route(app, 'POST /api/auth/signup', async (c) => {
    const body = await jsonBody(c, signupBody);
    await spend([
      { limiter: limits.signupsPerAddress, key: c.get('clientAddress'), refusal: 'Too many sign-ups from your network.' },
    ]);
    const { user, token } = await accounts.signup(body);
    // Groups that invited this address by email before it had an account.
    await emailInvites.takeUp(user.id, user.email);
    // And the team a course's roster placed this address in.
    await roster.takeUp(user.id, user.email);
    await replaceSession(c, token);
    return c.json({ user } satisfies UserResponse, 201);
  });

  route(app, 'POST /api/auth/login', async (c) => {
    const body = await jsonBody(c, loginBody);
    const { user, token } = await spendOnFailure(
      [addressBudget(c), accountAndAddressBudget(body.email, c)],
      () => accounts.login(body),
      [accountSlowdown(body.email)],
    );
    await replaceSession(c, token);
    return c.json({ user } satisfies UserResponse);
  });

  route(app, 'POST /api/auth/logout', async (c) => {
    const principal = c.get('principal');
    if (principal) await sessions.invalidate(principal.session.id);
    clearSessionCookie(c, config);
    return c.body(null, 204);
  });

  route(app, 'GET /api/auth/me', (c) => {
    const { user } = requirePrincipal(c);
    return c.json({ user: presentUser(user) } satisfies UserResponse);
  });

  route(app, 'POST /api/auth/password', async (c) => {
    const principal = requirePrincipal(c);
    const body = await jsonBody(c, passwordChangeBody);
    // A stolen session must not become a way to guess the password: same budget as sign-in.
    const { user, token } = await spendOnFailure(
      [accountAndAddressBudget(principal.user.email, c)],
      () => accounts.changePassword(principal, body),
      [accountSlowdown(principal.user.email)],
    );
    setSessionCookie(c, config, token);
    return c.json({ user } satisfies UserResponse);
  });

  return app;
}
