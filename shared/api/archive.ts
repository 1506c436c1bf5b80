import type { RouteTable } from './route-table';

/** Archiving, restoring and deleting documents, projects, teams and courses, and each course's audit log. */
export const archiveApi = {} as const satisfies RouteTable;
