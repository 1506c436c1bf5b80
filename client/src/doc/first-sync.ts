import { syncStatus, type SyncState } from './sync-state';
import type { SyncTracker } from './sync-tracker';

/** What the wait reads of a session's sync tracker. */
export type SyncSource = Pick<SyncTracker, 'subscribe' | 'getSnapshot'>;

/**
 * How long a page opening a document waits for the first exchange with the
 * server before it builds the editor on what the device holds. Shorter than
 * building the editor takes (0.1-0.15 s here), so that a slow server delays
 * the text by less than the wait can save.
 */
const firstSyncWaitMs = 100;

/**
 * Whether the first exchange is over: the server answered and holds all
 * this device has ("Saved", "Up to date"), or nothing will answer soon
 * (offline, stopped, refused). Still connecting, or saving what the device
 * copy holds, it is not.
 */
function firstSyncSettled(state: SyncState): boolean {
  const status = syncStatus(state);
  return status !== 'connecting' && status !== 'saving';
}

/**
 * Calls `done` once, when the session's first exchange with the server is
 * over or after `waitMs`, whichever comes first; returns a function that
 * cancels it.
 *
 * Why a page waits for it before building the editor: the server's answer
 * arrives a few milliseconds after the device copy is sent up, but a browser
 * hands a socket's message to the page only between tasks, and building the
 * editor and laying out its text is one long task. Built first, the editor
 * shows the text and then "Connecting…" for as long as that task and the
 * ones queued behind it run (80-100 ms here), before the answer is read and
 * says "Saved"; waiting, the page reads the answer while it has nothing else
 * to do, and the editor is built once, on the server's text, saying
 * "Saved" from its first frame.
 */
export function onFirstSync(source: SyncSource, done: () => void, waitMs = firstSyncWaitMs): () => void {
  if (firstSyncSettled(source.getSnapshot())) {
    done();
    return () => undefined;
  }
  const stop = () => {
    clearTimeout(timer);
    unsubscribe();
  };
  const finish = () => {
    stop();
    done();
  };
  const timer = setTimeout(finish, waitMs);
  const unsubscribe = source.subscribe(() => {
    if (firstSyncSettled(source.getSnapshot())) finish();
  });
  return stop;
}
