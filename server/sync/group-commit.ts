import type { Durable } from '../db/database';
import { type LogBatch, WithdrawnBatch } from './document-storage';

/**
 * Group commit, the rule every document storage keeps: every batch appended
 * during one turn of the event loop is stored in ONE commit, started from
 * setImmediate, so a burst of keystrokes from many clients and documents
 * costs one fsync instead of one each. Commits run one after another; while
 * one is under way, new batches gather for the next. Each batch is sealed
 * as its commit starts (its owner stops adding to it, or withdraws it), and
 * its promise resolves with its last row id once stored: only then may the
 * owner acknowledge (relay) what it holds.
 *
 * A storage that commits first and reaches the disk after (SQLite's
 * write-ahead log, fsynced off the event loop) answers with `onDisk`: the
 * next commit runs while that fsync is under way, instead of after it, so
 * an fsync's wait is not added to a commit's work. A commit's batches
 * resolve once its own fsync and every earlier one have: the log is one
 * file, and a commit whose earlier neighbour's frames never reached the disk
 * would not survive a crash either.
 *
 * What a commit does is the storage's own (`store`); this is the queue around it.
 */
export type StoreBatches = (batches: readonly LogBatch[]) => Promise<Committed>;

/** What a commit answers: each batch's last row id, in order, and when it is on disk (as Store.durably does). */
export type Committed = Durable<number[]>;

interface Queued {
  batch: LogBatch;
  resolve(lastUpdateId: number): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  #queue: Queued[] = [];
  #scheduled = false;
  #chain: Promise<void> = Promise.resolve();
  /** The newest commit not yet known to be on disk (with every earlier one), if any. */
  #unsettled: Promise<void> | null = null;
  #commits = 0;

  /** `store`: stores the batches in one commit and answers each one's last row id, in order. */
  constructor(private readonly store: StoreBatches) {}

  /** Commits so far (each a group of batches). */
  get commits(): number {
    return this.#commits;
  }

  /** Queues a batch for the next commit; resolves with the id of its last row once stored. */
  append(batch: LogBatch): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ batch, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#chain = this.#chain.then(() => this.#commit());
      });
    });
  }

  /** Resolves once everything appended so far has been committed and is on disk (or has failed). */
  flushed(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#commit());
    return this.#chain.then(() => this.#unsettled?.catch(() => {}));
  }

  async #commit(): Promise<void> {
    const taken = this.#queue.splice(0);
    const sealed: Queued[] = [];
    for (const queued of taken) {
      if (queued.batch.seal() && (queued.batch.rows.length > 0 || queued.batch.claims.length > 0)) sealed.push(queued);
      else queued.reject(new WithdrawnBatch('batch withdrawn before commit'));
    }
    if (sealed.length === 0) return;
    try {
      await this.#store(sealed);
    } catch (err) {
      if (sealed.length === 1) {
        sealed[0]!.reject(err);
        return;
      }
      // One document's bad batch (say, its row was deleted meanwhile) must
      // not fail every other document's edits: retry each on its own.
      for (const queued of sealed) {
        await this.#store([queued]).catch((error: unknown) => queued.reject(error));
      }
    }
  }

  /** Commits `group`; its batches resolve (or fail) later, once it is on disk. Throws when the commit itself fails. */
  async #store(group: Queued[]): Promise<void> {
    const { result: lastIds, onDisk } = await this.store(group.map(({ batch }) => batch));
    this.#commits += 1;
    const earlier = this.#unsettled;
    if (!onDisk && !earlier) {
      group.forEach((queued, i) => queued.resolve(lastIds[i]!));
      return;
    }
    const settled: Promise<void> = Promise.all([earlier, onDisk]).then(() => {});
    this.#unsettled = settled;
    settled.then(
      () => group.forEach((queued, i) => queued.resolve(lastIds[i]!)),
      (err: unknown) => group.forEach((queued) => queued.reject(err)),
    ).finally(() => {
      if (this.#unsettled === settled) this.#unsettled = null;
    });
  }
}
