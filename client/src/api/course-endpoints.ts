import { coursesApi } from '../../../shared/api/courses';
import { rosterContentType, rosterRefusal, rosterReport, type RosterReport } from '../../../shared/schemas/roster';
import { ApiError, errorFromResponse } from './api-error';
import { caller } from './http';

/**
 * Calls to the course routes: teams (forming them by hand, by a roster, or
 * automatically; moving learners; self-sign-up) and assignments. A caller of
 * its own, like the feedback and history routes, so that the course schemas
 * load with the pages that use them.
 */
export const callCourses = caller(coursesApi);

/** What sending a roster gave: its report, and when a confirm was refused, why (the report says which rows). */
export interface RosterAnswer {
  report: RosterReport;
  refused: ApiError | null;
}

/**
 * Sends a roster file as it is (its bytes, not text the browser decoded),
 * so that the server judges its encoding and reports a broken one. Without
 * `confirm` it only reports; with it the import is applied whole, or
 * refused with the report (400) when any row has an error.
 */
export async function sendRoster(courseId: string, file: Blob, confirm: boolean): Promise<RosterAnswer> {
  const path = `/api/groups/${encodeURIComponent(courseId)}/roster${confirm ? '?confirm=true' : ''}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': rosterContentType },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', 'No connection to the server.');
  }
  if (response.ok) {
    const parsed = rosterReport.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new ApiError(response.status, 'bad_response', `Unexpected answer from POST ${path}.`);
    return { report: parsed.data, refused: null };
  }
  const refusal = rosterRefusal.safeParse(await response.clone().json().catch(() => null));
  if (refusal.success) {
    const { code, message } = refusal.data.error;
    return { report: refusal.data.report, refused: new ApiError(response.status, code, message) };
  }
  throw await errorFromResponse(response);
}
