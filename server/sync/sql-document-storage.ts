import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { type Checkpoint, checkpointTail, storeCheckpoint } from './checkpoints';
import type { DocumentStorage, LogBatch, StoredDocument } from './document-storage';
import type { UpdateLog } from './update-log';

/**
 * Documents stored in the database: the update log (group commit, commit
 * hooks) for rows and client-id claims, checkpoints.ts for checkpoints.
 */
export class SqlDocumentStorage implements DocumentStorage {
  constructor(
    private readonly log: UpdateLog,
    private readonly db: Kysely<Database>,
    private readonly options: {
      /**
       * No other instance writes these documents (no relay), so a snapshot
       * needs no completing before it is stored as a checkpoint (checkpoints.ts).
       */
      alone: boolean;
      /** Told after a checkpoint is stored. */
      checkpointed?: ((docId: string, lastUpdateId: number) => void) | undefined;
    },
  ) {}

  load(docId: string): Promise<StoredDocument> {
    return this.log.load(docId);
  }

  append(batch: LogBatch): Promise<number> {
    return this.log.append(batch);
  }

  async storeCheckpoint(docId: string, checkpoint: Checkpoint): Promise<void> {
    await storeCheckpoint(this.db, docId, checkpoint, this.options);
    this.options.checkpointed?.(docId, checkpoint.lastUpdateId);
  }

  checkpointTail(docId: string, snapshot: () => Uint8Array): Promise<void> {
    return checkpointTail(this.db, docId, snapshot, this.options);
  }
}
