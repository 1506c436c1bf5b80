import * as Y from 'yjs';
import { freshClientId } from './fresh-client-id';
import type { DocHistory } from './history';
import type { HistoryStates } from './history-states';

/**
 * Restoring a version is a forward edit: history is never rewritten, so
 * every earlier moment stays viewable and attributed. The edit is the
 * smallest one that brings the document back:
 *
 * 1. take the document without garbage collection at the latest stored
 *    row (its history state, history-states.ts) and the version's snapshot
 *    (from the version's own document);
 * 2. make the version's document from the snapshot (same Yjs items);
 * 3. apply everything that happened since to it, tracked by an UndoManager,
 *    and undo that: text inserted since is deleted, text deleted since is
 *    written again (as new items), text untouched since stays as it is,
 *    with its authors;
 * 4. the update is what the undo wrote, under a new client id that the
 *    restoring user will own.
 *
 * The caller applies it through the document's room, so it is stored,
 * credited to the restorer and relayed like any edit of theirs.
 */

const sinceVersion = Symbol('since the version');

/** The update that restores the version at row `versionUpTo` on top of row `currentUpTo`, or null when nothing differs. */
export async function restoringUpdate(
  history: DocHistory,
  states: HistoryStates,
  docId: string,
  versionUpTo: number,
  currentUpTo: number,
  isTaken: (clientId: number) => boolean,
): Promise<Uint8Array | null> {
  const atVersion = await history.snapshotAt(docId, versionUpTo);
  const { doc } = await states.documentFrom(docId, currentUpTo);
  const restored = Y.createDocFromSnapshot(doc, atVersion, new Y.Doc({ gc: false }));
  try {
    restored.clientID = freshClientId(doc, isTaken);
    // The whole document is in scope, whatever root types it has.
    const undo = new Y.UndoManager(restored, { trackedOrigins: new Set([sinceVersion]), captureTimeout: 0 });
    Y.applyUpdate(restored, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(restored)), sinceVersion);
    if (undo.undoStack.length === 0) return null;
    undo.undo();
    undo.destroy();
    return Y.encodeStateAsUpdate(restored, Y.encodeStateVector(doc));
  } finally {
    restored.destroy();
    doc.destroy();
  }
}
