import { MutationCache, QueryCache, QueryClient, type Query } from '@tanstack/react-query';
import { ApiError } from '../api/api-error';
import { queryKeys } from '../api/queries';
import { endSession } from '../auth/session-ended';

/** Retry what may pass on a second try (no network, a restarting server), never a refusal. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const transient = error.isNetwork || error.status >= 500;
  return transient && failureCount < 2;
}

/**
 * A page that mounts as its own prefetch was refused (a document the person
 * is not a member of, say) shows that refusal rather than asking again at
 * once: the answer would be the same. A refusal older than this is asked
 * again, since access may have changed since (added to the group meanwhile).
 */
const refusalHeardMs = 5_000;

function shouldRetryOnMount(query: Query): boolean {
  const { error, errorUpdatedAt } = query.state;
  const refused = error instanceof ApiError && !error.isNetwork && error.status < 500;
  return !refused || Date.now() - errorUpdatedAt > refusalHeardMs;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A 401 anywhere means the session is gone: the session gate then
        // sends the person to the sign-in page with a way back.
        if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== queryKeys.me[0]) endSession(client);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) endSession(client);
      },
    }),
    defaultOptions: {
      queries: {
        // Let the request reach the service worker, which answers from its
        // cache when offline (vite.config.ts), instead of pausing the query.
        networkMode: 'offlineFirst',
        retry: shouldRetry,
        retryOnMount: shouldRetryOnMount,
        staleTime: 10_000,
        refetchOnWindowFocus: true,
      },
      mutations: {
        // Fail at once when offline so that the form can say so.
        networkMode: 'always',
        retry: false,
      },
    },
  });
  return client;
}
