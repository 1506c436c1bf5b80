import type * as Y from 'yjs';
import { CommitRelays } from './commit-relays';
import type { Connection } from './connection';
import type { LogRow } from './document-storage';
import { creditEdit } from './edit-tally';
import { ingest } from './ingest';
import { PendingWrites, type PendingWritesContext } from './pending-writes';

/**
 * Writes one room's updates: each is taken into the document (ingest.ts),
 * its rows, client-id claims and edit record join the open batch
 * (pending-writes.ts), and once that batch is committed, its updates are
 * relayed to the room's other connections and published to the other
 * instances (commit-relays.ts). Never relayed before it is stored.
 */

/** Who an update comes from: a client's connection, or the server acting for a user (a restore). */
export interface UpdateSource {
  userId: string;
  connection: Connection | null;
  /** A single live edit (a client's `update` message), the only kind a paste is told in. */
  live: boolean;
  /**
   * The client ids the connection holds in awareness, when its claims on
   * any other are doubted until the room catches up with storage
   * (update-guard.ts OwnerInDoubt); null: judged now.
   */
  held?: ReadonlySet<number> | null;
}

export interface UpdateWriterContext extends PendingWritesContext {
  /** The room's connections, read when relays are sent. */
  connections: ReadonlySet<Connection>;
  /** Hands a stored update to the other instances (relay.ts). */
  publish(update: Uint8Array): void;
}

/** The Yjs origin of updates the server applies for a user. */
const serverOrigin = Symbol('server');

export class UpdateWriter {
  /** The batches on their way into storage, and what waits for them. */
  readonly pending: PendingWrites;
  readonly #relays: CommitRelays;

  constructor(context: UpdateWriterContext) {
    this.pending = new PendingWrites(context);
    this.#relays = new CommitRelays(context.connections, context.publish);
  }

  /**
   * Takes `update` from `source` into `doc`, whose client ids `owners`
   * holds, and queues what it stored. Throws when the update is refused
   * (before anything changed) or failed to apply (after what did apply was
   * queued).
   */
  write(doc: Y.Doc, owners: Map<number, string>, source: UpdateSource, update: Uint8Array): void {
    const { userId, connection, live, held = null } = source;
    const { rows, claims, measure, failure } = ingest(doc, owners, userId, update, connection ?? serverOrigin, held);
    if (rows.length > 0) {
      const at = Date.now();
      this.pending.add(
        rows.map(({ data }): LogRow => ({ userId, data, createdAt: at })),
        claims.map((clientId) => ({ clientId, userId })),
        [() => this.#relays.add(rows, connection)],
        [creditEdit(measure, { actor: userId, at, live })],
      );
    }
    if (failure !== null) throw failure;
  }
}
