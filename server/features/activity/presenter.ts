import { placesOf } from '../../../shared/feed-places';
import type { FeedItem, FeedResponse } from '../../../shared/schemas/activity';
import { payloadOf } from './event-log';
import { type FeedEntry, happenedAt } from './feed-entries';
import { editStatsOf, entryExcerpt, entryText } from './feed-text';
import type { FeedRecord } from './service';

/** An entry as `readerId` reads it in the API. */
export function presentItem(entry: FeedEntry, readerId: string): FeedItem {
  const { event, thread } = entry;
  const type = event.type;
  const edit = editStatsOf(entry);
  const versionPayload = type === 'version-named' ? payloadOf('version-named', event.payload) : null;
  const rolePayload = type === 'member-joined' || type === 'member-role-changed' ? payloadOf(type, event.payload) : null;
  return {
    id: Number(event.id),
    type,
    // When it happened: for an editing session, its last edit (its span is in `edit`), not when it was recorded.
    at: happenedAt(entry),
    actor: entry.actor,
    group: entry.group,
    project: entry.project,
    doc: entry.doc,
    thread: thread ? { id: thread.id, kind: thread.kind, status: thread.status, visibility: thread.visibility, author: thread.author } : null,
    replyId: event.reply_id,
    subject: entry.subject,
    role: rolePayload?.role ?? null,
    status: type === 'thread-status-changed' ? (payloadOf(type, event.payload).status ?? null) : null,
    edit,
    version: versionPayload?.versionId ? { id: versionPayload.versionId, name: versionPayload.name ?? '' } : null,
    excerpt: entryExcerpt(entry),
    text: entryText(entry, readerId),
    needsYou: entry.needsYou,
    link: linkOf(entry, edit?.sections.find((s) => s.heading !== null)?.heading ?? null, versionPayload?.versionId ?? null),
    ...(entry.sessionId ? { sessionId: entry.sessionId } : {}),
  };
}

/** The exact place of an item in the app. */
function linkOf(entry: FeedEntry, section: string | null, versionId: string | null): string {
  const { event, doc } = entry;
  if (!doc) return `/groups/${entry.group.id}`;
  const base = `/docs/${doc.id}`;
  if (event.thread_id) return `${base}?thread=${event.thread_id}${event.reply_id ? `&reply=${event.reply_id}` : ''}`;
  if (versionId) return `${base}?version=${versionId}`;
  if (section !== null) return `${base}?section=${encodeURIComponent(section)}`;
  return base;
}

/** The feed as the API sends it. */
export function presentFeed(record: FeedRecord, readerId: string): FeedResponse {
  const items = record.entries.map((entry) => presentItem(entry, readerId));
  return {
    items,
    places: placesOf(items),
    summary: record.sentences.join(' '),
    sentences: record.sentences,
    unread: record.unread,
    needsYou: record.needsYou,
    hasMore: record.hasMore,
    health: record.health,
    firstVisit: record.firstVisit,
    ongoing: record.ongoing,
  };
}
