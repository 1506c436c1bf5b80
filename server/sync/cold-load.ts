import * as Y from 'yjs';
import type { StoredDocument } from './document-storage';
import { applyStored } from './update-log';
import { encodedStateVectorOfUpdate } from './update-state-vector';

/**
 * A document loaded cold, stored as one update (a checkpoint and no rows
 * after it): read, but applied to the room's Y.Doc only when something needs
 * it. Documents are checkpointed whole as they unload, so this is how most
 * loads look.
 *
 * Until it is built, the greeting carries the state vector read from the
 * stored bytes (a fraction of the cost of applying them), and the first
 * client's sync step 1 is answered with the stored bytes themselves (or
 * their difference from its state vector): the client applies the document
 * while the server does, instead of after it. The room builds the document
 * once that answer is on its way, or at once when something needs it first
 * (an edit, a relayed update, a snapshot). Later clients are answered from
 * the stored bytes too, for as long as the document is unchanged.
 */
export class ColdLoad {
  /** The stored document's state vector, for the greeting. */
  readonly #stateVector: Uint8Array;
  #built = false;
  #unchanged = true;

  private constructor(private readonly stored: StoredDocument & { checkpoint: NonNullable<StoredDocument['checkpoint']> }) {
    this.#stateVector = encodedStateVectorOfUpdate(stored.checkpoint.data);
  }

  /**
   * A cold load of `stored` into `doc`, or null when `stored` is not one
   * update, or when `doc` already holds something (another instance's update
   * relayed while loading): then it is simply applied.
   */
  static of(stored: StoredDocument, doc: Y.Doc): ColdLoad | null {
    const { store } = doc;
    const untouched = store.clients.size === 0 && store.pendingStructs === null && store.pendingDs === null;
    const { checkpoint } = stored;
    return untouched && checkpoint && stored.tail.length === 0 ? new ColdLoad({ ...stored, checkpoint }) : null;
  }

  /** The state vector to greet a client with: read from the stored bytes until they are applied to `doc`. */
  stateVectorOf(doc: Y.Doc): Uint8Array {
    return this.#built ? Y.encodeStateVector(doc) : this.#stateVector;
  }

  /** Whether the stored document has been applied to the room's Y.Doc. */
  get built(): boolean {
    return this.#built;
  }

  /** Whether the room's document is still exactly the stored one (so there is nothing to checkpoint). */
  get unchanged(): boolean {
    return this.#unchanged;
  }

  /**
   * What a client whose state vector is `stateVector` lacks, from the stored
   * bytes; null once the document changed. Structs waiting for their
   * dependencies (in `doc`'s pending store) are in a step 2 of the document
   * without ever changing it, so they end this too.
   */
  answer(doc: Y.Doc, stateVector: Uint8Array): Uint8Array | null {
    const { pendingStructs, pendingDs } = doc.store;
    if (!this.#unchanged || pendingStructs !== null || pendingDs !== null) return null;
    const { data } = this.stored.checkpoint;
    // A new client's state vector is empty (no clients: one zero byte) and lacks everything.
    return stateVector.byteLength === 1 && stateVector[0] === 0 ? data : Y.diffUpdate(data, stateVector);
  }

  /** Applies the stored document to `doc`, the first time it is called. */
  build(doc: Y.Doc): void {
    if (this.#built) return;
    this.#built = true;
    applyStored(doc, this.stored);
    doc.once('update', () => (this.#unchanged = false));
  }
}
