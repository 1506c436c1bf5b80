import type { QueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router-dom';
import { queryKeys } from '../api/queries';

/**
 * The server ended the session (a request answered 401, or the sync socket
 * closed for it) rather than the person signing out. Marked before the user
 * is forgotten, so the session gate that then sends the person to sign in
 * can say why they are there; the next sign-in clears the mark with the
 * rest of the cache.
 */
export function endSession(queryClient: QueryClient): void {
  queryClient.setQueryData(queryKeys.sessionEnded, true);
  queryClient.setQueryData(queryKeys.me, null);
}

export function hasSessionEnded(queryClient: QueryClient): boolean {
  return queryClient.getQueryData(queryKeys.sessionEnded) === true;
}

/** Why someone is on the sign-in page when they did not choose to sign out, as its location state. */
export type SignInReason = 'session-ended' | 'account-deleted';

export const sessionEndedState = { signInReason: 'session-ended' } as const satisfies { signInReason: SignInReason };
export const accountDeletedState = { signInReason: 'account-deleted' } as const satisfies { signInReason: SignInReason };

export function useSignInReason(): SignInReason | null {
  const state: unknown = useLocation().state;
  if (typeof state !== 'object' || state === null) return null;
  const reason = (state as { signInReason?: unknown }).signInReason;
  return reason === 'session-ended' || reason === 'account-deleted' ? reason : null;
}
