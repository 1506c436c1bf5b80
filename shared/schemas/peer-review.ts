import { z } from 'zod';
import { id, timestamp } from './common';
import { reviewAnonymity } from './peer-reviews';
import { rubric } from './rubrics';

/**
 * An assignment's peer review stage: K, the rubric, and who reviews whom,
 * team to team (shared/review-allocation.ts says why). The course's
 * instructors make it, read it with every name, and move single reviews
 * by hand; a learner reads only the reviews their team is to write, with
 * no names: neither the authors' nor the other reviewers'.
 */

/** The most reviews per team an instructor may ask for (each is real work for a team). */
export const maxReviewsPerTeamAsked = 10;

export const createAllocationBody = z.strictObject({
  /** How many teams review each team's document (and so how many each team reviews). */
  k: z.number().int().min(1).max(maxReviewsPerTeamAsked),
  rubricId: id,
  /** The shuffle's seed; a random one when left out. The same seed and teams make the same allocation. */
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  /** Who is hidden from whom; reviewers from authors when left out. */
  anonymity: reviewAnonymity.optional(),
  /** Reviews are submitted before it. */
  dueAt: timestamp.nullable().optional(),
  /** It opens by itself then; when left out, an instructor opens it. */
  opensAt: timestamp.nullable().optional(),
});
export type CreateAllocationBody = z.input<typeof createAllocationBody>;

/** Moves one review of `revieweeTeamId` from the team writing it to another team. */
export const moveReviewBody = z.strictObject({
  revieweeTeamId: id,
  fromTeamId: id,
  toTeamId: id,
});
export type MoveReviewBody = z.input<typeof moveReviewBody>;

const teamRef = z.object({ id, name: z.string() });

/** The instructor's view: every team, its learners, and every review with its reviewer's number. */
export const peerReviewAllocation = z.object({
  assignmentId: id,
  rubricId: id,
  k: z.number().int(),
  seed: z.number().int(),
  anonymity: reviewAnonymity,
  dueAt: timestamp.nullable(),
  opensAt: timestamp.nullable(),
  /** When the reviews opened; the allocation no longer changes after it. */
  openedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  teams: z.array(
    teamRef.extend({
      members: z.array(z.object({ id, name: z.string() })),
      /** Reviews this team writes (K, or another number after moves by hand). */
      reviewing: z.number().int(),
      /** Reviews this team's document gets. */
      reviewedBy: z.number().int(),
    }),
  ),
  reviews: z.array(
    z.object({
      reviewerTeam: teamRef,
      revieweeTeam: teamRef,
      /** The reviewer's number as the reviewed team's authors will know it: "Reviewer 1". */
      reviewerIndex: z.number().int(),
    }),
  ),
});
export type PeerReviewAllocation = z.infer<typeof peerReviewAllocation>;
export const peerReviewAllocationResponse = z.object({ allocation: peerReviewAllocation.nullable() });
export type PeerReviewAllocationResponse = z.infer<typeof peerReviewAllocationResponse>;

/** A learner's view: the documents their team is to review, as "Submission 1, 2...", and the rubric. */
export const reviewAssignments = z.object({
  assignmentId: id,
  rubric,
  reviews: z.array(
    z.object({
      /** "Submission 1, 2..." in the order the reviews were given out. */
      label: z.string(),
      /** The reviewed team's copy of the assignment. */
      docId: id,
      /** The version that team submitted; null while it has not. */
      submittedVersionId: id.nullable(),
    }),
  ),
});
export type ReviewAssignments = z.infer<typeof reviewAssignments>;
/** Null when the assignment has no peer review; empty reviews for someone in no team of the course. */
export const reviewAssignmentsResponse = z.object({ review: reviewAssignments.nullable() });
export type ReviewAssignmentsResponse = z.infer<typeof reviewAssignmentsResponse>;
