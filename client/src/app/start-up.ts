import { useSyncExternalStore } from 'react';

/**
 * How long after the app starts the header's own refreshes wait: the unread
 * badge and the notification bell show what the last visit kept on the
 * device at once, and ask the server again only after this.
 *
 * Why: they are not what the person opened. Asked for with the page, the
 * activity feed (the API's heaviest read) and the inbox took turns on the
 * server and in the page just as a document's first exchange on the sync
 * socket was on its way, and each answer was parsed and drawn before the
 * socket's reply could be read. In six interleaved rounds of the page
 * timings check a document opened in 0.59 s on average with them waiting
 * against 0.63 s without (4 December, a busy hour).
 */
const headerRefreshDelayMs = 1_000;

let over = false;
const listeners = new Set<() => void>();

/**
 * Ends start-up before its time: a page whose own content is in (a document
 * with its editor built) lets the header refresh at once.
 */
export function endStartUp(): void {
  if (over) return;
  over = true;
  clearTimeout(timer);
  for (const listener of listeners) listener();
}

const timer = setTimeout(endStartUp, headerRefreshDelayMs);

/** Whether start-up is over: `headerRefreshDelayMs` since the app's code started, or ended by a page. */
export function startUpOver(): boolean {
  return over;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `startUpOver()`, drawing again when it turns true. */
export function useStartUpOver(): boolean {
  return useSyncExternalStore(subscribe, startUpOver);
}
