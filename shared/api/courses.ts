import * as courses from '../schemas/courses';
import type { RouteTable } from './route-table';

/** Courses: their teams, assignments, and each team's copy and submission. */
export const coursesApi = {
  'POST /api/groups/:courseId/teams': { summary: 'Create a team in a course (its instructors only)', body: courses.createTeamBody, response: courses.teamResponse, status: 201 },
  'GET /api/groups/:courseId/teams': { summary: 'The course’s teams with their members', response: courses.teamsResponse },
  'POST /api/groups/:courseId/assignments': { summary: 'Set an assignment in a course; each team gets its copy when it opens', body: courses.createAssignmentBody, response: courses.assignmentResponse, status: 201 },
  'GET /api/groups/:courseId/assignments': { summary: 'The course’s assignments', response: courses.assignmentsResponse },
  'GET /api/assignments/:assignmentId': { summary: 'An assignment with every team (instructors) or the caller’s own team', response: courses.assignmentDetailResponse },
  'POST /api/assignments/:assignmentId/submit': { summary: 'Submit the team’s copy: a locked version, replacing an earlier submission', response: courses.submissionResponse },
} as const satisfies RouteTable;
