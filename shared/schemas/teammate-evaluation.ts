import { z } from 'zod';
import { user } from './auth';
import { id, timestamp } from './common';

/**
 * Teammate evaluation: at the end of an assignment each learner of a team
 * rates themselves and each teammate on the five teamwork dimensions CATME
 * uses, 1 to 5, and may leave a comment that only the course's instructors
 * read. Instructors see per member the average by others, the self-rating,
 * the adjustment factor and flags, beside the contribution Commonplace
 * measured; learners see their own aggregated result once it is released,
 * never who gave which rating.
 */

export const dimensions = ['contributing', 'interacting', 'keepingOnTrack', 'expectingQuality', 'knowledgeAndSkills'] as const;
export type Dimension = (typeof dimensions)[number];

/** What each dimension means and what the low, middle and high levels look like, for the form. */
export const dimensionLevels: Record<Dimension, { title: string; levels: { 1: string; 3: string; 5: string } }> = {
  contributing: {
    title: 'Contributing to the team’s work',
    levels: {
      1: 'Did not do a fair share of the work; often missed or was late with their part.',
      3: 'Did a fair share of the work, of acceptable quality, mostly on time.',
      5: 'Did more than a fair share, of high quality, on time, and helped others with theirs.',
    },
  },
  interacting: {
    title: 'Interacting with teammates',
    levels: {
      1: 'Rarely listened or answered; ignored or put down others’ ideas.',
      3: 'Listened and shared ideas; took part in the team’s discussions.',
      5: 'Asked for and built on others’ ideas; made sure everyone was heard.',
    },
  },
  keepingOnTrack: {
    title: 'Keeping the team on track',
    levels: {
      1: 'Did not notice or mind whether the team was on track.',
      3: 'Noticed the team’s progress and spoke up when it slipped.',
      5: 'Kept an eye on progress and deadlines and helped the team adjust in time.',
    },
  },
  expectingQuality: {
    title: 'Expecting quality',
    levels: {
      1: 'Was satisfied with work below what the assignment asked.',
      3: 'Wanted the team to do good work and said so.',
      5: 'Held the team to high standards and helped it meet them.',
    },
  },
  knowledgeAndSkills: {
    title: 'Having relevant knowledge and skills',
    levels: {
      1: 'Lacked what their part needed and did not try to learn it.',
      3: 'Had, or learnt, what their part needed.',
      5: 'Brought knowledge and skills the team needed and shared them.',
    },
  },
};

/** One rating, 1 to 5 on every dimension: all five are required. */
const score = z.number().int('A whole number from 1 to 5').min(1, 'At least 1').max(5, 'At most 5');
export const dimensionScores = z.strictObject({
  contributing: score,
  interacting: score,
  keepingOnTrack: score,
  expectingQuality: score,
  knowledgeAndSkills: score,
});
export type DimensionScores = z.infer<typeof dimensionScores>;

export const teammateRating = z.strictObject({
  /** The teammate rated; the rater's own id for the self-rating. */
  rateeId: id,
  scores: dimensionScores,
  /** For the course's instructors only; never shown to the teammate. */
  comment: z.string().trim().max(2000, 'At most 2000 characters').optional(),
});
export type TeammateRating = z.infer<typeof teammateRating>;

/** A learner's whole evaluation, sent once: one rating for each member of their team, themselves included. */
export const teammateEvaluationBody = z.strictObject({
  ratings: z.array(teammateRating).min(1, 'Rate yourself and each teammate').max(100),
});
export type TeammateEvaluationBody = z.input<typeof teammateEvaluationBody>;

export const teammateEvaluationQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

/**
 * Where a learner's evaluation stands: `no-team` (in no team of the course),
 * `not-open` (before it opens), `open` (to fill in), `submitted` (sent; it is
 * final), `closed` (released before they sent theirs: no more ratings).
 */
export const evaluationStates = ['no-team', 'not-open', 'open', 'submitted', 'closed'] as const;

/** What was flagged for an instructor to look at; see docs/contract.md for each rule. */
export const evaluationFlags = ['team-of-one', 'overrates-self', 'rated-low-by-all', 'clique', 'uniform-rater'] as const;
export type EvaluationFlag = (typeof evaluationFlags)[number];

/** A learner's own result, after release: averages only, never who gave which rating or any comment. */
export const ownResult = z.object({
  /** Mean over the teammates who rated them and the five dimensions; null when no teammate did. */
  byOthers: z.number().nullable(),
  /** The same per dimension. */
  byOthersPerDimension: z.record(z.enum(dimensions), z.number().nullable()),
  /** How many teammates' ratings count in it. */
  raters: z.number().int(),
  /** Their own self-rating's mean; null when they did not rate themselves. */
  self: z.number().nullable(),
  /** The team's mean of its members' averages by others. */
  teamAverage: z.number().nullable(),
  /** Their average by others over the team's, capped; 1 in a team of one; null when nobody rated them. */
  factor: z.number().nullable(),
});

const rated = z.object({ ratee: user, scores: dimensionScores, comment: z.string().nullable() });

export const learnerEvaluation = z.object({
  view: z.literal('learner'),
  state: z.enum(evaluationStates),
  /** When the evaluation opens for the team: its due time, or its submission if earlier; null in no team. */
  opensAt: timestamp.nullable(),
  /** When an instructor released the results; null before. */
  releasedAt: timestamp.nullable(),
  team: z.object({ id, name: z.string() }).nullable(),
  /** Whom to rate: every learner of the team, the caller included (`self`). */
  ratees: z.array(z.object({ user, self: z.boolean() })),
  /** The caller's own ratings as sent, with their own comments; null before they sent them. */
  submitted: z.object({ submittedAt: timestamp, ratings: z.array(rated) }).nullable(),
  /** Their aggregated result, once released; null before. */
  result: ownResult.nullable(),
});

export const measuredContribution = z.object({
  /** Characters of the team's copy now that they wrote. */
  surviving: z.number().int(),
  /** `surviving` over the team's learners' surviving characters; null while they have none. */
  share: z.number().nullable(),
  sessions: z.number().int(),
  feedbackGiven: z.number().int(),
  feedbackReceived: z.number().int(),
});

export const memberSummary = z.object({
  user,
  /** Whether they sent their own evaluation. */
  submitted: z.boolean(),
  byOthers: z.number().nullable(),
  raters: z.number().int(),
  self: z.number().nullable(),
  factor: z.number().nullable(),
  flags: z.array(z.enum(evaluationFlags)),
  /** What Commonplace measured in the team's copy; null before the copy was made. */
  measured: measuredContribution.nullable(),
  /** Why the factor and the measured share disagree strongly; null when they do not. */
  disagrees: z.string().nullable(),
  /** Their grade as last applied from the team's grade; null before one was applied to them. */
  grade: z
    .object({
      teamGrade: z.number(),
      scoreMaximum: z.number(),
      /** The factor used; null when nobody rated them (they keep the team's grade). */
      factor: z.number().nullable(),
      adjusted: z.number(),
      givenAt: timestamp,
    })
    .nullable(),
});

export const teamSummary = z.object({
  team: z.object({ id, name: z.string() }),
  opensAt: timestamp,
  open: z.boolean(),
  /** The mean of the members' averages by others, the factor's denominator. */
  teamAverage: z.number().nullable(),
  members: z.array(memberSummary),
  /** Groups of members rating each other high and the rest of the team low. */
  cliques: z.array(z.array(id)),
  /** Everyone's ratings as sent, comments included (instructors only). */
  ratings: z.array(z.object({ rater: user, ratee: user, scores: dimensionScores, comment: z.string().nullable(), submittedAt: timestamp })),
  /** People who rated or were rated in this team and are no longer in it: their ratings do not count. */
  formerMembers: z.array(user),
});

export const instructorEvaluation = z.object({
  view: z.literal('instructor'),
  releasedAt: timestamp.nullable(),
  /** The cap on the adjustment factor. */
  factorCap: z.number(),
  teams: z.array(teamSummary),
});

export const teammateEvaluationResponse = z.discriminatedUnion('view', [learnerEvaluation, instructorEvaluation]);
export type TeammateEvaluationResponse = z.infer<typeof teammateEvaluationResponse>;
export type LearnerEvaluation = z.infer<typeof learnerEvaluation>;
export type InstructorEvaluation = z.infer<typeof instructorEvaluation>;

export const evaluationReleaseResponse = z.object({ releasedAt: timestamp });
export type EvaluationReleaseResponse = z.infer<typeof evaluationReleaseResponse>;

/** The largest grade a team can be given, as the LMS scores allow. */
export const teamGradeLimit = 100_000;
const points = z.number().min(0, 'At least 0').max(teamGradeLimit, `At most ${teamGradeLimit}`);

/**
 * Grades adjusted by the evaluation: each listed team's grade out of
 * `scoreMaximum`; each member of the team gets the team's grade times their
 * factor, capped at the maximum (shared/teammate-grade.ts).
 */
export const applyGradesBody = z
  .strictObject({
    scoreMaximum: points.positive('More than 0'),
    teams: z
      .array(z.strictObject({ teamId: id, teamGrade: points }))
      .min(1, 'Give at least one team’s grade')
      .max(1000),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.teams.forEach((team, index) => {
      if (team.teamGrade > body.scoreMaximum) ctx.addIssue({ code: 'custom', path: ['teams', index, 'teamGrade'], message: 'At most the maximum score' });
      if (seen.has(team.teamId)) ctx.addIssue({ code: 'custom', path: ['teams', index, 'teamId'], message: 'This team twice' });
      seen.add(team.teamId);
    });
  });
export type ApplyGradesBody = z.input<typeof applyGradesBody>;

/** What became of a member's adjusted grade: kept here only (no LMS takes the assignment's scores), or as the LMS answered. */
export const appliedGradeOutcome = z.enum(['stored', 'sent', 'failed', 'no-lms-account']);

export const applyGradesResponse = z.object({
  /** Whether an LMS takes this assignment's scores (then each grade was sent to it). */
  lms: z.boolean(),
  grades: z.array(
    z.object({
      team: z.object({ id, name: z.string() }),
      user,
      teamGrade: z.number(),
      scoreMaximum: z.number(),
      factor: z.number().nullable(),
      adjusted: z.number(),
      outcome: appliedGradeOutcome,
      /** Why it did not reach the LMS; null when it did or there is none. */
      message: z.string().nullable(),
    }),
  ),
});
export type ApplyGradesResponse = z.infer<typeof applyGradesResponse>;
