import { z } from 'zod';
import { user } from './auth';
import { id, timestamp } from './common';

/**
 * The LMS services of a course linked through LTI 1.3: its roster synced
 * from the LMS (Names and Roles), teams seeded from the LMS's groups (course
 * groups), and scores sent to the LMS gradebook (Assignment and Grade).
 */

/**
 * The LMS a course is linked to, as its instructors see it: `title` is the
 * LMS course's, `platform` the LMS's issuer, `rosterSyncedAt` when the
 * roster last came from it (null: not yet), and which services it offers
 * (the roster, and groups to seed teams from). A course several LMS courses
 * link to answers its first link, with the services any of them offers.
 */
export const lmsLink = z.object({
  title: z.string(),
  platform: z.string(),
  rosterSyncedAt: timestamp.nullable(),
  offersRoster: z.boolean(),
  offersGroups: z.boolean(),
});
export type LmsLink = z.infer<typeof lmsLink>;

/** `link` is null when the course is linked to no LMS. */
export const lmsLinkResponse = z.object({ link: lmsLink.nullable() });
export type LmsLinkResponse = z.infer<typeof lmsLinkResponse>;

/** What a roster sync did: people who joined the course, who left it, who were there already. */
export const rosterSyncResult = z.object({
  added: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  syncedAt: timestamp,
});
export type RosterSyncResult = z.infer<typeof rosterSyncResult>;

/** Teams made from the LMS's groups: each new team with how many learners it got; groups whose team exists already are left as they are. */
export const teamsFromGroupsResult = z.object({
  created: z.array(z.object({ id, name: z.string(), members: z.number().int() })),
  /** LMS groups that already have a team of their name. */
  existing: z.number().int(),
});
export type TeamsFromGroupsResult = z.infer<typeof teamsFromGroupsResult>;

export const scoreLimits = { maxScore: 100_000 } as const;

const points = z.number().finite().min(0).max(scoreLimits.maxScore);

/**
 * A score for one team (each of its learners gets it) or one learner, out
 * of `scoreMaximum`, stored and sent to the LMS gradebook at once.
 */
export const sendScoreBody = z
  .strictObject({
    teamId: id.optional(),
    userId: id.optional(),
    scoreGiven: points,
    scoreMaximum: points.positive(),
  })
  .refine((body) => (body.teamId === undefined) !== (body.userId === undefined), { message: 'Name a team or a learner, not both', path: ['teamId'] });
export type SendScoreBody = z.input<typeof sendScoreBody>;

/** What became of one learner's score: it reached the LMS, the LMS refused it, or the learner has no LMS account to send it to. */
export const scoreOutcome = z.enum(['sent', 'failed', 'no-lms-account']);
export type ScoreOutcome = z.infer<typeof scoreOutcome>;

export const sentScore = z.object({
  user,
  scoreGiven: z.number(),
  scoreMaximum: z.number(),
  outcome: scoreOutcome,
  /** Why it was not sent; null when it was. */
  message: z.string().nullable(),
});
export type SentScore = z.infer<typeof sentScore>;

export const sendScoreResponse = z.object({ results: z.array(sentScore) });
export type SendScoreResponse = z.infer<typeof sendScoreResponse>;

/** A learner's stored score and whether it reached the LMS. */
export const storedScore = z.object({
  userId: id,
  scoreGiven: z.number(),
  scoreMaximum: z.number(),
  givenAt: timestamp,
  /** When it last reached the LMS; null while it has not. */
  sentAt: timestamp.nullable(),
  /** Why the last sending failed; null when it did not. */
  error: z.string().nullable(),
});
export type StoredScore = z.infer<typeof storedScore>;

/** `lms`: whether this assignment is placed in an LMS that takes scores; the class view shows its score column only then. */
export const scoresResponse = z.object({ lms: z.boolean(), scores: z.array(storedScore) });
export type ScoresResponse = z.infer<typeof scoresResponse>;
