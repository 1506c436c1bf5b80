import { z } from 'zod';
import { id, timestamp } from './common';
import { isoTime } from './courses';

/**
 * An instructor's change to one team's due time: an extension (a new due
 * time for that team only) or the reopening of its locked copy. Other teams
 * keep the assignment's due time.
 */

export const extensionBody = z.strictObject({
  /** The team's new due time, ISO 8601 with its offset; its copy locks then when the assignment locks at the due time. */
  dueAt: isoTime,
});
export type ExtensionBody = z.input<typeof extensionBody>;

/** Where one team's copy stands after the change. */
export const teamDeadline = z.object({
  assignmentId: id,
  teamId: id,
  docId: id,
  /** The team's due time (its own, or the assignment's). */
  dueAt: timestamp,
  /** Whether the copy is read-only for the team's members now. */
  locked: z.boolean(),
  /** When the copy locks (or locked) for its members; null when it does not lock. */
  locksAt: timestamp.nullable(),
  /** When an instructor reopened the copy; null unless it was reopened (an extension clears it). */
  reopenedAt: timestamp.nullable(),
});
export type TeamDeadline = z.infer<typeof teamDeadline>;
export const teamDeadlineResponse = z.object({ deadline: teamDeadline });
export type TeamDeadlineResponse = z.infer<typeof teamDeadlineResponse>;
