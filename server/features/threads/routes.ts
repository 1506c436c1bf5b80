import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import {
  createThreadBody,
  decideSuggestionsBody,
  type DecideSuggestionsResponse,
  replyBody,
  type ReplyResponse,
  type ThreadResponse,
  type ThreadStreamEvent,
  threadsQuery,
  type ThreadsResponse,
  updateThreadBody,
} from '../../../shared/schemas/threads';
import type { Domain } from '../../domain';
import { unauthenticated } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { readBudget } from '../../http/read-budget';
import { serveEvents } from '../../http/sse';
import { jsonBody, pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import { authorize } from '../access/access';
import { decideSuggestions } from './decide-suggestions';
import { presentReply, presentThread } from './presenter';

const docPath = z.object({ docId: id });
const threadPath = z.object({ threadId: id });
const replyPath = z.object({ replyId: id });

/**
 * Feedback threads on a document and their replies,
 * and their live stream. A thread the caller may not see is "not found", like
 * a document of a group they are not in.
 */
export function threadRoutes({
  access,
  threads,
  threadStreams,
  sessions,
  versions,
  config,
  rateLimiters,
  archive,
}: Pick<Domain, 'access' | 'threads' | 'threadStreams' | 'sessions' | 'versions' | 'config' | 'rateLimiters' | 'archive'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // A page of threads holds up to 500 threads and their replies: each page spends the reader's budget.
  const spendRead = readBudget(config.rateLimits, rateLimiters);

  route(app, 'GET /api/docs/:docId/threads', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { group, role } = await access.requireDoc(user.id, docId, 'read');
    const viewer = { userId: user.id, role };
    const filters = query(c, threadsQuery);
    await spendRead(user.id);
    // An aliased member's threads are asked for by the stand-in id the caller was shown; by their real id, nobody's.
    if (filters.author !== undefined) filters.author = (await access.names(group.id, user.id)).realId(filters.author) ?? '';
    const { page, counts } = await threads.list(docId, viewer, filters);
    const presented = page.items.map((record) => presentThread(record, viewer));
    return c.json({ threads: presented, nextCursor: page.nextCursor, counts } satisfies ThreadsResponse);
  });

  route(app, 'POST /api/docs/:docId/threads', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { group, role } = await access.requireDoc(user.id, docId, 'giveFeedback');
    const input = await jsonBody(c, createThreadBody);
    const viewer = { userId: user.id, role };
    const thread = await threads.create({ docId, groupId: group.id }, viewer, input);
    return c.json({ thread: presentThread(thread, viewer) } satisfies ThreadResponse, 201);
  });

  /** Accept or reject many open suggestions, each in its own step as one would be (decide-suggestions.ts). */
  route(app, 'POST /api/docs/:docId/suggestions/decide', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { role } = await access.requireDoc(user.id, docId, 'decideSuggestions');
    const input = await jsonBody(c, decideSuggestionsBody);
    return c.json((await decideSuggestions({ threads, versions }, docId, { userId: user.id, role }, input)) satisfies DecideSuggestionsResponse);
  });

  /**
   * Server-Sent Events: `ready` once subscribed, then every change to the
   * document's threads the caller may see (shared/schemas/threads.ts,
   * threadStreamEvent), comment lines as heartbeats, and `end` with a reason
   * when the server closes it.
   */
  route(app, 'GET /api/docs/:docId/threads/stream', async (c) => {
    const { user, session } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const admission = threadStreams.admit({ userId: user.id, sessionId: session.id });
    const { group, role } = await access.requireDoc(user.id, docId, 'read');
    // The middleware read the session before we began listening: make sure it did not end in between.
    if (!(await sessions.isLive(session.id))) throw unauthenticated();
    return serveEvents<ThreadStreamEvent>(c, (sink) => admission.open({ docId, groupId: group.id, role }, sink));
  });

  route(app, 'GET /api/threads/:threadId', async (c) => {
    const { user } = requirePrincipal(c);
    const { threadId } = pathParams(c, threadPath);
    const { viewer } = await threads.locate(user.id, threadId);
    return c.json({ thread: presentThread(await threads.get(threadId), viewer) } satisfies ThreadResponse);
  });

  route(app, 'PATCH /api/threads/:threadId', async (c) => {
    const { user } = requirePrincipal(c);
    const { threadId } = pathParams(c, threadPath);
    const located = await threads.locate(user.id, threadId);
    authorize(located.viewer.role, 'giveFeedback', 'This thread');
    await archive.refuseDocWrite(located.thread.doc_id);
    const changes = await jsonBody(c, updateThreadBody);
    return c.json({ thread: presentThread(await threads.update(located, changes), located.viewer) } satisfies ThreadResponse);
  });

  route(app, 'DELETE /api/threads/:threadId', async (c) => {
    const { user } = requirePrincipal(c);
    const { threadId } = pathParams(c, threadPath);
    const located = await threads.locate(user.id, threadId);
    authorize(located.viewer.role, 'giveFeedback', 'This thread');
    await archive.refuseDocWrite(located.thread.doc_id);
    await threads.remove(located);
    return c.body(null, 204);
  });

  route(app, 'POST /api/threads/:threadId/replies', async (c) => {
    const { user } = requirePrincipal(c);
    const { threadId } = pathParams(c, threadPath);
    const located = await threads.locate(user.id, threadId);
    authorize(located.viewer.role, 'giveFeedback', 'This thread');
    await archive.refuseDocWrite(located.thread.doc_id);
    const { body } = await jsonBody(c, replyBody);
    return c.json({ reply: presentReply(await threads.reply(located, body), located.viewer) } satisfies ReplyResponse, 201);
  });

  route(app, 'PATCH /api/replies/:replyId', async (c) => {
    const { user } = requirePrincipal(c);
    const { replyId } = pathParams(c, replyPath);
    const located = await threads.locateReply(user.id, replyId);
    authorize(located.viewer.role, 'giveFeedback', 'This reply');
    await archive.refuseDocWrite(located.thread.doc_id);
    const { body } = await jsonBody(c, replyBody);
    return c.json({ reply: presentReply(await threads.editReply(located, body), located.viewer) } satisfies ReplyResponse);
  });

  route(app, 'DELETE /api/replies/:replyId', async (c) => {
    const { user } = requirePrincipal(c);
    const { replyId } = pathParams(c, replyPath);
    const located = await threads.locateReply(user.id, replyId);
    authorize(located.viewer.role, 'giveFeedback', 'This reply');
    await archive.refuseDocWrite(located.thread.doc_id);
    await threads.removeReply(located);
    return c.body(null, 204);
  });

  return app;
}
