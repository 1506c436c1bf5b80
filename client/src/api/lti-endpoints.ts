import { ltiApi } from '../../../shared/api/lti';
import { caller } from './http';

/**
 * Calls to a course's LMS routes (its link, roster sync, teams from the
 * LMS's groups): a caller of its own, like the course routes', so that
 * their schemas load with the course view that uses them.
 */
export const callLti = caller(ltiApi);
