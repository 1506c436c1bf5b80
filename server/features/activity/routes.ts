import { Hono } from 'hono';
import { z } from 'zod';
import {
  type ChangesSinceVisitResponse,
  type DigestResponse,
  type DocVisitResponse,
  feedQuery,
  type FeedResponse,
  feedSeenBody,
  type FeedSeenResponse,
  type FeedStreamEvent,
  type HealthResponse,
} from '../../../shared/schemas/activity';
import { id } from '../../../shared/schemas/common';
import type { Domain } from '../../domain';
import { unauthenticated } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { serveEvents } from '../../http/sse';
import { jsonBody, pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import { renderDigest } from './digest';
import { presentFeed } from './presenter';

const groupPath = z.object({ groupId: id });
const docPath = z.object({ docId: id });

/** Items a digest lists at most. */
const digestItems = 50;

/**
 * The activity feed: the caller's unseen items across their
 * groups, read positions, the live stream, the digest as an email, team
 * health, and what changed in a document since the caller's last visit.
 * A feed spans only the caller's own groups: a non-member reads nothing of
 * a group, so these routes need no group but the caller's session.
 */
export function activityRoutes({
  access,
  config,
  feed,
  feedStreams,
  docVisits,
  groups,
  sessions,
}: Pick<Domain, 'access' | 'config' | 'feed' | 'feedStreams' | 'docVisits' | 'groups' | 'sessions'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/feed', async (c) => {
    const { user } = requirePrincipal(c);
    const { limit } = query(c, feedQuery);
    return c.json(presentFeed(await feed.read(user.id, limit), user.id) satisfies FeedResponse);
  });

  route(app, 'POST /api/feed/seen', async (c) => {
    const { user } = requirePrincipal(c);
    const { upTo, groupId } = await jsonBody(c, feedSeenBody);
    if (groupId !== undefined) await access.requireGroup(user.id, groupId, 'read');
    const unread = await feed.markSeen(user.id, { upTo, groupId });
    return c.json({ unread } satisfies FeedSeenResponse);
  });

  /** Server-Sent Events: `ready`, then each new item the caller may see (shared/schemas/activity.ts, feedStreamEvent). */
  route(app, 'GET /api/feed/stream', async (c) => {
    const { user, session } = requirePrincipal(c);
    const admission = feedStreams.admit({ userId: user.id, sessionId: session.id });
    const roles = await feed.roles(user.id);
    // The middleware read the session before we began listening: make sure it did not end in between.
    if (!(await sessions.isLive(session.id))) throw unauthenticated();
    return serveEvents<FeedStreamEvent>(c, (sink) => admission.open(roles, sink));
  });

  route(app, 'GET /api/feed/digest', async (c) => {
    const { user } = requirePrincipal(c);
    const origin = config.appOrigin ?? new URL(c.req.url).origin;
    const presented = presentFeed(await feed.read(user.id, digestItems), user.id);
    // Editing going on is listed with the rest, where it happens ("Ana is writing in …").
    const digest = renderDigest({ ...presented, items: [...(presented.ongoing ?? []), ...presented.items] }, origin);
    return c.json(digest satisfies DigestResponse);
  });

  route(app, 'GET /api/groups/:groupId/health', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    const role = await access.requireGroup(user.id, groupId, 'viewContributions');
    const group = await groups.get(groupId);
    const health = await feed.health({ id: group.id, name: group.name }, { userId: user.id, role });
    return c.json({ health } satisfies HealthResponse);
  });

  route(app, 'POST /api/docs/:docId/visit', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    await access.requireDoc(user.id, docId, 'read');
    return c.json({ visit: await docVisits.record(user.id, docId) } satisfies DocVisitResponse);
  });

  route(app, 'GET /api/docs/:docId/changes-since-last-visit', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { group } = await access.requireDoc(user.id, docId, 'read');
    const changes = await docVisits.changesSince(user.id, docId, { id: group.id, name: group.name });
    return c.json(changes satisfies ChangesSinceVisitResponse);
  });

  return app;
}
