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

/** Opens the document's session while the component is mounted. */
export function useCollaboration(docId: string, userId: string, onRoleChanged: () => void): CollaborationSession | null {
  const [session, setSession] = useState<CollaborationSession | null>(null);
  const roleChanged = useRef(onRoleChanged);
  roleChanged.current = onRoleChanged;
  useEffect(() => {
    const opened = openCollaboration(docId, userId, () => roleChanged.current());
    setSession(opened);
    return () => {
      setSession(null);
      closeCollaboration(opened);
    };
  }, [docId, userId]);
  return session;
}
