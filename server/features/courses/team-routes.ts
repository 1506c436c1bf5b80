import { Hono } from 'hono';
import { z } from 'zod';
import { can } from '../../../shared/permissions';
import { id } from '../../../shared/schemas/common';
import {
  createTeamBody,
  placeTeamMemberBody,
  renameTeamBody,
  selfSignupBody,
  type SelfSignupResponse,
  type TeamResponse,
  type TeamsResponse,
  type TeamWithMembersResponse,
} from '../../../shared/schemas/courses';
import type { Domain } from '../../domain';
import { forbidden } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams } from '../../http/validate';
import { presentTeam, presentTeamWithMembers } from './presenter';

const coursePath = z.object({ courseId: id });
const teamPath = z.object({ courseId: id, teamId: id });
const memberPath = z.object({ courseId: id, teamId: id, userId: id });

/**
 * A course's teams. Who may do what is the caller's role in the course:
 * its instructors (manageMembers) make, rename, fill and delete teams and
 * open self-sign-up; any member of the course reads the list of teams and
 * members (not their documents: those are each team's); a learner of the
 * course joins a team while self-sign-up is on. A non-member gets 404.
 */
export function teamRoutes({ access, teams }: Pick<Domain, 'access' | 'teams'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/groups/:courseId/teams', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    const body = await jsonBody(c, createTeamBody);
    const team = await teams.create(courseId, user.id, body);
    return c.json({ team: presentTeam(team) } satisfies TeamResponse, 201);
  });

  route(app, 'GET /api/groups/:courseId/teams', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'read', 'This course');
    const course = await teams.course(courseId);
    const list = await teams.list(courseId);
    const body: TeamsResponse = { teams: list.map(presentTeamWithMembers), selfSignup: { maxTeamSize: course.self_signup_max } };
    return c.json(body);
  });

  route(app, 'PATCH /api/groups/:courseId/teams/:teamId', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId, teamId } = pathParams(c, teamPath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    const { name } = await jsonBody(c, renameTeamBody);
    return c.json({ team: presentTeam(await teams.rename(courseId, teamId, name)) } satisfies TeamResponse);
  });

  route(app, 'DELETE /api/groups/:courseId/teams/:teamId', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId, teamId } = pathParams(c, teamPath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    await teams.delete(courseId, teamId);
    return c.body(null, 204);
  });

  route(app, 'POST /api/groups/:courseId/teams/:teamId/members', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId, teamId } = pathParams(c, teamPath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    const body = await jsonBody(c, placeTeamMemberBody);
    if (body.role === 'reviewer') await teams.addReviewer(courseId, teamId, body.userId, user.id);
    else await teams.placeLearner(courseId, teamId, body.userId, user.id);
    return c.json({ team: presentTeamWithMembers(await teams.get(courseId, teamId)) } satisfies TeamWithMembersResponse);
  });

  route(app, 'DELETE /api/groups/:courseId/teams/:teamId/members/:userId', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId, teamId, userId } = pathParams(c, memberPath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    await teams.takeOut(courseId, teamId, userId, user.id);
    return c.body(null, 204);
  });

  route(app, 'POST /api/groups/:courseId/teams/:teamId/join', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId, teamId } = pathParams(c, teamPath);
    const role = await access.requireGroup(user.id, courseId, 'read', 'This course');
    await teams.get(courseId, teamId);
    if (!can(role, 'joinTeam')) throw forbidden('Only learners of the course pick a team.');
    await teams.join(courseId, teamId, user.id);
    return c.json({ team: presentTeamWithMembers(await teams.get(courseId, teamId)) } satisfies TeamWithMembersResponse);
  });

  route(app, 'PATCH /api/groups/:courseId/self-signup', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    const { maxTeamSize } = await jsonBody(c, selfSignupBody);
    await teams.setSelfSignup(courseId, maxTeamSize);
    return c.json({ selfSignup: { maxTeamSize } } satisfies SelfSignupResponse);
  });

  return app;
}
