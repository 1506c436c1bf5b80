import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import type { AppEnv } from './env';

/**
 * Refuses cross-site requests without a CSRF token. Browsers tell us where a
 * request comes from: `Sec-Fetch-Site` (Fetch Metadata, w3c.github.io/webappsec-fetch-metadata)
 * and, for older ones, `Origin` (RFC 6454). A request with neither is not from
 * a browser page and is judged by its session alone.
 *
 * Hono's csrf() only looks at form content types, so a JSON body posted as
 * text/plain, and WebSocket upgrades (a GET), would pass it; this guard
 * covers every state-changing method and the sync socket's upgrade.
 */
export function isCrossSite(
  headers: { secFetchSite?: string | undefined; origin?: string | undefined },
  appOrigin: string,
): boolean {
  if (headers.secFetchSite) return headers.secFetchSite !== 'same-origin';
  if (headers.origin) return headers.origin !== appOrigin;
  return false;
}

/** The origin this request should come from: APP_ORIGIN, or the server's own. */
export function expectedOrigin(configured: string | null, requestUrl: string): string {
  return configured ?? new URL(requestUrl).origin;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The two form posts an LMS makes to the tool from its own site (LTI 1.3):
 * the login initiation and the launch. They are cross-site by design and
 * carry their own proof (the launch a signed id_token bound to the login's
 * state cookie and a nonce used once); nothing else is let through.
 */
const crossSiteEntries = new Set(['/lti/login', '/lti/launch']);

/**
 * A mail's one-click unsubscribe (RFC 8058): the member's mail provider, or a
 * webmail page on the provider's own site, POSTs the link without the
 * member's session. Its signed token is the whole proof, and it can only turn
 * one kind of mail off for the account it names, so a cross-site post of it
 * gains an attacker nothing.
 */
const oneClickUnsubscribe = /^\/api\/unsubscribe\/[^/]+$/;

const isCrossSiteEntry = (method: string, path: string) => method === 'POST' && (crossSiteEntries.has(path) || oneClickUnsubscribe.test(path));

export function originGuard(appOrigin: string | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const isUpgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket';
    if ((!safeMethods.has(c.req.method) && !isCrossSiteEntry(c.req.method, c.req.path)) || isUpgrade) {
      const crossSite = isCrossSite(
        { secFetchSite: c.req.header('sec-fetch-site'), origin: c.req.header('origin') },
        expectedOrigin(appOrigin, c.req.url),
      );
      if (crossSite) throw new AppError('cross_site_request', 'Cross-site requests are not allowed.');
    }
    await next();
  };
}
