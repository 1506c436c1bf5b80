import {
  changesSinceVisitResponse,
  digestResponse,
  docVisitResponse,
  feedResponse,
  feedSeenResponse,
  type FeedSeenBody,
} from '../../../shared/schemas/activity';
import { request } from './http';

const segment = encodeURIComponent;

/** Items the home page asks for at once (the server allows up to 200). */
export const feedPageSize = 50;

/** The live feed (Server-Sent Events; shared/schemas/activity.ts, feedStreamEvent). */
export const feedStreamPath = '/api/feed/stream';

/** The activity part of the typed API client (see endpoints.ts; issue 6). */
export const activityApi = {
  feed: (limit = feedPageSize) => request('GET', `/api/feed?limit=${limit}`, feedResponse),
  /** Everything seen (no `upTo`), or up to an item; in every group, or in one. */
  markSeen: (body: FeedSeenBody) => request('POST', '/api/feed/seen', feedSeenResponse, body),
  digest: () => request('GET', '/api/feed/digest', digestResponse),
  /** Read before `visit`: the answer compares with the previous visit, which `visit` replaces. */
  changesSinceVisit: (docId: string) =>
    request('GET', `/api/docs/${segment(docId)}/changes-since-last-visit`, changesSinceVisitResponse),
  visit: (docId: string) => request('POST', `/api/docs/${segment(docId)}/visit`, docVisitResponse),
};
