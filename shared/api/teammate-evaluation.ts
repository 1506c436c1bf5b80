import * as evaluation from '../schemas/teammate-evaluation';
import type { RouteTable } from './route-table';

/** Teammate evaluation of an assignment: learners rate their team once; instructors read every team's summary and release results. */
export const teammateEvaluationApi = {
  'PUT /api/assignments/:assignmentId/teammate-evaluation': {
    summary: 'A learner sends their ratings of themselves and each teammate, all at once and once: 409 before it opens, after sending or after release',
    body: evaluation.teammateEvaluationBody,
    response: evaluation.teammateEvaluationResponse,
  },
  'GET /api/assignments/:assignmentId/teammate-evaluation': {
    summary: 'A learner’s form, own ratings and (after release) own aggregated result; for the course’s instructors every team’s summary beside the measured contribution; CSV with format=csv (instructors)',
    query: evaluation.teammateEvaluationQuery,
    response: evaluation.teammateEvaluationResponse,
    produces: 'text/csv',
  },
  'POST /api/assignments/:assignmentId/teammate-evaluation/release': {
    summary: 'Let learners see their own aggregated result (the course’s instructors); releasing again keeps the first time',
    response: evaluation.evaluationReleaseResponse,
  },
  'POST /api/assignments/:assignmentId/teammate-evaluation/grades': {
    summary: 'Apply the evaluation to team grades (the course’s instructors, after release): each member gets the team grade times their factor, capped at the maximum, stored, in the CSV, and sent to the LMS gradebook where one takes the scores',
    body: evaluation.applyGradesBody,
    response: evaluation.applyGradesResponse,
  },
} as const satisfies RouteTable;
