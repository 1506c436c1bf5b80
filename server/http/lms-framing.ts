import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { LtiPlatformConfig } from '../config';
import type { AppEnv } from './env';

/** Set with a launch's session, partitioned like it: present only inside the LMS that launched. */
export const lmsFrameCookie = 'commonplace_lms';

/**
 * Lets an LMS show Commonplace in its frame. Every page says
 * `frame-ancestors 'none'` (and X-Frame-Options) against clickjacking; an
 * LMS launch needs the app framed by a site the tool cannot list (Canvas's
 * issuer is not the school's Canvas address). So a response to a browser
 * that an LMS launched, which carries the partitioned `commonplace_lms`
 * cookie (only inside that LMS's frame, since partitioned cookies are kept
 * per top-level site), or that sets it (the launch itself), may be framed by
 * any https site and by the configured platforms. A site framing Commonplace
 * by itself has no such cookie in its partition and stays refused.
 *
 * Mounted outside the security headers, so it sees the headers they set.
 */
export function lmsFraming(platforms: readonly LtiPlatformConfig[]): MiddlewareHandler<AppEnv> {
  const origins = new Set<string>();
  for (const platform of platforms) {
    for (const url of [platform.issuer, platform.authUrl]) {
      try {
        origins.add(new URL(url).origin);
      } catch {
        // An issuer need not be a URL.
      }
    }
  }
  const ancestors = ["'self'", 'https:', ...origins].join(' ');
  return async (c, next) => {
    await next();
    const framed =
      getCookie(c, lmsFrameCookie) !== undefined || c.res.headers.getSetCookie().some((line) => line.startsWith(`${lmsFrameCookie}=`));
    if (!framed) return;
    const policy = c.res.headers.get('Content-Security-Policy');
    // A page with a policy of its own for framing (deep linking's answer) keeps it.
    if (policy?.includes("frame-ancestors 'none'")) {
      c.res.headers.set('Content-Security-Policy', policy.replace("frame-ancestors 'none'", `frame-ancestors ${ancestors}`));
    }
    c.res.headers.delete('X-Frame-Options');
  };
}
