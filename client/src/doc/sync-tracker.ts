import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { closeCodes, finalCloseCodes } from '../../../shared/close-codes';
import { initialSyncState, needsProbe, syncReducer, type StopReason, type SyncEvent, type SyncState } from './sync-state';
import { ServerState } from './server-state';

/** y-websocket's message type for sync messages (its `messageSync`). */
const messageSync = 0;
/** Coalesce probes while someone types: at most one per this many ms. */
const probeDelayMs = 150;
/** Check IndexedDB this long after the last edit. */
const storeCheckDelayMs = 50;

type SyncHandler = WebsocketProvider['messageHandlers'][number];

/**
 * Close codes after which reconnecting cannot help (shared/close-codes.ts):
 * the final ones, and by its convention anything in 4400-4499 (a deliberate
 * refusal, like HTTP 4xx). Everything else (1001, 4500-4599 …) reconnects.
 */
export function stopReasonOf(code: number): StopReason | null {
  if (code === closeCodes.sessionEnded) return 'session-ended';
  if (code === closeCodes.accessRevoked) return 'access-revoked';
  if (finalCloseCodes.has(code) || (code >= 4400 && code < 4500)) return 'refused';
  return null;
}

/**
 * Feeds the sync state machine (sync-state.ts) from a live provider, the
 * document, IndexedDB and the browser's network events, and sends the
 * probes it asks for. Exposes `subscribe`/`getSnapshot` for
 * React's useSyncExternalStore.
 */
export class SyncTracker {
  private state: SyncState;
  private readonly listeners = new Set<() => void>();
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private probeQueued = false;
  private storeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly cleanups: (() => void)[] = [];
  /** What the server holds, as it told on this connection (for a locked reader). */
  private readonly server = new ServerState();

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly doc: Y.Doc,
    private readonly persistence: IndexeddbPersistence,
    /** Called when the server says the role changed: refetch it. */
    private readonly onRoleChanged: () => void,
    /**
     * Called when the server says a client id this device writes under is
     * another user's (client-id-move.ts): the edits move to a fresh one and
     * a new session takes over. Without it, that refusal stops syncing.
     */
    private readonly onClientIdTaken: (() => void) | null = null,
  ) {
    this.state = initialSyncState(navigator.onLine);
    if (provider.wsconnected) this.state = syncReducer(this.state, { type: 'socket-open' });
    // A session that takes over after a move starts on a provider already
    // synced: the provider's own step 1 was answered before this watched it.
    if (provider.wsconnected && provider.synced) this.state = { ...syncReducer(this.state, { type: 'synced' }), probes: [] };
    this.watchProvider();
    this.watchDocument();
    this.watchNetwork();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SyncState => this.state;

  /**
   * The reader's writing locked (the copy's due time came): the server
   * drops what they send from now on. A connection opened before the lock
   * tells nothing reliable about what was stored, so reconnect: the new
   * connection's step 1 says what the server holds, and anything beyond it
   * on this device is unsent.
   */
  lock(): void {
    if (this.state.locked) return;
    this.dispatch({ type: 'locked' });
    if (this.server.told) {
      this.server.forget();
      this.provider.disconnect();
      if (navigator.onLine) this.provider.connect();
    }
  }

  /** The lock was lifted (the server closed the socket, the client reconnects and resends what was dropped). */
  unlock(): void {
    this.dispatch({ type: 'unlocked' });
  }

  /** Text on this device the server does not hold, once locked (server-state.ts); '' when none or not known yet. */
  unsentText(): string {
    return this.state.locked ? this.server.unsentText(this.doc) : '';
  }

  destroy(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    if (this.storeTimer) clearTimeout(this.storeTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.listeners.clear();
  }

  private dispatch(event: SyncEvent, { typing = false } = {}): void {
    const next = syncReducer(this.state, event);
    if (next === this.state) return;
    this.state = next;
    // Typing is batched: one probe after a short pause covers a burst of
    // keystrokes. Anything else that leaves changes unconfirmed comes once
    // (our answer to the server's step 1 on connecting, the device copy
    // loaded on opening): nothing more will come to batch, so the server is
    // asked at once, and "Saved" shows that much sooner.
    if (needsProbe(next)) {
      if (typing) this.scheduleProbe();
      else this.probeNow();
    }
    for (const listener of this.listeners) listener();
  }

  private watchProvider(): void {
    const { provider } = this;
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      // 'connected' is emitted just before the provider sends its step 1.
      if (status === 'connected') this.dispatch({ type: 'socket-open' });
      else if (status === 'connecting') this.dispatch({ type: 'socket-connecting' });
      else this.dispatch({ type: 'socket-closed' });
    };
    const onSync = (synced: boolean) => {
      if (synced) this.dispatch({ type: 'synced' });
    };
    const onClose = (event: CloseEvent | null) => {
      if (!event) return;
      const reason = stopReasonOf(event.code);
      if (event.code === closeCodes.clientIdForged && this.onClientIdTaken) {
        // Not a stop: the session moves the edits and reconnects; meanwhile the status reads as reconnecting.
        provider.disconnect();
        this.onClientIdTaken();
      } else if (reason) {
        provider.disconnect();
        this.dispatch({ type: 'stopped', reason });
      } else if (event.code === closeCodes.roleChanged) {
        this.onRoleChanged();
      }
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('connection-close', onClose);

    // Watch sync messages from the server (not from other tabs over
    // BroadcastChannel: those arrive with emitSynced false).
    const original = provider.messageHandlers[messageSync] as SyncHandler;
    const observed: SyncHandler = (encoder, decoder, prov, emitSynced, messageType) => {
      const syncType = decoding.peekVarUint(decoder);
      // What the server says it holds (its step 1) or sends (step 2, updates), read before the provider consumes it.
      if (emitSynced) this.server.heard(decoding.clone(decoder));
      original(encoder, decoder, prov, emitSynced, messageType);
      if (!emitSynced) return;
      if (syncType === syncProtocol.messageYjsSyncStep2) this.dispatch({ type: 'probe-answered' });
      else if (syncType === syncProtocol.messageYjsSyncStep1) {
        // Told nothing it could read: assume the server holds more, and wait for the sync.
        const serverHoldsMore = !this.server.told || this.server.holdsBeyond(Y.encodeStateVector(this.doc));
        this.dispatch({ type: 'state-sent', serverHoldsMore });
      }
      this.checkUnsent();
    };
    provider.messageHandlers[messageSync] = observed;

    this.cleanups.push(() => {
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('connection-close', onClose);
      provider.messageHandlers[messageSync] = original;
    });
  }

  private watchDocument(): void {
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider) return;
      this.dispatch({ type: 'local-edit' }, { typing: origin !== this.persistence });
      this.scheduleStoreCheck();
      this.checkUnsent();
    };
    this.doc.on('update', onUpdate);
    this.cleanups.push(() => this.doc.off('update', onUpdate));
  }

  /**
   * The browser knows before the socket does when the network is gone (a
   * dead socket can take 30 s to notice). Offline, stop trying; online, go.
   */
  private watchNetwork(): void {
    const onOnline = () => {
      this.dispatch({ type: 'network', online: true });
      if (!this.state.stopped) this.provider.connect();
    };
    const onOffline = () => {
      this.dispatch({ type: 'network', online: false });
      this.provider.disconnect();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    this.cleanups.push(() => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    });
  }

  /** Once locked and told what the server holds: whether this device holds text beyond it. */
  private checkUnsent(): void {
    if (!this.state.locked || !this.server.told) return;
    this.dispatch({ type: 'server-state', unsent: this.server.lacks(Y.encodeStateVector(this.doc)) });
  }

  private scheduleProbe(): void {
    if (this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.sendProbe();
    }, probeDelayMs);
  }

  /**
   * A probe once the code running now has returned, not within it: what the
   * probe is to confirm may still be on its way out (the provider sends our
   * answer to the server's step 1 after its handler returns), and a probe
   * sent before it would be answered before the server has it. A microtask
   * runs just after that code; a timer would wait behind whatever the page
   * does next (on opening, building the editor: a quarter of a second), and
   * the round trip would only start then. Sent now, its answer is back by
   * the time the page is free to read it.
   */
  private probeNow(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    if (this.probeQueued) return;
    this.probeQueued = true;
    queueMicrotask(() => {
      this.probeQueued = false;
      this.sendProbe();
    });
  }

  private sendProbe(): void {
    const ws = this.provider.ws;
    if (!needsProbe(this.state) || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
    this.dispatch({ type: 'probe-sent' });
  }

  /**
   * y-indexeddb writes each update in its own transaction and reports
   * nothing. A read-only transaction on the same store starts only after
   * every earlier read-write one has committed (IndexedDB 3.0, "transaction
   * scheduling"), so its completion proves the edits are on disk.
   */
  private scheduleStoreCheck(): void {
    if (this.storeTimer) clearTimeout(this.storeTimer);
    this.storeTimer = setTimeout(() => {
      this.storeTimer = null;
      const seq = this.state.seq;
      void this.persistence.whenSynced.then(() => {
        const db = this.persistence.db;
        if (!db) return;
        try {
          const transaction = db.transaction(['updates'], 'readonly');
          transaction.oncomplete = () => this.dispatch({ type: 'stored', seq });
          transaction.objectStore('updates').count();
        } catch {
          // The database closed (page leaving): nothing to report.
        }
      });
    }, storeCheckDelayMs);
  }
}
