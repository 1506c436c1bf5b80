import type { Checkpoint } from './checkpoints';
import { checkClaims, type DocumentStorage, type LogBatch, type LogRow, type StoredDocument } from './document-storage';
import { type Committed, GroupCommit } from './group-commit';

/**
 * Documents kept in memory, for unit tests of the room: the same contract as
 * the SQL storage (batches appended in one turn of the event loop commit
 * together, each sealed as its commit starts; a batch resolves with its last
 * row id once stored; the first claim of a client id wins, and a later
 * claim of it by another user fails its commit), with handles to
 * look inside, to hold commits, and to make any operation fail.
 */
export type StorageOperation = 'load' | 'commit' | 'checkpoint';

export interface MemoryRow extends LogRow {
  id: number;
}

interface MemoryDocument {
  rows: MemoryRow[];
  checkpoints: Checkpoint[];
  owners: Map<number, string>;
}

export class MemoryDocumentStorage implements DocumentStorage {
  readonly #docs = new Map<string, MemoryDocument>();
  readonly #failing = new Set<StorageOperation>();
  #nextId = 1;
  readonly #commits = new GroupCommit((batches) => this.#store(batches));
  #held: Promise<void> | null = null;

  /** Commits so far (each a group of batches). */
  get transactions(): number {
    return this.#commits.commits;
  }

  rows(docId: string): readonly MemoryRow[] {
    return this.#doc(docId).rows;
  }

  checkpoints(docId: string): readonly Checkpoint[] {
    return this.#doc(docId).checkpoints;
  }

  owners(docId: string): ReadonlyMap<number, string> {
    return this.#doc(docId).owners;
  }

  /** Makes `operation` fail from now on (or work again, with `failing` false). */
  fail(operation: StorageOperation, failing = true): void {
    if (failing) this.#failing.add(operation);
    else this.#failing.delete(operation);
  }

  /** Holds every commit after its batches are sealed, until the returned function is called. */
  holdCommits(): () => void {
    let release!: () => void;
    this.#held = new Promise((resolve) => (release = resolve));
    return () => {
      this.#held = null;
      release();
    };
  }

  /** Resolves once everything appended so far has been committed (or has failed). */
  flushed(): Promise<void> {
    return this.#commits.flushed();
  }

  async load(docId: string): Promise<StoredDocument> {
    await Promise.resolve();
    this.#check('load');
    const { rows, checkpoints, owners } = this.#doc(docId);
    const checkpoint = checkpoints.at(-1) ?? null;
    return {
      checkpoint,
      tail: rows.filter((row) => row.id > (checkpoint?.lastUpdateId ?? 0)).map(({ id, data }) => ({ id, data })),
      owners: new Map(owners),
    };
  }

  append(batch: LogBatch): Promise<number> {
    return this.#commits.append(batch);
  }

  async storeCheckpoint(docId: string, checkpoint: Checkpoint): Promise<void> {
    await Promise.resolve();
    this.#check('checkpoint');
    const { checkpoints } = this.#doc(docId);
    if (checkpoints.some((c) => c.lastUpdateId === checkpoint.lastUpdateId)) return;
    checkpoints.push(checkpoint);
    checkpoints.sort((a, b) => a.lastUpdateId - b.lastUpdateId);
  }

  async checkpointTail(docId: string, snapshot: () => Uint8Array): Promise<void> {
    const { rows, checkpoints } = this.#doc(docId);
    const lastUpdateId = rows.at(-1)?.id ?? 0;
    if (lastUpdateId <= (checkpoints.at(-1)?.lastUpdateId ?? 0)) return;
    await this.storeCheckpoint(docId, { lastUpdateId, data: snapshot() });
  }

  /** One commit: held while a test holds commits, refused while told to fail. */
  async #store(batches: readonly LogBatch[]): Promise<Committed> {
    await (this.#held ?? Promise.resolve());
    this.#check('commit');
    // Checked before anything is stored: the commit is all or nothing.
    for (const batch of batches) checkClaims(batch, this.#doc(batch.docId).owners);
    const lastIds = batches.map((batch) => {
      const doc = this.#doc(batch.docId);
      for (const row of batch.rows) doc.rows.push({ ...row, id: this.#nextId++ });
      for (const { clientId, userId } of batch.claims) if (!doc.owners.has(clientId)) doc.owners.set(clientId, userId);
      return doc.rows.at(-1)!.id;
    });
    return { result: lastIds };
  }

  #check(operation: StorageOperation): void {
    if (this.#failing.has(operation)) throw new Error(`the memory storage was told to fail ${operation}s`);
  }

  #doc(docId: string): MemoryDocument {
    let doc = this.#docs.get(docId);
    if (!doc) {
      doc = { rows: [], checkpoints: [], owners: new Map() };
      this.#docs.set(docId, doc);
    }
    return doc;
  }
}
