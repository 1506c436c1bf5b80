import * as classView from '../schemas/class-view';
import * as courses from '../schemas/courses';
import * as roster from '../schemas/roster';
import * as extensions from '../schemas/extensions';
import type { RouteTable } from './route-table';

/** Courses: their teams, assignments, and each team's copy and submission. */
export const coursesApi = {
  'POST /api/groups/:courseId/teams': { summary: 'Create a team in a course (its instructors only)', body: courses.createTeamBody, response: courses.teamResponse, status: 201 },
  'GET /api/groups/:courseId/teams': { summary: 'The course’s teams with their members', response: courses.teamsResponse },
  'POST /api/groups/:courseId/assignments': { summary: 'Set an assignment in a course; each team gets its copy when it opens', body: courses.createAssignmentBody, response: courses.assignmentResponse, status: 201 },
  'GET /api/groups/:courseId/assignments': { summary: 'The course’s assignments', response: courses.assignmentsResponse },
  'GET /api/assignments/:assignmentId': { summary: 'An assignment with every team (instructors) or the caller’s own team', response: courses.assignmentDetailResponse },
  'GET /api/assignments/:assignmentId/class': {
    summary: 'The class view (course instructors): every team’s status, words, shares, quiet members and what needs attention; CSV of every member with format=csv',
    query: classView.classViewQuery,
    response: classView.classViewResponse,
    produces: 'text/csv',
  },
  'POST /api/assignments/:assignmentId/submit': { summary: 'Submit the team’s copy: a locked version, replacing an earlier submission', response: courses.submissionResponse },
  'POST /api/groups/:courseId/roster': { summary: 'Import a CSV roster (text/csv body): a per-row report; `?confirm=true` applies it, all or nothing (400 {error, report} when a row has an error)', query: roster.rosterImportQuery, response: roster.rosterReport },
  'POST /api/groups/:courseId/teams/auto': { summary: 'Form teams of the learners in no team, at random or balanced by a roster column: a proposal; `confirm` makes it', body: roster.autoTeamsBody, response: roster.autoTeamsResponse },
  'POST /api/assignments/:assignmentId/teams/:teamId/extension': { summary: 'Give one team its own due time (instructors); its copy locks then, open sockets included', body: extensions.extensionBody, response: extensions.teamDeadlineResponse },
  'POST /api/assignments/:assignmentId/teams/:teamId/reopen': { summary: 'Lift the lock of one team’s copy from now on (instructors), open sockets included', response: extensions.teamDeadlineResponse },
} as const satisfies RouteTable;
