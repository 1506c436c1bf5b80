import { hashKey, type QueryClient } from '@tanstack/react-query';
import type { User } from '../../../shared/schemas/auth';
import { queryKeys } from '../api/queries';

/**
 * Whether this browser had a session when the app last heard, kept on the
 * device since the session cookie is out of scripts' reach. The app starts
 * the opened page's reads before the server has said who is there
 * (app/page-data.ts). Without a session they are only refused, and a
 * refusal (401) reads as a session that ended, so a visitor who never
 * signed in, opening a link a teammate sent, would be told theirs had.
 * Those reads start only where a session may be. A hint, never a
 * credential: the server alone decides who is signed in.
 */
export const sessionHintKey = 'commonplace:signed-in';

/** False only when this device says no one is signed in; true when it cannot say (storage blocked), as reads started before. */
export function mayHaveSession(): boolean {
  try {
    return localStorage.getItem(sessionHintKey) === '1';
  } catch {
    return true;
  }
}

/** Keeps the hint in step with the signed-in user as the cache holds it: set on a user, cleared on none (sign-out, a session ended). */
export function keepSessionHint(queryClient: QueryClient): () => void {
  const meHash = hashKey(queryKeys.me);
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.query.queryHash !== meHash || (event.type !== 'added' && event.type !== 'updated')) return;
    const user = event.query.state.data as User | null | undefined;
    if (user === undefined) return;
    try {
      if (user) localStorage.setItem(sessionHintKey, '1');
      else localStorage.removeItem(sessionHintKey);
    } catch {
      // Storage blocked: mayHaveSession answers true, as if the hint were set.
    }
  });
}
