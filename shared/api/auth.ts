import * as auth from '../schemas/auth';
import type { RouteTable } from './route-table';

/** Accounts and sessions; the session travels in a cookie. */
export const authApi = {
  'POST /api/auth/signup': { summary: 'Create an account and sign in', body: auth.signupBody, response: auth.userResponse, status: 201, public: true },
  'POST /api/auth/login': { summary: 'Sign in (a new session each time)', body: auth.loginBody, response: auth.userResponse, public: true },
  'POST /api/auth/logout': { summary: 'End this session', status: 204, public: true },
  'GET /api/auth/me': { summary: 'The signed-in user', response: auth.userResponse },
  'POST /api/auth/password': { summary: 'Change password; ends every other session', body: auth.passwordChangeBody, response: auth.userResponse },
  'POST /api/auth/password-reset': {
    summary: 'Mail a one-time reset link to the account with this email, if there is one (the same 202 either way)',
    body: auth.passwordResetRequestBody,
    response: auth.passwordResetRequested,
    status: 202,
    public: true,
  },
  'POST /api/auth/password-reset/check': {
    summary: "Whether a reset link's token still works, and the email of its account",
    body: auth.passwordResetCheckBody,
    response: auth.passwordResetLink,
    public: true,
  },
  'POST /api/auth/password-reset/confirm': {
    summary: "Set a new password with a reset link's token; ends every session of the account and signs in with a new one",
    body: auth.passwordResetConfirmBody,
    status: 204,
    public: true,
  },
} as const satisfies RouteTable;
