import { z } from 'zod';
import { id, timestamp } from './common';
import { rubric } from './rubrics';

/**
 * The reviews of an assignment's peer review stage. Each is one team's
 * review of another team's submitted version: inline feedback in a copy of
 * that version (the review's room, where nobody changes the text) and a
 * rubric form, a level and a comment per criterion and an overall comment.
 * The reviewing team's members write it together: drafts are saved as they
 * type, and it is submitted once, before the stage's due time; from then on
 * it never changes. The reviewed team then reads it and rates how helpful
 * it was, and the reviewers see that rating.
 *
 * Names follow the stage's anonymity: reviewers are "Reviewer N" to the
 * reviewed team ('reviewers'), the reviewed team is "Submission N" to its
 * reviewers too ('both'), or everyone is named ('none'). The course's
 * instructors always see who is who.
 */

export const reviewAnonymities = ['none', 'reviewers', 'both'] as const;
export const reviewAnonymity = z.enum(reviewAnonymities);
export type ReviewAnonymity = z.infer<typeof reviewAnonymity>;

/** The stage's settings an instructor may change until it opens (due time and anonymity also after, before the due time). */
export const stageSettingsBody = z
  .strictObject({
    anonymity: reviewAnonymity.optional(),
    /** Reviews are submitted before it; null: no due time. */
    dueAt: timestamp.nullable().optional(),
    /** It opens by itself then; null: when an instructor opens it. */
    opensAt: timestamp.nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'Give at least one setting to change');
export type StageSettingsBody = z.input<typeof stageSettingsBody>;

/** Most characters of one criterion's comment, and of the overall comment. */
export const reviewCommentMax = 5000;
const reviewComment = z.string().max(reviewCommentMax, `At most ${reviewCommentMax} characters`);

/** One criterion's answer: the chosen level's index (null while none is chosen) and a comment. */
export const reviewAnswer = z.strictObject({
  level: z.number().int().min(0).nullable(),
  comment: reviewComment,
});
/** One answer per rubric criterion, in its order. */
export const reviewAnswers = z.array(reviewAnswer).max(100);
export type ReviewAnswer = z.infer<typeof reviewAnswer>;

/** A draft, saved whole as the reviewers type; any level may still be missing. */
export const saveReviewBody = z.strictObject({
  answers: reviewAnswers,
  overallComment: reviewComment,
});
export type SaveReviewBody = z.input<typeof saveReviewBody>;

export const helpfulnessBody = z.strictObject({
  rating: z.number().int('A whole number from 1 to 5').min(1, 'At least 1').max(5, 'At most 5'),
  note: z.string().trim().max(1000, 'At most 1000 characters').optional(),
});
export type HelpfulnessBody = z.input<typeof helpfulnessBody>;

export const helpfulness = z.object({ rating: z.number().int(), note: z.string().nullable(), ratedAt: timestamp });

const teamRef = z.object({ id, name: z.string() });

/** Who is reading a review: its reviewing team, the reviewed team, or one of the course's instructors. */
export const reviewViewers = ['reviewer', 'author', 'instructor'] as const;

export const peerReview = z.object({
  id,
  assignmentId: id,
  assignmentTitle: z.string(),
  viewer: z.enum(reviewViewers),
  /** "Reviewer N": how the reviewed team knows the reviewing team. */
  reviewerLabel: z.string(),
  /** "Submission N": how the reviewing team knows the work it reviews. */
  submissionLabel: z.string(),
  /** The reviewing team by name: for its own members, instructors, and everyone when the stage names everyone. */
  reviewerTeam: teamRef.nullable(),
  /** The reviewed team by name: for its own members, instructors, and reviewers unless both ways are anonymous. */
  revieweeTeam: teamRef.nullable(),
  anonymity: reviewAnonymity,
  /** The copy of the submitted version the inline feedback is on, and its room. */
  docId: id,
  roomId: id,
  rubric,
  answers: z.array(reviewAnswer),
  overallComment: z.string(),
  /** The chosen levels' points; null until every criterion has one. */
  score: z.number().nullable(),
  status: z.enum(['draft', 'submitted']),
  dueAt: timestamp.nullable(),
  updatedAt: timestamp,
  submittedAt: timestamp.nullable(),
  helpfulness: helpfulness.nullable(),
  can: z.object({
    /** Save drafts and submit: the reviewing team, before it was submitted and before the due time. */
    write: z.boolean(),
    /** Rate helpfulness: the reviewed team, once it was submitted. */
    rateHelpfulness: z.boolean(),
  }),
});
export type PeerReview = z.infer<typeof peerReview>;
export const peerReviewResponse = z.object({ review: peerReview });
export type PeerReviewResponse = z.infer<typeof peerReviewResponse>;

/** A review as listed: for a learner without the names they may not see. */
export const reviewSummary = z.object({
  id,
  reviewerLabel: z.string(),
  submissionLabel: z.string(),
  reviewerTeam: teamRef.nullable(),
  revieweeTeam: teamRef.nullable(),
  status: z.enum(['draft', 'submitted']),
  score: z.number().nullable(),
  maxPoints: z.number(),
  submittedAt: timestamp.nullable(),
  helpfulness: helpfulness.nullable(),
});
export type ReviewSummary = z.infer<typeof reviewSummary>;

/**
 * A learner's peer review of an assignment: what their team writes
 * (`writing`) and, once submitted, the reviews their team received
 * (`received`). Null stage: the assignment has none.
 */
export const myPeerReviews = z.object({
  assignmentId: id,
  anonymity: reviewAnonymity,
  dueAt: timestamp.nullable(),
  openedAt: timestamp.nullable(),
  writing: z.array(reviewSummary),
  received: z.array(reviewSummary),
});
export type MyPeerReviews = z.infer<typeof myPeerReviews>;
export const myPeerReviewsResponse = z.object({ reviews: myPeerReviews.nullable() });
export type MyPeerReviewsResponse = z.infer<typeof myPeerReviewsResponse>;

/** Every review of an assignment, with names, for its course's instructors. */
export const assignmentReviewsResponse = z.object({
  anonymity: reviewAnonymity,
  dueAt: timestamp.nullable(),
  opensAt: timestamp.nullable(),
  openedAt: timestamp.nullable(),
  reviews: z.array(reviewSummary.extend({ reviewerTeam: teamRef, revieweeTeam: teamRef })),
});
export type AssignmentReviewsResponse = z.infer<typeof assignmentReviewsResponse>;
