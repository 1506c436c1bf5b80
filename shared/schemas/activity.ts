import { z } from 'zod';
import { id, timestamp } from './common';
import { role } from './groups';
import { person, streamEndReasons, threadKinds, threadStatuses, threadVisibilities } from './feedback-basics';

/**
 * The activity feed ("while you were away"): the event log read
 * back as items the caller has not seen, a summary in plain sentences, the
 * team's health, and what changed in a document since the caller's last
 * visit. Event ids grow with time; a read position is the last id seen.
 */

export const eventTypes = [
  'group-created',
  'member-joined',
  'member-role-changed',
  'member-left',
  'thread-created',
  'reply-created',
  'thread-status-changed',
  'edit-session',
  'version-named',
] as const;
export type EventType = (typeof eventTypes)[number];

/**
 * Why an item needs the caller, most pressing first (the feed lists them in
 * this order, before everything else):
 * - `mention`: a thread or reply mentions them;
 * - `reply`: a reply in a thread they started;
 * - `suggestion-on-your-text`: an open suggestion on text they wrote;
 * - `thread-on-your-text`: an open comment or annotation on text they wrote.
 * "Text they wrote": the first character the thread is anchored to was
 * typed by them (the anchor's start is a Yjs item, whose client id belongs
 * to one user). The last two stop needing them once the thread is settled.
 */
export const needsYouReasons = ['mention', 'reply', 'suggestion-on-your-text', 'thread-on-your-text'] as const;
export type NeedsYouReason = (typeof needsYouReasons)[number];

/** The headings under which an editing session's changes landed; `heading` null: before the first heading. */
export const editSection = z.object({ heading: z.string().nullable(), chars: z.number().int() });
export type EditSection = z.infer<typeof editSection>;

/** What an editing session did (one user, one document, until 10 minutes without an edit). */
export const editStats = z.object({
  charsAdded: z.number().int(),
  charsRemoved: z.number().int(),
  wordsAdded: z.number().int(),
  wordsRemoved: z.number().int(),
  /** Characters added and removed per section, most first. */
  sections: z.array(editSection),
  /** The document's update log rows of the session: `fromUpdateId <= id <= toUpdateId`, by this user. */
  fromUpdateId: z.number().int(),
  toUpdateId: z.number().int(),
  /**
   * The span of the writing: its first and last edit. Read after a visit
   * that fell within the session, the figures and the span are those of the
   * writing after the visit only.
   */
  startedAt: timestamp,
  endedAt: timestamp,
});
export type EditStats = z.infer<typeof editStats>;

const named = z.object({ id, name: z.string() });

/** Headings an ongoing item names at most; the rest are counted ("and 2 more sections"). */
export const ongoingSectionsShown = 3;

/**
 * Editing going on now: an editing session that has not ended yet (its
 * writer edited within the last 10 minutes), told without totals, which
 * come once it ends.
 */
export const ongoingWriting = z.object({
  /** Its first edit (its latest is the item's `at`). */
  startedAt: timestamp,
  /** Headings under which its edits have landed so far, most written first, at most `ongoingSectionsShown`. */
  sections: z.array(z.string()),
  /** Further headings written under, not listed. */
  moreSections: z.number().int(),
});
export type OngoingWriting = z.infer<typeof ongoingWriting>;

export const feedItem = z.object({
  /** The event's id: pass it as `upTo` to mark it and everything before it seen. */
  id: z.number().int(),
  type: z.enum(eventTypes),
  /**
   * When it happened. For an editing session, its last edit (the session is
   * recorded a while after it), with its first in `edit.startedAt`.
   */
  at: timestamp,
  /** Who did it. */
  actor: person,
  group: named,
  project: named.nullable(),
  doc: z.object({ id, title: z.string() }).nullable(),
  /** The thread it is about, as it is now. */
  thread: z
    .object({
      id,
      kind: z.enum(threadKinds),
      status: z.enum(threadStatuses),
      visibility: z.enum(threadVisibilities),
      author: person,
    })
    .nullable(),
  replyId: id.nullable(),
  /** The member a membership event is about (joined: the actor themself). */
  subject: person.nullable(),
  /** The role given, for membership events. */
  role: role.nullable(),
  /** The status set, for `thread-status-changed`. */
  status: z.enum(threadStatuses).nullable(),
  edit: editStats.nullable(),
  version: named.nullable(),
  /** A short plain-text quote of the comment, reply or proposal; null when there is none or it was deleted. */
  excerpt: z.string().nullable(),
  /** One readable sentence, e.g. "Ana commented on Final report: “Is this sourced?”". */
  text: z.string(),
  needsYou: z.enum(needsYouReasons).nullable(),
  /**
   * Where it happened, as an app path: `/docs/:docId?thread=:threadId` (and
   * `&reply=:replyId`) for feedback, `/docs/:docId?section=<heading>` for an
   * editing session, `/docs/:docId?version=:versionId`, `/groups/:groupId`.
   */
  link: z.string(),
  /**
   * The editing session an `edit-session` item tells of (absent on other
   * items): an ongoing item and the finished one share it, so the finished
   * one replaces it.
   */
  sessionId: id.optional(),
  /**
   * Set on ongoing items only (the feed's `ongoing`, the stream's `ongoing`
   * messages): "Ana is writing in Methods of Final report". Such an item
   * has no event yet: its `id` is negative (minus its first update row),
   * never a read position, and its `edit` is null.
   */
  ongoing: ongoingWriting.optional(),
});
export type FeedItem = z.infer<typeof feedItem>;

/** Items of one place, for display: a document, or a group when the item has no document. */
export const feedPlace = z.object({
  group: named,
  project: named.nullable(),
  doc: z.object({ id, title: z.string() }).nullable(),
  /** Ids of `items`, in the feed's order. */
  itemIds: z.array(z.number().int()),
});
export type FeedPlace = z.infer<typeof feedPlace>;

/** Team-health sentences of one group (instructors and members; never reviewers). */
export const groupHealth = z.object({
  group: named,
  /** Empty when nothing needs attention. */
  sentences: z.array(z.string()),
  /** Open threads without a reply, older than three days. */
  unansweredThreads: z.number().int(),
  /**
   * Members (role member) with no edit, thread or reply in the last seven
   * days, who joined more than three days ago. Named to instructors only:
   * empty for everyone else, whose sentences speak of the team.
   */
  quietMembers: z.array(person),
  /**
   * Someone who wrote more than 70% of the characters added in the last
   * seven days; for anyone but instructors, only when it is the caller.
   */
  dominantWriter: z.object({ user: person, share: z.number() }).nullable(),
});
export type GroupHealth = z.infer<typeof groupHealth>;

export const feedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type FeedQuery = z.infer<typeof feedQuery>;

export const feedResponse = z.object({
  /** Unseen items, those that need the caller first (by reason, then newest), then the rest newest first (by `at`, then id). */
  items: z.array(feedItem),
  /** The same items by group, project and document, in the order of their first item. */
  places: z.array(feedPlace),
  /** The summary: `sentences` joined by spaces. */
  summary: z.string(),
  sentences: z.array(z.string()),
  /** Unseen items in all, counted up to `unreadLimit` (then `unread` is that limit). */
  unread: z.number().int(),
  /** Unseen items that need the caller. */
  needsYou: z.number().int(),
  /** More unseen items than `items` holds. */
  hasMore: z.boolean(),
  /** One entry per group where the caller is an instructor or member. */
  health: z.array(groupHealth),
  /**
   * The caller never marked any of their groups' news read: there is no
   * last visit, and the summary says what each team has done so far.
   */
  firstVisit: z.boolean(),
  /**
   * Others' editing going on now in the caller's groups, with an edit since
   * their last visit there, newest first (items with `ongoing` set). Not
   * counted in `unread`: each becomes an item of `items` (same `sessionId`)
   * once its session ends. When nothing else is new, `sentences` tell of it.
   */
  ongoing: z.array(feedItem).optional(),
});
export type FeedResponse = z.infer<typeof feedResponse>;

/** Counting unseen items stops here. */
export const unreadLimit = 1000;

/** `POST /api/feed/seen`: everything (no `upTo`), or up to and including an item; in every group, or in one. */
export const feedSeenBody = z.strictObject({
  upTo: z.number().int().min(0).optional(),
  groupId: id.optional(),
});
export type FeedSeenBody = z.infer<typeof feedSeenBody>;
export const feedSeenResponse = z.object({ unread: z.number().int() });
export type FeedSeenResponse = z.infer<typeof feedSeenResponse>;

export const digestResponse = z.object({ subject: z.string(), html: z.string(), text: z.string() });
export type DigestResponse = z.infer<typeof digestResponse>;

export const healthResponse = z.object({ health: groupHealth });
export type HealthResponse = z.infer<typeof healthResponse>;

/**
 * One message of `GET /api/feed/stream` (Server-Sent Events, as the thread
 * stream: the JSON `data` of unnamed events, comment lines as heartbeats).
 * `ready` first: (re)load `GET /api/feed` after it; then `item` for each new
 * item the caller may see (insert by id: one may repeat what the reload
 * already had); `ongoing` when someone's editing starts or writes under a
 * new heading (replace the ongoing item with the same `sessionId`; ignore it
 * once the finished item of that session is there); `end` last.
 */
export const feedStreamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('item'), item: feedItem }),
  z.object({ type: z.literal('ongoing'), item: feedItem }),
  z.object({ type: z.literal('end'), reason: z.enum(streamEndReasons) }),
]);
export type FeedStreamEvent = z.infer<typeof feedStreamEvent>;

/** The caller's last visit of a document (`POST /api/docs/:docId/visit`). */
export const docVisit = z.object({
  at: timestamp,
  /** The document's newest update log row then (0: none). */
  updateId: z.number().int(),
});
export type DocVisit = z.infer<typeof docVisit>;
export const docVisitResponse = z.object({ visit: docVisit });
export type DocVisitResponse = z.infer<typeof docVisitResponse>;

/** Someone's editing since the visit that has not ended yet (no edit for 10 minutes): no totals yet. */
export const ongoingEdit = z.object({
  user: person,
  startedAt: timestamp,
  lastEditAt: timestamp,
  fromUpdateId: z.number().int(),
  toUpdateId: z.number().int(),
});
export type OngoingEdit = z.infer<typeof ongoingEdit>;

/** Characters `clock <= c < clock + len` inserted by Yjs client `client`. */
export const insertedRange = z.object({ client: z.number().int(), clock: z.number().int(), len: z.number().int() });
export type InsertedRange = z.infer<typeof insertedRange>;

/** Ranges listed at most in `inserted`: beyond, the oldest insertions are highlighted, not all. */
export const insertedRangesLimit = 5000;

export const changesSinceVisitResponse = z.object({
  /** Null when the caller never visited: there is nothing to compare with. */
  since: docVisit.nullable(),
  /** Others' ended editing sessions since the visit, oldest first (feed items of type `edit-session`). */
  changes: z.array(feedItem),
  /** Others' editing that is still going on. */
  ongoing: z.array(ongoingEdit),
  /**
   * The update log rows written since the visit (`from <= id <= to`), to
   * highlight the text inserted since then; null when there are none.
   */
  updates: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  /**
   * The text others inserted in those rows, as Yjs item id ranges (the
   * characters `clock <= c < clock + len` of `client`), adjacent ones
   * merged, at most `insertedRangesLimit`: the editor highlights what of
   * it is still there. Text deleted since is included; the reader's Y.Doc
   * knows it is gone.
   */
  inserted: z.array(insertedRange),
});
export type ChangesSinceVisitResponse = z.infer<typeof changesSinceVisitResponse>;
