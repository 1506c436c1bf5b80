import { z } from 'zod';
import { anchorLimits, decodeAnchorPosition } from '../anchors';
import { maxMentionsPerBody, mentionedUserIds } from '../mentions';
import { id, timestamp, title } from './common';
import { person, streamEndReasons, threadKinds, threadStatuses, threadVisibilities } from './feedback-basics';

/**
 * Inline feedback: threads anchored to a range of a document, their replies,
 * the group's annotation tags and the live stream of changes. Bodies are
 * plain text (see ../mentions.ts for the only two things read in them).
 */

export {
  person,
  type Person,
  streamEndReasons,
  threadKinds,
  type ThreadKind,
  threadStatuses,
  type ThreadStatus,
  threadVisibilities,
  type ThreadVisibility,
} from './feedback-basics';

export const feedbackLimits = {
  /** Characters in a thread or reply body. */
  body: 10_000,
  /** Characters a suggestion proposes. */
  replacement: 10_000,
  /** Replies one thread may hold; more is refused (409). */
  repliesPerThread: 500,
  /** Threads in one page of a document's list. */
  threadsPerPage: 500,
  tagName: 40,
  /** Tags a group may have, retired ones included. */
  tagsPerGroup: 100,
} as const;

const lineBreaks = (text: string) => text.replace(/\r\n?/g, '\n');
/** No control characters, except line breaks and tabs: one character class, so no step is ever retried. */
const textCharacters = /^[\P{Cc}\n\t]*$/u;
const textCharactersMessage = 'No control characters except line breaks and tabs';

/** Text kept exactly as written (quotes, a suggestion's replacement): only line breaks are normalised. */
const exactText = (max: number) =>
  z.string().overwrite(lineBreaks).max(max, `At most ${max} characters`).regex(textCharacters, textCharactersMessage);

/** A thread or reply body: trimmed plain text, with at most `maxMentionsPerBody` mentions. */
const feedbackBody = (min: 0 | 1) =>
  z
    .string()
    .overwrite(lineBreaks)
    .trim()
    .min(min, 'Required')
    .max(feedbackLimits.body, `At most ${feedbackLimits.body} characters`)
    .regex(textCharacters, textCharactersMessage)
    .refine((body) => mentionedUserIds(body).length <= maxMentionsPerBody, `At most ${maxMentionsPerBody} people mentioned`);

/** base64 of `Y.encodeRelativePosition(...)` in the document's `default` fragment. */
export const anchorPosition = z
  .string()
  .max(anchorLimits.position, `At most ${anchorLimits.position} characters`)
  .refine((value) => decodeAnchorPosition(value) !== null, 'Not a base64 Yjs relative position in the default fragment');

export const anchor = z.strictObject({
  start: anchorPosition,
  end: anchorPosition,
  quote: exactText(anchorLimits.quote),
  prefix: exactText(anchorLimits.context).default(''),
  suffix: exactText(anchorLimits.context).default(''),
});
export type AnchorInput = z.input<typeof anchor>;

/** Comments and annotations are about some text: their quote is not empty. */
const anchorOnText = anchor.refine((value) => value.quote !== '', { message: 'Select some text', path: ['quote'] });

const visibility = z.enum(threadVisibilities).default('group');

/** An annotation's tag is chosen by its author, never assumed: a tag nobody chose once counted a question as praise. */
const chooseTag = 'Choose a tag, or post it as a comment';
const chosenTag = z.string({ error: chooseTag }).min(1, chooseTag).pipe(id);

export const createThreadBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('comment'), body: feedbackBody(1), anchor: anchorOnText, visibility }),
  z.strictObject({
    kind: z.literal('annotation'),
    /** The tag says it; a note is optional. */
    body: feedbackBody(0).default(''),
    tag: chosenTag,
    anchor: anchorOnText,
    visibility,
  }),
  z
    .strictObject({
      kind: z.literal('suggestion'),
      body: feedbackBody(0).default(''),
      /** The text proposed for the range: empty deletes it; an empty range (quote '') inserts it. */
      replacement: exactText(feedbackLimits.replacement),
      anchor,
      visibility,
    })
    .refine((value) => value.anchor.quote !== '' || value.replacement !== '', {
      message: 'Propose some text, or select text to delete',
      path: ['replacement'],
    }),
]);
export type CreateThreadBody = z.input<typeof createThreadBody>;

/**
 * One or more changes to a thread. `body`, `tag` (annotations) and
 * `replacement` (open suggestions) are its author's to change; `anchor`
 * re-attaches it (its author, or anyone who may edit the document);
 * `status` resolves or reopens (the author, or anyone with resolveAnyThread),
 * accepts or rejects a suggestion (decideSuggestions).
 */
export const updateThreadBody = z
  .strictObject({
    body: feedbackBody(0).optional(),
    tag: id.optional(),
    replacement: exactText(feedbackLimits.replacement).optional(),
    anchor: anchor.optional(),
    status: z.enum(threadStatuses).optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'Nothing to change' });
export type UpdateThreadBody = z.input<typeof updateThreadBody>;

export const replyBody = z.strictObject({ body: feedbackBody(1) });
export type ReplyBody = z.input<typeof replyBody>;

/** `GET /api/docs/:docId/threads` filters; the counts ignore them. */
export const threadsQuery = z.object({
  kind: z.enum(threadKinds).optional(),
  status: z.enum(threadStatuses).optional(),
  /** A tag id. */
  tag: id.optional(),
  /** A user id. */
  author: id.optional(),
  limit: z.coerce.number().int().min(1).max(feedbackLimits.threadsPerPage).default(feedbackLimits.threadsPerPage),
  cursor: z.string().max(200).optional(),
});
export type ThreadsQuery = z.infer<typeof threadsQuery>;

/**
 * What the caller may do with a reply, decided on the server (shared/thread-rules.ts):
 * the client shows these actions and derives none itself.
 */
export const replyActions = z.object({ edit: z.boolean(), delete: z.boolean() });
export type ReplyActions = z.infer<typeof replyActions>;

/**
 * What the caller may do with a thread now, given their role, whether they
 * wrote it, its kind and its status, decided on the server
 * (shared/thread-rules.ts): the client shows these actions and derives none.
 * `edit` covers the body and an annotation's tag; `editReplacement` what an
 * open suggestion proposes; `reattach` moving it to another range.
 */
export const threadActions = z.object({
  reply: z.boolean(),
  edit: z.boolean(),
  editReplacement: z.boolean(),
  delete: z.boolean(),
  resolve: z.boolean(),
  reopen: z.boolean(),
  accept: z.boolean(),
  reject: z.boolean(),
  reattach: z.boolean(),
});
export type ThreadActions = z.infer<typeof threadActions>;

export const reply = z.object({
  id,
  threadId: id,
  author: person,
  body: z.string(),
  /** Members the body mentions, with their current names. */
  mentions: z.array(person),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  can: replyActions,
});
export type Reply = z.infer<typeof reply>;

export const thread = z.object({
  id,
  docId: id,
  kind: z.enum(threadKinds),
  visibility: z.enum(threadVisibilities),
  status: z.enum(threadStatuses),
  /** Who wrote it (for a suggestion, the suggester). */
  author: person,
  /** Empty once deleted (see deletedAt). */
  body: z.string(),
  mentions: z.array(person),
  /** An annotation's tag (kept, with its name, if the tag is later retired). */
  tag: z.object({ id, name: z.string() }).nullable(),
  /** A suggestion's proposed text. */
  replacement: z.string().nullable(),
  anchor: z.object({ start: z.string(), end: z.string(), quote: z.string(), prefix: z.string(), suffix: z.string() }),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  /**
   * Set when its author deleted it while it had replies: the thread stays as
   * a tombstone (empty body) so the replies keep their context. A thread
   * deleted without replies is gone (a `thread-deleted` event).
   */
  deletedAt: timestamp.nullable(),
  /** The latest change of status: who resolved, reopened, accepted or rejected it, and when. */
  statusChange: z.object({ status: z.enum(threadStatuses), by: person, at: timestamp }).nullable(),
  /** The latest re-attachment to another range. */
  anchorChange: z.object({ by: person, at: timestamp }).nullable(),
  /** Oldest first. */
  replies: z.array(reply),
  can: threadActions,
});
export type Thread = z.infer<typeof thread>;

export const threadCounts = z.object({
  byStatus: z.record(z.enum(threadStatuses), z.number()),
  byKind: z.record(z.enum(threadKinds), z.number()),
  /** Annotations per tag id (tags without any are absent). */
  byTag: z.record(z.string(), z.number()),
});
export type ThreadCounts = z.infer<typeof threadCounts>;

export const threadsResponse = z.object({
  threads: z.array(thread),
  nextCursor: z.string().nullable(),
  /** Over every thread of the document the caller may see, deleted ones aside, whatever the filters. */
  counts: threadCounts,
});
export type ThreadsResponse = z.infer<typeof threadsResponse>;
export const threadResponse = z.object({ thread });
export type ThreadResponse = z.infer<typeof threadResponse>;
export const replyResponse = z.object({ reply });
export type ReplyResponse = z.infer<typeof replyResponse>;


/**
 * One message of `GET /api/docs/:docId/threads/stream` (Server-Sent Events:
 * each is the `data` of an unnamed event, as JSON, so EventSource's
 * `onmessage` gets them all; heartbeats are comment lines). `ready` comes
 * first, once the stream is subscribed: (re)load the list after it so that
 * nothing falls in between. `thread` and `reply` carry the whole current item
 * (insert or replace by id; a `thread` includes its replies), with `can` for
 * the reader of this stream;
 * `thread-deleted` and `reply-deleted` remove one; `end` is the last.
 */
export const threadStreamEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('thread'), thread }),
  z.object({ type: z.literal('thread-deleted'), threadId: id }),
  z.object({ type: z.literal('reply'), reply }),
  z.object({ type: z.literal('reply-deleted'), threadId: id, replyId: id }),
  z.object({ type: z.literal('end'), reason: z.enum(streamEndReasons) }),
]);
export type ThreadStreamEvent = z.infer<typeof threadStreamEvent>;

export const annotationTag = z.object({
  id,
  name: z.string(),
  /** A retired tag stays on the annotations that have it but is not offered for new ones. */
  archived: z.boolean(),
  createdAt: timestamp,
});
export type AnnotationTag = z.infer<typeof annotationTag>;
export const tagsResponse = z.object({ tags: z.array(annotationTag) });
export type TagsResponse = z.infer<typeof tagsResponse>;
export const tagResponse = z.object({ tag: annotationTag });
export type TagResponse = z.infer<typeof tagResponse>;
export const tagBody = z.strictObject({ name: title(feedbackLimits.tagName) });
export type TagBody = z.infer<typeof tagBody>;

/** Offered to every group until its instructors change the set. */
export const defaultTagNames = ['Strong point', 'Unclear', 'Needs evidence', 'Question'] as const;

/**
 * Accepting or rejecting several open suggestions in one request ("accept
 * all"): the listed ones, or every open suggestion the caller may decide.
 * Each is decided in its own step, as one decision would be; one that cannot
 * be (decided meanwhile, its text deleted) is reported and skipped.
 */
export const decideSuggestionsBody = z.strictObject({
  status: z.enum(['accepted', 'rejected']),
  threadIds: z.array(id).min(1).max(feedbackLimits.threadsPerPage).optional(),
});
export type DecideSuggestionsBody = z.infer<typeof decideSuggestionsBody>;
export const decideSuggestionsResponse = z.object({
  decided: z.array(thread),
  skipped: z.array(z.object({ threadId: id, reason: z.string() })),
});
export type DecideSuggestionsResponse = z.infer<typeof decideSuggestionsResponse>;
