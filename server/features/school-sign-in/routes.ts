import { Hono } from 'hono';
import {
  identityParams,
  safeReturnTo,
  startQuery,
  type IdentitiesResponse,
  type ProvidersResponse,
  type SignInErrorCode,
} from '../../../shared/schemas/school-sign-in';
import type { Domain } from '../../domain';
import type { AppContext, AppEnv } from '../../http/env';
import { requirePrincipal } from '../../http/env';
import { expectedOrigin } from '../../http/origin-guard';
import { route } from '../../http/route';
import { setSessionCookie } from '../../http/session-cookie';
import { pathParams } from '../../http/validate';
import { SignInFailure } from './failure';

/** The sign-in page, told why a school sign-in did not sign anyone in. */
export function failurePath(code: SignInErrorCode): string {
  return `/login?signInError=${code}`;
}

/**
 * `/api/auth/providers`, the OpenID Connect redirects and the list of an
 * account's linked sign-ins. `start` and `callback` are page navigations:
 * they answer with redirects, a failure included, so the person lands on a
 * page that says what happened rather than on a JSON error.
 */
export function schoolSignInRoutes(domain: Pick<Domain, 'schoolSignIn' | 'sessions' | 'config' | 'logger'>): Hono<AppEnv> {
  const { schoolSignIn, sessions, config, logger } = domain;
  const app = new Hono<AppEnv>();

  const origin = (c: AppContext) => expectedOrigin(config.appOrigin, c.req.url);

  const failed = (c: AppContext, providerId: string, err: unknown) => {
    if (!(err instanceof SignInFailure)) {
      logger.error({ err, provider: providerId }, 'school sign-in failed unexpectedly');
      return c.redirect(failurePath('sign_in_rejected'), 302);
    }
    logger.warn({ provider: providerId, code: err.code, reason: err.message, err: err.cause }, 'school sign-in refused');
    return c.redirect(failurePath(err.code), 302);
  };

  route(app, 'GET /api/auth/providers', (c) => c.json({ providers: schoolSignIn.providers.list() } satisfies ProvidersResponse));

  route(app, 'GET /api/auth/oidc/:id/start', async (c) => {
    const providerId = c.req.param('id');
    try {
      const asked = startQuery.safeParse(c.req.query());
      const returnTo = safeReturnTo(asked.success ? asked.data.returnTo : undefined);
      let linkUserId: string | null = null;
      if (asked.success && asked.data.link === '1') {
        const principal = c.get('principal');
        if (!principal) throw new SignInFailure('not_signed_in', 'link asked without a session');
        linkUserId = principal.user.id;
      }
      const url = await schoolSignIn.start({ providerId, origin: origin(c), returnTo, linkUserId });
      return c.redirect(url.href, 302);
    } catch (err) {
      return failed(c, providerId, err);
    }
  });

  route(app, 'GET /api/auth/oidc/:id/callback', async (c) => {
    const providerId = c.req.param('id');
    try {
      const principal = c.get('principal');
      const result = await schoolSignIn.finish({
        providerId,
        origin: origin(c),
        search: new URL(c.req.url).search,
        signedInUserId: principal?.user.id ?? null,
      });
      if (!result.linked) {
        // A new session every time, and the one the browser came with ends (no session fixation).
        const { token } = await sessions.create(result.userId);
        if (principal) await sessions.invalidate(principal.session.id);
        setSessionCookie(c, config, token);
      }
      logger.info({ provider: providerId, userId: result.userId, linked: result.linked, created: result.created }, 'school sign-in');
      return c.redirect(safeReturnTo(result.returnTo), 302);
    } catch (err) {
      return failed(c, providerId, err);
    }
  });

  route(app, 'GET /api/auth/identities', async (c) => {
    const { user } = requirePrincipal(c);
    return c.json((await schoolSignIn.list(user.id)) satisfies IdentitiesResponse);
  });

  route(app, 'DELETE /api/auth/identities/:identityId', async (c) => {
    const { user } = requirePrincipal(c);
    const { identityId } = pathParams(c, identityParams);
    await schoolSignIn.remove(user.id, identityId);
    return c.body(null, 204);
  });

  return app;
}
