import { peerReviewApi } from '../../../shared/api/peer-review';
import { rubricResponse } from '../../../shared/schemas/rubrics';
import { caller, pathTo, request } from '../api/http';

/**
 * Calls to the peer review routes: a course's rubrics, an assignment's
 * allocation and stage, and the reviews themselves. A caller of its own,
 * like the course routes, so that these schemas load with the pages that
 * use them.
 */
export const callPeerReview = caller(peerReviewApi);

/**
 * Sends a rubric file's JSON as it was read, whatever its shape: the server
 * judges it and names the problem (400), so that a file made by hand gets
 * the same answer here as anywhere.
 */
export function importRubricFile(courseId: string, file: unknown) {
  return request('POST', `/api/groups/${encodeURIComponent(courseId)}/rubrics/import`, rubricResponse, file);
}

/** The rubric as a JSON file, for the browser to download. */
export function rubricExportPath(rubricId: string): string {
  return pathTo('GET /api/rubrics/:rubricId/export', { params: { rubricId } });
}
