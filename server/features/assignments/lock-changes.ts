import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Logger } from '../../logger';
import type { SyncServer } from '../../sync/sync-server';
import { currentWriteRule } from '../archive/write-rule';

/** What LockChanges needs of the bus between instances (live/redis-bus.ts). */
export interface LockBus {
  publish(channel: string, payload: Uint8Array): void;
  subscribe(channel: string, handler: (payload: Buffer) => void): () => void;
}

const lockChannel = 'commonplace:doc-locks';

/**
 * A copy's lock changed (an extension, a reopening): every instance applies
 * it to its own open sockets of that copy, the one where it changed at once
 * and the others when the bus tells them. Each reads the lock from the
 * database, where it was committed before it was announced, so a message
 * carries only the document's id and none can apply a stale lock.
 */
export class LockChanges {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sync: Pick<SyncServer, 'setWritableUntil'>,
    private readonly bus: LockBus | null,
    private readonly logger: Logger,
  ) {
    bus?.subscribe(lockChannel, (payload) => void this.#apply(payload.toString('utf8')));
  }

  /** The lock of `docId` changed in the database: apply it here and on every other instance. */
  async changed(docId: string): Promise<void> {
    this.bus?.publish(lockChannel, Buffer.from(docId, 'utf8'));
    await this.#apply(docId);
  }

  async #apply(docId: string): Promise<void> {
    try {
      // The lock moved; an archived copy stays read-only all the same.
      this.sync.setWritableUntil(docId, await currentWriteRule(this.db, docId));
    } catch (err) {
      this.logger.warn({ err, docId }, 'applying a changed lock to open sockets failed');
    }
  }
}
