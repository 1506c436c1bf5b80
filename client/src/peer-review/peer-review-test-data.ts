import type { PeerReview, ReviewSummary } from '../../../shared/schemas/peer-reviews';
import type { Rubric } from '../../../shared/schemas/rubrics';

/** What the peer review component tests share: a rubric, a review of it as its reviewers read it, and its summary. */

export const courseId = 'coursexxxxxxxxxx';
export const assignmentId = 'assignxxxxxxxxxx';

export const rubric: Rubric = {
  id: 'rubricxxxxxxxxxx',
  courseId,
  title: 'Argument essay',
  criteria: [
    {
      title: 'Thesis',
      description: 'Is the claim clear and arguable?',
      levels: [
        { label: 'Missing', description: 'No claim can be found.', points: 0 },
        { label: 'Clear', description: 'A clear claim someone could dispute.', points: 4 },
      ],
    },
    { title: 'Evidence', description: '', levels: [{ label: 'Thin', description: '', points: 0 }, { label: 'Solid', description: 'Sources back each point.', points: 5.5 }] },
  ],
  maxPoints: 9.5,
  usedBy: 1,
  createdAt: 1,
  updatedAt: 1,
};

export const review: PeerReview = {
  id: 'reviewxxxxxxxxxx',
  assignmentId,
  assignmentTitle: 'Osmosis lab report',
  viewer: 'reviewer',
  reviewerLabel: 'Reviewer 1',
  submissionLabel: 'Submission 1',
  reviewerTeam: { id: 'teamotterxxxxxxx', name: 'Team Otter' },
  revieweeTeam: null,
  anonymity: 'both',
  docId: 'roomdocxxxxxxxxx',
  roomId: 'roomxxxxxxxxxxxx',
  rubric,
  answers: [],
  overallComment: '',
  score: null,
  status: 'draft',
  dueAt: null,
  updatedAt: 1,
  submittedAt: null,
  helpfulness: null,
  can: { write: true, rateHelpfulness: false },
};

/** The same review once submitted, as the reviewed team reads it. */
export const receivedReview: PeerReview = {
  ...review,
  viewer: 'author',
  reviewerTeam: null,
  revieweeTeam: { id: 'teamheronxxxxxxx', name: 'Team Heron' },
  anonymity: 'reviewers',
  answers: [
    { level: 1, comment: 'The claim is in the first line.' },
    { level: 0, comment: '' },
  ],
  overallComment: 'Cite the lab manual.',
  score: 4,
  status: 'submitted',
  submittedAt: Date.parse('2026-12-02T10:00:00Z'),
  can: { write: false, rateHelpfulness: true },
};

export const receivedSummary: ReviewSummary = {
  id: receivedReview.id,
  reviewerLabel: 'Reviewer 1',
  submissionLabel: 'Submission 1',
  reviewerTeam: null,
  revieweeTeam: receivedReview.revieweeTeam,
  status: 'submitted',
  score: 4,
  maxPoints: 9.5,
  submittedAt: receivedReview.submittedAt,
  helpfulness: null,
};
