import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import { sendScoreBody, type ScoresResponse, type SendScoreResponse } from '../../../shared/schemas/lti';
import type { Domain } from '../../domain';
import { notFound } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams } from '../../http/validate';

const assignmentPath = z.object({ assignmentId: id });

/**
 * Scores sent to the LMS gradebook from the class view, by those who set the
 * course's assignments (`setAssignments`): a learner is refused (403),
 * anyone outside the course learns nothing (404).
 */
export function gradesRoutes({ access, grades, store }: Pick<Domain, 'access' | 'grades' | 'store'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const assignmentFor = async (userId: string, assignmentId: string) => {
    const assignment = await store.db.selectFrom('assignments').selectAll().where('id', '=', assignmentId).executeTakeFirst();
    if (!assignment) throw notFound('This assignment');
    await access.requireGroup(userId, assignment.course_id, 'setAssignments', 'This assignment');
    return assignment;
  };

  route(app, 'GET /api/assignments/:assignmentId/lti/scores', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    return c.json((await grades.scores(await assignmentFor(user.id, assignmentId))) satisfies ScoresResponse);
  });

  route(app, 'POST /api/assignments/:assignmentId/lti/scores', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const assignment = await assignmentFor(user.id, assignmentId);
    const body = await jsonBody(c, sendScoreBody);
    return c.json((await grades.send(assignment, user.id, body)) satisfies SendScoreResponse);
  });

  return app;
}
