import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newId } from '../db/ids';
import { startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { hashPassword } from './auth/password';
import { anchorOn } from './threads/test-feedback';
import { png } from './files/test-images';
import { sampleWordFile, wordType } from './import/test-docx';
import { addLearnerTeams, courseInstructor, sampleRubric } from './peer-review/test-peer-review';
import { concretePath, feedbackBy, methodOf, principals, registeredRoutes, routeFixture, type Principal, type RouteParams } from './test-routes';

/**
 * The authorisation matrix: every route of the app against every
 * kind of caller, each case on a fresh fixture. The first test reads the
 * routes the real app registers and fails when one is missing here, so a new
 * route cannot ship without deciding who may call it.
 */

/** Expected statuses in the order of `principals`. */
type Statuses = readonly [anonymous: number, nonMember: number, reviewer: number, member: number, instructor: number];

interface Fixture {
  server: TestServer;
  caller: TestUser | null;
  /** Values for the route's path parameters, by name. */
  params: RouteParams;
}

interface Row {
  /** `METHOD /path/:param`, exactly as the app registers it. */
  route: string;
  /**
   * A valid body, so that the status tells about permission, not validation;
   * made per case, with anything else the request needs.
   */
  body?: (f: Fixture) => unknown;
  /** The body's content type when it is not JSON (a roster is the file's bytes). */
  contentType?: string;
  /** Sent as a WebSocket upgrade: 101 when it is accepted. */
  upgrade?: true;
  /** A Server-Sent Events stream: only its status is read. */
  stream?: true;
  /** A page navigation answered with a redirect, read without following it. */
  navigation?: true;
  /** Path parameters made per case instead of the fixture's (e.g. the caller's own thread). */
  params?: (f: Fixture) => Promise<Partial<RouteParams>>;
  expect: Statuses;
}

/** Archives the fixture's document, project or group before the case (as its target member would be named archiver: who did it does not matter here). */
function archivedFirst(table: 'documents' | 'projects' | 'groups', param: 'docId' | 'projectId' | 'groupId') {
  return async ({ server, params }: Fixture): Promise<Partial<RouteParams>> => {
    await server.domain.archive.archive({ table, id: params[param] }, params.userId);
    return {};
  };
}

const knownPassword = 'the known password 1';
let knownPasswordHash = '';

/** The token of a live reset link, of an account of its own: using it changes no caller's account. */
async function liveResetToken(server: TestServer): Promise<string> {
  const forgetful = { id: newId(), email: `forgetful-${newId()}@example.test`, name: 'Forgetful' };
  await server.domain.store.db.insertInto('users').values({ ...forgetful, password_hash: knownPasswordHash, created_at: Date.now() }).execute();
  return server.domain.passwordResets.issue(forgetful);
}

const rows: Row[] = [
  { route: 'GET /api/health', expect: [200, 200, 200, 200, 200] },
  { route: 'GET /api/openapi.json', expect: [200, 200, 200, 200, 200] },

  // Accounts: open to all, except what needs a session.
  {
    route: 'POST /api/auth/signup',
    body: () => ({ email: `new-${newId()}@example.test`, password: knownPassword, name: 'Newcomer' }),
    expect: [201, 201, 201, 201, 201],
  },
  {
    route: 'POST /api/auth/login',
    body: async ({ server }) => {
      const email = `known-${newId()}@example.test`;
      await server.domain.store.db
        .insertInto('users')
        .values({ id: newId(), email, name: 'Known', password_hash: knownPasswordHash, created_at: Date.now() })
        .execute();
      return { email, password: knownPassword };
    },
    expect: [200, 200, 200, 200, 200],
  },
  { route: 'POST /api/auth/logout', expect: [204, 204, 204, 204, 204] },
  { route: 'GET /api/auth/me', expect: [401, 200, 200, 200, 200] },
  {
    route: 'POST /api/auth/password',
    body: async ({ server, caller }) => {
      if (caller) {
        await server.domain.store.db
          .updateTable('users')
          .set({ password_hash: knownPasswordHash })
          .where('id', '=', caller.user.id)
          .execute();
      }
      return { currentPassword: knownPassword, newPassword: 'another long password' };
    },
    expect: [401, 200, 200, 200, 200],
  },
  // Password reset: anyone may ask (the same 202 for any email) and anyone holding a live link may use it.
  { route: 'POST /api/auth/password-reset', body: () => ({ email: `someone-${newId()}@example.test` }), expect: [202, 202, 202, 202, 202] },
  {
    route: 'POST /api/auth/password-reset/check',
    body: async ({ server }) => ({ token: await liveResetToken(server) }),
    expect: [200, 200, 200, 200, 200],
  },
  {
    route: 'POST /api/auth/password-reset/confirm',
    body: async ({ server }) => ({ token: await liveResetToken(server), password: 'a new long password' }),
    expect: [204, 204, 204, 204, 204],
  },

  // Groups and members.
  { route: 'POST /api/groups', body: () => ({ name: 'New group' }), expect: [401, 201, 201, 201, 201] },
  { route: 'POST /api/team-projects', body: () => ({ groupName: 'New team', projectName: 'Report' }), expect: [401, 201, 201, 201, 201] },
  { route: 'GET /api/groups', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/home', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/groups/:groupId', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/groups/:groupId/members', expect: [401, 404, 200, 200, 200] },
  { route: 'PATCH /api/groups/:groupId/members/:userId', body: () => ({ role: 'reviewer' }), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/groups/:groupId/members/:userId', expect: [401, 404, 403, 403, 204] },

  // Invites: managed by instructors; a code is shown to and usable by anyone signed in.
  { route: 'POST /api/groups/:groupId/invites', body: () => ({ role: 'member' }), expect: [401, 404, 403, 403, 201] },
  { route: 'GET /api/groups/:groupId/invites', expect: [401, 404, 403, 403, 200] },
  {
    route: 'POST /api/groups/:groupId/invites/email',
    body: () => ({ email: `invited-${newId()}@example.test`, role: 'reviewer' }),
    expect: [401, 404, 403, 403, 200],
  },
  { route: 'DELETE /api/groups/:groupId/invites/:code', expect: [401, 404, 403, 403, 204] },
  { route: 'GET /api/invites/:code', expect: [401, 200, 200, 200, 200] },
  { route: 'POST /api/invites/:code/accept', expect: [401, 200, 200, 200, 200] },

  // Projects and documents.
  { route: 'POST /api/groups/:groupId/projects', body: () => ({ name: 'New project' }), expect: [401, 404, 403, 201, 201] },
  { route: 'GET /api/groups/:groupId/projects', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/projects/:projectId', expect: [401, 404, 200, 200, 200] },
  { route: 'POST /api/projects/:projectId/docs', body: () => ({ title: 'New document' }), expect: [401, 404, 403, 201, 201] },
  { route: 'GET /api/projects/:projectId/docs', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/docs/:docId', expect: [401, 404, 200, 200, 200] },
  { route: 'PATCH /api/docs/:docId', body: () => ({ title: 'Renamed' }), expect: [401, 404, 403, 200, 200] },

  // Archive, restore, delete for good and the audit log: the group's instructors only. Restoring and
  // deleting take something archived, so those cases archive it first.
  { route: 'POST /api/docs/:docId/archive', expect: [401, 404, 403, 403, 200] },
  { route: 'POST /api/docs/:docId/restore', params: archivedFirst('documents', 'docId'), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/docs/:docId', params: archivedFirst('documents', 'docId'), expect: [401, 404, 403, 403, 204] },
  { route: 'POST /api/projects/:projectId/archive', expect: [401, 404, 403, 403, 200] },
  { route: 'POST /api/projects/:projectId/restore', params: archivedFirst('projects', 'projectId'), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/projects/:projectId', params: archivedFirst('projects', 'projectId'), expect: [401, 404, 403, 403, 204] },
  { route: 'POST /api/groups/:groupId/archive', expect: [401, 404, 403, 403, 200] },
  { route: 'POST /api/groups/:groupId/restore', params: archivedFirst('groups', 'groupId'), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/groups/:groupId', params: archivedFirst('groups', 'groupId'), expect: [401, 404, 403, 403, 204] },
  { route: 'GET /api/groups/:groupId/archived', expect: [401, 404, 403, 403, 200] },
  { route: 'GET /api/archived-groups', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/groups/:groupId/audit', expect: [401, 404, 403, 403, 200] },

  // Feedback: every member may give it (reviewers too); the target member wrote the fixture's thread and reply.
  { route: 'GET /api/docs/:docId/threads', expect: [401, 404, 200, 200, 200] },
  { route: 'POST /api/docs/:docId/threads', body: () => ({ kind: 'comment', body: 'A comment', anchor: anchorOn() }), expect: [401, 404, 201, 201, 201] },
  { route: 'GET /api/docs/:docId/threads/stream', stream: true, expect: [401, 404, 200, 200, 200] },
  // Accepting or rejecting many suggestions at once: whoever may decide one.
  { route: 'POST /api/docs/:docId/suggestions/decide', body: () => ({ status: 'rejected' }), expect: [401, 404, 403, 200, 200] },
  { route: 'GET /api/threads/:threadId', expect: [401, 404, 200, 200, 200] },
  { route: 'PATCH /api/threads/:threadId', body: () => ({ status: 'resolved' }), expect: [401, 404, 403, 200, 200] },
  { route: 'DELETE /api/threads/:threadId', params: ownFeedback, expect: [401, 404, 204, 204, 204] },
  { route: 'POST /api/threads/:threadId/replies', body: () => ({ body: 'A reply' }), expect: [401, 404, 201, 201, 201] },
  { route: 'PATCH /api/replies/:replyId', params: ownFeedback, body: () => ({ body: 'Edited' }), expect: [401, 404, 200, 200, 200] },
  { route: 'DELETE /api/replies/:replyId', params: ownFeedback, expect: [401, 404, 204, 204, 204] },

  // Annotation tags: read by members, changed by instructors.
  { route: 'GET /api/groups/:groupId/tags', expect: [401, 404, 200, 200, 200] },
  { route: 'POST /api/groups/:groupId/tags', body: () => ({ name: 'New tag' }), expect: [401, 404, 403, 403, 201] },
  { route: 'PATCH /api/groups/:groupId/tags/:tagId', body: () => ({ name: 'Renamed tag' }), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/groups/:groupId/tags/:tagId', expect: [401, 404, 403, 403, 204] },

  // Contributions: instructors and members see them (learners see what instructors see), reviewers do not.
  { route: 'GET /api/docs/:docId/contributions', expect: [401, 404, 403, 200, 200] },
  { route: 'GET /api/docs/:docId/activity', expect: [401, 404, 403, 200, 200] },
  { route: 'GET /api/groups/:groupId/contributions', expect: [401, 404, 403, 200, 200] },
  { route: 'GET /api/docs/:docId/authorship', expect: [401, 404, 403, 200, 200] },
  { route: 'GET /api/docs/:docId/authors', expect: [401, 404, 403, 200, 200] },

  // History: read by every member; versions made, named and restored by editors (the fixture's is named).
  { route: 'GET /api/docs/:docId/versions', expect: [401, 404, 200, 200, 200] },
  { route: 'POST /api/docs/:docId/versions', body: () => ({ name: 'Draft 2' }), expect: [401, 404, 403, 201, 201] },
  { route: 'GET /api/docs/:docId/versions/:versionId', expect: [401, 404, 200, 200, 200] },
  { route: 'PATCH /api/docs/:docId/versions/:versionId', body: () => ({ name: 'Renamed' }), expect: [401, 404, 403, 200, 200] },
  { route: 'DELETE /api/docs/:docId/versions/:versionId', expect: [401, 404, 403, 204, 204] },
  { route: 'POST /api/docs/:docId/versions/:versionId/restore', expect: [401, 404, 403, 200, 200] },
  { route: 'GET /api/docs/:docId/timeline', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/docs/:docId/timeline/at', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/docs/:docId/compare', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/docs/:docId/export', expect: [401, 404, 200, 200, 200] },
  // Images: uploaded by those who may edit the document, read by its readers; a non-member learns nothing.
  { route: 'POST /api/docs/:docId/files', body: () => png(), contentType: 'image/png', expect: [401, 404, 403, 201, 201] },
  { route: 'GET /api/files/:fileId', expect: [401, 404, 200, 200, 200] },
  // A Word file starts a document for whoever may create documents in the project.
  { route: 'POST /api/projects/:projectId/docs/import', body: () => sampleWordFile(), contentType: wordType, expect: [401, 404, 403, 201, 201] },

  // The activity feed: a feed spans the caller's own groups, so anyone signed in reads theirs;
  // team health is for instructors and members; document visits for whoever may read the document.
  { route: 'GET /api/feed', expect: [401, 200, 200, 200, 200] },
  { route: 'POST /api/feed/seen', body: () => ({}), expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/feed/stream', stream: true, expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/feed/digest', expect: [401, 200, 200, 200, 200] },
  // The notification inbox: each caller's own, so anyone signed in reads and marks theirs.
  { route: 'GET /api/notifications', expect: [401, 200, 200, 200, 200] },
  { route: 'POST /api/notifications/read', body: () => ({ all: true }), expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/groups/:groupId/health', expect: [401, 404, 403, 200, 200] },
  { route: 'POST /api/docs/:docId/visit', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/docs/:docId/changes-since-last-visit', expect: [401, 404, 200, 200, 200] },

  // Teams of a course (the fixture's group): its instructors change them, its members read them,
  // its learners (members) join one while self-sign-up is open; the target member is in the team.
  { route: 'POST /api/groups/:courseId/teams', body: () => ({ name: 'New team' }), expect: [401, 404, 403, 403, 201] },
  { route: 'GET /api/groups/:courseId/teams', expect: [401, 404, 200, 200, 200] },
  { route: 'PATCH /api/groups/:courseId/teams/:teamId', body: () => ({ name: 'Renamed team' }), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/groups/:courseId/teams/:teamId', expect: [401, 404, 403, 403, 204] },
  { route: 'POST /api/groups/:courseId/teams/:teamId/members', body: ({ params }) => ({ userId: params.userId }), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/groups/:courseId/teams/:teamId/members/:userId', expect: [401, 404, 403, 403, 204] },
  // Previews of a roster and of automatic teams: the course's instructors only, and they change nothing.
  { route: 'POST /api/groups/:courseId/roster', body: () => 'name,email,team\nNew Learner,new.learner@example.test,Team Z\n', contentType: 'text/csv', expect: [401, 404, 403, 403, 200] },
  { route: 'POST /api/groups/:courseId/teams/auto', body: () => ({ size: 2 }), expect: [401, 404, 403, 403, 200] },
  { route: 'POST /api/groups/:courseId/teams/:teamId/join', expect: [401, 404, 403, 200, 403] },
  { route: 'PATCH /api/groups/:courseId/self-signup', body: () => ({ maxTeamSize: 4 }), expect: [401, 404, 403, 403, 200] },

  // Assignments of the course: its instructors set, edit and delete them; its members read them.
  // Submitting is for a member of a team: the fixture's member and reviewer are in none (409), instructors do not submit (403).
  {
    route: 'POST /api/groups/:courseId/assignments',
    body: () => ({ title: 'Report', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }),
    expect: [401, 404, 403, 403, 201],
  },
  { route: 'GET /api/groups/:courseId/assignments', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/assignments/:assignmentId', expect: [401, 404, 200, 200, 200] },
  { route: 'PATCH /api/assignments/:assignmentId', body: () => ({ revision: 1, title: 'Renamed' }), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/assignments/:assignmentId', expect: [401, 404, 403, 403, 204] },
  { route: 'POST /api/assignments/:assignmentId/submit', expect: [401, 404, 409, 409, 403] },

  // The class view of an assignment of the course: its instructors only.
  { route: 'GET /api/assignments/:assignmentId/class', expect: [401, 404, 403, 403, 200] },

  // Rubrics of the course: its instructors only; its learners and reviewers are refused (403).
  { route: 'POST /api/groups/:courseId/rubrics', body: () => sampleRubric, expect: [401, 404, 403, 403, 201] },
  { route: 'GET /api/groups/:courseId/rubrics', expect: [401, 404, 403, 403, 200] },
  {
    route: 'POST /api/groups/:courseId/rubrics/import',
    body: () => ({ format: 'commonplace-rubric', version: 1, rubric: sampleRubric }),
    expect: [401, 404, 403, 403, 201],
  },
  { route: 'GET /api/rubrics/:rubricId', expect: [401, 404, 403, 403, 200] },
  { route: 'PATCH /api/rubrics/:rubricId', body: () => ({ title: 'Renamed rubric' }), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/rubrics/:rubricId', expect: [401, 404, 403, 403, 204] },
  { route: 'GET /api/rubrics/:rubricId/export', expect: [401, 404, 403, 403, 200] },

  // Peer review between teams: the course's instructors make, read and adjust the allocation (a second team
  // is added so that there is someone to review); any member of the course reads what their own team is to review.
  {
    route: 'POST /api/assignments/:assignmentId/peer-review/allocation',
    body: async ({ server, params }) => {
      await addLearnerTeams(server, params.courseId, 1);
      return { k: 1, rubricId: params.rubricId, seed: 1 };
    },
    expect: [401, 404, 403, 403, 201],
  },
  { route: 'GET /api/assignments/:assignmentId/peer-review/allocation', expect: [401, 404, 403, 403, 200] },
  {
    route: 'PATCH /api/assignments/:assignmentId/peer-review/allocation',
    body: async ({ server, params }) => {
      // Three teams reviewed once each: a review moves to the one team neither reviewed nor reviewing.
      const [other, third] = await addLearnerTeams(server, params.courseId, 2);
      const instructorId = await courseInstructor(server, params.courseId);
      const allocation = await server.domain.reviewAllocations.allocate(instructorId, params.assignmentId, { k: 1, rubricId: params.rubricId, seed: 1 });
      const review = allocation.reviews.find((r) => r.revieweeTeam.id === params.teamId)!;
      const toTeamId = [params.teamId, other!, third!].find((id) => id !== review.revieweeTeam.id && id !== review.reviewerTeam.id)!;
      return { revieweeTeamId: review.revieweeTeam.id, fromTeamId: review.reviewerTeam.id, toTeamId };
    },
    expect: [401, 404, 403, 403, 200],
  },
  { route: 'GET /api/assignments/:assignmentId/peer-review/mine', expect: [401, 404, 200, 200, 200] },
  // The stage's settings, opening and every review: the course's instructors; what a learner's team writes and received: any member of the course.
  { route: 'PATCH /api/assignments/:assignmentId/peer-review/stage', body: () => ({ anonymity: 'both' }), expect: [401, 404, 403, 403, 200] },
  { route: 'POST /api/assignments/:assignmentId/peer-review/open', expect: [401, 404, 403, 403, 200] },
  { route: 'GET /api/assignments/:assignmentId/peer-review/reviews', expect: [401, 404, 403, 403, 200] },
  { route: 'GET /api/assignments/:assignmentId/peer-review/my-reviews', expect: [401, 404, 200, 200, 200] },
  // One review, written by a group holding the member: read by its writers and the course's instructors (nobody else learns it
  // exists), written and submitted by its writers only; its helpfulness is the reviewed team's to rate once it is submitted.
  { route: 'GET /api/peer-reviews/:reviewId', expect: [401, 404, 404, 200, 200] },
  {
    route: 'PUT /api/peer-reviews/:reviewId',
    body: () => ({ answers: [{ level: 2, comment: 'Clear' }, { level: 0, comment: '' }], overallComment: 'Good start.' }),
    expect: [401, 404, 404, 200, 403],
  },
  { route: 'POST /api/peer-reviews/:reviewId/submit', expect: [401, 404, 404, 200, 403] },
  { route: 'PUT /api/peer-reviews/:reviewId/helpfulness', body: () => ({ rating: 4, note: 'Useful' }), expect: [401, 404, 404, 403, 403] },

  // One team's due time, changed by the course's instructors: an extension, or reopening its copy.
  {
    route: 'POST /api/assignments/:assignmentId/teams/:teamId/extension',
    body: () => ({ dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString() }),
    expect: [401, 404, 403, 403, 200],
  },
  { route: 'POST /api/assignments/:assignmentId/teams/:teamId/reopen', expect: [401, 404, 403, 403, 200] },

  // Teammate evaluation: a learner rates their own team (the fixture's member is in none: 409); the course's instructors
  // read every team's summary and release results (409 while no team's evaluation has opened); reviewers do neither.
  {
    route: 'PUT /api/assignments/:assignmentId/teammate-evaluation',
    body: ({ params }) => ({ ratings: [{ rateeId: params.userId, scores: { contributing: 4, interacting: 4, keepingOnTrack: 4, expectingQuality: 4, knowledgeAndSkills: 4 } }] }),
    expect: [401, 404, 403, 409, 403],
  },
  { route: 'GET /api/assignments/:assignmentId/teammate-evaluation', expect: [401, 404, 403, 200, 200] },
  { route: 'POST /api/assignments/:assignmentId/teammate-evaluation/release', expect: [401, 404, 403, 403, 409] },
  // Applying the evaluation to team grades: the course's instructors, once released (409 before).
  {
    route: 'POST /api/assignments/:assignmentId/teammate-evaluation/grades',
    body: ({ params }) => ({ scoreMaximum: 10, teams: [{ teamId: params.teamId, teamGrade: 8 }] }),
    expect: [401, 404, 403, 403, 409],
  },

  // The LMS services of the course: its instructors only. The fixture's course is linked to no LMS (its link is null),
  // so syncing its roster or seeding teams from LMS groups is a conflict, and it has no gradebook to send to.
  { route: 'GET /api/groups/:courseId/lti', expect: [401, 404, 403, 403, 200] },
  { route: 'POST /api/groups/:courseId/lti/roster-sync', expect: [401, 404, 403, 403, 409] },
  { route: 'POST /api/groups/:courseId/lti/teams-from-groups', expect: [401, 404, 403, 403, 409] },
  { route: 'GET /api/assignments/:assignmentId/lti/scores', expect: [401, 404, 403, 403, 200] },
  {
    route: 'POST /api/assignments/:assignmentId/lti/scores',
    body: ({ params }) => ({ teamId: params.teamId, scoreGiven: 8, scoreMaximum: 10 }),
    expect: [401, 404, 403, 403, 409],
  },

  // School sign-in: its redirects are open to all (an unknown provider goes to the sign-in page);
  // the linked sign-ins are the caller's own, so another's identity is not found.
  { route: 'GET /api/auth/providers', expect: [200, 200, 200, 200, 200] },
  { route: 'GET /api/auth/oidc/:id/start', navigation: true, expect: [302, 302, 302, 302, 302] },
  { route: 'GET /api/auth/oidc/:id/callback', navigation: true, expect: [302, 302, 302, 302, 302] },
  { route: 'GET /api/auth/identities', expect: [401, 200, 200, 200, 200] },
  { route: 'DELETE /api/auth/identities/:identityId', expect: [401, 404, 404, 404, 204] },

  // Notification settings are the caller's own. The unsubscribe link needs no session: its signed
  // token is the proof, so every caller gets the same page and the same one-click post.
  { route: 'GET /api/me/notification-settings', expect: [401, 200, 200, 200, 200] },
  // A person's own data: anyone signed in downloads theirs; deleting needs their password, and the
  // fixture's only instructor of a group with members is refused (409).
  { route: 'GET /api/me/export', expect: [401, 200, 200, 200, 200] },
  {
    route: 'POST /api/me/delete',
    body: async ({ server, caller }) => {
      if (caller) await server.domain.store.db.updateTable('users').set({ password_hash: knownPasswordHash }).where('id', '=', caller.user.id).execute();
      return { currentPassword: knownPassword };
    },
    expect: [401, 204, 204, 204, 409],
  },
  { route: 'PATCH /api/me/notification-settings', body: () => ({ timeZone: 'Europe/Paris' }), expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/unsubscribe/:token', expect: [200, 200, 200, 200, 200] },
  { route: 'POST /api/unsubscribe/:token', body: () => 'List-Unsubscribe=One-Click', contentType: 'application/x-www-form-urlencoded', expect: [200, 200, 200, 200, 200] },

  // The sync socket: a reviewer connects too (read-only is enforced on the wire).
  { route: 'GET /ws/:docId', upgrade: true, expect: [401, 404, 101, 101, 101] },
];

/**
 * Private feedback (visibility: instructors): the fixture's thread and reply
 * are private, written by the target member. Its author and the group's
 * instructors may use them; to anyone else they do not exist (404), exactly
 * like another group's. Statuses in the order of `principals`, then the author.
 */
const privateRows: { route: string; body?: () => unknown; expect: readonly [...Statuses, author: number] }[] = [
  { route: 'GET /api/threads/:threadId', expect: [401, 404, 404, 404, 200, 200] },
  { route: 'PATCH /api/threads/:threadId', body: () => ({ status: 'resolved' }), expect: [401, 404, 404, 404, 200, 200] },
  { route: 'DELETE /api/threads/:threadId', expect: [401, 404, 404, 404, 403, 204] },
  { route: 'POST /api/threads/:threadId/replies', body: () => ({ body: 'A reply' }), expect: [401, 404, 404, 404, 201, 201] },
  { route: 'PATCH /api/replies/:replyId', body: () => ({ body: 'Edited' }), expect: [401, 404, 404, 404, 403, 200] },
  { route: 'DELETE /api/replies/:replyId', expect: [401, 404, 404, 404, 403, 204] },
];

/** A thread by the caller with a reply by the caller, for routes only an author may use. */
async function ownFeedback({ server, caller, params }: Fixture): Promise<Partial<RouteParams>> {
  if (!caller) return {};
  const role = await server.domain.access.roleIn(caller.user.id, params.groupId);
  if (!role) return {};
  return feedbackBy(server, caller, role, params);
}

/**
 * The callers of the matrix: its principals, and a member removed from the
 * group, who is answered exactly as someone who never joined, even about
 * the thread and reply they wrote while a member.
 */
type Caller = Principal | 'removed';
const callers: { caller: Caller; expected: (row: Row) => number }[] = [
  ...principals.map((caller, column) => ({ caller, expected: (row: Row) => row.expect[column]! })),
  { caller: 'removed', expected: (row) => row.expect[principals.indexOf('nonMember')]! },
];

async function freshFixture(server: TestServer, caller: Caller): Promise<Fixture> {
  const { params, users, removedFeedback } = await routeFixture(server);
  if (caller === 'removed') return { server, caller: users.removed, params: { ...params, ...removedFeedback } };
  return { server, caller: caller === 'anonymous' ? null : users[caller], params };
}

/** The status of a WebSocket upgrade: 101 when accepted, else the HTTP answer. */
function upgradeStatus(url: string, caller: TestUser | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: caller ? { cookie: caller.cookie } : {} });
    let status = 0;
    socket.once('upgrade', (response) => {
      status = response.statusCode ?? 0;
    });
    socket.once('open', () => {
      socket.once('close', () => resolve(status));
      socket.close();
    });
    socket.once('unexpected-response', (request, response) => {
      response.resume();
      request.destroy();
      resolve(response.statusCode ?? 0);
    });
    socket.on('error', reject);
  });
}

async function statusOf(row: Row, f: Fixture): Promise<number> {
  const path = concretePath(row.route, { ...f.params, ...(await row.params?.(f)) });
  if (row.upgrade) return upgradeStatus(f.server.url.replace(/^http/, 'ws') + path, f.caller);
  if (row.stream || row.navigation) {
    const response = await fetch(f.server.url + path, { redirect: 'manual', headers: f.caller ? { cookie: f.caller.cookie } : {} });
    await response.body?.cancel();
    return response.status;
  }
  const headers = row.contentType ? { 'content-type': row.contentType } : undefined;
  const response = await f.server.api(methodOf(row.route), path, { as: f.caller, body: await row.body?.(f), headers });
  return response.status;
}

describe('authorisation matrix', () => {
  let server: TestServer;

  beforeAll(async () => {
    // Generous limits: the matrix signs up and in more often than a person would.
    server = await startTestServer({ SIGNUP_LIMIT_PER_ADDRESS: '100000', LOGIN_LIMIT_PER_ADDRESS: '100000' });
    knownPasswordHash = await hashPassword(knownPassword);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has a row for every /api route and the sync socket the app registers, and none for routes it lacks', () => {
    const registered = new Set(registeredRoutes(server.domain));
    const tabled = rows.map((r) => r.route);
    expect(new Set(tabled).size, 'a route is in the table twice').toBe(tabled.length);
    expect([...registered].filter((route) => !tabled.includes(route)), 'routes missing from the matrix').toEqual([]);
    expect(tabled.filter((route) => !registered.has(route)), 'rows for routes the app does not have').toEqual([]);
  });

  describe('private feedback', () => {
    for (const row of privateRows) {
      const privateCallers: { caller: Caller | 'author'; expected: number }[] = [
        ...principals.map((caller, column) => ({ caller, expected: row.expect[column]! })),
        { caller: 'author', expected: row.expect[principals.length]! },
        { caller: 'removed', expected: row.expect[principals.indexOf('nonMember')]! },
      ];
      for (const { caller, expected } of privateCallers) {
        it(`${row.route}: ${caller} -> ${expected}`, async () => {
          const { params, users, removedFeedback } = await routeFixture(server, 'instructors');
          const as = caller === 'anonymous' ? null : caller === 'author' ? users.target : users[caller];
          const path = concretePath(row.route, caller === 'removed' ? { ...params, ...removedFeedback } : params);
          expect((await server.api(methodOf(row.route), path, { as, body: row.body?.() })).status).toBe(expected);
        });
      }
    }
  });

  for (const row of rows) {
    describe(row.route, () => {
      for (const { caller, expected: expectedFor } of callers) {
        const expected = expectedFor(row);
        it(`${caller} -> ${expected}`, async () => {
          const fixture = await freshFixture(server, caller);
          expect(await statusOf(row, fixture)).toBe(expected);
        });
      }
    });
  }
});
