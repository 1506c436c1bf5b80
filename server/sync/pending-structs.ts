import * as Y from 'yjs';

/**
 * Keeps a document's pending structs (those Yjs holds back until their
 * dependencies arrive) clear of clocks the document already holds.
 *
 * The same Yjs id always names the same struct, so a struct at clocks the
 * document holds is a resend, which Yjs skips. But Yjs looks for its
 * dependencies first (Item.getMissing), so a "resend" that differs from what
 * the document holds and points at ids nobody wrote, which only a hostile
 * update contains, waits among the pending structs forever. From there
 * Y.encodeStateAsUpdate merges it with the document's own struct at the
 * same clocks, and the update it produces (every sync step 2 and
 * checkpoint) leaves all of that client's later structs pending when
 * applied: the document loses them on its next load (found by
 * socket-fuzz.test.ts). Dropping those parts does what Yjs itself would do
 * once their dependencies arrived; nothing honest is ever among them.
 *
 * Called after every update applied to a document that is served or stored.
 */
export function settlePending(doc: Y.Doc): void {
  const pending = doc.store.pendingStructs;
  if (!pending) return;
  // Yjs keeps pending structs in the v2 encoding.
  const rest = Y.diffUpdateV2(pending.update, Y.encodeStateVector(doc));
  doc.store.pendingStructs = null;
  if (Y.parseUpdateMetaV2(rest).to.size === 0) return;
  // Trimming cuts a struct that straddled the document's state, and the cut
  // part's origin becomes its left neighbour, which the document holds: it
  // may integrate now, as it does when the document is next loaded from
  // storage. Applying the rest does that, and keeps pending what still waits.
  Y.applyUpdateV2(doc, rest);
}
