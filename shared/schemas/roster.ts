import { z } from 'zod';
import { user } from './auth';
import { id } from './common';

/**
 * Forming a course's teams from a CSV roster, and automatically.
 *
 * Importing a roster is two requests with the same body: without
 * `?confirm=true` it only reports what it would do (nothing changes);
 * with it, the same report is applied in one transaction, or refused as a
 * whole (400 `{error, report}`) when any row or the file has an error.
 * Forming teams automatically works alike: a preview, then `confirm: true`
 * with the preview's seed makes the teams it showed.
 */

export const rosterLimits = {
  /** The file as sent (text/csv, UTF-8). */
  maxBytes: 2 * 1024 * 1024,
  /** Learners in one import: a course of a few hundred fits many times over; a bigger file is split. */
  maxRows: 5_000,
  /** Columns in the header; more is no roster. */
  maxColumns: 50,
  /** Characters in one field once trimmed (a name, an email, a team, an attribute). */
  maxFieldChars: 200,
} as const;

/** The content type a roster is sent with (the file's bytes as they are). */
export const rosterContentType = 'text/csv';

export const rosterImportQuery = z.object({
  /** `true`: apply the report; anything else: report only. */
  confirm: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .transform((value) => value === '1' || value === 'true'),
});
export type RosterImportQuery = z.input<typeof rosterImportQuery>;

/**
 * A row's verdict: `ok`; `warning`: it is applied, but read the message;
 * `error`: nothing is applied until the file is fixed.
 */
export const rowStatus = z.enum(['ok', 'warning', 'error']);
export type RowStatus = z.infer<typeof rowStatus>;

/**
 * What a row does once applied:
 * - `add`: an account with this email joins the course as a learner;
 * - `already-member`: they are in the course already (a team may still change);
 * - `invite`: no account has this email: it is invited and joins (and its team) at sign-up;
 * - `skip`: nothing (a repeated row, an instructor of the course, a row with an error).
 */
export const rowAction = z.enum(['add', 'already-member', 'invite', 'skip']);
export type RowAction = z.infer<typeof rowAction>;

export const rosterRowReport = z.object({
  /** The line of the file where the row starts (the header is line 1). */
  line: z.number().int(),
  name: z.string(),
  /** Normalised (trimmed, lower case) when it is a valid address; as written otherwise. */
  email: z.string(),
  /** The team named on the row; null: the learner joins the course only. */
  team: z.string().nullable(),
  status: rowStatus,
  action: rowAction,
  /** The account this email belongs to, when there is one. */
  user: user.nullable(),
  /** Why the row is a warning or an error, or what happens (one sentence each). */
  messages: z.array(z.string()),
});
export type RosterRowReport = z.infer<typeof rosterRowReport>;

/** A problem of the whole file (its encoding, its header, its size), with where it is when known. */
export const rosterProblem = z.object({
  line: z.number().int().nullable(),
  message: z.string(),
});
export type RosterProblem = z.infer<typeof rosterProblem>;

/** A team the roster names: one the course has, or one the import makes. */
export const rosterTeam = z.object({
  name: z.string(),
  /** The course's team of that name; null: the import creates it. */
  teamId: id.nullable(),
  /** Rows placing a learner in it. */
  rows: z.number().int(),
});
export type RosterTeam = z.infer<typeof rosterTeam>;

export const rosterSummary = z.object({
  /** Data rows read (blank lines aside). */
  rows: z.number().int(),
  /** Accounts joining the course. */
  learnersAdded: z.number().int(),
  /** Learners already in the course. */
  alreadyMembers: z.number().int(),
  /** Emails without an account, invited. */
  invited: z.number().int(),
  teamsCreated: z.number().int(),
  /** Learners with an account placed in (or moved to) a team. */
  placed: z.number().int(),
  warnings: z.number().int(),
  /** Rows with an error, plus problems of the file. */
  errors: z.number().int(),
});
export type RosterSummary = z.infer<typeof rosterSummary>;

export const rosterReport = z.object({
  /** True once applied; a preview is false. */
  applied: z.boolean(),
  /** Whether confirming would apply it: no problem of the file and no row with an error. */
  ready: z.boolean(),
  columns: z.object({
    /** The recognised columns as the header spells them (null: absent). */
    name: z.string().nullable(),
    email: z.string().nullable(),
    team: z.string().nullable(),
    /** Other columns, kept with each learner (usable to balance teams). */
    attributes: z.array(z.string()),
  }),
  /** Remarks about the file that change nothing (kept or ignored columns). */
  notes: z.array(z.string()),
  problems: z.array(rosterProblem),
  rows: z.array(rosterRowReport),
  teams: z.array(rosterTeam),
  summary: rosterSummary,
});
export type RosterReport = z.infer<typeof rosterReport>;

/** The answer to a confirm that was refused: the error, and the report saying why. */
export const rosterRefusal = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
  report: rosterReport,
});
export type RosterRefusal = z.infer<typeof rosterRefusal>;

export const autoTeamLimits = { minSize: 2, maxSize: 50 } as const;

/**
 * Forming teams automatically from the course's learners who are in no team
 * yet (teams already made stay as they are). `size` is the most members a
 * team gets: there are ceil(learners / size) teams and their sizes differ by
 * at most one (23 learners, size 5: 5, 5, 5, 4, 4).
 */
export const autoTeamsBody = z.strictObject({
  size: z.number().int().min(autoTeamLimits.minSize).max(autoTeamLimits.maxSize),
  /** A roster column: each of its values is spread across the teams as evenly as it goes. Absent: random. */
  balanceBy: z.string().trim().min(1).max(rosterLimits.maxFieldChars).optional(),
  /** The same seed and learners give the same teams: confirm with the preview's seed to get what it showed. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  /** Make the teams; otherwise only propose them. */
  confirm: z.boolean().default(false),
});
export type AutoTeamsBody = z.input<typeof autoTeamsBody>;

export const proposedMember = z.object({
  user,
  /** The learner's value in the `balanceBy` column ('' when none); null without `balanceBy`. */
  value: z.string().nullable(),
});
export type ProposedMember = z.infer<typeof proposedMember>;

export const proposedTeam = z.object({
  name: z.string(),
  /** The team once made; null in a preview. */
  teamId: id.nullable(),
  members: z.array(proposedMember),
});
export type ProposedTeam = z.infer<typeof proposedTeam>;

export const autoTeamsResponse = z.object({
  applied: z.boolean(),
  seed: z.number().int(),
  size: z.number().int(),
  balanceBy: z.string().nullable(),
  teams: z.array(proposedTeam),
  /** Roster columns that can be balanced by (from the course's imported rosters). */
  balanceColumns: z.array(z.string()),
  /** Invited learners who have not signed up yet, so cannot be placed now. */
  waitingInvites: z.number().int(),
});
export type AutoTeamsResponse = z.infer<typeof autoTeamsResponse>;
