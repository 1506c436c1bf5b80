import { describe, expect, it } from 'vitest';
import {
  editsKeptOnDevice,
  hasUnsavedEdits,
  initialSyncState,
  needsProbe,
  syncReducer,
  syncStatus,
  type SyncEvent,
  type SyncState,
} from './sync-state';

const run = (events: SyncEvent[], from: SyncState = initialSyncState(true)): SyncState => events.reduce(syncReducer, from);

/** A socket that opened and completed its first exchange (step 1 answered by step 2). */
const connected: SyncEvent[] = [{ type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'synced' }, { type: 'probe-answered' }];

describe('sync state', () => {
  it('is connecting until the first sync, then saved when nothing is pending', () => {
    expect(syncStatus(initialSyncState(true))).toBe('connecting');
    expect(syncStatus(run([{ type: 'socket-connecting' }, { type: 'socket-open' }]))).toBe('connecting');
    expect(syncStatus(run(connected))).toBe('saved');
  });

  it('never says saved while a local edit has not been answered by the server', () => {
    let state = run([...connected, { type: 'local-edit' }]);
    expect(syncStatus(state)).toBe('saving');
    expect(needsProbe(state)).toBe(true);

    state = syncReducer(state, { type: 'probe-sent' });
    expect(needsProbe(state)).toBe(false);
    expect(syncStatus(state)).toBe('saving');

    // An edit made after the probe left is not covered by its answer.
    state = syncReducer(state, { type: 'local-edit' });
    expect(needsProbe(state)).toBe(true);
    state = syncReducer(state, { type: 'probe-answered' });
    expect(syncStatus(state)).toBe('saving');
    expect(needsProbe(state)).toBe(true);

    state = run([{ type: 'probe-sent' }, { type: 'probe-answered' }], state);
    expect(syncStatus(state)).toBe('saved');
    expect(needsProbe(state)).toBe(false);
  });

  it('does not count an answer that arrives without a probe in flight', () => {
    const state = run([...connected, { type: 'local-edit' }, { type: 'probe-answered' }]);
    expect(syncStatus(state)).toBe('saving');
  });

  it('does not treat the first sync as saving an edit made before the socket opened', () => {
    // Edited offline (or restored from IndexedDB) before connecting: the
    // provider's own step 1 cannot cover it, the edit travels only in our
    // answer to the server's step 1.
    let state = run([{ type: 'local-edit' }, { type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'synced' }, { type: 'probe-answered' }]);
    expect(syncStatus(state)).toBe('saving');
    state = syncReducer(state, { type: 'state-sent', serverHoldsMore: true });
    expect(syncStatus(state)).toBe('saving');
    expect(needsProbe(state)).toBe(true);
    state = run([{ type: 'probe-sent' }, { type: 'probe-answered' }], state);
    expect(syncStatus(state)).toBe('saved');
  });

  it('waits for a probe sent after our answer to the server’s step 1, whatever the order of messages', () => {
    // Server's step 1 arrives before its step 2: our answer goes out before synced.
    let state = run([{ type: 'local-edit' }, { type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'state-sent', serverHoldsMore: true }, { type: 'synced' }]);
    state = syncReducer(state, { type: 'probe-answered' }); // answers the provider's step 1
    expect(state.acked).toBe(0);
    expect(syncStatus(state)).toBe('saving');
    expect(needsProbe(state)).toBe(true);
    state = run([{ type: 'probe-sent' }, { type: 'probe-answered' }], state);
    expect(syncStatus(state)).toBe('saved');
  });

  it('probes with its answer to the server’s step 1 when the server holds nothing this device lacks: saved after one round trip', () => {
    // A device reopening a document it holds a copy of: the copy loaded, then the socket opened.
    let state = run([{ type: 'local-edit' }, { type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'state-sent', serverHoldsMore: false }]);
    expect(needsProbe(state)).toBe(true);
    state = run([{ type: 'probe-sent' }, { type: 'synced' }, { type: 'probe-answered' }], state); // answers the provider's step 1
    expect(syncStatus(state)).toBe('saving');
    state = syncReducer(state, { type: 'probe-answered' });
    expect(syncStatus(state)).toBe('saved');
  });

  it('waits for the first sync before probing when the server holds what this device lacks (its answer would repeat the sync)', () => {
    let state = run([{ type: 'local-edit' }, { type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'state-sent', serverHoldsMore: true }]);
    expect(needsProbe(state)).toBe(false);
    state = run([{ type: 'synced' }, { type: 'probe-answered' }], state);
    expect(needsProbe(state)).toBe(true);
    // A new socket starts cautious again.
    state = run([{ type: 'socket-closed' }, { type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'local-edit' }], state);
    expect(needsProbe(state)).toBe(false);
  });

  it('forgets probes in flight when the socket closes, and keeps the edits pending', () => {
    let state = run([...connected, { type: 'local-edit' }, { type: 'probe-sent' }, { type: 'socket-closed' }]);
    expect(state.probes).toEqual([]);
    expect(syncStatus(state)).toBe('reconnecting');
    expect(hasUnsavedEdits(state)).toBe(true);
    // A late answer from the old socket cannot acknowledge anything.
    state = syncReducer(state, { type: 'probe-answered' });
    expect(hasUnsavedEdits(state)).toBe(true);
    state = run([{ type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'state-sent', serverHoldsMore: true }, { type: 'synced' }, { type: 'probe-answered' }], state);
    expect(syncStatus(state)).toBe('saving');
    state = run([{ type: 'probe-sent' }, { type: 'probe-answered' }], state);
    expect(syncStatus(state)).toBe('saved');
    expect(hasUnsavedEdits(state)).toBe(false);
  });

  it('says offline when the browser has no network, and whether the edits are on this device', () => {
    let state = run([...connected, { type: 'network', online: false }, { type: 'socket-closed' }, { type: 'local-edit' }]);
    expect(syncStatus(state)).toBe('offline');
    expect(hasUnsavedEdits(state)).toBe(true);
    expect(editsKeptOnDevice(state)).toBe(false);
    state = syncReducer(state, { type: 'stored', seq: state.seq });
    expect(editsKeptOnDevice(state)).toBe(true);
    // A later edit is not kept until IndexedDB confirms it too.
    state = syncReducer(state, { type: 'local-edit' });
    expect(editsKeptOnDevice(state)).toBe(false);
    state = syncReducer(state, { type: 'network', online: true });
    expect(syncStatus(state)).toBe('reconnecting');
  });

  it('does not send probes while closed or before the first sync', () => {
    expect(needsProbe(run([{ type: 'local-edit' }]))).toBe(false);
    expect(needsProbe(run([{ type: 'socket-connecting' }, { type: 'socket-open' }, { type: 'local-edit' }]))).toBe(false);
    const state = run([{ type: 'local-edit' }, { type: 'probe-sent' }]);
    expect(state.probes).toEqual([]);
  });

  it('stops for good on a final close, keeping the unsaved edits', () => {
    const state = run([...connected, { type: 'local-edit' }, { type: 'stopped', reason: 'session-ended' }]);
    expect(syncStatus(state)).toBe('stopped');
    expect(state.stopped).toBe('session-ended');
    expect(hasUnsavedEdits(state)).toBe(true);
    expect(needsProbe(state)).toBe(false);
  });

  it('ignores a stored report beyond what exists', () => {
    const state = run([{ type: 'local-edit' }, { type: 'stored', seq: 99 }]);
    expect(state.stored).toBe(1);
  });

  it('once locked, says saved only when the server told it holds everything, and never for dropped text', () => {
    // A probe answered after the lock proves nothing: the server answers whatever it drops.
    let state = run([...connected, { type: 'local-edit' }, { type: 'locked' }, { type: 'probe-sent' }, { type: 'probe-answered' }]);
    expect(syncStatus(state)).not.toBe('saved');
    expect(syncStatus(run([{ type: 'server-state', unsent: true }], state))).toBe('unsent');
    expect(hasUnsavedEdits(run([{ type: 'server-state', unsent: true }], state))).toBe(true);
    state = run([{ type: 'server-state', unsent: false }], state);
    expect(syncStatus(state)).toBe('saved');
    expect(hasUnsavedEdits(state)).toBe(false);
    // Told only while locked; lifting the lock returns to probes.
    expect(run([{ type: 'server-state', unsent: true }], run(connected)).unsent).toBeNull();
    expect(run([{ type: 'unlocked' }], state)).toMatchObject({ locked: false, unsent: null });
  });
});
