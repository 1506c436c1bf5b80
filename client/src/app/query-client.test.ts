import { QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-error';
import { createQueryClient } from './query-client';

afterEach(() => vi.useRealTimers());

/** A query that fails with `error` and counts its fetches; `mount` subscribes a page to it, as useQuery does. */
function failingQuery(error: ApiError) {
  const queryClient = createQueryClient();
  let fetches = 0;
  const options = {
    queryKey: ['docs', 'aaaaaaaaaaaaaaaa'],
    queryFn: () => {
      fetches += 1;
      return Promise.reject(error);
    },
  };
  const mount = () => new QueryObserver(queryClient, options).subscribe(() => undefined);
  return { queryClient, options, mount, fetches: () => fetches };
}

describe('the query client', () => {
  it('does not ask again, as the page mounts, what its prefetch was just refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const query = failingQuery(new ApiError(404, 'not_found', 'Not found'));
    await query.queryClient.prefetchQuery(query.options);
    expect(query.fetches()).toBe(1);
    query.mount();
    expect(query.fetches()).toBe(1);

    // A refusal heard a while ago is asked again: access may have changed since.
    vi.setSystemTime(Date.now() + 6_000);
    query.mount();
    await vi.waitFor(() => expect(query.fetches()).toBe(2));
  });

  it('asks again at once after a failure that is not a refusal', async () => {
    const query = failingQuery(new ApiError(0, 'network', 'No network'));
    // Retried twice while prefetching (shouldRetry); with no delay here.
    query.queryClient.setDefaultOptions({ queries: { ...query.queryClient.getDefaultOptions().queries, retry: false } });
    await query.queryClient.prefetchQuery(query.options);
    expect(query.fetches()).toBe(1);
    query.mount();
    await vi.waitFor(() => expect(query.fetches()).toBe(2));
  });
});
