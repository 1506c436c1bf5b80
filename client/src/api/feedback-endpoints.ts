import { z } from 'zod';
// The feedback schemas validate anchors with Yjs: this file, and everything
// that imports it, belongs to the lazy document chunk (and the lazy tag
// settings), never to the pages every visitor loads.
import {
  replyResponse,
  tagResponse,
  tagsResponse,
  threadResponse,
  threadsResponse,
  type CreateThreadBody,
  type ReplyBody,
  type TagBody,
  type Thread,
  type UpdateThreadBody,
} from '../../../shared/schemas/threads';
import { request } from './http';

const ignored = z.unknown();
const segment = encodeURIComponent;

/** Every thread of a document the caller may see, oldest first. */
export interface ThreadList {
  threads: Thread[];
}

/** Pages of the list are 500 threads; a document with more is read page by page. */
const maxPages = 20;

/** The feedback part of the typed API client (see endpoints.ts; issue 4). */
export const feedbackApi = {
  threads: {
    /** The whole list: filters and counts are computed from it, so they follow the live stream. */
    listAll: async (docId: string): Promise<ThreadList> => {
      const threads: Thread[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < maxPages; page++) {
        const query: string = cursor ? `?cursor=${segment(cursor)}` : '';
        const answer: z.output<typeof threadsResponse> = await request('GET', `/api/docs/${segment(docId)}/threads${query}`, threadsResponse);
        threads.push(...answer.threads);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return { threads };
    },
    create: (docId: string, body: CreateThreadBody) => request('POST', `/api/docs/${segment(docId)}/threads`, threadResponse, body),
    update: (threadId: string, body: UpdateThreadBody) => request('PATCH', `/api/threads/${segment(threadId)}`, threadResponse, body),
    remove: (threadId: string) => request('DELETE', `/api/threads/${segment(threadId)}`, ignored),
    reply: (threadId: string, body: ReplyBody) => request('POST', `/api/threads/${segment(threadId)}/replies`, replyResponse, body),
    editReply: (replyId: string, body: ReplyBody) => request('PATCH', `/api/replies/${segment(replyId)}`, replyResponse, body),
    removeReply: (replyId: string) => request('DELETE', `/api/replies/${segment(replyId)}`, ignored),
  },
  tags: {
    list: (groupId: string) => request('GET', `/api/groups/${segment(groupId)}/tags`, tagsResponse),
    create: (groupId: string, body: TagBody) => request('POST', `/api/groups/${segment(groupId)}/tags`, tagResponse, body),
    rename: (groupId: string, tagId: string, body: TagBody) =>
      request('PATCH', `/api/groups/${segment(groupId)}/tags/${segment(tagId)}`, tagResponse, body),
    retire: (groupId: string, tagId: string) => request('DELETE', `/api/groups/${segment(groupId)}/tags/${segment(tagId)}`, ignored),
  },
};

/** The address of a document's live feedback stream (Server-Sent Events, same origin, session cookie). */
export function threadStreamPath(docId: string): string {
  return `/api/docs/${segment(docId)}/threads/stream`;
}
