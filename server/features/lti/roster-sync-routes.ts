import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import type { LmsLinkResponse, RosterSyncResult, TeamsFromGroupsResult } from '../../../shared/schemas/lti';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { pathParams } from '../../http/validate';

const coursePath = z.object({ courseId: id });

/** A course's link to its LMS, its roster synced from it, and teams made from the LMS's groups (the course's instructors). */
export function rosterSyncRoutes({ access, rosterSync, courseGroups, teams }: Pick<Domain, 'access' | 'rosterSync' | 'courseGroups' | 'teams'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  // Whether the course is linked to an LMS, so that the course view offers its instructors a sync.
  route(app, 'GET /api/groups/:courseId/lti', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    await teams.course(courseId);
    return c.json({ link: await rosterSync.link(courseId) } satisfies LmsLinkResponse);
  });

  route(app, 'POST /api/groups/:courseId/lti/roster-sync', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    await teams.course(courseId);
    return c.json((await rosterSync.sync(courseId, user.id)) satisfies RosterSyncResult);
  });

  route(app, 'POST /api/groups/:courseId/lti/teams-from-groups', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    await teams.course(courseId);
    // The groups' learners must be in the course before they can be placed in its teams.
    await rosterSync.sync(courseId, user.id);
    return c.json((await courseGroups.teamsFromGroups(courseId, user.id)) satisfies TeamsFromGroupsResult);
  });

  return app;
}
