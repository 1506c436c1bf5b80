import type { Checkpoint } from './checkpoints';
import type { EditRecord } from './edit-tally';

/**
 * Where a room keeps its document: the port between the room (and its
 * pending writes) and the database, reduced to fetch and store. Production
 * uses the SQL update log (sql-document-storage.ts); unit tests use memory
 * (memory-document-storage.ts), which can also fail on demand.
 *
 * A document is stored as an append-only log of Yjs updates (rows, each
 * attributed to its writer), checkpoints of its whole state up to some row,
 * and who owns which Yjs client id. Appends are group-committed: batches
 * appended during one turn of the event loop are stored together, and a
 * batch's promise resolves only once it is durably stored, which is when the
 * room may acknowledge (relay) what it holds.
 */
export interface DocumentStorage {
  /** The newest checkpoint, the rows after it and the client-id owners: what loading and catching up read. */
  load(docId: string): Promise<StoredDocument>;
  /**
   * Queues a batch for the next group commit; resolves with the id of its
   * last row once it is stored. Rejects when storing fails, or when the
   * batch was withdrawn (its `seal` returned false).
   */
  append(batch: LogBatch): Promise<number>;
  /** Stores a checkpoint: the document's whole state up to and including row `lastUpdateId`. */
  storeCheckpoint(docId: string, checkpoint: Checkpoint): Promise<void>;
  /**
   * Checkpoints whatever rows the newest checkpoint does not cover, as a
   * document unloads, so that the next load reads one update. `snapshot` is
   * called only when a checkpoint is due.
   */
  checkpointTail(docId: string, snapshot: () => Uint8Array): Promise<void>;
}

export interface LogRow {
  userId: string;
  data: Uint8Array;
  createdAt: number;
}

export interface ClientIdClaim {
  clientId: number;
  userId: string;
}

export interface LogBatch {
  readonly docId: string;
  readonly rows: readonly LogRow[];
  readonly claims: readonly ClientIdClaim[];
  /** Who changed how much text with these rows (edit-tally.ts), for the commit hooks. */
  readonly edits: readonly EditRecord[];
  /**
   * Called synchronously as the batch goes into a transaction, so that its
   * owner stops adding to it (and may snapshot exactly what it holds).
   * Returning false withdraws the batch: its promise rejects unstored.
   */
  seal(): boolean;
}

export interface StoredDocument {
  checkpoint: Checkpoint | null;
  /** Rows after the checkpoint, oldest first. */
  tail: { id: number; data: Uint8Array }[];
  /** Client id -> user id, for every client id that ever wrote in the document. */
  owners: Map<number, string>;
}

export class WithdrawnBatch extends Error {
  override name = 'WithdrawnBatch';
}

/**
 * A claim on a client id another user already owns in storage: an instance
 * took it before it heard of the owner's claim (made on another instance,
 * or the owner's stored claim raced it). The batch is not stored, so the
 * room drops its document and reloads the owners with it, and the claimer's
 * resend is refused (`clientIdForged`) from then on.
 */
export class ClientIdTaken extends Error {
  override name = 'ClientIdTaken';
}

/** Throws ClientIdTaken when `batch` claims a client id `owners` gives to another user. */
export function checkClaims(batch: LogBatch, owners: ReadonlyMap<number, string>): void {
  for (const { clientId, userId } of batch.claims) {
    const owner = owners.get(clientId);
    if (owner !== undefined && owner !== userId) throw new ClientIdTaken(`client id ${clientId} of ${batch.docId} belongs to another user`);
  }
}
