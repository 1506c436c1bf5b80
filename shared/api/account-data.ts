import type { RouteTable } from './route-table';

/** A person's own data: everything kept about them as a download, and deleting their account. */
export const accountDataApi = {} as const satisfies RouteTable;
