import { classViewResponse } from '../../../shared/schemas/class-view';
import { request } from './http';

/**
 * Calls to the assignment routes beyond the course table's (whose caller
 * is course-endpoints.ts): the instructor's class view of one assignment.
 */
export function fetchClassView(assignmentId: string) {
  return request('GET', `/api/assignments/${encodeURIComponent(assignmentId)}/class`, classViewResponse);
}

/** The class view as a CSV file (one row per member), for the browser to download. */
export function classViewCsvPath(assignmentId: string): string {
  return `/api/assignments/${encodeURIComponent(assignmentId)}/class?format=csv`;
}
