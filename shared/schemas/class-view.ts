import { z } from 'zod';
import { user } from './auth';
import { id, timestamp } from './common';
import { assignment, assignmentStatus, team } from './courses';

/**
 * The instructor's class view of an assignment: every team in a row, with
 * where it stands, how much its copy holds, who wrote what of it, and what
 * needs the instructor's attention. Sorting and filtering are the client's;
 * `needsAttention` is decided here so that the page and the CSV agree.
 */

/**
 * A member's share of the team's surviving text stands out below `under`
 * (barely writing) or above `over` (writing most of it). The share counts
 * only the team's members: text of anyone else (the template, credited to
 * the instructor who set it; an instructor's edits; a former member's) is in
 * the copy but in nobody's share.
 */
export const shareLimits = { under: 0.1, over: 0.7 } as const;

/** Why a team's row asks for attention; a row lists every reason that holds. */
export const attentionReasons = [
  /** A member wrote more than `shareLimits.over` of the team's text. */
  'dominant-member',
  /** A member wrote less than `shareLimits.under` of it (a team of two or more). */
  'small-share',
  /** A member wrote and gave no feedback in the copy lately. */
  'quiet-members',
  /** Threads in the copy open for days without a reply. */
  'unanswered-threads',
  /** Nobody of the team has written yet, and the due time is near or past. */
  'not-started',
  /** Past the due time and not submitted. */
  'overdue',
] as const;
export const attentionReason = z.enum(attentionReasons);
export type AttentionReason = z.infer<typeof attentionReason>;

export const classViewMember = z.object({
  user,
  /** Characters in the copy now that this member wrote. */
  surviving: z.number().int(),
  /** Words in the copy now that start in this member's text. */
  words: z.number().int(),
  /** `surviving` over the surviving characters of all the team's members; null while they have none. */
  share: z.number().nullable(),
  /** `over` or `under` when the share stands out (teams of two or more only). */
  shareFlag: z.enum(['over', 'under']).nullable(),
  /** The member's last edit, thread or reply in the copy. */
  lastActivity: timestamp.nullable(),
  /** No writing and no feedback in the copy lately (members who just joined or just got the copy are not counted). */
  quiet: z.boolean(),
});
export type ClassViewMember = z.infer<typeof classViewMember>;

export const classViewTeam = z.object({
  team,
  /** The team's copy; null before the assignment opened for it. The client links its document, history and contributions. */
  docId: id.nullable(),
  status: assignmentStatus,
  /** This team's due time (the assignment's, or its extension). */
  dueAt: timestamp,
  submittedAt: timestamp.nullable(),
  /** Words in the copy now, template included. */
  words: z.number().int(),
  /** Characters of the copy now that the team's members wrote (the denominator of each share). */
  membersCharacters: z.number().int(),
  /** The last edit, thread or reply in the copy by a member. */
  lastActivity: timestamp.nullable(),
  members: z.array(classViewMember),
  /** Open threads in the copy without a reply for days. */
  unansweredThreads: z.number().int(),
  needsAttention: z.array(attentionReason),
});
export type ClassViewTeam = z.infer<typeof classViewTeam>;

export const classViewQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
export type ClassViewQuery = z.infer<typeof classViewQuery>;

export const classViewResponse = z.object({
  assignment,
  teams: z.array(classViewTeam),
  /** The limits the flags were decided with, for the page to say them. */
  limits: z.object({ shareUnder: z.number(), shareOver: z.number(), quietAfterMs: z.number().int(), unansweredAfterMs: z.number().int() }),
});
export type ClassViewResponse = z.infer<typeof classViewResponse>;
