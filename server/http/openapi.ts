import { z } from 'zod';
import * as activity from '../../shared/schemas/activity';
import * as auth from '../../shared/schemas/auth';
import { pageQuery } from '../../shared/schemas/common';
import * as groups from '../../shared/schemas/groups';
import * as history from '../../shared/schemas/history';
import * as projects from '../../shared/schemas/projects';
import * as threads from '../../shared/schemas/threads';

/**
 * The API described as OpenAPI 3.1 (spec.openapis.org/oas/v3.1.0), built from
 * the same zod schemas that validate requests and type the client, so the
 * document cannot drift from the code. Every route the app registers must
 * have an entry here (openapi.test.ts checks it).
 */
interface Operation {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** The success body; absent for 204 and non-JSON answers. */
  response?: z.ZodType;
  status?: 200 | 201 | 204 | 101;
  /** Content type of a non-JSON success answer. */
  produces?: string;
  /** Anonymous callers may use it. */
  public?: boolean;
}

export const operations: Record<string, Operation> = {
  'GET /api/health': { summary: 'Answers 200 once the server is ready', public: true },
  'GET /metrics': { summary: 'Prometheus metrics', produces: 'text/plain', public: true },
  'GET /api/openapi.json': { summary: 'This document', public: true },

  'POST /api/auth/signup': { summary: 'Create an account and sign in', body: auth.signupBody, response: auth.userResponse, status: 201, public: true },
  'POST /api/auth/login': { summary: 'Sign in (a new session each time)', body: auth.loginBody, response: auth.userResponse, public: true },
  'POST /api/auth/logout': { summary: 'End this session', status: 204, public: true },
  'GET /api/auth/me': { summary: 'The signed-in user', response: auth.userResponse },
  'POST /api/auth/password': { summary: 'Change password; ends every other session', body: auth.passwordChangeBody, response: auth.userResponse },

  'POST /api/groups': { summary: 'Create a group; the creator is its instructor', body: groups.createGroupBody, response: groups.groupResponse, status: 201 },
  'GET /api/groups': { summary: "The caller's groups with their role", query: pageQuery, response: groups.groupsResponse },
  'GET /api/groups/:groupId': { summary: 'One group with the caller’s role', response: groups.groupResponse },
  'GET /api/groups/:groupId/members': { summary: 'Members and their roles', query: pageQuery, response: groups.membersResponse },
  'PATCH /api/groups/:groupId/members/:userId': { summary: 'Change a member’s role', body: groups.changeRoleBody, response: groups.memberResponse },
  'DELETE /api/groups/:groupId/members/:userId': { summary: 'Remove a member, or leave', status: 204 },
  'POST /api/groups/:groupId/invites': { summary: 'Create an invite code for a role', body: groups.createInviteBody, response: groups.inviteResponse, status: 201 },
  'GET /api/groups/:groupId/invites': { summary: 'The group’s invites', query: pageQuery, response: groups.invitesResponse },
  'DELETE /api/groups/:groupId/invites/:code': { summary: 'Revoke an invite', status: 204 },
  'GET /api/invites/:code': { summary: 'What an invite leads to', response: groups.invitePreviewResponse },
  'POST /api/invites/:code/accept': { summary: 'Join the group with the invite’s role', response: groups.groupResponse },

  'POST /api/groups/:groupId/projects': { summary: 'Create a project', body: projects.createProjectBody, response: projects.projectResponse, status: 201 },
  'GET /api/groups/:groupId/projects': { summary: 'The group’s projects', query: pageQuery, response: projects.projectsResponse },
  'GET /api/projects/:projectId': { summary: 'One project', response: projects.projectResponse },
  'POST /api/projects/:projectId/docs': { summary: 'Create a document', body: projects.createDocBody, response: projects.createdDocResponse, status: 201 },
  'GET /api/projects/:projectId/docs': { summary: 'The project’s documents', query: pageQuery, response: projects.docsResponse },
  'GET /api/docs/:docId': { summary: 'A document with its project, group and the caller’s role', response: projects.docResponse },
  'PATCH /api/docs/:docId': { summary: 'Rename a document', body: projects.renameDocBody, response: projects.docResponse },

  'GET /api/docs/:docId/threads': { summary: 'Feedback threads with counts', query: threads.threadsQuery, response: threads.threadsResponse },
  'POST /api/docs/:docId/threads': { summary: 'Comment, annotate or suggest on a range', body: threads.createThreadBody, response: threads.threadResponse, status: 201 },
  'GET /api/docs/:docId/threads/stream': { summary: 'Live thread events (server-sent events)', produces: 'text/event-stream', response: threads.threadStreamEvent },
  'GET /api/threads/:threadId': { summary: 'One thread with its replies', response: threads.threadResponse },
  'PATCH /api/threads/:threadId': { summary: 'Edit, re-attach, resolve, reopen, accept or reject', body: threads.updateThreadBody, response: threads.threadResponse },
  'DELETE /api/threads/:threadId': { summary: 'Delete one’s own thread', status: 204 },
  'POST /api/threads/:threadId/replies': { summary: 'Reply', body: threads.replyBody, response: threads.replyResponse, status: 201 },
  'PATCH /api/replies/:replyId': { summary: 'Edit one’s own reply', body: threads.replyBody, response: threads.replyResponse },
  'DELETE /api/replies/:replyId': { summary: 'Delete one’s own reply', status: 204 },
  'GET /api/groups/:groupId/tags': { summary: 'The group’s annotation tags', response: threads.tagsResponse },
  'POST /api/groups/:groupId/tags': { summary: 'Add a tag', body: threads.tagBody, response: threads.tagResponse, status: 201 },
  'PATCH /api/groups/:groupId/tags/:tagId': { summary: 'Rename a tag', body: threads.tagBody, response: threads.tagResponse },
  'DELETE /api/groups/:groupId/tags/:tagId': { summary: 'Retire a tag', status: 204 },

  'GET /api/docs/:docId/contributions': { summary: 'Who wrote, deleted and kept what', response: history.contributionsResponse },
  'GET /api/docs/:docId/activity': { summary: 'Edits per member per day', query: history.activityQuery, response: history.activityResponse },
  'GET /api/groups/:groupId/contributions': { summary: 'The group report across documents (JSON or CSV)', query: history.groupContributionsQuery, response: history.groupContributionsResponse },
  'GET /api/docs/:docId/authorship': { summary: 'The current document by author', response: history.authorshipResponse },
  'GET /api/docs/:docId/authors': { summary: 'Yjs client ids by author, to colour the live editor', response: history.authorsResponse },
  'GET /api/docs/:docId/versions': { summary: 'Versions, oldest first', query: pageQuery, response: history.versionsResponse },
  'POST /api/docs/:docId/versions': { summary: 'Name a version, or schedule a locked deadline version', body: history.createVersionBody, response: history.versionResponse, status: 201 },
  'GET /api/docs/:docId/versions/:versionId': { summary: 'The document as it was at a version', response: history.versionViewResponse },
  'PATCH /api/docs/:docId/versions/:versionId': { summary: 'Rename a version', body: history.renameVersionBody, response: history.versionResponse },
  'DELETE /api/docs/:docId/versions/:versionId': { summary: 'Delete a version (history stays whole)', status: 204 },
  'POST /api/docs/:docId/versions/:versionId/restore': { summary: 'Restore a version as a new forward edit', response: history.restoreResponse },
  'GET /api/docs/:docId/timeline': { summary: 'Steps to scrub through', response: history.timelineResponse },
  'GET /api/docs/:docId/timeline/at': { summary: 'The document at a time or update', query: history.documentAtQuery, response: history.documentAt },
  'GET /api/docs/:docId/compare': { summary: 'Insertions and deletions between two points, by author', query: history.compareQuery, response: history.compareResponse },
  'GET /api/docs/:docId/export': { summary: 'Markdown or print-friendly HTML', query: history.exportQuery, produces: 'text/markdown, text/html' },

  'GET /api/feed': { summary: 'What the caller has not seen, with a summary', query: activity.feedQuery, response: activity.feedResponse },
  'POST /api/feed/seen': { summary: 'Mark the feed read (all, or up to an item)', body: activity.feedSeenBody, response: activity.feedSeenResponse },
  'GET /api/feed/stream': { summary: 'Live feed items (server-sent events)', produces: 'text/event-stream', response: activity.feedStreamEvent },
  'GET /api/feed/digest': { summary: 'The digest as email-ready HTML and text', response: activity.digestResponse },
  'GET /api/groups/:groupId/health': { summary: 'Team health sentences', response: activity.healthResponse },
  'POST /api/docs/:docId/visit': { summary: 'Record a visit to a document', response: activity.docVisitResponse },
  'GET /api/docs/:docId/changes-since-last-visit': { summary: 'Edits since the caller’s last visit', response: activity.changesSinceVisitResponse },

  'GET /ws/:docId': { summary: 'Sync socket: the y-websocket protocol (y-protocols sync and awareness)', status: 101 },
};

const errorBody = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** The OpenAPI document for the routes given (method + Hono path). */
export function openApiDocument(routes: { method: string; path: string }[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path } of routes) {
    const operation = operations[`${method} ${path}`];
    if (!operation) continue;
    const openPath = path.replace(/:(\w+)/g, '{$1}');
    const parameters = [
      ...[...path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.keys(operation.query?.shape ?? {}).map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
    ];
    const status = operation.status ?? 200;
    const success = operation.response
      ? { content: { [operation.produces ?? 'application/json']: { schema: jsonSchema(operation.response, 'output') } } }
      : operation.produces
        ? { content: { [operation.produces]: {} } }
        : {};
    (paths[openPath] ??= {})[method.toLowerCase()] = {
      summary: operation.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(operation.body, 'input') } } } } : {}),
      ...(operation.public ? { security: [] } : {}),
      responses: {
        [status]: { description: 'Success', ...success },
        default: { description: 'An error', content: { 'application/json': { schema: errorBody } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Commonplace API', version: '0.1.0', description: 'JSON in and out; errors are {"error": {"code", "message"}}.' },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'commonplace_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
