import type { RouteTable } from './route-table';

/**
 * The tool side of an LTI 1.3 launch: what an LMS registers (the JWKS, the
 * login initiation and the launch URLs) and the new-tab fallback. Browser
 * navigations and form posts from the LMS: answers are pages or redirects.
 */
export const ltiLaunchApi = {
  'GET /lti/jwks': { summary: 'The tool’s public keys (JWKS), for the LMS to verify what the tool signs', produces: 'application/json', public: true },
  'GET /lti/login': {
    summary: 'Third-party initiated login from the LMS: redirects to its authorization endpoint with a fresh state and nonce',
    status: 302,
    public: true,
  },
  'POST /lti/login': {
    summary: 'Third-party initiated login from the LMS, as a form post: redirects to its authorization endpoint',
    consumes: 'application/x-www-form-urlencoded',
    status: 302,
    public: true,
  },
  'POST /lti/launch': {
    summary:
      'The LMS’s launch (id_token and state): signs the person in with a new session and answers a page that opens the linked assignment or the course, or a new tab when the browser blocks the cookie',
    consumes: 'application/x-www-form-urlencoded',
    produces: 'text/html',
    public: true,
  },
  'GET /lti/launch-check.js': { summary: 'The launch page’s check that its session cookie works (scripts are files, never inline)', produces: 'text/javascript', public: true },
  'GET /lti/new-tab': { summary: 'A launch’s one-time link: signs in first-party and redirects to where the launch led', status: 302, public: true },
} as const satisfies RouteTable;
