import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import {
  createAllocationBody,
  moveReviewBody,
  type PeerReviewAllocationResponse,
  type ReviewAssignmentsResponse,
} from '../../../shared/schemas/peer-review';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams } from '../../http/validate';

const assignmentPath = z.object({ assignmentId: id });

/**
 * An assignment's peer review allocation (allocations.ts): made, read by
 * name and adjusted by hand by the course's instructors; a learner reads
 * only what their team is to review.
 */
export function allocationRoutes({ reviewAllocations }: Pick<Domain, 'reviewAllocations'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/assignments/:assignmentId/peer-review/allocation', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    // Who may make it first, so that a learner's request is refused as such, whatever its body.
    await reviewAllocations.forInstructor(user.id, assignmentId);
    const body = await jsonBody(c, createAllocationBody);
    const allocation = await reviewAllocations.allocate(user.id, assignmentId, body);
    return c.json({ allocation } satisfies PeerReviewAllocationResponse, 201);
  });

  route(app, 'GET /api/assignments/:assignmentId/peer-review/allocation', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const allocation = await reviewAllocations.forInstructor(user.id, assignmentId);
    return c.json({ allocation } satisfies PeerReviewAllocationResponse);
  });

  route(app, 'PATCH /api/assignments/:assignmentId/peer-review/allocation', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    await reviewAllocations.forInstructor(user.id, assignmentId);
    const change = await jsonBody(c, moveReviewBody);
    const allocation = await reviewAllocations.move(user.id, assignmentId, change);
    return c.json({ allocation } satisfies PeerReviewAllocationResponse);
  });

  route(app, 'GET /api/assignments/:assignmentId/peer-review/mine', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const review = await reviewAllocations.forLearner(user.id, assignmentId);
    return c.json({ review } satisfies ReviewAssignmentsResponse);
  });

  return app;
}
