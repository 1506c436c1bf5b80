import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { User } from '../../../shared/schemas/auth';
import { ApiError } from '../api/api-error';
import { call } from '../api/endpoints';
import { forgetOfflineReads } from '../api/offline-cache';
import { queryKeys } from '../api/queries';

/** The signed-in user, `null` when signed out; 401 is an answer, not an error. */
async function fetchSessionUser(): Promise<User | null> {
  try {
    return (await call('GET /api/auth/me')).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchSessionUser, staleTime: 60_000 });
}

/** Call after sign-in or sign-up: a new account on this device starts clean. */
export function useStartSession() {
  const queryClient = useQueryClient();
  return useCallback(
    async (user: User) => {
      await forgetOfflineReads();
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, user);
    },
    [queryClient],
  );
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    try {
      await call('POST /api/auth/logout');
    } finally {
      await forgetOfflineReads();
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, null);
    }
  }, [queryClient]);
}

/**
 * Where to go after signing in: only a path on this site (never `//evil`),
 * else home. Keeps the return path of a 401 or an invite link.
 */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** `/login?next=<current page>` for a page that needs a session. */
export function signInPath(returnTo: string, page: 'login' | 'signup' = 'login'): string {
  const next = safeReturnPath(returnTo);
  return next === '/' ? `/${page}` : `/${page}?next=${encodeURIComponent(next)}`;
}
