import type { FeedItem, FeedResponse } from '../../../shared/schemas/activity';

/** Feed items and feeds as the API presents them, for client tests (ids must look like ids: stream events are parsed). */
export const ana = { id: 'anaanaanaanaanaa', name: 'Ana' };
export const biology = { id: 'biologybiologyaa', name: 'Biology' };
export const chemistry = { id: 'chemistrychemist', name: 'Chemistry' };
export const report = { id: 'reportreportrepo', title: 'Final report' };
export const notes = { id: 'notesnotesnotesn', title: 'Lab notes' };
const project = { id: 'projectprojectpr', name: 'Lab report' };

export function anItem(id: number, extra: Partial<FeedItem> = {}): FeedItem {
  return {
    id,
    type: 'thread-created',
    at: 1_700_000_000_000 + id,
    actor: ana,
    group: biology,
    project,
    doc: report,
    thread: null,
    replyId: null,
    subject: null,
    role: null,
    status: null,
    edit: null,
    version: null,
    excerpt: null,
    text: `Item ${id}`,
    needsYou: null,
    link: `/docs/${report.id}`,
    ...extra,
  };
}

export function aFeed(items: FeedItem[], extra: Partial<FeedResponse> = {}): FeedResponse {
  return {
    items,
    places: [],
    summary: 'Ana commented.',
    sentences: ['Ana commented.'],
    unread: items.length,
    needsYou: items.filter((item) => item.needsYou !== null).length,
    hasMore: false,
    health: [],
    firstVisit: false,
    ...extra,
  };
}
