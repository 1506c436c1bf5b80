import { z } from 'zod';
import {
  activityResponse,
  authorsResponse,
  compareResponse,
  contributionsResponse,
  documentAt,
  groupContributionsResponse,
  restoreResponse,
  timelineResponse,
  versionResponse,
  versionsResponse,
  versionViewResponse,
  type CreateVersionBody,
  type Version,
} from '../../../shared/schemas/history';
import { request } from './http';

const ignored = z.unknown();
const segment = encodeURIComponent;

/** Minutes east of UTC of this device, so that activity falls on the reader's days. */
export function readerUtcOffset(date = new Date()): number {
  return -date.getTimezoneOffset();
}

/** A moment to compare: a version id, the empty document, or the document now. */
export type ComparePoint = string | 'start' | 'current';

/** Versions come a page at a time; a document with more than this many is read page by page. */
const maxVersionPages = 20;

/** The history part of the typed API client (see endpoints.ts; issue 5). */
export const historyApi = {
  contributions: {
    forDoc: (docId: string) => request('GET', `/api/docs/${segment(docId)}/contributions`, contributionsResponse),
    activity: (docId: string, utcOffset = readerUtcOffset()) =>
      request('GET', `/api/docs/${segment(docId)}/activity?utcOffset=${utcOffset}`, activityResponse),
    forGroup: (groupId: string, utcOffset = readerUtcOffset()) =>
      request('GET', `/api/groups/${segment(groupId)}/contributions?format=json&utcOffset=${utcOffset}`, groupContributionsResponse),
    authors: (docId: string) => request('GET', `/api/docs/${segment(docId)}/authors`, authorsResponse),
  },
  versions: {
    listAll: async (docId: string): Promise<Version[]> => {
      const versions: Version[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < maxVersionPages; page++) {
        const query: string = cursor ? `&cursor=${segment(cursor)}` : '';
        const answer: z.output<typeof versionsResponse> = await request(
          'GET',
          `/api/docs/${segment(docId)}/versions?limit=200${query}`,
          versionsResponse,
        );
        versions.push(...answer.versions);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return versions;
    },
    get: (docId: string, versionId: string) =>
      request('GET', `/api/docs/${segment(docId)}/versions/${segment(versionId)}`, versionViewResponse),
    create: (docId: string, body: CreateVersionBody) => request('POST', `/api/docs/${segment(docId)}/versions`, versionResponse, body),
    rename: (docId: string, versionId: string, name: string) =>
      request('PATCH', `/api/docs/${segment(docId)}/versions/${segment(versionId)}`, versionResponse, { name }),
    remove: (docId: string, versionId: string) => request('DELETE', `/api/docs/${segment(docId)}/versions/${segment(versionId)}`, ignored),
    restore: (docId: string, versionId: string) =>
      request('POST', `/api/docs/${segment(docId)}/versions/${segment(versionId)}/restore`, restoreResponse),
  },
  timeline: {
    steps: (docId: string) => request('GET', `/api/docs/${segment(docId)}/timeline`, timelineResponse),
    at: (docId: string, updateId: number) => request('GET', `/api/docs/${segment(docId)}/timeline/at?updateId=${updateId}`, documentAt),
  },
  compare: (docId: string, from: ComparePoint, to: ComparePoint) =>
    request('GET', `/api/docs/${segment(docId)}/compare?from=${segment(from)}&to=${segment(to)}`, compareResponse),
};

/** Plain links (downloads and printable pages), not fetches: the browser sends the session cookie. */
export const historyLinks = {
  groupCsv: (groupId: string, utcOffset = readerUtcOffset()) =>
    `/api/groups/${segment(groupId)}/contributions?format=csv&utcOffset=${utcOffset}`,
  export: (docId: string, format: 'md' | 'html', appendix: boolean) =>
    `/api/docs/${segment(docId)}/export?format=${format}${appendix ? '&appendix=1' : ''}`,
};
