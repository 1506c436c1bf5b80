import { Hono } from 'hono';
import { z } from 'zod';
import { can } from '../../../shared/permissions';
import { id } from '../../../shared/schemas/common';
import {
  type AssignmentDetailResponse,
  type AssignmentResponse,
  type AssignmentsResponse,
  createAssignmentBody,
  type SubmissionResponse,
  updateAssignmentBody,
} from '../../../shared/schemas/courses';
import type { Domain } from '../../domain';
import { conflict, forbidden, notFound } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams } from '../../http/validate';
import { presentAssignment, presentSubmission, presentTeamCopy } from './presenter';

const coursePath = z.object({ courseId: id });
const assignmentPath = z.object({ assignmentId: id });

/**
 * A course's assignments. Its instructors set, edit and delete them and see
 * every team; its members read them and see their own team; anyone else
 * finds nothing (404). A member of a team submits the team's copy.
 */
export function assignmentRoutes({ access, assignments, submissions }: Pick<Domain, 'access' | 'assignments' | 'submissions'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  /** The assignment and the caller's role in its course; 404 for anyone outside the course. */
  const assignmentFor = async (userId: string, assignmentId: string) => {
    const assignment = await assignments.get(assignmentId);
    const role = await access.roleIn(userId, assignment.course_id);
    if (!role || !can(role, 'read')) throw notFound('This assignment');
    return { assignment, role };
  };

  route(app, 'POST /api/groups/:courseId/assignments', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'setAssignments');
    const body = await jsonBody(c, createAssignmentBody);
    const assignment = await assignments.create(courseId, user.id, body);
    return c.json({ assignment: presentAssignment(assignment) } satisfies AssignmentResponse, 201);
  });

  route(app, 'GET /api/groups/:courseId/assignments', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'read');
    const rows = await assignments.list(courseId);
    return c.json({ assignments: rows.map(presentAssignment) } satisfies AssignmentsResponse);
  });

  route(app, 'GET /api/assignments/:assignmentId', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const { assignment, role } = await assignmentFor(user.id, assignmentId);
    const copies = await assignments.teams(assignment, can(role, 'setAssignments') ? undefined : user.id);
    return c.json({
      assignment: presentAssignment(assignment),
      teams: copies.map((copy) => presentTeamCopy(assignment.id, copy)),
    } satisfies AssignmentDetailResponse);
  });

  route(app, 'PATCH /api/assignments/:assignmentId', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const { assignment, role } = await assignmentFor(user.id, assignmentId);
    if (!can(role, 'setAssignments')) throw forbidden();
    const edit = await jsonBody(c, updateAssignmentBody);
    const updated = await assignments.update(assignment, edit);
    return c.json({ assignment: presentAssignment(updated) } satisfies AssignmentResponse);
  });

  route(app, 'DELETE /api/assignments/:assignmentId', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const { assignment, role } = await assignmentFor(user.id, assignmentId);
    if (!can(role, 'setAssignments')) throw forbidden();
    await assignments.remove(assignment.id);
    return c.body(null, 204);
  });

  route(app, 'POST /api/assignments/:assignmentId/submit', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const { assignment, role } = await assignmentFor(user.id, assignmentId);
    if (can(role, 'setAssignments')) throw forbidden('Instructors do not submit for a team: a member of the team does.');
    const [own] = await assignments.teams(assignment, user.id);
    if (!own) throw conflict('You are in no team of this course, so there is no team copy of yours to submit.');
    if (!own.doc) throw conflict('This assignment has not opened yet: your team gets its copy when it opens.');
    const submission = await submissions.submit(assignment, own.team.id, own.doc.id, user);
    return c.json({ submission: presentSubmission(submission) } satisfies SubmissionResponse);
  });

  return app;
}
