import { Hono } from 'hono';
import { homeLimits, type HomeResponse } from '../../../shared/schemas/home';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { presentDoc } from '../docs/presenter';
import { presentGroup } from '../groups/presenter';
import { presentProject } from '../projects/presenter';
import { readOverview } from './overview';

/**
 * The home page's one request: the caller's groups with their projects and
 * documents (shared/schemas/home.ts), and their teams' assignments with due
 * times and statuses. The lists are those of GET /api/groups,
 * /api/groups/:groupId/projects and /api/projects/:projectId/docs, joined.
 */
export function homeRoutes({ store, assignments }: Pick<Domain, 'store' | 'assignments'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/home', async (c) => {
    const { user } = requirePrincipal(c);
    const [overview, due] = await Promise.all([readOverview(store.db, user.id), assignments.forLearner(user.id)]);
    const groups = overview.slice(0, homeLimits.groups).map(({ group, role, projects }) => ({
      ...presentGroup(group, role),
      projects: projects.slice(0, homeLimits.projectsPerGroup).map(({ project, docs }) => ({
        ...presentProject(project, role),
        docs: docs.slice(0, homeLimits.docsPerProject).map(presentDoc),
        moreDocs: docs.length > homeLimits.docsPerProject,
      })),
      moreProjects: projects.length > homeLimits.projectsPerGroup,
    }));
    return c.json({ groups, moreGroups: overview.length > homeLimits.groups, ...(due.length > 0 ? { assignments: due } : {}) } satisfies HomeResponse);
  });

  return app;
}
