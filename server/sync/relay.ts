/**
 * How one server instance hears what the others do with a document they
 * share, when several serve the same documents (scaled out). An instance
 * publishes on a document's channel every update once it is durably
 * stored, and every awareness change; it listens
 * on the channel while it has the document loaded, applies what it hears to
 * its own copy and passes it on to its own clients, without storing it again
 * (the instance that received it stored it).
 *
 * A relay is lossy by nature (Redis pub/sub delivers at most once, and
 * nothing while disconnected), so the relay also says when a listener may
 * have missed something: right after it starts listening and after every
 * reconnection. The listener then catches up from the database, which holds
 * every update any instance acknowledged.
 */
export interface DocChannelListener {
  /** A stored update from another instance. */
  update(update: Uint8Array): void;
  /** An awareness update (y-protocols encoding) from another instance. */
  awareness(update: Uint8Array): void;
  /** Messages may have been missed: catch up from storage. */
  resync(): void;
  /**
   * Another instance began listening on the document: publish the
   * awareness states accepted here, so that its clients see who is present
   * at once rather than at each state's next renewal (up to 30 s).
   */
  presenceAsked(): void;
}

export interface Relay {
  /** Publishes a stored update of `docId` to the other instances. */
  publishUpdate(docId: string, update: Uint8Array): void;
  publishAwareness(docId: string, update: Uint8Array): void;
  /** Listens on a document's channel; returns the function that stops listening. */
  join(docId: string, listener: DocChannelListener): () => void;
}

/** One instance alone (the default): nobody to tell, nothing to hear. */
export const localRelay: Relay = {
  publishUpdate: () => {},
  publishAwareness: () => {},
  join: () => () => {},
};
