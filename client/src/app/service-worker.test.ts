import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { askAgainThroughWorker } from './service-worker';

describe('once the service worker takes control', () => {
  it('asks again for what the page shows, not for what was refused', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const asked: string[] = [];
    const shown = (key: string, answer: () => Promise<unknown>) =>
      new QueryObserver(queryClient, {
        queryKey: [key],
        queryFn: () => {
          asked.push(key);
          return answer();
        },
      }).subscribe(() => undefined);
    shown('home', () => Promise.resolve({ groups: [] }));
    shown('refused', () => Promise.reject(new Error('404')));
    await expect.poll(() => queryClient.getQueryState(['refused'])?.status).toBe('error');
    await expect.poll(() => queryClient.getQueryState(['home'])?.status).toBe('success');
    await askAgainThroughWorker(queryClient);
    expect(asked).toEqual(['home', 'refused', 'home']);
  });
});
