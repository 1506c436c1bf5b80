import * as activity from '../schemas/activity';
import type { RouteTable } from './route-table';

/** The activity feed, its live stream and digest, team health, and what changed since a visit. */
export const activityApi = {
  'GET /api/feed': { summary: 'What the caller has not seen, with a summary', query: activity.feedQuery, response: activity.feedResponse },
  'POST /api/feed/seen': { summary: 'Mark the feed read (all, or up to an item)', body: activity.feedSeenBody, response: activity.feedSeenResponse },
  'GET /api/feed/stream': { summary: 'Live feed items (server-sent events)', produces: 'text/event-stream', events: activity.feedStreamEvent },
  'GET /api/feed/digest': { summary: 'The digest as email-ready HTML and text', response: activity.digestResponse },
  'GET /api/groups/:groupId/health': { summary: 'Team health sentences', response: activity.healthResponse },
  'POST /api/docs/:docId/visit': { summary: 'Record a visit to a document', response: activity.docVisitResponse },
  'GET /api/docs/:docId/changes-since-last-visit': { summary: 'Edits since the caller’s last visit', response: activity.changesSinceVisitResponse },
} as const satisfies RouteTable;
