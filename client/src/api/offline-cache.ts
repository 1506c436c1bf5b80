import { dehydrate, hydrate, type DehydratedState, type Query, type QueryClient } from '@tanstack/react-query';

/**
 * What this device keeps of the server's answers, for one person at a time:
 * the service worker's cache of API reads (offline use), and the query
 * cache saved to localStorage, so that a page opened again shows what it
 * showed last at once and refreshes it in the background (stale queries
 * refetch as they mount). Both are forgotten at sign-in, at sign-out and
 * when the server says the session is gone, so one person never sees
 * another's groups on a shared computer.
 */

/** The service worker's cache of API reads (vite.config.ts, runtimeCaching). */
const apiCacheName = 'commonplace-api';

const storageKey = 'commonplace:queries';

/**
 * What the saved answers were shaped by: this build's entry chunk, whose
 * fingerprinted name changes with any code or schema of the client. Answers
 * saved by another build are not used (they skipped the new schemas' checks).
 */
const buildId = import.meta.url;

/** Saved answers older than this are not shown: a week away, the page loads afresh. */
const maxAgeMs = 7 * 24 * 60 * 60 * 1000;

/** At most this many characters are saved (localStorage holds about 5 MB); the newest answers first. */
const maxChars = 2_000_000;

/** Wait for the cache to settle before saving, so a burst of answers is saved once. */
const saveDelayMs = 300;

interface Saved {
  buildId: string;
  userId: string;
  savedAt: number;
  state: DehydratedState;
}

/** Invite codes let people in, and a password reset link into its account: queries keyed by them stay in memory only. */
const keptOnlyInMemory = (query: Query) => query.queryKey.some((part) => part === 'invites' || part === 'password-reset');

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // blocked storage (some private modes)
  }
}

function forgetSavedQueries(): void {
  try {
    storage()?.removeItem(storageKey);
  } catch {
    // Nothing saved can be reached, so nothing is left to forget.
  }
}

/**
 * Forgets what this device keeps when the account on it changes (sign-in,
 * sign-out): the service worker's API reads and the saved query cache.
 */
export async function forgetOfflineReads(): Promise<void> {
  forgetSavedQueries();
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(apiCacheName);
  } catch {
    // Storage may be unavailable (private mode); nothing to forget then.
  }
}

/** The signed-in user's id as the cache holds it: a string, null when signed out, undefined when not known yet. */
function cachedUserId(queryClient: QueryClient): string | null | undefined {
  const me = queryClient.getQueryData<{ id: string } | null>(['me']);
  return me === undefined ? undefined : me === null ? null : me.id;
}

/**
 * Puts the answers saved by the last visit into the cache, before the first
 * render: pages show them at once. Answers of another build, or too old,
 * are dropped.
 */
export function restoreSavedQueries(queryClient: QueryClient, now = Date.now()): void {
  const store = storage();
  if (!store) return;
  try {
    const text = store.getItem(storageKey);
    if (!text) return;
    const saved = JSON.parse(text) as Saved;
    if (saved.buildId !== buildId || now - saved.savedAt > maxAgeMs || typeof saved.userId !== 'string') {
      forgetSavedQueries();
      return;
    }
    hydrate(queryClient, saved.state);
    // Shown at once, refetched as soon as a page uses it, however recently it
    // was saved: others may have written since. A moment of a document's
    // timeline (docs/:id/timeline/at/:updateId) never changes, so stays.
    void queryClient.invalidateQueries({ refetchType: 'none', predicate: (query) => query.queryKey[3] !== 'at' });
    // Saved for someone else than the cache now says is signed in: never shown.
    if (cachedUserId(queryClient) !== saved.userId) {
      queryClient.clear();
      forgetSavedQueries();
    }
  } catch {
    forgetSavedQueries();
  }
}

/** The newest successful answers that fit in maxChars, with the session's own. */
function stateToSave(queryClient: QueryClient): DehydratedState {
  const state = dehydrate(queryClient, { shouldDehydrateQuery: (query) => query.state.status === 'success' && !keptOnlyInMemory(query) });
  const newestFirst = [...state.queries].sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt);
  let chars = 0;
  const kept = newestFirst.filter((query) => {
    chars += JSON.stringify(query.state.data ?? null).length;
    return chars <= maxChars || query.queryKey[0] === 'me';
  });
  return { mutations: [], queries: kept };
}

/**
 * Saves the query cache to this device while the app runs: shortly after
 * it changes, and when the page is hidden or closed. Saved only for a
 * signed-in user, under their id; when the session ends (sign-out, a 401
 * anywhere) what was saved is forgotten.
 */
export function keepQueriesOnDevice(queryClient: QueryClient): () => void {
  const store = storage();
  if (!store) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const userId = cachedUserId(queryClient);
    if (userId === null) forgetSavedQueries();
    if (!userId) return;
    const saved: Saved = { buildId, userId, savedAt: Date.now(), state: stateToSave(queryClient) };
    try {
      store.setItem(storageKey, JSON.stringify(saved));
    } catch {
      forgetSavedQueries(); // full: better nothing than a part
    }
  };

  const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
    if (event.query.queryKey[0] === 'me' && event.type === 'updated' && cachedUserId(queryClient) === null) {
      // Signed out or the session ended: nothing of this person stays.
      if (timer) clearTimeout(timer);
      timer = null;
      forgetSavedQueries();
      return;
    }
    if (event.type !== 'updated' && event.type !== 'removed') return;
    timer ??= setTimeout(save, saveDelayMs);
  });
  const onHidden = () => {
    if (document.visibilityState === 'hidden' && timer) save();
  };
  const onPageHide = () => {
    if (timer) save();
  };
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', onPageHide);
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    document.removeEventListener('visibilitychange', onHidden);
    window.removeEventListener('pagehide', onPageHide);
  };
}
