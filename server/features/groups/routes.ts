import { Hono } from 'hono';
import { z } from 'zod';
import { id, pageQuery } from '../../../shared/schemas/common';
import {
  changeRoleBody,
  createGroupBody,
  type GroupResponse,
  type GroupsResponse,
  type MemberResponse,
  type MembersResponse,
} from '../../../shared/schemas/groups';
import { startTeamProjectBody, type TeamProjectResponse } from '../../../shared/schemas/projects';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { jsonBody, pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import { presentDoc } from '../docs/presenter';
import { presentProject } from '../projects/presenter';
import { presentGroup, presentMember } from './presenter';

const groupPath = z.object({ groupId: id });
const memberPath = z.object({ groupId: id, userId: id });

/** Groups and their members. */
export function groupRoutes({ access, groups, teamProjects }: Pick<Domain, 'access' | 'groups' | 'teamProjects'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/groups', async (c) => {
    const { user } = requirePrincipal(c);
    const { name } = await jsonBody(c, createGroupBody);
    const created = await groups.create(user.id, name);
    return c.json({ group: presentGroup(created.group, created.role) } satisfies GroupResponse, 201);
  });

  // Like a new group, open to anyone signed in: the creator is the new group's instructor.
  route(app, 'POST /api/team-projects', async (c) => {
    const { user } = requirePrincipal(c);
    const body = await jsonBody(c, startTeamProjectBody);
    const { group, role, project, doc } = await teamProjects.start(user.id, body);
    const answer: TeamProjectResponse = { group: presentGroup(group, role), project: presentProject(project, role), doc: presentDoc(doc) };
    return c.json(answer, 201);
  });

  route(app, 'GET /api/groups', async (c) => {
    const { user } = requirePrincipal(c);
    const page = await groups.listForUser(user.id, query(c, pageQuery));
    const body: GroupsResponse = {
      groups: page.items.map(({ group, role }) => presentGroup(group, role)),
      nextCursor: page.nextCursor,
    };
    return c.json(body);
  });

  route(app, 'GET /api/groups/:groupId', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    const role = await access.requireGroup(user.id, groupId, 'read');
    return c.json({ group: presentGroup(await groups.get(groupId), role) } satisfies GroupResponse);
  });

  route(app, 'GET /api/groups/:groupId/members', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'read');
    const page = await groups.members(groupId, query(c, pageQuery));
    // Aliased members are listed by alias and stand-in id, without an email, to all but the group's instructors.
    const names = await access.names(groupId, user.id);
    const members = page.items.map((member) => {
      const presented = presentMember(member);
      return { ...presented, user: names.person(presented.user) };
    });
    return c.json({ members, nextCursor: page.nextCursor } satisfies MembersResponse);
  });

  route(app, 'PATCH /api/groups/:groupId/members/:userId', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId, userId } = pathParams(c, memberPath);
    await access.requireGroup(user.id, groupId, 'manageMembers');
    const { role } = await jsonBody(c, changeRoleBody);
    const member = await groups.changeRole(groupId, userId, role, user.id);
    return c.json({ member: presentMember(member) } satisfies MemberResponse);
  });

  route(app, 'DELETE /api/groups/:groupId/members/:userId', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId, userId } = pathParams(c, memberPath);
    // Anyone may leave a group; removing someone else takes manageMembers.
    await access.requireGroup(user.id, groupId, userId === user.id ? 'read' : 'manageMembers');
    await groups.remove(groupId, userId, user.id);
    return c.body(null, 204);
  });

  return app;
}
