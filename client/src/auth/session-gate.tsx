import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { User } from '../../../shared/schemas/auth';
import { ErrorPanel } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { signInPath, useSession } from './session';
import { hasSessionEnded, sessionEndedState } from './session-ended';

const SessionUser = createContext<User | null>(null);

/** The signed-in user, inside a SessionGate. */
export function useUser(): User {
  const user = useContext(SessionUser);
  if (!user) throw new Error('useUser() outside a SessionGate');
  return user;
}

/**
 * Renders its children for a signed-in user; sends anyone else to sign in,
 * with a way back, or shows them `signedOut` instead (the landing page at `/`).
 */
export function SessionGate({ children, signedOut }: { children: ReactNode; signedOut?: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const queryClient = useQueryClient();
  if (session.isPending) return <Loading label="Checking your session…" />;
  if (session.isError) return <ErrorPanel error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    if (signedOut) return signedOut;
    const state = hasSessionEnded(queryClient) ? sessionEndedState : undefined;
    return <Navigate to={signInPath(location.pathname + location.search)} state={state} replace />;
  }
  return <SessionUser.Provider value={session.data}>{children}</SessionUser.Provider>;
}
