import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { deepLinkPickBody, deepLinkRequestId } from '../../../shared/schemas/deep-linking';
import type { Domain } from '../../domain';
import { AppError } from '../../errors';
import type { AppEnv } from '../../http/env';
import { expectedOrigin } from '../../http/origin-guard';
import { route } from '../../http/route';
import { refusalPage, returnFormPage, returnPagePolicy, returnScript } from './deep-linking-page';

/** A pick is one id: a form bigger than this is not one. */
const maxPickBytes = 4 * 1024;

/**
 * The pick of the deep linking picker page, and what carries the answer to
 * the LMS. The pick is a form navigation, so everything it answers is a
 * page, refusals included (the LMS shows it in its frame), never JSON.
 */
export function deepLinkingRoutes({ config, deepLinking }: Pick<Domain, 'config' | 'deepLinking'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /lti/deep-link-return.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(returnScript);
  });

  app.use(
    '/lti/deep-link/:requestId',
    bodyLimit({ maxSize: maxPickBytes, onError: (c) => c.html(refusalPage('This is not a pick', 'The form sent was too large.'), 413) }),
  );
  route(app, 'POST /lti/deep-link/:requestId', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      const principal = c.get('principal');
      if (!principal) throw new AppError('unauthenticated', 'Your Commonplace session has ended. Start again from the LMS: add Commonplace to the module once more.');
      const requestId = deepLinkRequestId.safeParse(c.req.param('requestId'));
      if (!requestId.success) throw new AppError('not_found', 'There is no such placement. Start again from the LMS.');
      const pick = deepLinkPickBody.safeParse(await c.req.parseBody());
      if (!pick.success) throw new AppError('validation_failed', 'Pick one of the course’s assignments.');
      const origin = expectedOrigin(config.appOrigin, c.req.url);
      const answer = await deepLinking.answer(requestId.data, principal.user.id, pick.data.assignmentId, origin);
      // This page alone may post a form to the LMS.
      c.header('Content-Security-Policy', returnPagePolicy(answer.returnUrl));
      return c.html(returnFormPage(answer.returnUrl, answer.jwt, answer.assignmentTitle));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return c.html(refusalPage('The assignment was not placed', err.message), err.status as ContentfulStatusCode);
    }
  });

  return app;
}
