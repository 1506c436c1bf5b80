import * as accountData from '../schemas/account-data';
import type { RouteTable } from './route-table';

/** A person's own data: everything kept about them as a download, and deleting their account. */
export const accountDataApi = {
  'GET /api/me/export': {
    summary:
      'Everything kept about the caller, as a ZIP of JSON and Markdown (account, ways in, memberships, their text and editing history, feedback, ratings given, notification settings, notifications); recorded in the audit log of each of their courses',
    produces: 'application/zip',
  },
  'POST /api/me/delete': {
    summary:
      'Delete the caller’s account: needs the current password (or, without one, the typed phrase); ends every session, erases personal data, keeps their text in the team’s documents as “Former member”; 409 while they are the only instructor of a group with other members',
    body: accountData.accountDeletionBody,
    status: 204,
  },
} as const satisfies RouteTable;
