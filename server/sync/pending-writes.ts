import type { Logger } from '../logger';
import { CheckpointSchedule } from './checkpoints';
import type { ClientIdClaim, DocumentStorage, LogBatch, LogRow } from './document-storage';
import type { EditRecord } from './edit-tally';

/**
 * One document's writes on their way into storage, and whatever must
 * wait for them: relays and sync step 2 replies are held here until the
 * batch that covers them commits: an update is stored before anyone else
 * sees it, so nothing a client was shown can be lost.
 *
 * Rows gather in the open batch during a turn of the event loop; storage
 * seals it as its group-commit transaction starts. At that moment the
 * document holds exactly the committed rows plus this batch, so when a
 * checkpoint is due its snapshot is taken then, and stored once the batch
 * has committed, with the batch's last row id.
 */
export interface PendingWritesContext {
  docId: string;
  storage: DocumentStorage;
  every: { updates: number; bytes: number };
  logger: Logger;
  /** The document's whole state now (Y.encodeStateAsUpdate). */
  snapshot(): Uint8Array;
  /** A commit failed: nothing it held may be acknowledged. */
  failed(err: unknown): void;
}

class Batch implements LogBatch {
  readonly rows: LogRow[] = [];
  readonly claims: ClientIdClaim[] = [];
  readonly edits: EditRecord[] = [];
  /** Sends held until this batch commits, in order. */
  readonly afterCommit: (() => void)[] = [];
  snapshot: Uint8Array | null = null;
  done: Promise<void> = Promise.resolve();

  constructor(
    readonly docId: string,
    private readonly onSeal: (batch: Batch) => boolean,
  ) {}

  seal(): boolean {
    return this.onSeal(this);
  }
}

export class PendingWrites {
  #open: Batch | null = null;
  readonly #inFlight: Batch[] = [];
  #checkpointWrite: Promise<void> | null = null;
  #stopped = false;
  readonly #schedule: CheckpointSchedule;

  constructor(private readonly context: PendingWritesContext) {
    this.#schedule = new CheckpointSchedule(context.every);
  }

  /** Rows (with the client ids they claim and the edits they make) to store, and sends to release once they are. */
  add(
    rows: readonly LogRow[],
    claims: readonly ClientIdClaim[],
    afterCommit: readonly (() => void)[],
    edits: readonly EditRecord[] = [],
  ): void {
    if (this.#stopped) return;
    const batch = this.#open ?? this.#openBatch();
    batch.rows.push(...rows);
    batch.claims.push(...claims);
    batch.edits.push(...edits);
    batch.afterCommit.push(...afterCommit);
    this.#schedule.record(
      rows.length,
      rows.reduce((sum, row) => sum + row.data.byteLength, 0),
    );
  }

  /** Runs `send` once everything the document holds now is committed: at once when nothing is pending. */
  afterLatestCommit(send: () => void): void {
    const latest = this.#open ?? this.#inFlight.at(-1);
    if (latest) latest.afterCommit.push(send);
    else send();
  }

  /** The document was loaded with `rows` after its checkpoint; checkpoint now if that is overdue. */
  loaded(rows: number, bytes: number, lastUpdateId: number): void {
    this.#schedule.record(rows, bytes);
    // Nothing is pending right after a load: the document is exactly the stored rows.
    if (this.#schedule.due) {
      this.#schedule.taken();
      this.#writeCheckpoint(lastUpdateId, this.context.snapshot());
    }
  }

  /** Resolves once every batch has committed (or failed) and no checkpoint is being written. */
  async drained(): Promise<void> {
    for (;;) {
      const waiting = [this.#open?.done, ...this.#inFlight.map((b) => b.done), this.#checkpointWrite].filter(
        (p): p is Promise<void> => p != null,
      );
      if (waiting.length === 0) return;
      await Promise.allSettled(waiting);
    }
  }

  /** After a failure: withdraw what is not yet sealed and never release a held send. */
  stop(): void {
    this.#stopped = true;
    this.#open = null;
  }

  #openBatch(): Batch {
    const batch = new Batch(this.context.docId, (sealed) => this.#seal(sealed));
    this.#open = batch;
    batch.done = this.context.storage.append(batch).then(
      (lastUpdateId) => this.#committed(batch, lastUpdateId),
      (err: unknown) => {
        this.#forget(batch);
        if (!this.#stopped) this.context.failed(err);
      },
    );
    return batch;
  }

  #seal(batch: Batch): boolean {
    if (this.#stopped) return false;
    if (this.#open === batch) this.#open = null;
    this.#inFlight.push(batch);
    // A batch of client-id claims alone has no row id for a checkpoint to end at.
    if (this.#schedule.due && batch.rows.length > 0) {
      batch.snapshot = this.context.snapshot();
      this.#schedule.taken();
    }
    return true;
  }

  #committed(batch: Batch, lastUpdateId: number): void {
    this.#forget(batch);
    if (this.#stopped) return;
    for (const send of batch.afterCommit) send();
    if (batch.snapshot) this.#writeCheckpoint(lastUpdateId, batch.snapshot);
  }

  #forget(batch: Batch): void {
    const index = this.#inFlight.indexOf(batch);
    if (index >= 0) this.#inFlight.splice(index, 1);
    if (this.#open === batch) this.#open = null;
  }

  #writeCheckpoint(lastUpdateId: number, data: Uint8Array): void {
    const { storage, docId, logger } = this.context;
    const write: Promise<void> = (this.#checkpointWrite ?? Promise.resolve())
      .then(() => storage.storeCheckpoint(docId, { lastUpdateId, data }))
      .then(
        () => logger.debug({ lastUpdateId, bytes: data.byteLength }, 'checkpoint stored'),
        (err: unknown) => {
          logger.warn({ err }, 'storing a checkpoint failed; will retry');
          this.#schedule.missed();
        },
      )
      .finally(() => {
        if (this.#checkpointWrite === write) this.#checkpointWrite = null;
      });
    this.#checkpointWrite = write;
  }
}
