import * as lti from '../schemas/lti';
import type { RouteTable } from './route-table';

/** The LMS services of a course linked through LTI 1.3: roster, groups and gradebook. */
export const ltiApi = {
  'GET /api/groups/:courseId/lti': { summary: 'The LMS the course is linked to, when its roster last came from it and which services it offers; null when linked to none (its instructors)', response: lti.lmsLinkResponse },
  'POST /api/groups/:courseId/lti/roster-sync': { summary: 'Sync the course’s roster from the LMS now (its instructors): who joined, who left, who stayed; people added by hand stay', response: lti.rosterSyncResult },
  'POST /api/groups/:courseId/lti/teams-from-groups': { summary: 'Make a team for each LMS group with its learners, after syncing the roster (instructors); 409 when the LMS offers no groups', response: lti.teamsFromGroupsResult },
  'GET /api/assignments/:assignmentId/lti/scores': { summary: 'The scores given for an assignment and whether each reached the LMS gradebook (instructors)', response: lti.scoresResponse },
  'POST /api/assignments/:assignmentId/lti/scores': { summary: 'Give a team (each of its learners) or one learner a score and send it to the LMS gradebook: what was sent, or failed, per learner', body: lti.sendScoreBody, response: lti.sendScoreResponse },
} as const satisfies RouteTable;
