import * as schoolSignIn from '../schemas/school-sign-in';
import type { RouteTable } from './route-table';

/**
 * School sign-in with OpenID Connect, and the ways in linked to an account.
 * `start` and `callback` are browser navigations answered with redirects
 * (302): a failure goes to `/login?signInError=<code>`, never a JSON error.
 */
export const schoolSignInApi = {
  'GET /api/auth/providers': { summary: 'The school sign-in providers, in button order', response: schoolSignIn.providersResponse, public: true },
  'GET /api/auth/oidc/:id/start': {
    summary: 'Redirects to the provider to sign in (or, with link=1, to link it to the signed-in account)',
    query: schoolSignIn.startQuery,
    status: 302,
    public: true,
  },
  'GET /api/auth/oidc/:id/callback': {
    summary: 'The provider returns here: signs in with a new session and redirects into the app',
    status: 302,
    public: true,
  },
  'GET /api/auth/identities': { summary: 'The ways in linked to the signed-in account', response: schoolSignIn.identitiesResponse },
  'DELETE /api/auth/identities/:identityId': { summary: 'Unlink a way in (not the last one)', status: 204 },
} as const satisfies RouteTable;
