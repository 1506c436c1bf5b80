import { PeerReviewInstructor } from './peer-review-instructor';
import { PeerReviewLearner } from './peer-review-learner';
import './peer-review.css';

/**
 * The assignment page's peer review: the instructors set it up and follow
 * it; a learner finds the reviews their team writes and those it received
 * (nothing at all when the assignment has no peer review).
 */
export function PeerReviewSection({ assignmentId, courseId, instructs }: { assignmentId: string; courseId: string; instructs: boolean }) {
  if (!instructs) return <PeerReviewLearner assignmentId={assignmentId} />;
  return (
    <section className="panel peer-review" aria-labelledby="peer-review-title">
      <h2 id="peer-review-title">Peer review</h2>
      <PeerReviewInstructor assignmentId={assignmentId} courseId={courseId} />
    </section>
  );
}
