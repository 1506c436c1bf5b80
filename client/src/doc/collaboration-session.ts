import { useEffect, useRef, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SyncTracker, stopReasonOf } from './sync-tracker';

/** Everything that keeps one open document in sync: Yjs doc, socket, device copy, status. */
export interface CollaborationSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  persistence: IndexeddbPersistence;
  tracker: SyncTracker;
}

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

export function openCollaboration(docId: string, userId: string, onRoleChanged: () => void): CollaborationSession {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(deviceStoreName(userId, docId), doc);
  const provider = new WebsocketProvider(syncSocketUrl(window.location), docId, doc, {
    connect: navigator.onLine,
    // Reconnect after anything but a final refusal (session ended, access
    // revoked, a refused message); a role change reconnects with the new rights.
    shouldReconnect: (event) => stopReasonOf(event.code) === null,
  });
  const tracker = new SyncTracker(provider, doc, persistence, onRoleChanged);
  return { doc, provider, persistence, tracker };
}

export function closeCollaboration(session: CollaborationSession): void {
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
  /** Where its role changes go once a page took it. */
  roleChanged: { current: () => void };
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
  const roleChanged = { current: () => {} };
  const session = openCollaboration(docId, userId, () => roleChanged.current());
  openedAhead = { docId, userId, session, roleChanged, expiry: setTimeout(dropOpenedAhead, aheadWaitMs) };
}

/** The session opened ahead for this document and user, if any (without taking it). */
function openedAheadFor(docId: string, userId: string): OpenedAhead | null {
  return openedAhead?.docId === docId && openedAhead.userId === userId ? openedAhead : null;
}

/** Takes the session opened ahead for this document and user: from now on its page owns it. */
function takeOpenedAhead(docId: string, userId: string, onRoleChanged: () => void): CollaborationSession | null {
  const ahead = openedAheadFor(docId, userId);
  if (!ahead) return null;
  clearTimeout(ahead.expiry);
  ahead.roleChanged.current = onRoleChanged;
  openedAhead = null;
  return ahead.session;
}

/** Opens the document's session while the component is mounted (or takes the one opened ahead for it). */
export function useCollaboration(docId: string, userId: string, onRoleChanged: () => void): CollaborationSession | null {
  // Set from the effect even when opened ahead, never in the first render: that render may be a
  // concurrent one (the page's code arriving), which React can pause and redo, and Tiptap destroys
  // an editor whose render was not committed in time.
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const roleChanged = useRef(onRoleChanged);
  roleChanged.current = onRoleChanged;
  useEffect(() => {
    const forward = () => roleChanged.current();
    const opened = takeOpenedAhead(docId, userId, forward) ?? openCollaboration(docId, userId, forward);
    const held = `${docId} ${userId}`;
    heldByPages.add(held);
    setSession(opened);
    return () => {
      heldByPages.delete(held);
      setSession(null);
      closeCollaboration(opened);
    };
  }, [docId, userId]);
  return session;
}
