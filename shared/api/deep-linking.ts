import type { RouteTable } from './route-table';

/**
 * LTI deep linking: the pick the picker page posts, and the script that
 * sends the answer on to the LMS. The launch that starts it is the LTI
 * launch (`POST /lti/launch`).
 */
export const deepLinkingApi = {
  'POST /lti/deep-link/:requestId': {
    summary:
      'Place the picked assignment in the LMS (the instructor who launched the request, once, before it expires): a page whose form posts the signed LtiDeepLinkingResponse to the LMS',
    consumes: 'application/x-www-form-urlencoded',
    produces: 'text/html',
  },
  'GET /lti/deep-link-return.js': { summary: 'Submits the deep linking answer page’s form (scripts are files, never inline)', produces: 'text/javascript', public: true },
} as const satisfies RouteTable;
