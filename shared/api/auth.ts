import * as auth from '../schemas/auth';
import type { RouteTable } from './route-table';

/** Accounts and sessions; the session travels in a cookie. */
export const authApi = {
  'POST /api/auth/signup': { summary: 'Create an account and sign in', body: auth.signupBody, response: auth.userResponse, status: 201, public: true },
  'POST /api/auth/login': { summary: 'Sign in (a new session each time)', body: auth.loginBody, response: auth.userResponse, public: true },
  'POST /api/auth/logout': { summary: 'End this session', status: 204, public: true },
  'GET /api/auth/me': { summary: 'The signed-in user', response: auth.userResponse },
  'POST /api/auth/password': { summary: 'Change password; ends every other session', body: auth.passwordChangeBody, response: auth.userResponse },
} as const satisfies RouteTable;
