import * as settings from '../schemas/notifications';
import type { RouteTable } from './route-table';

/**
 * A member's own notification settings, and the one-click unsubscribe link
 * every mail carries: that link is signed and needs no sign-in (RFC 8058), so
 * a mail provider can POST to it for the member, and it answers pages, not
 * JSON, because a person may open it from their mail.
 */
export const notificationSettingsApi = {
  'GET /api/me/notification-settings': { summary: 'The caller’s notification settings (the defaults until they change any)', response: settings.notificationSettings },
  'PATCH /api/me/notification-settings': {
    summary: 'Change some of the caller’s notification settings; answers all of them',
    body: settings.notificationSettingsPatch,
    response: settings.notificationSettings,
  },
  'GET /api/unsubscribe/:token': {
    summary: 'The page an unsubscribe link opens: names the mail it turns off, with a button that does it (opening it changes nothing)',
    produces: 'text/html',
    public: true,
  },
  'POST /api/unsubscribe/:token': {
    summary: 'One-click unsubscribe (RFC 8058): turns off the kind of mail the signed token names, for its account, without signing in',
    consumes: 'application/x-www-form-urlencoded',
    produces: 'text/html',
    public: true,
  },
} as const satisfies RouteTable;
