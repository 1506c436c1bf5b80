import { Hono } from 'hono';
import { z } from 'zod';
import { id, pageQuery } from '../../../shared/schemas/common';
import { createProjectBody, type ProjectResponse, type ProjectsResponse } from '../../../shared/schemas/projects';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { jsonBody, pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import { presentProject } from './presenter';

const groupPath = z.object({ groupId: id });
const projectPath = z.object({ projectId: id });

/** A group's projects, each with what the caller may do there. */
export function projectRoutes({ access, projects }: Pick<Domain, 'access' | 'projects'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/groups/:groupId/projects', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    const role = await access.requireGroup(user.id, groupId, 'createContent');
    const { name } = await jsonBody(c, createProjectBody);
    const project = await projects.create(groupId, user.id, name);
    return c.json({ project: presentProject(project, role) } satisfies ProjectResponse, 201);
  });

  route(app, 'GET /api/groups/:groupId/projects', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    const role = await access.requireGroup(user.id, groupId, 'read');
    const page = await projects.list(groupId, query(c, pageQuery));
    const presented = page.items.map((project) => presentProject(project, role));
    return c.json({ projects: presented, nextCursor: page.nextCursor } satisfies ProjectsResponse);
  });

  route(app, 'GET /api/projects/:projectId', async (c) => {
    const { user } = requirePrincipal(c);
    const { projectId } = pathParams(c, projectPath);
    const { project, role } = await access.requireProject(user.id, projectId, 'read');
    return c.json({ project: presentProject(project, role) } satisfies ProjectResponse);
  });

  return app;
}
