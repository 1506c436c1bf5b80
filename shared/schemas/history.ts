import { z } from 'zod';
import type { DocNode } from '../document-nodes';
import { user } from './auth';
import { id, timestamp, title } from './common';
import { role } from './groups';

/**
 * Contributions, versions, compare, authorship and export. Document
 * content travels as a tree shaped like ProseMirror JSON whose text nodes say
 * who wrote them (shared/document-tree.ts), and as base64 of a Yjs update
 * (`state`) that a read-only editor can load as it is.
 */

const docNodes = z.array(z.custom<DocNode>());
const flag = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((value) => value === '1' || value === 'true');

/** Minutes east of UTC of the reader's clock, for grouping activity into their days. */
const utcOffset = z.coerce.number().int().min(-14 * 60).max(14 * 60).default(0);

// Contributions.

/** Feedback counts; threads and replies are counted as the caller may see them. */
export const feedbackCounts = z.object({
  /** Threads the user started (comments, annotations, suggestions). */
  threads: z.number().int(),
  /** Replies the user wrote. */
  replies: z.number().int(),
  /** Tagged annotations among the user's threads. */
  annotations: z.number().int(),
  /** Suggestions the user made, and how many of them were accepted. */
  suggestions: z.number().int(),
  suggestionsAccepted: z.number().int(),
  /** Threads by others that start in text the user wrote, and replies by others in threads the user started. */
  received: z.number().int(),
});
export type FeedbackCounts = z.infer<typeof feedbackCounts>;

export const contribution = z.object({
  /** Characters the user typed or pasted. */
  inserted: z.number().int(),
  /** Words the user started (a non-space character after a space or at a block's start). */
  words: z.number().int(),
  /** Characters of `inserted` that came in single large insertions (pasted, see `pasteThreshold`). */
  pasted: z.number().int(),
  /** How many such large insertions. */
  pastes: z.number().int(),
  /** Characters the user deleted, whoever wrote them. */
  deleted: z.number().int(),
  /** Characters in the document now that the user wrote. */
  surviving: z.number().int(),
  /** Updates the user's editor sent. */
  edits: z.number().int(),
  /** Editing sessions: a session ends after 10 minutes without an edit. */
  sessions: z.number().int(),
  /** Distinct minutes in which the user edited. */
  activeMinutes: z.number().int(),
  firstActivity: timestamp.nullable(),
  lastActivity: timestamp.nullable(),
  /** Threads and replies the user wrote. */
  feedbackGiven: z.number().int(),
  /** Threads and replies others wrote on the user's text or threads. */
  feedbackReceived: z.number().int(),
  feedback: feedbackCounts,
});
export type Contribution = z.infer<typeof contribution>;

export const contributor = contribution.extend({ user });
export type Contributor = z.infer<typeof contributor>;

export const contributionsResponse = z.object({
  contributors: z.array(contributor),
  /** Characters in the document now; each `surviving` is a share of it. */
  documentCharacters: z.number().int(),
  /** Characters from which one insertion counts as pasted. */
  pasteThreshold: z.number().int(),
});
export type ContributionsResponse = z.infer<typeof contributionsResponse>;

export const activityQuery = z.object({ utcOffset });
export type ActivityQuery = z.infer<typeof activityQuery>;

/** One member's edits on one day (in the reader's time zone). */
export const activityDay = z.object({
  date: z.string(),
  userId: id,
  edits: z.number().int(),
  inserted: z.number().int(),
  deleted: z.number().int(),
});
export type ActivityDay = z.infer<typeof activityDay>;

export const activityResponse = z.object({ days: z.array(activityDay), users: z.array(user) });
export type ActivityResponse = z.infer<typeof activityResponse>;

export const groupContributionsQuery = z.object({ format: z.enum(['json', 'csv']).default('json'), utcOffset });
export type GroupContributionsQuery = z.infer<typeof groupContributionsQuery>;

export const groupContributionsResponse = z.object({
  group: z.object({ id, name: z.string() }),
  /** Every member (with zeros for those who did nothing), then former members who wrote. */
  members: z.array(contribution.extend({ user, role: role.nullable() })),
  documents: z.array(
    z.object({
      doc: z.object({ id, title: z.string(), project: z.object({ id, name: z.string() }) }),
      contributors: z.array(contributor),
      documentCharacters: z.number().int(),
    }),
  ),
  activity: z.array(activityDay.extend({ docId: id })),
  pasteThreshold: z.number().int(),
});
export type GroupContributionsResponse = z.infer<typeof groupContributionsResponse>;

// Versions.

export const versionKinds = ['auto', 'named', 'deadline'] as const;
export type VersionKind = (typeof versionKinds)[number];

export const version = z.object({
  id,
  docId: id,
  kind: z.enum(versionKinds),
  name: z.string().nullable(),
  /** When the document was as the version shows it (a deadline: its time). */
  createdAt: timestamp,
  /** Null for automatic versions. */
  createdBy: user.nullable(),
  /** The last update it includes (0: none yet); null while a deadline is still ahead. */
  lastUpdateId: z.number().int().nullable(),
  /** A locked version can be neither renamed nor deleted. */
  locked: z.boolean(),
  /** A deadline not reached yet. */
  scheduled: z.boolean(),
});
export type Version = z.infer<typeof version>;

export const createVersionBody = z.strictObject({
  name: title(120),
  /** Instructors only: a locked version of the document as it is at this time (a deadline, usually ahead). */
  at: timestamp.optional(),
});
export type CreateVersionBody = z.infer<typeof createVersionBody>;

export const renameVersionBody = z.strictObject({ name: title(120) });
export type RenameVersionBody = z.infer<typeof renameVersionBody>;

export const versionResponse = z.object({ version });
export type VersionResponse = z.infer<typeof versionResponse>;
export const versionsResponse = z.object({ versions: z.array(version), nextCursor: z.string().nullable() });
export type VersionsResponse = z.infer<typeof versionsResponse>;

/** The document at some moment, ready to show read-only. */
export const documentAt = z.object({
  /** The last update included (0: the empty document). */
  lastUpdateId: z.number().int(),
  /** When that update was made (null for the empty document). */
  at: timestamp.nullable(),
  /** base64 of the Yjs update holding the whole document then. */
  state: z.string(),
  content: docNodes,
  text: z.string(),
  /** Print-friendly HTML of the content (all user text escaped). */
  html: z.string(),
  /** The people whose text appears in `content`. */
  authors: z.array(user),
});
export type DocumentAt = z.infer<typeof documentAt>;

export const versionViewResponse = documentAt.extend({ version });
export type VersionViewResponse = z.infer<typeof versionViewResponse>;

/** `?time=` (ms) or `?updateId=`: the document after the last update made at or before it; neither: the latest. */
export const documentAtQuery = z
  .object({ time: z.coerce.number().int().optional(), updateId: z.coerce.number().int().min(0).optional() })
  .refine((q) => q.time === undefined || q.updateId === undefined, { message: 'Give time or updateId, not both' });
export type DocumentAtQuery = z.infer<typeof documentAtQuery>;

/** A minute of editing on the timeline, to scrub through. */
export const timelineStep = z.object({
  /** The last update of the step: open it with `/timeline/at?updateId=`. */
  lastUpdateId: z.number().int(),
  at: timestamp,
  edits: z.number().int(),
  /** Who edited in that minute, with how many updates each. */
  editors: z.array(z.object({ userId: id, edits: z.number().int() })),
});
export type TimelineStep = z.infer<typeof timelineStep>;

export const timelineResponse = z.object({ steps: z.array(timelineStep), users: z.array(user) });
export type TimelineResponse = z.infer<typeof timelineResponse>;

/** A moment to compare: a version id, `start` (the empty document) or `current`. */
export const comparePoint = z.union([id, z.literal('start'), z.literal('current')]);
export const compareQuery = z.object({ from: comparePoint.default('start'), to: comparePoint.default('current') });
export type CompareQuery = z.infer<typeof compareQuery>;

export const compareSide = z.object({
  point: z.string(),
  version: version.nullable(),
  lastUpdateId: z.number().int(),
  at: timestamp.nullable(),
});

export const compareResponse = z.object({
  from: compareSide,
  to: compareSide,
  /** The newer side's document with the older side's deleted text kept: text nodes carry `change` and `deletedBy`. */
  content: docNodes,
  /** Characters inserted and deleted between the two, per user (inserted: by who wrote them; deleted: by who deleted them). */
  changes: z.array(z.object({ userId: id, inserted: z.number().int(), deleted: z.number().int() })),
  authors: z.array(user),
});
export type CompareResponse = z.infer<typeof compareResponse>;

export const restoreResponse = z.object({
  /** The version restored. */
  version,
  /** The update that restored it: a new edit by the caller, at the end of the history. */
  lastUpdateId: z.number().int(),
});
export type RestoreResponse = z.infer<typeof restoreResponse>;

// Authorship.

export const authorshipResponse = z.object({
  content: docNodes,
  /** The legend: each author with the characters of theirs in the document now. */
  authors: z.array(z.object({ user, characters: z.number().int() })),
});
export type AuthorshipResponse = z.infer<typeof authorshipResponse>;

export const authorsResponse = z.object({
  /** Who owns which Yjs client ids of the document, to colour the live editor by author (shared/authorship.ts). */
  authors: z.array(z.object({ user, clientIds: z.array(z.number().int()) })),
});
export type AuthorsResponse = z.infer<typeof authorsResponse>;

// Export.

export const exportFormats = ['md', 'html', 'docx', 'pdf'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportQuery = z.object({
  format: z.enum(exportFormats).default('md'),
  /** The contribution appendix (for those who may see contribution reports). */
  appendix: flag,
  /** Word only: open feedback threads as Word comments on their text. */
  comments: flag,
  /** A version to export instead of the current document. */
  version: id.optional(),
});
export type ExportQuery = z.infer<typeof exportQuery>;
