import { Hono } from 'hono';
import type { MailKind } from '../../../shared/schemas/notifications';
import type { Domain } from '../../domain';
import type { AppContext, AppEnv } from '../../http/env';
import { route } from '../../http/route';
import { confirmPage, invalidLinkPage, unsubscribedPage } from './unsubscribe-page';

/**
 * `/api/unsubscribe/:token`, the link in every mail that can be turned off.
 * The token is signed (UnsubscribeTokens) and is the only proof asked: no
 * session, no Origin (a mail provider POSTs it for the member, RFC 8058, and
 * the origin guard lets it through). It can do one thing: turn that one kind
 * of mail off for that one account. A GET only shows what the button would
 * do, because mail scanners open links and must change nothing.
 */
export function unsubscribeRoutes(domain: Pick<Domain, 'unsubscribeTokens' | 'notificationSettings' | 'store' | 'logger'>): Hono<AppEnv> {
  const { unsubscribeTokens, notificationSettings, store, logger } = domain;
  const app = new Hono<AppEnv>();

  app.use('/api/unsubscribe/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    await next();
  });

  /** The account and kind the path's token names, or null: not signed by us, cut short, or its account is gone. */
  const holder = async (c: AppContext): Promise<{ userId: string; kind: MailKind } | null> => {
    const signed = await unsubscribeTokens.verify(c.req.param('token') ?? '');
    if (!signed) return null;
    const account = await store.db.selectFrom('users').select('id').where('id', '=', signed.userId).executeTakeFirst();
    return account ? signed : null;
  };

  route(app, 'GET /api/unsubscribe/:token', async (c) => {
    const signed = await holder(c);
    if (!signed) return c.html(invalidLinkPage(), 400);
    const settings = await notificationSettings.read(signed.userId);
    const off = signed.kind === 'digest' ? settings.digest.frequency === 'off' : settings.delivery[signed.kind] === 'off';
    return c.html(confirmPage(new URL(c.req.url).pathname, signed.kind, off));
  });

  // Whatever the body: RFC 8058 asks providers to send `List-Unsubscribe=One-Click`,
  // but the signed token is what proves the right, and a provider that sends
  // something else must not leave the member subscribed.
  route(app, 'POST /api/unsubscribe/:token', async (c) => {
    const signed = await holder(c);
    if (!signed) return c.html(invalidLinkPage(), 400);
    await notificationSettings.turnOff(signed.userId, signed.kind);
    logger.info({ userId: signed.userId, kind: signed.kind }, 'unsubscribed by link');
    return c.html(unsubscribedPage(signed.kind));
  });

  return app;
}
