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

/** What the sign-in page is told when it is reached because the session ended. */
export const sessionEndedState = { sessionEnded: true } as const;

export function useArrivedFromEndedSession(): boolean {
  const state: unknown = useLocation().state;
  return typeof state === 'object' && state !== null && (state as { sessionEnded?: unknown }).sessionEnded === true;
}
