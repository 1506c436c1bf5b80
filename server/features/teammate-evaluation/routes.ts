import { Hono } from 'hono';
import { z } from 'zod';
import { can } from '../../../shared/permissions';
import { id } from '../../../shared/schemas/common';
import {
  applyGradesBody,
  type ApplyGradesResponse,
  type EvaluationReleaseResponse,
  teammateEvaluationBody,
  teammateEvaluationQuery,
  type TeammateEvaluationResponse,
} from '../../../shared/schemas/teammate-evaluation';
import type { Domain } from '../../domain';
import { forbidden } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams, query } from '../../http/validate';
import { evaluationCsv, presentInstructorEvaluation } from './presenter';

const assignmentPath = z.object({ assignmentId: id });

/**
 * Teammate evaluation of an assignment (service.ts has its rules). Anyone
 * outside the assignment's course finds nothing (404); in the course, its
 * learners rate their own team and read their own ratings and, after
 * release, their own result; its instructors read every team's summary
 * and release results, then apply them to team grades; its reviewers do
 * neither (403).
 */
export function teammateEvaluationRoutes({ teammateEvaluations, grades }: Pick<Domain, 'teammateEvaluations' | 'grades'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'PUT /api/assignments/:assignmentId/teammate-evaluation', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const caller = await teammateEvaluations.caller(user.id, assignmentId);
    const body = await jsonBody(c, teammateEvaluationBody);
    await teammateEvaluations.submit(caller, user.id, body);
    return c.json((await teammateEvaluations.learnerView(caller.assignment, user.id)) satisfies TeammateEvaluationResponse);
  });

  route(app, 'GET /api/assignments/:assignmentId/teammate-evaluation', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const { assignment, role } = await teammateEvaluations.caller(user.id, assignmentId);
    const { format } = query(c, teammateEvaluationQuery);
    if (can(role, 'reviewTeammateRatings')) {
      const [teams, releasedAt] = await Promise.all([teammateEvaluations.summaries(assignment), teammateEvaluations.releasedAt(assignment.id)]);
      if (format === 'csv') {
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', 'attachment; filename="teammate-evaluation.csv"');
        return c.body(evaluationCsv(teams));
      }
      return c.json(presentInstructorEvaluation(teams, releasedAt) satisfies TeammateEvaluationResponse);
    }
    if (!can(role, 'rateTeammates')) throw forbidden('Teammate evaluations are for the team’s learners and the course’s instructors.');
    if (format === 'csv') throw forbidden('The CSV of every team is for the course’s instructors.');
    return c.json((await teammateEvaluations.learnerView(assignment, user.id)) satisfies TeammateEvaluationResponse);
  });

  route(app, 'POST /api/assignments/:assignmentId/teammate-evaluation/release', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const caller = await teammateEvaluations.caller(user.id, assignmentId);
    const releasedAt = await teammateEvaluations.release(caller, user.id);
    return c.json({ releasedAt } satisfies EvaluationReleaseResponse);
  });

  route(app, 'POST /api/assignments/:assignmentId/teammate-evaluation/grades', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const caller = await teammateEvaluations.caller(user.id, assignmentId);
    const body = await jsonBody(c, applyGradesBody);
    return c.json((await teammateEvaluations.applyGrades(caller, user.id, body, grades)) satisfies ApplyGradesResponse);
  });

  return app;
}
