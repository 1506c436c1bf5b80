import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { AppShell } from './app-shell';
import { ErrorPanel } from './error-panel';
import { Loading } from './loading';

type DataOf<T> = { -readonly [K in keyof T]: T[K] extends UseQueryResult<infer D, unknown> ? D : never };

/**
 * A page that needs several queries: until all have data it is an error page
 * (retrying every query) or a loading page; then their data, in order.
 */
export function pageOfQueries<const T extends readonly UseQueryResult<unknown, unknown>[]>(
  queries: T,
  loadingLabel: string,
): { page: ReactNode; data: null } | { page: null; data: DataOf<T> } {
  const failed = queries.find((query) => query.error)?.error;
  if (failed) {
    const retry = () => queries.forEach((query) => void query.refetch());
    return {
      page: (
        <AppShell>
          <ErrorPanel error={failed} onRetry={retry} />
        </AppShell>
      ),
      data: null,
    };
  }
  if (queries.some((query) => query.data === undefined)) {
    return {
      page: (
        <AppShell wide>
          <Loading label={loadingLabel} />
        </AppShell>
      ),
      data: null,
    };
  }
  return { page: null, data: queries.map((query) => query.data) as DataOf<T> };
}
