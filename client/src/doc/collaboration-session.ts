import { useEffect, useRef, useState } from 'react';
import { IndexeddbPersistence, clearDocument } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { followLaterEdits, moveToFreshClientIds } from './client-id-move';
import { onFirstSync } from './first-sync';
import { SyncTracker, stopReasonOf } from './sync-tracker';

/** Everything that keeps one open document in sync: Yjs doc, socket, device copy, status. */
export interface CollaborationSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  persistence: IndexeddbPersistence;
  tracker: SyncTracker;
  /** Set once closed: a move under way then stops (or, past the point of no return, finishes and closes). */
  closed?: boolean;
  /** Stops what this session must stop beyond its parts (edits following from a replaced session). */
  release?: () => void;
}

/** What a session tells its holder: a role change (refetch it), and a new session that replaced it. */
export interface SessionEvents {
  roleChanged(): void;
  replaced(next: CollaborationSession): void;
}

/** A move that keeps failing (the fresh id refused again) stops, as any refusal does, rather than loop. */
const maxMoves = 3;

/**
 * The device copy is per user and document, so two accounts on one shared
 * computer never merge each other's offline edits.
 */
export function deviceStoreName(userId: string, docId: string): string {
  return `commonplace:${userId}:${docId}`;
}

/** The sync socket (docs/contract.md): same origin, authenticated by the session cookie. */
export function syncSocketUrl(location: Location): string {
  return location.origin.replace(/^http/, 'ws') + '/ws';
}

/**
 * How long what the socket hears waits for the device copy: a browser whose
 * IndexedDB fails never reports the copy loaded.
 */
const deviceCopyWaitMs = 1000;

export function openCollaboration(docId: string, userId: string, events: SessionEvents): CollaborationSession {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(deviceStoreName(userId, docId), doc);
  // Loaded, failed or late, the device copy holds the socket no longer.
  const deviceCopy = Promise.race([persistence.whenSynced, new Promise((resolve) => setTimeout(resolve, deviceCopyWaitMs))]).catch(() => undefined);
  const provider = connectProvider(docId, doc, { connect: false, WebSocketPolyfill: socketHeldUntil(deviceCopy) });
  // The other tabs at once, while the document is empty: their answers and the device copy arrive the same way.
  provider.connectBc();
  if (navigator.onLine) provider.connect();
  return watched({ doc, provider, persistence }, docId, userId, events, 0);
}

/**
 * A WebSocket that connects at once and hands what it hears (open, messages,
 * errors, close, in the order they came) to the provider only once `ready`
 * has settled: for a document, once its device copy is in the Y.Doc.
 *
 * Why wait: the provider's step 1, sent as the socket opens, tells the
 * server what the document holds. Sent before the device copy loaded, it
 * says nothing: the server answers with the whole document, which this
 * device already has, and the device copy, loading a moment later, goes up
 * whole as an update the server already has. Sent after, each side sends
 * only what the other lacks. Why connect at once all the same: the browser
 * sends a socket's handshake only from a task of its own on the page's main
 * thread, so a socket opened as the device copy loads waited behind the
 * editor being built (0.1-0.15 s), and the server's answer came after that.
 * Opened at once, the handshake and the server's loading of the document
 * happen while the page works.
 */
function socketHeldUntil(ready: Promise<unknown>): typeof WebSocket {
  return class HeldSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      for (const type of ['open', 'message', 'error', 'close'] as const) {
        let handler: ((event: Event) => unknown) | null = null;
        // Given to whoever listens when it is handed over: the provider detaches a socket it closed.
        this.addEventListener(type, (event) => void ready.then(() => handler?.call(this, event)));
        Object.defineProperty(this, `on${type}`, {
          get: () => handler,
          set: (next: ((event: Event) => unknown) | null) => {
            handler = next;
          },
        });
      }
    }
  };
}

/**
 * The stock provider, but opening its channel to the other tabs of this
 * browser (a BroadcastChannel) only when it is closed. The stock provider
 * opens it again with every connect(), and each opening sends them this
 * tab's whole document, encoded afresh (16 ms for 120 paragraphs, on the
 * way to the editor): once open, the channel has already carried every
 * change, so the socket connecting after the device copy loaded adds nothing
 * to say. Closed (offline, a refusal), it opens as the stock one does.
 */
class DocumentProvider extends WebsocketProvider {
  override connectBc(): void {
    if (this.bcconnected) return;
    super.connectBc();
  }
}

/** The sync socket's provider for `doc`. */
function connectProvider(
  docId: string,
  doc: Y.Doc,
  options: { disableBc?: boolean; connect?: boolean; WebSocketPolyfill?: typeof WebSocket },
): WebsocketProvider {
  return new DocumentProvider(syncSocketUrl(window.location), docId, doc, {
    connect: navigator.onLine,
    // Reconnect after anything but a final refusal (session ended, access
    // revoked, a refused message); a role change reconnects with the new
    // rights; a taken client id is handled by the tracker (a move).
    shouldReconnect: (event) => stopReasonOf(event.code) === null,
    ...options,
  });
}

function watched(
  parts: Omit<CollaborationSession, 'tracker'>,
  docId: string,
  userId: string,
  events: SessionEvents,
  moves: number,
): CollaborationSession {
  let moving = false;
  const session: CollaborationSession = {
    ...parts,
    tracker: new SyncTracker(parts.provider, parts.doc, parts.persistence, () => events.roleChanged(), moves < maxMoves ? () => {
      if (moving) return;
      moving = true;
      void moveSession(session, docId, userId, events, moves + 1);
    } : null),
  };
  return session;
}

/**
 * The server refused a client id this device writes under (another user
 * owns it): a new session on the server's document with this device's
 * unacknowledged edits moved to fresh ids (client-id-move.ts) replaces
 * this one, device copy included, since the old copy holds the taken id.
 * Nothing is announced: the status reads as reconnecting, then saving,
 * then saved.
 */
async function moveSession(old: CollaborationSession, docId: string, userId: string, events: SessionEvents, moves: number): Promise<void> {
  const name = deviceStoreName(userId, docId);
  let next: CollaborationSession | null = null;
  // Other tabs keep the old copy and ids: the new session talks to the server only.
  const moved = await moveToFreshClientIds(old.doc, (doc) => connectProvider(docId, doc, { disableBc: true }), async (doc, provider) => {
    if (old.closed) throw new Error('the session closed before its edits moved');
    // The old device copy goes first (it holds the taken id); the new one holds everything from its first write.
    await old.persistence.destroy();
    await clearDocument(name);
    next = watched({ doc, provider, persistence: new IndexeddbPersistence(name, doc) }, docId, userId, events, moves);
  }).catch(() => null);
  if (!moved || !next) return;
  const session: CollaborationSession = next;
  session.release = followLaterEdits(old.doc, moved.doc, moved.moves);
  old.tracker.destroy();
  old.provider.destroy();
  if (old.closed) {
    // Closed while moving: the moved edits are kept on the device (once stored), and the next visit sends them.
    void session.persistence.whenSynced.then(() => closeCollaboration(session));
    return;
  }
  events.replaced(session);
}

export function closeCollaboration(session: CollaborationSession): void {
  session.closed = true;
  session.release?.();
  session.tracker.destroy();
  session.provider.destroy();
  void session.persistence.destroy();
  session.doc.destroy();
}

/** A session opened before its page rendered, waiting for the page to take it. */
interface OpenedAhead {
  docId: string;
  userId: string;
  session: CollaborationSession;
  /** Where its events go once a page took it. */
  events: { current: SessionEvents };
  expiry: ReturnType<typeof setTimeout>;
}

let openedAhead: OpenedAhead | null = null;

/** Documents (`docId userId`) whose page holds a session now: none is opened ahead for them. */
const heldByPages = new Set<string>();

/** How long a session opened ahead waits for its page before it closes. */
const aheadWaitMs = 10_000;

function dropOpenedAhead(): void {
  if (!openedAhead) return;
  clearTimeout(openedAhead.expiry);
  closeCollaboration(openedAhead.session);
  openedAhead = null;
}

/**
 * Opens the document's session (device copy, sync socket) as soon as this
 * module (Yjs and its providers, a chunk far smaller than the editor's) is
 * here, before React draws the page: the device copy loads and the server
 * syncs while the editor's code loads and the editor is built, instead of
 * after. The page takes it when it mounts (useCollaboration); unclaimed, it
 * closes.
 */
export function openCollaborationAhead(docId: string, userId: string): void {
  if (heldByPages.has(`${docId} ${userId}`) || openedAheadFor(docId, userId)) return;
  dropOpenedAhead();
  const events: OpenedAhead['events'] = {
    current: {
      roleChanged: () => {},
      // Replaced before a page took it: the page takes the new one.
      replaced: (next) => {
        if (openedAhead?.events === events) openedAhead.session = next;
        else closeCollaboration(next);
      },
    },
  };
  const session = openCollaboration(docId, userId, {
    roleChanged: () => events.current.roleChanged(),
    replaced: (next) => events.current.replaced(next),
  });
  openedAhead = { docId, userId, session, events, expiry: setTimeout(dropOpenedAhead, aheadWaitMs) };
}

/** The session opened ahead for this document and user, if any (without taking it). */
function openedAheadFor(docId: string, userId: string): OpenedAhead | null {
  return openedAhead?.docId === docId && openedAhead.userId === userId ? openedAhead : null;
}

/** Takes the session opened ahead for this document and user: from now on its page owns it. */
function takeOpenedAhead(docId: string, userId: string, events: SessionEvents): CollaborationSession | null {
  const ahead = openedAheadFor(docId, userId);
  if (!ahead) return null;
  clearTimeout(ahead.expiry);
  ahead.events.current = events;
  openedAhead = null;
  return ahead.session;
}

/**
 * Opens the document's session while the component is mounted (or takes the
 * one opened ahead for it), and gives it to the page once its first exchange
 * with the server is over, or a moment later (first-sync.ts).
 */
export function useCollaboration(docId: string, userId: string, onRoleChanged: () => void): CollaborationSession | null {
  // Set from the effect even when opened ahead, never in the first render: that render may be a
  // concurrent one (the page's code arriving), which React can pause and redo, and Tiptap destroys
  // an editor whose render was not committed in time.
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const roleChanged = useRef(onRoleChanged);
  roleChanged.current = onRoleChanged;
  useEffect(() => {
    let unmounted = false;
    let stopWaiting = () => {};
    const events: SessionEvents = {
      roleChanged: () => roleChanged.current(),
      // The editor is rebuilt on the new session's document.
      replaced: (next) => {
        if (unmounted) return closeCollaboration(next);
        current = next;
        stopWaiting();
        setSession(next);
      },
    };
    let current = takeOpenedAhead(docId, userId, events) ?? openCollaboration(docId, userId, events);
    const held = `${docId} ${userId}`;
    heldByPages.add(held);
    stopWaiting = onFirstSync(current.tracker, () => setSession(current));
    return () => {
      unmounted = true;
      stopWaiting();
      heldByPages.delete(held);
      setSession(null);
      closeCollaboration(current);
    };
  }, [docId, userId]);
  return session;
}
