import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { DocumentStorage } from './document-storage';
import { applyCapturing } from './ingest';
import { encodeUpdate } from './protocol';
import type { Relay } from './relay';
import { applyStored } from './update-log';

/**
 * What one room hears from the other instances serving its document
 * (relay.ts), on the document's channel, which it listens on from before it
 * loads (so that nothing stored meanwhile is missed) until it closes.
 * Awareness goes to the room; updates other instances stored are applied
 * and passed on to this instance's clients, never stored again.
 *
 * A relay may lose messages, so when it says some may have been missed (or
 * a heard update cannot be applied), the room catches up from storage: the
 * stored document's difference from this one, by state vector, is applied
 * like a heard update. One catch-up runs at a time; a request during a run
 * is answered by one more run after it, since the run in progress may have
 * read storage before what the request is about was stored.
 */
export interface HeardUpdatesRoom {
  readonly docId: string;
  readonly storage: DocumentStorage;
  readonly relay: Relay;
  readonly logger: Logger;
  /** Settles once the document has loaded (or failed to). */
  loaded(): Promise<void>;
  /** Where heard updates go now; null once the room no longer takes them (unloading, closed). */
  target(): HeardUpdatesTarget | null;
  broadcast(message: Uint8Array<ArrayBuffer>): void;
  /** Awareness states another instance accepted. */
  awareness(update: Uint8Array): void;
  /** Another instance asks for the awareness states accepted here. */
  presenceAsked(): void;
}

export type HeardUpdatesTarget =
  /** The document as it loads: applied, not passed on (the greeting's sync covers it). */
  | { phase: 'loading'; doc: Y.Doc }
  /** The open document, built (cold-load.ts), with its owners: applied and passed on to clients. */
  | { phase: 'open'; doc: Y.Doc; owners: Map<number, string> };

/** The Yjs origin of updates another instance stored. */
const relayOrigin = Symbol('relay');

export class HeardUpdates {
  #catchingUp: Promise<void> | null = null;
  #again = false;
  /** Stops listening on the document's channel. */
  readonly leave: () => void;

  constructor(private readonly room: HeardUpdatesRoom) {
    this.leave = room.relay.join(room.docId, {
      update: (update) => this.apply(update),
      awareness: (update) => room.awareness(update),
      resync: () => void this.catchUp(),
      presenceAsked: () => room.presenceAsked(),
    });
  }

  apply(update: Uint8Array): void {
    const target = this.room.target();
    if (!target) return;
    const { effective, failure } = applyCapturing(target.doc, update, relayOrigin);
    if (failure !== null) {
      this.room.logger.warn({ err: failure }, 'a relayed update could not be applied; catching up from storage');
      void this.catchUp();
    }
    if (target.phase === 'open') for (const data of effective) this.room.broadcast(encodeUpdate(data));
  }

  catchUp(): Promise<void> {
    if (this.#catchingUp) {
      this.#again = true;
      return this.#catchingUp;
    }
    this.#catchingUp = (async () => {
      do {
        this.#again = false;
        await this.#catchUpOnce();
      } while (this.#again);
    })().finally(() => (this.#catchingUp = null));
    return this.#catchingUp;
  }

  async #catchUpOnce(): Promise<void> {
    const { room } = this;
    await room.loaded();
    if (room.target()?.phase !== 'open') return;
    try {
      const stored = await room.storage.load(room.docId);
      const target = room.target();
      if (target?.phase !== 'open') return;
      for (const [clientId, userId] of stored.owners) if (!target.owners.has(clientId)) target.owners.set(clientId, userId);
      const copy = new Y.Doc();
      applyStored(copy, stored);
      const missing = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(target.doc));
      copy.destroy();
      this.apply(missing);
    } catch (err) {
      room.logger.warn({ err }, 'catching up from storage failed');
    }
  }
}
