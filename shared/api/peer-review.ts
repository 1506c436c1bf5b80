import * as peerReview from '../schemas/peer-review';
import * as reviews from '../schemas/peer-reviews';
import * as rubrics from '../schemas/rubrics';
import type { RouteTable } from './route-table';

/** Peer review between teams: a course's rubrics, and an assignment's allocation of reviewers. */
export const peerReviewApi = {
  'POST /api/groups/:courseId/rubrics': { summary: 'Make a rubric for the course’s peer reviews (its instructors)', body: rubrics.createRubricBody, response: rubrics.rubricResponse, status: 201 },
  'GET /api/groups/:courseId/rubrics': { summary: 'The course’s rubrics (its instructors)', response: rubrics.rubricsResponse },
  'POST /api/groups/:courseId/rubrics/import': {
    summary: 'Import a rubric file as exported (its instructors): a new rubric of this course; 400 naming the problem, nothing stored, when the file is not one',
    body: rubrics.rubricFile,
    response: rubrics.rubricResponse,
    status: 201,
  },
  'GET /api/rubrics/:rubricId': { summary: 'A rubric (its course’s instructors)', response: rubrics.rubricResponse },
  'PATCH /api/rubrics/:rubricId': { summary: 'Change a rubric’s title or criteria (its course’s instructors)', body: rubrics.updateRubricBody, response: rubrics.rubricResponse },
  'DELETE /api/rubrics/:rubricId': { summary: 'Delete a rubric (its course’s instructors); 409 while an assignment’s peer review uses it', status: 204 },
  'GET /api/rubrics/:rubricId/export': { summary: 'A rubric as a JSON file with its format version, for importing elsewhere (its course’s instructors)', response: rubrics.rubricFile },
  'POST /api/assignments/:assignmentId/peer-review/allocation': {
    summary: 'Give each team’s copy K reviewing teams, balanced, never its own, with a rubric (the course’s instructors); making it again replaces it',
    body: peerReview.createAllocationBody,
    response: peerReview.peerReviewAllocationResponse,
    status: 201,
  },
  'GET /api/assignments/:assignmentId/peer-review/allocation': { summary: 'Who reviews whom, with names (the course’s instructors); null before it is made', response: peerReview.peerReviewAllocationResponse },
  'PATCH /api/assignments/:assignmentId/peer-review/allocation': {
    summary: 'Move one review to another team (the course’s instructors); never to the reviewed team itself nor to a team already reviewing it',
    body: peerReview.moveReviewBody,
    response: peerReview.peerReviewAllocationResponse,
  },
  'GET /api/assignments/:assignmentId/peer-review/mine': { summary: 'What the caller’s team is to review, without names, and the rubric (any member of the course)', response: peerReview.reviewAssignmentsResponse },
  'PATCH /api/assignments/:assignmentId/peer-review/stage': {
    summary: 'Change the stage’s anonymity, due time or opening time (the course’s instructors); anonymity only until it opens',
    body: reviews.stageSettingsBody,
    response: peerReview.peerReviewAllocationResponse,
  },
  'POST /api/assignments/:assignmentId/peer-review/open': {
    summary: 'Open the reviews now (the course’s instructors): each submitted copy’s reviewers get it; a copy submitted later gets them when it is submitted',
    response: reviews.assignmentReviewsResponse,
  },
  'GET /api/assignments/:assignmentId/peer-review/reviews': { summary: 'Every review with names, scores and helpfulness (the course’s instructors)', response: reviews.assignmentReviewsResponse },
  'GET /api/assignments/:assignmentId/peer-review/my-reviews': {
    summary: 'The reviews the caller’s team writes and, once submitted, those it received, named as the stage’s anonymity allows (a learner of the course)',
    response: reviews.myPeerReviewsResponse,
  },
  'GET /api/peer-reviews/:reviewId': { summary: 'A review with its rubric and answers (its two teams and the course’s instructors; the reviewed team once it is submitted)', response: reviews.peerReviewResponse },
  'PUT /api/peer-reviews/:reviewId': {
    summary: 'Save the review’s draft (the reviewing team); 409 once submitted or after the due time',
    body: reviews.saveReviewBody,
    response: reviews.peerReviewResponse,
  },
  'POST /api/peer-reviews/:reviewId/submit': {
    summary: 'Submit the review, once (the reviewing team); 400 naming each criterion without a level; 409 once submitted or after the due time',
    response: reviews.peerReviewResponse,
  },
  'PUT /api/peer-reviews/:reviewId/helpfulness': {
    summary: 'Rate how helpful a submitted review was, 1 to 5 with a note (the reviewed team; a later rating replaces it)',
    body: reviews.helpfulnessBody,
    response: reviews.peerReviewResponse,
  },
} as const satisfies RouteTable;
