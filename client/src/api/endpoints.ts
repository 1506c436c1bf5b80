import { activityApi } from '../../../shared/api/activity';
import { authApi } from '../../../shared/api/auth';
import { groupsApi } from '../../../shared/api/groups';
import { projectsApi } from '../../../shared/api/projects';
import { caller } from './http';

/**
 * Calls to the routes every page may use: accounts, groups, invites,
 * projects, documents and the activity feed. The feedback routes
 * (feedback-endpoints.ts) and history routes (history-endpoints.ts) have
 * callers of their own, so that their schemas load with their pages only.
 */
export const call = caller({ ...authApi, ...groupsApi, ...projectsApi, ...activityApi });
