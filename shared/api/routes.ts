import { accountDataApi } from './account-data';
import { activityApi } from './activity';
import { archiveApi } from './archive';
import { authApi } from './auth';
import { coursesApi } from './courses';
import { deepLinkingApi } from './deep-linking';
import { feedbackApi } from './feedback';
import { filesApi } from './files';
import { groupsApi } from './groups';
import { historyApi } from './history';
import { ltiApi } from './lti';
import { ltiLaunchApi } from './lti-launch';
import { notificationsApi } from './notifications';
import { notificationSettingsApi } from './notification-settings';
import { peerReviewApi } from './peer-review';
import { projectsApi } from './projects';
import { schoolSignInApi } from './school-sign-in';
import { systemApi } from './system';
import { teammateEvaluationApi } from './teammate-evaluation';

/**
 * The whole route table, for the server and the OpenAPI document. It holds
 * the feedback table and so Yjs: the client imports the feature tables it
 * needs instead (lint forbids this file there but for its types).
 */
export const routes = { ...systemApi, ...authApi, ...groupsApi, ...projectsApi, ...feedbackApi, ...filesApi, ...historyApi, ...activityApi, ...coursesApi, ...ltiApi, ...ltiLaunchApi, ...deepLinkingApi, ...schoolSignInApi, ...notificationsApi, ...notificationSettingsApi, ...peerReviewApi, ...teammateEvaluationApi, ...accountDataApi, ...archiveApi };

export type Routes = typeof routes;
export type ApiRouteKey = keyof Routes;
