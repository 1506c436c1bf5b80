import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { schoolSignInApi } from '../../../shared/api/school-sign-in';
import { signInErrorMessage as messageOf } from '../../../shared/schemas/school-sign-in';
import { caller, pathTo } from '../api/http';
import { queryKeys } from '../api/queries';
import { safeReturnPath } from './session';

/** Calls to the school sign-in routes: the providers, and the caller's linked sign-ins. */
const call = caller(schoolSignInApi);

export const schoolSignInKeys = {
  /** The configured providers change only with the server's configuration. */
  providers: ['auth', 'providers'] as const,
  /** Under the session's key: signing out or in clears it with the rest. */
  identities: [...queryKeys.me, 'identities'] as const,
};

export function useSignInProviders() {
  return useQuery({
    queryKey: schoolSignInKeys.providers,
    queryFn: async () => (await call('GET /api/auth/providers')).providers,
    staleTime: 5 * 60_000,
  });
}

export function useLinkedSignIns() {
  return useQuery({ queryKey: schoolSignInKeys.identities, queryFn: () => call('GET /api/auth/identities') });
}

export function useRemoveSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (identityId: string) => call('DELETE /api/auth/identities/:identityId', { params: { identityId } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: schoolSignInKeys.identities }),
  });
}

/**
 * The server route that starts a school sign-in: it redirects to the
 * provider, which sends the person back to `returnTo` (a path on this site)
 * signed in; with `link`, the provider's account is added to the signed-in
 * user's ways in instead.
 */
export function schoolSignInStart(providerId: string, { returnTo, link = false }: { returnTo: string; link?: boolean }): string {
  return pathTo('GET /api/auth/oidc/:id/start', {
    params: { id: providerId },
    query: { returnTo: safeReturnPath(returnTo), link: link ? '1' : undefined },
  });
}

/** What to tell someone whose school sign-in failed with `code`; a code we do not know still gets words. */
export function signInErrorMessage(code: string): string {
  return messageOf(code) ?? 'Something went wrong while signing in with your school. Try again, or sign in another way.';
}
