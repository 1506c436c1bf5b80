import { notificationSettingsApi } from '../../../shared/api/notification-settings';
import { caller } from './http';

/** Calls to the member's own notification settings: a caller of their own, loaded with the settings page. */
export const callNotificationSettings = caller(notificationSettingsApi);
