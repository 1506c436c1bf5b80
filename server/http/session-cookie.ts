import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config';
import type { Sessions } from '../features/auth/sessions';
import type { AppContext, AppEnv } from './env';

export const sessionCookieName = 'commonplace_session';

/** Browsers keep a cookie at most 400 days (RFC 6265bis, 5.5); Hono refuses to set a longer one. */
const maxCookieAgeSeconds = 400 * 24 * 60 * 60;

/** Reads the session cookie and puts the principal (or null) on the context. */
export function sessionMiddleware(sessions: Sessions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName);
    c.set('principal', token ? await sessions.validate(token) : null);
    await next();
  };
}

/**
 * HttpOnly so scripts cannot read it, SameSite=Lax so cross-site subrequests
 * do not carry it, Secure when the app is served over https. The cookie lives
 * as long as the session's absolute lifetime; the server decides before that
 * (a SESSION_MAX_DAYS beyond what browsers keep only caps the cookie).
 */
export function setSessionCookie(c: AppContext, config: Pick<Config, 'secureCookies' | 'session'>, token: string) {
  setCookie(c, sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: Math.min(maxCookieAgeSeconds, Math.floor(config.session.maxMs / 1000)),
  });
}

/**
 * The session cookie of an LMS launch. Inside the LMS's frame Commonplace
 * is a third party: a Lax cookie would not be sent there, so this one is
 * SameSite=None, which browsers take only with Secure (http://localhost
 * counts as secure), and Partitioned (CHIPS): kept for this LMS site only,
 * which browsers that block third-party cookies still allow. The launch page
 * checks it works and offers a new tab when it does not.
 */
export function setPartitionedSessionCookie(c: AppContext, config: Pick<Config, 'session'>, token: string) {
  setCookie(c, sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'None',
    secure: true,
    partitioned: true,
    path: '/',
    maxAge: Math.min(maxCookieAgeSeconds, Math.floor(config.session.maxMs / 1000)),
  });
}

export function clearSessionCookie(c: AppContext, config: Pick<Config, 'secureCookies'>) {
  deleteCookie(c, sessionCookieName, { path: '/', secure: config.secureCookies, httpOnly: true, sameSite: 'Lax' });
}
