import { pageQuery } from '../schemas/common';
import * as archive from '../schemas/archive';
import type { RouteTable } from './route-table';

/**
 * Archiving, restoring and deleting documents, projects, teams and courses,
 * and each course's audit log. Each is its group's instructors' (the
 * course's, for a team): 404 to anyone outside the group, 403 to its other
 * members. Deleting for good takes something archived (409 otherwise).
 */
export const archiveApi = {
  'POST /api/docs/:docId/archive': { summary: 'Archive a document: hidden, read-only, restorable for 30 days', response: archive.archiveStateResponse },
  'POST /api/docs/:docId/restore': { summary: 'Restore an archived document within its 30 days', response: archive.archiveStateResponse },
  'DELETE /api/docs/:docId': { summary: 'Delete an archived document for good, its history, feedback and files included', status: 204 },
  'POST /api/projects/:projectId/archive': { summary: 'Archive a project with its documents', response: archive.archiveStateResponse },
  'POST /api/projects/:projectId/restore': { summary: 'Restore an archived project with what was archived with it', response: archive.archiveStateResponse },
  'DELETE /api/projects/:projectId': { summary: 'Delete an archived project for good with its documents', status: 204 },
  'POST /api/groups/:groupId/archive': { summary: 'Archive a team, a course (with its teams) or a group', response: archive.archiveStateResponse },
  'POST /api/groups/:groupId/restore': { summary: 'Restore an archived team, course or group with what was archived with it', response: archive.archiveStateResponse },
  'DELETE /api/groups/:groupId': { summary: 'Delete an archived team, course or group for good with everything in it', status: 204 },
  'GET /api/groups/:groupId/archived': { summary: 'What is archived in a group or course (its teams included), with the days left before deletion', response: archive.archivedListResponse },
  'GET /api/archived-groups': { summary: 'The archived groups and courses the caller is an instructor of', response: archive.archivedListResponse },
  'GET /api/groups/:groupId/audit': { summary: 'The course’s audit log, newest first (its instructors only)', query: pageQuery, response: archive.auditLogResponse },
} as const satisfies RouteTable;
