import * as classView from '../schemas/class-view';
import * as courses from '../schemas/courses';
import * as roster from '../schemas/roster';
import * as extensions from '../schemas/extensions';
import type { RouteTable } from './route-table';

/** Courses: their teams, assignments, and each team's copy and submission. */
export const coursesApi = {
  'POST /api/groups/:courseId/teams': { summary: 'Create a team in a course (its instructors only)', body: courses.createTeamBody, response: courses.teamResponse, status: 201 },
  'GET /api/groups/:courseId/teams': { summary: 'The course’s teams with their members (any member of the course) and whether learners may pick their team', response: courses.teamsResponse },
  'PATCH /api/groups/:courseId/teams/:teamId': { summary: 'Rename a team (the course’s instructors)', body: courses.renameTeamBody, response: courses.teamResponse },
  'DELETE /api/groups/:courseId/teams/:teamId': { summary: 'Delete a team with no work yet (the course’s instructors); 409 when its documents hold writing or feedback', status: 204 },
  'POST /api/groups/:courseId/teams/:teamId/members': { summary: 'Put a learner in this team, out of their other team (their writing stays theirs), or make someone of the course its reviewer', body: courses.placeTeamMemberBody, response: courses.teamWithMembersResponse },
  'DELETE /api/groups/:courseId/teams/:teamId/members/:userId': { summary: 'Take someone out of a team (they stay in the course); 409 for a course instructor', status: 204 },
  'POST /api/groups/:courseId/teams/:teamId/join': { summary: 'A learner joins a team with room while self-sign-up is on; 409 when full', response: courses.teamWithMembersResponse },
  'PATCH /api/groups/:courseId/self-signup': { summary: 'Let learners pick their team up to a size, or stop it (the course’s instructors)', body: courses.selfSignupBody, response: courses.selfSignupResponse },
  'POST /api/groups/:courseId/assignments': { summary: 'Set an assignment in a course; each team gets its copy when it opens', body: courses.createAssignmentBody, response: courses.assignmentResponse, status: 201 },
  'GET /api/groups/:courseId/assignments': { summary: 'The course’s assignments', response: courses.assignmentsResponse },
  'PATCH /api/assignments/:assignmentId': { summary: 'Edit an assignment (its course’s instructors), naming the revision the edit started from: 409 when it changed meanwhile', body: courses.updateAssignmentBody, response: courses.assignmentResponse },
  'DELETE /api/assignments/:assignmentId': { summary: 'Delete an assignment (its course’s instructors); the teams’ copies stay their documents', status: 204 },
  'GET /api/assignments/:assignmentId': { summary: 'An assignment with every team (instructors) or the caller’s own team', response: courses.assignmentDetailResponse },
  'GET /api/assignments/:assignmentId/class': {
    summary: 'The class view (course instructors): every team’s status, words, shares, quiet members and what needs attention; CSV of every member with format=csv',
    query: classView.classViewQuery,
    response: classView.classViewResponse,
    produces: 'text/csv',
  },
  'POST /api/assignments/:assignmentId/submit': { summary: 'Submit the team’s copy: a locked version, replacing an earlier submission', response: courses.submissionResponse },
  'POST /api/groups/:courseId/roster': { summary: 'Import a CSV roster (text/csv body): a per-row report; `?confirm=true` applies it, all or nothing (400 {error, report} when a row has an error)', consumes: roster.rosterContentType, query: roster.rosterImportQuery, response: roster.rosterReport },
  'POST /api/groups/:courseId/teams/auto': { summary: 'Form teams of the learners in no team, at random or balanced by a roster column: a proposal; `confirm` makes it', body: roster.autoTeamsBody, response: roster.autoTeamsResponse },
  'POST /api/assignments/:assignmentId/teams/:teamId/extension': { summary: 'Give one team its own due time (instructors); its copy locks then, open sockets included', body: extensions.extensionBody, response: extensions.teamDeadlineResponse },
  'POST /api/assignments/:assignmentId/teams/:teamId/reopen': { summary: 'Lift the lock of one team’s copy from now on (instructors), open sockets included', response: extensions.teamDeadlineResponse },
} as const satisfies RouteTable;
