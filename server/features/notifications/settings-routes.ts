import { Hono } from 'hono';
import { notificationSettingsPatch } from '../../../shared/schemas/notifications';
import type { Domain } from '../../domain';
import type { AppEnv } from '../../http/env';
import { requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody } from '../../http/validate';

/** `/api/me/notification-settings`: the signed-in member's own settings, read and changed. */
export function notificationSettingsRoutes(domain: Pick<Domain, 'notificationSettings'>): Hono<AppEnv> {
  const { notificationSettings } = domain;
  const app = new Hono<AppEnv>();

  // A member's own settings: no cache may keep them.
  app.use('/api/me/notification-settings', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });

  route(app, 'GET /api/me/notification-settings', async (c) => {
    const { user } = requirePrincipal(c);
    return c.json(await notificationSettings.read(user.id));
  });

  route(app, 'PATCH /api/me/notification-settings', async (c) => {
    const { user } = requirePrincipal(c);
    const patch = await jsonBody(c, notificationSettingsPatch);
    return c.json(await notificationSettings.change(user.id, patch));
  });

  return app;
}
