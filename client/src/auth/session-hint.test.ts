// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { queryKeys } from '../api/queries';
import { keepSessionHint, mayHaveSession } from './session-hint';

const ada = { id: 'aaaaaaaaaaaaaaaa', email: 'ada@example.test', name: 'Ada' };

afterEach(() => localStorage.clear());

describe('the session hint', () => {
  it('says no session on a device that never had one', () => {
    expect(mayHaveSession()).toBe(false);
  });

  it('follows the signed-in user: set at sign-in, kept across a reload, cleared at sign-out', () => {
    const queryClient = new QueryClient();
    const stop = keepSessionHint(queryClient);
    queryClient.setQueryData(queryKeys.me, ada);
    expect(mayHaveSession()).toBe(true);
    stop();

    // The next visit: the hint is still there before anything is asked.
    const next = new QueryClient();
    const stopNext = keepSessionHint(next);
    expect(mayHaveSession()).toBe(true);
    // Other queries change nothing, the session-ended mark under the same first key included.
    next.setQueryData(queryKeys.sessionEnded, true);
    next.setQueryData(queryKeys.home, { groups: [], moreGroups: false });
    expect(mayHaveSession()).toBe(true);
    next.setQueryData(queryKeys.me, null);
    expect(mayHaveSession()).toBe(false);
    stopNext();
  });
});
