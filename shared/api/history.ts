import { pageQuery } from '../schemas/common';
import * as history from '../schemas/history';
import type { RouteTable } from './route-table';

/** Contribution reports, versions, the timeline, comparisons and export of a document's history. */
export const historyApi = {
  'GET /api/docs/:docId/contributions': { summary: 'Who wrote, deleted and kept what', response: history.contributionsResponse },
  'GET /api/docs/:docId/activity': { summary: 'Edits per member per day', query: history.activityQuery, response: history.activityResponse },
  'GET /api/groups/:groupId/contributions': {
    summary: 'The group report across documents (JSON, or CSV with format=csv)',
    query: history.groupContributionsQuery,
    response: history.groupContributionsResponse,
    produces: 'text/csv',
  },
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
  'GET /api/docs/:docId/export': {
    summary: 'The document, or a version of it, as Markdown, print-friendly HTML, Word or PDF',
    query: history.exportQuery,
    produces: 'text/markdown, text/html, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/pdf',
  },
} as const satisfies RouteTable;
