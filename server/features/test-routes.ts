import { createApp } from '../app';
import type { Domain } from '../domain';
import { newId } from '../db/ids';
import type { Role } from '../../shared/permissions';
import type { ThreadVisibility } from '../../shared/schemas/threads';
import { createTestDoc, type TestServer, type TestUser } from '../testing/test-server';
import { identityId } from './school-sign-in/identities';
import { anchorOn } from './threads/test-feedback';
import { png } from './files/test-images';
import { rubricDefinition } from '../../shared/schemas/rubrics';
import { sampleRubric, seedReview } from './peer-review/test-peer-review';

/**
 * What the tests over every route share (the authorisation matrix, the API
 * fuzz, private feedback, removed members): the routes the real app
 * registers, a group holding one of everything a route can name, and the
 * concrete path of a route for it.
 */

export const principals = ['anonymous', 'nonMember', 'reviewer', 'member', 'instructor'] as const;
export type Principal = (typeof principals)[number];

/** Values for every path parameter a route may have, by name. */
export interface RouteParams {
  groupId: string;
  projectId: string;
  docId: string;
  code: string;
  userId: string;
  threadId: string;
  replyId: string;
  tagId: string;
  versionId: string;
  /** The fixture's group seen as a course (any group with teams is one). */
  courseId: string;
  /** A team of that course, holding `target`. */
  teamId: string;
  /** An assignment of that course, open (the team has its copy). */
  assignmentId: string;
  /** A school sign-in provider's id; none is configured in these tests, so it names an unknown one. */
  id: string;
  /** A school sign-in linked to the instructor's account (the instructor also has a password). */
  identityId: string;
  /** The target's one-click unsubscribe token for mentions (anyone holding it may use it). */
  token: string;
  /** A rubric of the course, made by its instructor. */
  rubricId: string;
  /** A review of the team's work in the assignment's peer review, written by a group holding `member` (not yet submitted). */
  reviewId: string;
  /** An image uploaded into the document. */
  fileId: string;
}

export interface RouteFixture {
  params: RouteParams;
  /**
   * A user per principal but anonymous; `target`, the member that member
   * routes act on, who wrote the thread and reply; and `removed`, a member
   * who wrote a thread and reply of their own and was then removed.
   */
  users: Record<Exclude<Principal, 'anonymous'> | 'target' | 'removed', TestUser>;
  /** The thread and reply `removed` wrote while a member. */
  removedFeedback: Pick<RouteParams, 'threadId' | 'replyId'>;
}

/** Every API route and the sync socket, as `METHOD /path/:param` exactly as the app registers them. */
export function registeredRoutes(domain: Domain): string[] {
  const routes = createApp(domain)
    // `use` middleware is registered under the method ALL; routes name theirs.
    .routes.filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/ws/')))
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(routes)];
}

/** A thread by `author` with a reply by them, straight through the service. */
export async function feedbackBy(
  server: TestServer,
  author: TestUser,
  role: Role,
  { docId, groupId }: Pick<RouteParams, 'docId' | 'groupId'>,
  visibility: ThreadVisibility = 'group',
): Promise<Pick<RouteParams, 'threadId' | 'replyId'>> {
  const { threads } = server.domain;
  const viewer = { userId: author.user.id, role };
  const thread = await threads.create({ docId, groupId }, viewer, { kind: 'comment', body: 'A thread', anchor: anchorOn(), visibility });
  const reply = await threads.reply({ thread: thread.thread, viewer }, 'A reply');
  return { threadId: thread.thread.id, replyId: reply.reply.id };
}

/**
 * A group with an instructor, a member, a reviewer and a further member
 * (`target`, who wrote a thread with a reply, with `visibility`), one
 * project, one document, one invite, its default tags and a named version;
 * one team inside it holding `target`, with self-sign-up open, and an
 * assignment open for it;
 * a former member, removed by the instructor through the groups service;
 * and a user who never belonged to any of it.
 */
export async function routeFixture(server: TestServer, visibility: ThreadVisibility = 'group'): Promise<RouteFixture> {
  const [instructor, member, reviewer, target, nonMember, removed] = await Promise.all(
    ['Instructor', 'Member', 'Reviewer', 'Target', 'Outsider', 'Removed'].map((name) => server.createUser(name)),
  );
  const { groupId, projectId, docId } = await createTestDoc(server, [
    { member: instructor!, role: 'instructor' },
    { member: member!, role: 'member' },
    { member: reviewer!, role: 'reviewer' },
    { member: target!, role: 'member' },
    { member: removed!, role: 'member' },
  ]);
  const removedFeedback = await feedbackBy(server, removed!, 'member', { docId, groupId }, visibility);
  await server.domain.groups.remove(groupId, removed!.user.id, instructor!.user.id);
  const code = newId(15);
  // The invite is made after the removal: invites made up to the removal's millisecond do not let them back.
  const now = Date.now() + 1;
  await server.domain.store.db
    .insertInto('invites')
    .values({ code, group_id: groupId, role: 'member', created_by: instructor!.user.id, created_at: now, expires_at: now + 86_400_000, max_uses: null, uses: 0, revoked_at: null })
    .execute();
  const { threadId, replyId } = await feedbackBy(server, target!, 'member', { docId, groupId }, visibility);
  const [tag] = await server.domain.tags.list(groupId);
  const version = await server.domain.versions.create(docId, target!.user.id, { name: 'Draft 1' });
  const team = await server.domain.teams.create(groupId, instructor!.user.id, { name: 'Team', memberIds: [target!.user.id] });
  await server.domain.teams.setSelfSignup(groupId, 10);
  const assignment = await server.domain.assignments.create(groupId, instructor!.user.id, { title: 'Essay', instructions: '', dueAt: now + 7 * 86_400_000, lockAtDue: false });
  const identity = { kind: 'oidc' as const, issuer: 'https://school.example', subject: instructor!.user.id };
  await server.domain.store.db
    .insertInto('identities')
    .values({ ...identity, user_id: instructor!.user.id, provider: 'school', email: null, created_at: now, last_used_at: now })
    .execute();
  return {
    params: {
      groupId,
      projectId,
      docId,
      code,
      userId: target!.user.id,
      threadId,
      replyId,
      tagId: tag!.id,
      versionId: version.id,
      courseId: groupId,
      teamId: team.id,
      assignmentId: assignment.id,
      id: 'school',
      identityId: identityId(identity),
      token: await server.domain.unsubscribeTokens.sign(target!.user.id, 'mentions'),
      rubricId: (await server.domain.rubrics.create(instructor!.user.id, groupId, rubricDefinition.parse(sampleRubric))).row.id,
      reviewId: await seedReview(server, { courseId: groupId, assignmentId: assignment.id, teamId: team.id, instructorId: instructor!.user.id, reviewerId: member!.user.id, versionId: version.id }),
      fileId: (await server.domain.files.storeImage({ docId, groupId, userId: member!.user.id, bytes: png() })).id,
    },
    users: { nonMember: nonMember!, reviewer: reviewer!, member: member!, instructor: instructor!, target: target!, removed: removed! },
    removedFeedback,
  };
}

export const methodOf = (route: string) => route.slice(0, route.indexOf(' '));
export const patternOf = (route: string) => route.slice(route.indexOf(' ') + 1);

/** The route's path with its parameters filled in; `encode` says how each value goes in the path. */
export function concretePath(route: string, params: Partial<RouteParams>, encode: (value: string) => string = (v) => v): string {
  return patternOf(route).replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name as keyof RouteParams];
    if (value === undefined) throw new Error(`no value for :${name} in ${route}`);
    return encode(value);
  });
}
