import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import { extensionBody, type TeamDeadlineResponse } from '../../../shared/schemas/extensions';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams } from '../../http/validate';

const teamPath = z.object({ assignmentId: id, teamId: id });

/**
 * One team's due time, changed by an instructor of the course: an extension
 * or the reopening of its locked copy (extensions.ts). Open sync sockets of
 * that copy take the change at once; other teams are untouched.
 */
export function extensionRoutes({ extensions }: Pick<Domain, 'extensions'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/assignments/:assignmentId/teams/:teamId/extension', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId, teamId } = pathParams(c, teamPath);
    const { dueAt } = await jsonBody(c, extensionBody);
    const deadline = await extensions.extend(user.id, assignmentId, teamId, dueAt);
    return c.json({ deadline } satisfies TeamDeadlineResponse);
  });

  route(app, 'POST /api/assignments/:assignmentId/teams/:teamId/reopen', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId, teamId } = pathParams(c, teamPath);
    const deadline = await extensions.reopen(user.id, assignmentId, teamId);
    return c.json({ deadline } satisfies TeamDeadlineResponse);
  });

  return app;
}
