import { Hono } from 'hono';
import { markReadBody, notificationsQuery, type MarkReadResponse, type NotificationsResponse } from '../../../shared/schemas/notification-inbox';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, query } from '../../http/validate';

/**
 * The notification inbox. Each caller reads and marks only their own
 * notifications, so these routes need nothing but the caller's session.
 */
export function notificationRoutes({ inbox }: Pick<Domain, 'inbox'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/notifications', async (c) => {
    const { user } = requirePrincipal(c);
    return c.json((await inbox.list(user.id, query(c, notificationsQuery))) satisfies NotificationsResponse);
  });

  route(app, 'POST /api/notifications/read', async (c) => {
    const { user } = requirePrincipal(c);
    const unread = await inbox.markRead(user.id, await jsonBody(c, markReadBody));
    return c.json({ unread } satisfies MarkReadResponse);
  });

  return app;
}
