import { afterEach, describe, expect, it, vi } from 'vitest';
import { onFirstSync, type SyncSource } from './first-sync';
import { initialSyncState, syncReducer, type SyncEvent, type SyncState } from './sync-state';

/** A tracker's outside as the wait sees it, moved by the same reducer the tracker uses. */
function source(online = true): SyncSource & { dispatch(...events: SyncEvent[]): void } {
  let state: SyncState = initialSyncState(online);
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    dispatch(...events) {
      for (const event of events) {
        state = syncReducer(state, event);
        for (const listener of listeners) listener();
      }
    },
  };
}

/** A device copy loaded, then the socket's first exchange up to the server's answer to our step 1 (still saving). */
const deviceCopySentUp: SyncEvent[] = [
  { type: 'socket-connecting' },
  { type: 'local-edit' },
  { type: 'socket-open' },
  { type: 'state-sent', serverHoldsMore: false },
  { type: 'probe-sent' },
  { type: 'synced' },
  { type: 'probe-answered' },
];

afterEach(() => {
  vi.useRealTimers();
});

describe('onFirstSync', () => {
  it('waits while connecting and saving the device copy, and ends when the server holds it all', () => {
    const sync = source();
    const done = vi.fn();
    onFirstSync(sync, done);
    sync.dispatch(...deviceCopySentUp);
    expect(done).not.toHaveBeenCalled();
    sync.dispatch({ type: 'probe-answered' });
    expect(done).toHaveBeenCalledTimes(1);
    // Later changes of state (typing, saving again) call it no more.
    sync.dispatch({ type: 'local-edit' }, { type: 'probe-sent' }, { type: 'probe-answered' });
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('ends at once when nothing is to be waited for: already saved, or offline', () => {
    const saved = source();
    saved.dispatch(...deviceCopySentUp, { type: 'probe-answered' });
    const offline = source(false);
    for (const sync of [saved, offline]) {
      const done = vi.fn();
      onFirstSync(sync, done);
      expect(done).toHaveBeenCalledTimes(1);
    }
  });

  it('ends when the connection stops for good', () => {
    const sync = source();
    const done = vi.fn();
    onFirstSync(sync, done);
    sync.dispatch({ type: 'socket-connecting' }, { type: 'stopped', reason: 'access-revoked' });
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('ends after the wait when the server does not answer, and only once', () => {
    vi.useFakeTimers();
    const sync = source();
    const done = vi.fn();
    onFirstSync(sync, done, 100);
    sync.dispatch({ type: 'socket-connecting' }, { type: 'socket-open' });
    vi.advanceTimersByTime(99);
    expect(done).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(done).toHaveBeenCalledTimes(1);
    sync.dispatch({ type: 'synced' }, { type: 'probe-answered' });
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('never ends once cancelled', () => {
    vi.useFakeTimers();
    const sync = source();
    const done = vi.fn();
    const cancel = onFirstSync(sync, done, 100);
    cancel();
    sync.dispatch(...deviceCopySentUp, { type: 'probe-answered' });
    vi.advanceTimersByTime(1_000);
    expect(done).not.toHaveBeenCalled();
  });
});
