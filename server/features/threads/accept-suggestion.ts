import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { resolveAnchor } from '../../../shared/anchors';
import type { Database, ThreadRow } from '../../db/schema';
import { conflict, notFound } from '../../errors';
import type { SyncServer } from '../../sync/sync-server';
import type { DocLocks } from '../assignments/doc-lock';
import { freshClientId, ownedClientIds } from '../versions/fresh-client-id';
import type { DocHistory } from '../versions/history';
import type { ThreadChanges } from './service';
import { recordStatusChanged } from './thread-activity';
import { checkStatusChange, requireNotDeleted } from './thread-policy';
import type { Viewer } from './visibility';

/**
 * Accepting a suggestion writes its text into the document as an edit of the
 * person who suggested it, not of whoever accepted it: the words are the
 * suggester's in authorship colours, history, contribution totals, surviving
 * text and the feed, and so is the removal of the text they replace (the
 * accepter only decided). As a restored version is written for the restorer
 * (versions/restore.ts), the server builds the edit on the document as
 * stored, under a fresh Yjs client id, and applies it through the document's
 * room as the suggester's: stored, claimed and tallied for them, relayed to
 * every open editor and to the other instances like any edit.
 *
 * How the text goes in is shared/accepted-suggestion.ts.
 */

/** What an accepted suggestion writes, prepared before its acceptance is claimed. */
export interface SuggestionEdit {
  /** The update to apply as the suggester; null when the text already reads as suggested. */
  update: Uint8Array | null;
  /** Whether the thread, with the same changes asked for, still proposes what this edit writes, where it writes it. */
  matches(current: ThreadRow, changes: ThreadChanges): boolean;
  docId: string;
  suggesterId: string;
}

const accepting = Symbol('accepting a suggestion');

export class AcceptedSuggestions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: DocHistory,
    private readonly sync: Pick<SyncServer, 'committed' | 'applyUpdateAs'>,
    /** A team's copy locked at its due time takes no accepted suggestion from those the lock stopped. */
    private readonly locks?: Pick<DocLocks, 'requireWritable'>,
  ) {}

  /**
   * The edit that accepting thread `id` (with `changes`) makes to its
   * document as it is now. Refused as the status change itself would be
   * (403, 409) before the document is read, and refused (409, nothing
   * changed) when the text it replaces is gone: accepting it blind would put
   * the words where nobody chose.
   */
  async prepare(id: string, viewer: Viewer, changes: ThreadChanges): Promise<SuggestionEdit> {
    const current = await this.db.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw notFound('This thread');
    requireNotDeleted(current);
    checkStatusChange(current, viewer, 'accepted');
    await this.locks?.requireWritable(current.doc_id, viewer.role);
    const basis = proposal(current, changes);
    await this.sync.committed(current.doc_id);
    const doc = await this.history.build(current.doc_id, await this.history.latestUpdateId(current.doc_id), { gc: true });
    try {
      const range = resolveAnchor(doc, basis);
      if (!range) throw conflict(textGone);
      const taken = await ownedClientIds(this.db, current.doc_id);
      doc.clientID = freshClientId(doc, (clientId) => taken.has(clientId));
      const written: Uint8Array[] = [];
      doc.on('update', (data: Uint8Array, origin: unknown) => origin === accepting && written.push(data));
      // The editor's schema (all of Tiptap's extensions) is loaded when first needed, not when the server starts.
      const { writeAcceptedSuggestion } = await import('../../../shared/accepted-suggestion');
      if (!writeAcceptedSuggestion(doc, range, basis.replacement, { origin: accepting })) throw conflict(textGone);
      return {
        update: written.length === 0 ? null : Y.mergeUpdates(written),
        matches: (row, asked) => sameProposal(proposal(row, asked), basis),
        docId: current.doc_id,
        suggesterId: current.author_id,
      };
    } finally {
      doc.destroy();
    }
  }

  /**
   * Stores the edit through the room as the suggester's (resolves once it is
   * stored), then records `by`'s decision. If storing fails, the acceptance
   * claimed meanwhile is withdrawn: a suggestion is accepted only with its
   * text in place.
   */
  async store(edit: SuggestionEdit, before: ThreadRow, by: string, at: number): Promise<void> {
    try {
      if (edit.update) await this.sync.applyUpdateAs(edit.docId, edit.suggesterId, edit.update);
    } catch (err) {
      await this.db
        .updateTable('threads')
        .set({ status: before.status, status_by: before.status_by, status_at: before.status_at })
        .where('id', '=', before.id)
        .where('status', '=', 'accepted')
        .execute();
      throw err;
    }
    await this.db.transaction().execute((trx) => recordStatusChanged(trx, before, by, 'accepted', at));
  }
}

interface Proposal {
  replacement: string;
  start: string;
  end: string;
  quote: string;
}

/** What the thread proposes once `changes` are made (a request may re-attach or reword and accept at once). */
function proposal(thread: ThreadRow, changes: ThreadChanges): Proposal {
  const anchor = changes.anchor ?? { start: thread.anchor_start, end: thread.anchor_end, quote: thread.quote };
  return { replacement: changes.replacement ?? thread.replacement ?? '', start: anchor.start, end: anchor.end, quote: anchor.quote };
}

function sameProposal(a: Proposal, b: Proposal): boolean {
  return a.replacement === b.replacement && a.start === b.start && a.end === b.end && a.quote === b.quote;
}

const textGone =
  'The text this suggestion replaces is no longer in the document, so it cannot be accepted: re-attach it to the text it is about, or make the change by hand.';
