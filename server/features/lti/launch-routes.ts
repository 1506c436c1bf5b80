import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Domain } from '../../domain';
import { AppError } from '../../errors';
import type { AppContext, AppEnv } from '../../http/env';
import { expectedOrigin } from '../../http/origin-guard';
import { route } from '../../http/route';
import { setPartitionedSessionCookie, setSessionCookie } from '../../http/session-cookie';
import { startDeepLinking } from './deep-linking';
import { refusalPage } from './deep-linking-page';
import { launchPage, launchScript } from './launch-pages';
import { LaunchNonces } from './launch-nonces';
import { ltiClaims } from './claims';
import { verifyLaunchToken } from './launch-token';
import { lmsFrameCookie } from '../../http/lms-framing';
import { loginLifetimeSeconds, startLogin, stateCookiePrefix } from './login';
import { NewTabCodes } from './new-tab';
import { LtiPlatforms } from './platforms';

/** A launch form is an id_token and a state; a platform's token with every claim stays far below this. */
const maxLaunchBytes = 128 * 1024;

/** The cookies an LMS frame gets: sent on its cross-site POSTs, kept per LMS site (see session-cookie.ts). */
const thirdPartyCookie = { httpOnly: true, secure: true, sameSite: 'None', partitioned: true } as const;

/**
 * The tool side of LTI 1.3: the tool's public keys, the third-party login
 * initiation, the launch, and the new-tab fallback of a launch whose cookie
 * the browser kept out of the LMS's frame. Browser navigations all: every
 * answer is a page or a redirect, refusals a page saying why (the LMS shows
 * it in its frame), never JSON; a refused launch sets no session.
 */
export function ltiLaunchRoutes(
  domain: Pick<Domain, 'config' | 'store' | 'sessions' | 'toolKeys' | 'ltiLaunches' | 'logger' | 'deepLinking'>,
  now: () => number = Date.now,
): Hono<AppEnv> {
  const { config, sessions, toolKeys, ltiLaunches, logger } = domain;
  const platforms = new LtiPlatforms(config.ltiPlatforms);
  const nonces = new LaunchNonces(domain.store.db, now);
  const newTabCodes = new NewTabCodes(toolKeys, nonces, now);
  const app = new Hono<AppEnv>();

  const refuse = (c: AppContext, err: unknown, title: string) => {
    if (!(err instanceof AppError)) throw err;
    return c.html(refusalPage(title, err.message), err.status as ContentfulStatusCode);
  };

  app.use('/lti/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });
  const formLimit = bodyLimit({
    maxSize: maxLaunchBytes,
    onError: (c) => c.html(refusalPage('This is not an LTI launch', 'The form sent was too large.'), 413),
  });
  app.use('/lti/login', formLimit);
  app.use('/lti/launch', formLimit);

  route(app, 'GET /lti/jwks', async (c) => c.json(await toolKeys.jwks()));

  const login = async (c: AppContext, input: Record<string, unknown>) => {
    try {
      const started = startLogin(platforms, input, expectedOrigin(config.appOrigin, c.req.url));
      setCookie(c, stateCookiePrefix + started.state, started.nonce, { ...thirdPartyCookie, path: '/lti', maxAge: loginLifetimeSeconds });
      return c.redirect(started.redirect, 302);
    } catch (err) {
      return refuse(c, err, 'Commonplace cannot start this launch');
    }
  };
  route(app, 'GET /lti/login', (c) => login(c, c.req.query()));
  route(app, 'POST /lti/login', async (c) => login(c, await c.req.parseBody()));

  route(app, 'POST /lti/launch', async (c) => {
    try {
      const form = await c.req.parseBody();
      const idToken = form.id_token;
      const state = form.state;
      if (typeof idToken !== 'string' || typeof state !== 'string' || !/^[a-z2-7]{32}$/.test(state)) {
        throw new AppError('validation_failed', 'The LMS sent no launch: an id_token and a state are needed.');
      }
      const nonce = getCookie(c, stateCookiePrefix + state);
      if (nonce) deleteCookie(c, stateCookiePrefix + state, { ...thirdPartyCookie, path: '/lti' });
      else {
        throw new AppError(
          'unauthenticated',
          'This launch did not start in this browser, took too long, or the browser blocked Commonplace’s cookies inside the LMS. Start again from the LMS; if it happens again, allow cookies for this site.',
        );
      }
      const verified = await verifyLaunchToken(platforms, idToken, nonce);
      if (!(await nonces.takeOnce(verified.platform.issuer, nonce, verified.claims.exp * 1000))) {
        throw new AppError('unauthenticated', 'This launch was used already. Start again from the LMS.');
      }
      const opened = await ltiLaunches.open(verified);

      const previous = c.get('principal');
      if (previous) await sessions.invalidate(previous.session.id);
      const { token } = await sessions.create(opened.userId);
      setPartitionedSessionCookie(c, config, token);
      setCookie(c, lmsFrameCookie, '1', { ...thirdPartyCookie, path: '/', maxAge: Math.floor(config.session.maxMs / 1000) });

      let to = opened.location;
      if (verified.claims[ltiClaims.messageType] === 'LtiDeepLinkingRequest') {
        const start = await startDeepLinking(domain, { platform: verified.platform, claims: verified.payload, userId: opened.userId, courseId: opened.courseId });
        if (start.kind === 'refused') return c.html(start.page, start.status);
        to = start.location;
      }
      const code = await newTabCodes.issue(opened.userId, to);
      return c.html(launchPage(to, `/lti/new-tab?code=${encodeURIComponent(code)}`));
    } catch (err) {
      if (err instanceof AppError) logger.info({ code: err.code, reason: err.message }, 'LTI launch refused');
      return refuse(c, err, 'Commonplace could not open this launch');
    }
  });

  route(app, 'GET /lti/launch-check.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(launchScript);
  });

  // The fallback: a first-party tab, signed in with a session of its own.
  route(app, 'GET /lti/new-tab', async (c) => {
    const used = await newTabCodes.use(c.req.query('code') ?? '');
    if (!used) {
      return c.html(refusalPage('This link has expired or was used', 'Open Commonplace from the LMS again to get a new one.'), 400);
    }
    const previous = c.get('principal');
    if (previous) await sessions.invalidate(previous.session.id);
    const { token } = await sessions.create(used.userId);
    setSessionCookie(c, config, token);
    return c.redirect(used.path, 302);
  });

  return app;
}
