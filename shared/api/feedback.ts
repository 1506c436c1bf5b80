// The feedback schemas validate anchors with Yjs: on the client, only the
// document page (and the lazy tag settings) may import this table.
import * as threads from '../schemas/threads';
import type { RouteTable } from './route-table';

/** Feedback threads on a document, their replies, their live stream, and the group's annotation tags. */
export const feedbackApi = {
  'GET /api/docs/:docId/threads': { summary: 'Feedback threads with counts', query: threads.threadsQuery, response: threads.threadsResponse },
  'POST /api/docs/:docId/threads': { summary: 'Comment, annotate or suggest on a range', body: threads.createThreadBody, response: threads.threadResponse, status: 201 },
  'GET /api/docs/:docId/threads/stream': { summary: 'Live thread events (server-sent events)', produces: 'text/event-stream', events: threads.threadStreamEvent },
  'POST /api/docs/:docId/suggestions/decide': {
    summary: 'Accept or reject several open suggestions at once',
    body: threads.decideSuggestionsBody,
    response: threads.decideSuggestionsResponse,
  },
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
} as const satisfies RouteTable;
