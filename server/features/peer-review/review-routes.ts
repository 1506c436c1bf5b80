import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import type { PeerReviewAllocationResponse } from '../../../shared/schemas/peer-review';
import {
  type AssignmentReviewsResponse,
  helpfulnessBody,
  type MyPeerReviewsResponse,
  type PeerReviewResponse,
  saveReviewBody,
  stageSettingsBody,
} from '../../../shared/schemas/peer-reviews';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams } from '../../http/validate';

const assignmentPath = z.object({ assignmentId: id });
const reviewPath = z.object({ reviewId: id });

/**
 * The reviews of an assignment's peer review stage (reviews.ts): its
 * settings and opening by the course's instructors, every review for them,
 * a learner's own team's reviews, and one review read, saved, submitted
 * and rated for helpfulness.
 */
export function reviewRoutes({ peerReviews }: Pick<Domain, 'peerReviews'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'PATCH /api/assignments/:assignmentId/peer-review/stage', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    // Who may change it first, so that a learner's request is refused as such, whatever its body.
    await peerReviews.requireInstructor(user.id, assignmentId);
    const settings = await jsonBody(c, stageSettingsBody);
    const allocation = await peerReviews.changeSettings(user.id, assignmentId, settings);
    return c.json({ allocation } satisfies PeerReviewAllocationResponse);
  });

  route(app, 'POST /api/assignments/:assignmentId/peer-review/open', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    return c.json((await peerReviews.open(user.id, assignmentId)) satisfies AssignmentReviewsResponse);
  });

  route(app, 'GET /api/assignments/:assignmentId/peer-review/reviews', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    return c.json((await peerReviews.forInstructor(user.id, assignmentId)) satisfies AssignmentReviewsResponse);
  });

  route(app, 'GET /api/assignments/:assignmentId/peer-review/my-reviews', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const reviews = await peerReviews.forLearner(user.id, assignmentId);
    return c.json({ reviews } satisfies MyPeerReviewsResponse);
  });

  route(app, 'GET /api/peer-reviews/:reviewId', async (c) => {
    const { user } = requirePrincipal(c);
    const { reviewId } = pathParams(c, reviewPath);
    const review = await peerReviews.read(user.id, reviewId);
    return c.json({ review } satisfies PeerReviewResponse);
  });

  route(app, 'PUT /api/peer-reviews/:reviewId', async (c) => {
    const { user } = requirePrincipal(c);
    const { reviewId } = pathParams(c, reviewPath);
    // Whether the caller reads it at all first: someone who may not gets 404 whatever they send.
    await peerReviews.requireReader(user.id, reviewId);
    const draft = await jsonBody(c, saveReviewBody);
    const review = await peerReviews.save(user.id, reviewId, draft);
    return c.json({ review } satisfies PeerReviewResponse);
  });

  route(app, 'POST /api/peer-reviews/:reviewId/submit', async (c) => {
    const { user } = requirePrincipal(c);
    const { reviewId } = pathParams(c, reviewPath);
    const review = await peerReviews.submit(user.id, reviewId);
    return c.json({ review } satisfies PeerReviewResponse);
  });

  route(app, 'PUT /api/peer-reviews/:reviewId/helpfulness', async (c) => {
    const { user } = requirePrincipal(c);
    const { reviewId } = pathParams(c, reviewPath);
    await peerReviews.requireReader(user.id, reviewId);
    const rating = await jsonBody(c, helpfulnessBody);
    const review = await peerReviews.rateHelpfulness(user.id, reviewId, rating);
    return c.json({ review } satisfies PeerReviewResponse);
  });

  return app;
}
