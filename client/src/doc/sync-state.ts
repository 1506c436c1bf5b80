/**
 * What the sync indicator says, as a pure state machine, so that it can be
 * tested without a browser or a server.
 *
 * The y-websocket protocol has no acknowledgement of updates. What it has is
 * order: messages on one socket are handled in order, and the server answers
 * every sync step 1 with a sync step 2. So after we send local changes, a
 * step 1 (a "probe") answered by the server proves the server has processed
 * every message we sent before it. "Saved" means: connected, synced, and a
 * probe sent after our last outgoing change has been answered. It is never
 * claimed for an edit that exists only on this device.
 *
 * Every change that must reach the server gets a sequence number `seq`: a
 * local edit (any document update that did not come from the server,
 * including what IndexedDB restores from an earlier visit), and our answer to
 * the server's own step 1 (which carries edits made while offline).
 *
 * Once the document locks for this reader (a team's copy at its due time),
 * the server drops their updates yet still answers probes, so answers prove
 * nothing any more. What counts then is what the server holds, told by its
 * step 1 (its state vector) on a connection opened after the lock and the
 * updates it sends after: text on this device beyond that was not stored,
 * and the status says so ('unsent') instead of "saved".
 */

export type SyncStatus = 'connecting' | 'saving' | 'saved' | 'offline' | 'reconnecting' | 'stopped' | 'unsent';

/** Why the server ended the connection for good (shared/close-codes.ts). */
export type StopReason = 'session-ended' | 'access-revoked' | 'refused';

export interface SyncState {
  /** The browser says it has a network (navigator.onLine). */
  online: boolean;
  socket: 'closed' | 'connecting' | 'open';
  /** The server's step 2 answered our first step 1 on this socket. */
  synced: boolean;
  /**
   * The server's step 1 on this socket showed it holds nothing this device
   * lacks: a probe's answer then carries nothing new, and it may go out
   * before the first sync (see needsProbe).
   */
  nothingToReceive: boolean;
  /** Synced at least once since the page opened (connecting vs reconnecting). */
  everSynced: boolean;
  /** The last change that must reach the server. */
  seq: number;
  /** The last local edit (a subset of `seq`), for the device-storage check. */
  lastEdit: number;
  /** Everything up to this seq has been processed by the server. */
  acked: number;
  /** Probes in flight, oldest first: the seq each one covers. */
  probes: number[];
  /** Everything up to this seq is committed to IndexedDB. */
  stored: number;
  stopped: StopReason | null;
  /** The reader's writing is locked (the copy's due time passed): the server drops what they send. */
  locked: boolean;
  /**
   * Since the lock: null until the server told what it holds; then whether
   * this device holds text the server does not (dropped, or never sent).
   */
  unsent: boolean | null;
}

export type SyncEvent =
  | { type: 'network'; online: boolean }
  | { type: 'socket-connecting' }
  /** The provider sends its own step 1 right after opening: it is the first probe. */
  | { type: 'socket-open' }
  | { type: 'socket-closed' }
  | { type: 'synced' }
  /** A document update that did not come from the server. */
  | { type: 'local-edit' }
  /**
   * The server sent step 1 and we answered with a step 2 carrying what it
   * lacks; `serverHoldsMore`: its step 1 names text this device lacks.
   */
  | { type: 'state-sent'; serverHoldsMore: boolean }
  | { type: 'probe-sent' }
  /** A step 2 from the server: the answer to our oldest probe in flight. */
  | { type: 'probe-answered' }
  /** IndexedDB committed every write issued up to `seq`. */
  | { type: 'stored'; seq: number }
  | { type: 'stopped'; reason: StopReason }
  /** The reader's writing locked: from now on only the server's own state tells what is stored. */
  | { type: 'locked' }
  /** The lock was lifted (an extension, a reopening): answers to probes count again. */
  | { type: 'unlocked' }
  /** After the lock, the server told what it holds: whether this device has text beyond it. */
  | { type: 'server-state'; unsent: boolean };

export function initialSyncState(online: boolean): SyncState {
  return {
    online,
    socket: 'closed',
    synced: false,
    nothingToReceive: false,
    everSynced: false,
    seq: 0,
    lastEdit: 0,
    acked: 0,
    probes: [],
    stored: 0,
    stopped: null,
    locked: false,
    unsent: null,
  };
}

const disconnected = (state: SyncState): SyncState => ({ ...state, socket: 'closed', synced: false, nothingToReceive: false, probes: [] });

export function syncReducer(state: SyncState, event: SyncEvent): SyncState {
  switch (event.type) {
    case 'network':
      return { ...state, online: event.online };
    case 'socket-connecting':
      return { ...disconnected(state), socket: 'connecting' };
    case 'socket-open':
      // The provider's own step 1 goes out now, but edits made while the
      // socket was closed were never sent on it: they reach the server only
      // in our answer to the server's step 1 ('state-sent'). So this first
      // probe covers nothing beyond what was already acknowledged.
      return { ...state, socket: 'open', synced: false, nothingToReceive: false, probes: [state.acked] };
    case 'socket-closed':
      return disconnected(state);
    case 'synced':
      return state.socket === 'open' ? { ...state, synced: true, everSynced: true } : state;
    case 'local-edit':
      return { ...state, seq: state.seq + 1, lastEdit: state.seq + 1 };
    case 'state-sent':
      return state.socket === 'open' ? { ...state, seq: state.seq + 1, nothingToReceive: !event.serverHoldsMore } : state;
    case 'probe-sent':
      return state.socket === 'open' ? { ...state, probes: [...state.probes, state.seq] } : state;
    case 'probe-answered': {
      const [covered, ...rest] = state.probes;
      if (covered === undefined) return state;
      return { ...state, probes: rest, acked: Math.max(state.acked, covered) };
    }
    case 'stored':
      return { ...state, stored: Math.max(state.stored, Math.min(event.seq, state.seq)) };
    case 'stopped':
      return { ...disconnected(state), stopped: event.reason };
    case 'locked':
      return state.locked ? state : { ...state, locked: true, unsent: null };
    case 'unlocked':
      return state.locked ? { ...state, locked: false, unsent: null } : state;
    case 'server-state':
      return state.locked && state.unsent !== event.unsent ? { ...state, unsent: event.unsent } : state;
  }
}

/** The label of the sync indicator. */
export function syncStatus(state: SyncState): SyncStatus {
  if (state.locked && state.unsent) return 'unsent';
  if (state.stopped) return 'stopped';
  if (!state.online) return 'offline';
  // Locked, nothing is saved any more: "up to date" only once the server told what it holds.
  if (state.locked && state.unsent === null) return state.everSynced ? 'reconnecting' : 'connecting';
  if (state.socket === 'open' && state.synced) return state.acked >= state.seq ? 'saved' : 'saving';
  return state.everSynced ? 'reconnecting' : 'connecting';
}

/**
 * Whether changes wait that no probe in flight covers yet: time to send one.
 * Not before the first sync, as a rule: the server answers a probe with
 * everything the device lacks, and until its answer to the provider's own
 * step 1 has arrived, that is what the provider already asked for (the
 * whole document, for a new device), sent twice. Unless the server's step 1
 * showed it holds nothing this device lacks (a device reopening a document
 * it has a copy of): then the probe goes out with our answer to that step 1
 * and its reply comes back with the provider's, one round trip to "Saved"
 * instead of two.
 */
export function needsProbe(state: SyncState): boolean {
  if (state.socket !== 'open' || !(state.synced || state.nothingToReceive)) return false;
  const covered = Math.max(state.acked, ...state.probes);
  return state.seq > covered;
}

/** Local edits the server has not acknowledged yet, or, once locked, text it does not hold. */
export function hasUnsavedEdits(state: SyncState): boolean {
  return state.acked < state.lastEdit || (state.locked && state.unsent === true);
}

/** Every local edit is committed to IndexedDB (survives a reload or a closed tab). */
export function editsKeptOnDevice(state: SyncState): boolean {
  return state.stored >= state.lastEdit;
}
