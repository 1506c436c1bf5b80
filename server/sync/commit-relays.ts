import * as Y from 'yjs';
import type { Connection } from './connection';
import { encodeUpdate } from './protocol';

/**
 * The relays of one commit, sent together (issue 8). A committed batch
 * releases its updates one after another, synchronously; they are gathered
 * and sent in the next microtask, merged (as Hocuspocus merges what arrives
 * in one turn): one message per connection per commit however many updates
 * the batch held, each connection getting what the others sent. Under load
 * several writers' updates share a commit.
 */
export class CommitRelays {
  #outbox: { update: Uint8Array; from: Connection | null }[] = [];

  /** `connections`: the room's, read when the relays are sent. */
  constructor(private readonly connections: ReadonlySet<Connection>) {}

  /** A committed update from `from` (null: the server's own, as a restore), for everyone else. */
  add(update: Uint8Array, from: Connection | null): void {
    if (this.#outbox.length === 0) queueMicrotask(() => this.#send());
    this.#outbox.push({ update, from });
  }

  #send(): void {
    const outbox = this.#outbox;
    this.#outbox = [];
    const merged = (relays: typeof outbox) => encodeUpdate(relays.length === 1 ? relays[0]!.update : Y.mergeUpdates(relays.map((r) => r.update)));
    const senders = new Set(outbox.map((r) => r.from));
    const everything = merged(outbox);
    for (const connection of this.connections) {
      if (!senders.has(connection)) connection.send(everything);
    }
    for (const sender of senders) {
      const others = outbox.filter((r) => r.from !== sender);
      if (sender && others.length > 0 && this.connections.has(sender)) sender.send(merged(others));
    }
  }
}
