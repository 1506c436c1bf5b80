import { callCourses } from './course-endpoints';
import { pathTo } from './http';

/**
 * The assignment routes as the assignment pages use them. Every course
 * route, assignments' included, goes through the course table's one caller
 * (course-endpoints.ts); these name what a page does with them.
 */

/** The instructor's class view of one assignment, every team in a row. */
export function fetchClassView(assignmentId: string) {
  return callCourses('GET /api/assignments/:assignmentId/class', { params: { assignmentId } });
}

/** The class view as a CSV file (one row per member), for the browser to download. */
export function classViewCsvPath(assignmentId: string): string {
  return pathTo('GET /api/assignments/:assignmentId/class', { params: { assignmentId }, query: { format: 'csv' } });
}

/** Gives one team its own due time (an ISO 8601 time); its copy locks then when the assignment locks. */
export function extendTeam(assignmentId: string, teamId: string, dueAt: string) {
  return callCourses('POST /api/assignments/:assignmentId/teams/:teamId/extension', { params: { assignmentId, teamId }, body: { dueAt } });
}

/** Lifts the lock of one team's copy from now on. */
export function reopenTeam(assignmentId: string, teamId: string) {
  return callCourses('POST /api/assignments/:assignmentId/teams/:teamId/reopen', { params: { assignmentId, teamId } });
}
