import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Logger } from '../../logger';
import type { SyncServer } from '../../sync/sync-server';
import type { LockBus } from '../assignments/lock-changes';
import { currentWriteRule } from './write-rule';

const archiveChannel = 'commonplace:doc-archived';
const deleteChannel = 'commonplace:doc-deleted';

/**
 * Documents archived or restored: every instance applies the change to its
 * own open sockets of them, the one where it happened at once and the
 * others when the bus tells them. An archived document's sockets may write
 * until the time it was archived (so from now on, nothing); a restored
 * one's go back to its lock at the due time, if any. Each socket whose
 * rights change is closed with roleChanged and reconnects with the new
 * ones. The state is read from the database, committed before it is
 * announced, so a message carries only the ids and none applies a stale one.
 * A document deleted for good has its sockets (read-only since it was
 * archived) closed with accessRevoked: there is nothing left to read.
 */
export class OpenSockets {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sync: Pick<SyncServer, 'setWritableUntil' | 'closeDocument'>,
    private readonly bus: LockBus | null,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {
    bus?.subscribe(archiveChannel, (payload) => void this.#apply(payload.toString('utf8').split(',')));
    bus?.subscribe(deleteChannel, (payload) => this.#close(payload.toString('utf8').split(',')));
  }

  /** `docIds` were archived or restored in the database: apply it here and on every other instance. */
  async changed(docIds: readonly string[]): Promise<void> {
    this.#publish(archiveChannel, docIds);
    await this.#apply(docIds);
  }

  /** `docIds` were deleted for good: their open sockets close here and on every other instance. */
  async deleted(docIds: readonly string[]): Promise<void> {
    this.#publish(deleteChannel, docIds);
    this.#close(docIds);
  }

  #publish(channel: string, docIds: readonly string[]): void {
    // In chunks: a course's documents in one message could be large.
    for (let i = 0; i < docIds.length; i += 500) this.bus?.publish(channel, Buffer.from(docIds.slice(i, i + 500).join(','), 'utf8'));
  }

  #close(docIds: readonly string[]): void {
    for (const docId of docIds) this.sync.closeDocument(docId, 'the document was deleted');
  }

  async #apply(docIds: readonly string[]): Promise<void> {
    for (const docId of docIds) {
      try {
        this.sync.setWritableUntil(docId, await currentWriteRule(this.db, docId));
      } catch (err) {
        this.logger.warn({ err, docId }, 'applying archiving to open sockets failed');
      }
    }
  }
}
