import { queryOptions, useQuery } from '@tanstack/react-query';
import { callPeerReview } from './peer-review-endpoints';

/**
 * Peer review queries. A course's rubrics sit under the group's key (what
 * refreshes the course refreshes them); an assignment's stage, reviews and
 * the caller's own reviews under the assignment's key, so that opening the
 * reviews or submitting one refreshes the assignment page's sections.
 */
export const peerReviewKeys = {
  rubrics: (courseId: string) => ['groups', courseId, 'rubrics'] as const,
  stage: (assignmentId: string) => ['assignments', assignmentId, 'peer-review'] as const,
  allocation: (assignmentId: string) => ['assignments', assignmentId, 'peer-review', 'allocation'] as const,
  reviews: (assignmentId: string) => ['assignments', assignmentId, 'peer-review', 'reviews'] as const,
  mine: (assignmentId: string) => ['assignments', assignmentId, 'peer-review', 'mine'] as const,
  review: (reviewId: string) => ['peer-reviews', reviewId] as const,
};

export const peerReviewQueries = {
  review: (reviewId: string) =>
    queryOptions({
      queryKey: peerReviewKeys.review(reviewId),
      queryFn: () => callPeerReview('GET /api/peer-reviews/:reviewId', { params: { reviewId } }),
    }),
};

export const useRubrics = (courseId: string) =>
  useQuery({ queryKey: peerReviewKeys.rubrics(courseId), queryFn: () => callPeerReview('GET /api/groups/:courseId/rubrics', { params: { courseId } }) });

export const useAllocation = (assignmentId: string) =>
  useQuery({
    queryKey: peerReviewKeys.allocation(assignmentId),
    queryFn: () => callPeerReview('GET /api/assignments/:assignmentId/peer-review/allocation', { params: { assignmentId } }),
  });

export const useAssignmentReviews = (assignmentId: string, enabled: boolean) =>
  useQuery({
    queryKey: peerReviewKeys.reviews(assignmentId),
    queryFn: () => callPeerReview('GET /api/assignments/:assignmentId/peer-review/reviews', { params: { assignmentId } }),
    enabled,
  });

export const useMyPeerReviews = (assignmentId: string) =>
  useQuery({
    queryKey: peerReviewKeys.mine(assignmentId),
    queryFn: () => callPeerReview('GET /api/assignments/:assignmentId/peer-review/my-reviews', { params: { assignmentId } }),
  });

export const usePeerReview = (reviewId: string) => useQuery(peerReviewQueries.review(reviewId));
