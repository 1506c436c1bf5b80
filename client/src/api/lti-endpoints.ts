import { ltiApi } from '../../../shared/api/lti';
import { caller } from './http';

/**
 * Calls to the LMS routes (a course's link, roster sync and teams from the
 * LMS's groups; an assignment's scores for the gradebook): a caller of its
 * own, like the course routes', so that their schemas load with the course
 * and class views that use them.
 */
export const callLti = caller(ltiApi);
