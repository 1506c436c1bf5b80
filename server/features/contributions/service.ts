import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/permissions';
import type { User } from '../../../shared/schemas/auth';
import type { FeedbackCounts } from '../../../shared/schemas/history';
import { documentTree } from '../../../shared/document-tree';
import type { DocNode } from '../../../shared/document-nodes';
import type { Database } from '../../db/schema';
import type { SyncServer } from '../../sync/sync-server';
import type { DocHistory } from '../versions/history';
import { addFeedback, emptyFeedback, feedbackByUser } from './feedback';
import { type EditTotals, hourMs, totalsOf } from './ledger';
import { clientOwners, usersById } from './people';
import { survivingByUser } from './surviving';

/** One user's contribution to one document (or, summed, to a group). */
export interface ContributorRecord {
  userId: string;
  /** Null when the user never edited (only gave or received feedback). */
  totals: EditTotals | null;
  surviving: number;
  feedback: FeedbackCounts;
}

export interface DocContributions {
  contributors: ContributorRecord[];
  /** Characters in the document now. */
  documentCharacters: number;
}

export interface ActivityBucket {
  docId: string;
  date: string;
  userId: string;
  edits: number;
  inserted: number;
  deleted: number;
}

export interface GroupContributions {
  members: (ContributorRecord & { role: Role | null })[];
  documents: { doc: { id: string; title: string }; project: { id: string; name: string }; contributions: DocContributions }[];
  activity: ActivityBucket[];
}

/** Documents whose current surviving counts are kept in memory (keyed by their last row, so never stale). */
const survivingCached = 100;

/**
 * Who contributed what. Inserted, deleted, pasted,
 * sessions and activity are the totals the ledger keeps as updates are
 * stored (ledger.ts); surviving text is read from the document as stored
 * now, through the ownership of its Yjs client ids; feedback is counted from
 * the threads (feedback.ts). Everything is read after the document's room
 * has stored what it holds, so the figures include every edit received.
 */
export class Contributions {
  readonly #surviving = new Map<string, { lastUpdateId: number; byUser: Map<string, number>; characters: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: DocHistory,
    private readonly sync: Pick<SyncServer, 'committed'>,
  ) {}

  async forDoc(docId: string, includePrivateFeedback: boolean): Promise<DocContributions> {
    await this.sync.committed(docId);
    const owners = await clientOwners(this.db, docId);
    const [rows, surviving, feedback] = await Promise.all([
      this.db.selectFrom('doc_contributions').selectAll().where('doc_id', '=', docId).execute(),
      this.#survivingNow(docId, owners),
      feedbackByUser(this.db, docId, owners, includePrivateFeedback),
    ]);
    const totals = new Map(rows.map((row) => [row.user_id, totalsOf(row)]));
    const userIds = new Set([...totals.keys(), ...surviving.byUser.keys(), ...feedback.keys()]);
    const contributors = [...userIds].map((userId) => ({
      userId,
      totals: totals.get(userId) ?? null,
      surviving: surviving.byUser.get(userId) ?? 0,
      feedback: feedback.get(userId) ?? emptyFeedback(),
    }));
    contributors.sort((a, b) => b.surviving - a.surviving || (b.totals?.inserted ?? 0) - (a.totals?.inserted ?? 0));
    return { contributors, documentCharacters: surviving.characters };
  }

  /**
   * Edits per user and day of the documents, for a heatmap. Days are the
   * reader's (`utcOffset` minutes east of UTC), told from hourly buckets.
   */
  async activity(docIds: readonly string[], utcOffset: number): Promise<ActivityBucket[]> {
    if (docIds.length === 0) return [];
    const rows = await this.db.selectFrom('doc_activity').selectAll().where('doc_id', 'in', [...docIds]).execute();
    const days = new Map<string, ActivityBucket>();
    for (const row of rows) {
      const date = new Date(Number(row.hour) * hourMs + utcOffset * 60_000).toISOString().slice(0, 10);
      const key = `${row.doc_id} ${date} ${row.user_id}`;
      const day = days.get(key) ?? { docId: row.doc_id, date, userId: row.user_id, edits: 0, inserted: 0, deleted: 0 };
      day.edits += Number(row.edits);
      day.inserted += Number(row.inserted);
      day.deleted += Number(row.deleted);
      days.set(key, day);
    }
    return [...days.values()].sort((a, b) => a.date.localeCompare(b.date) || a.userId.localeCompare(b.userId));
  }

  /** A group's report: every member's totals over all its documents, each document's contributors, and activity. */
  async forGroup(groupId: string, includePrivateFeedback: boolean, utcOffset: number): Promise<GroupContributions> {
    const [members, docs] = await Promise.all([
      this.db
        .selectFrom('memberships')
        .select(['user_id', 'role'])
        .where('group_id', '=', groupId)
        .orderBy('created_at')
        .orderBy('user_id')
        .execute(),
      this.db
        .selectFrom('documents')
        .innerJoin('projects', 'projects.id', 'documents.project_id')
        .select(['documents.id', 'documents.title', 'projects.id as project_id', 'projects.name as project_name'])
        .where('projects.group_id', '=', groupId)
        .orderBy('projects.created_at')
        .orderBy('documents.created_at')
        .orderBy('documents.id')
        .execute(),
    ]);
    const documents: GroupContributions['documents'] = [];
    for (const doc of docs) {
      documents.push({
        doc: { id: doc.id, title: doc.title },
        project: { id: doc.project_id, name: doc.project_name },
        contributions: await this.forDoc(doc.id, includePrivateFeedback),
      });
    }

    const summed = new Map<string, ContributorRecord & { role: Role | null }>();
    for (const member of members) {
      summed.set(member.user_id, { userId: member.user_id, role: member.role, totals: null, surviving: 0, feedback: emptyFeedback() });
    }
    for (const { contributions } of documents) {
      for (const contributor of contributions.contributors) {
        let sum = summed.get(contributor.userId);
        if (!sum) summed.set(contributor.userId, (sum = { userId: contributor.userId, role: null, totals: null, surviving: 0, feedback: emptyFeedback() }));
        sum.surviving += contributor.surviving;
        addFeedback(sum.feedback, contributor.feedback);
        if (contributor.totals) sum.totals = addTotals(sum.totals, contributor.totals);
      }
    }
    return {
      members: [...summed.values()],
      documents,
      activity: await this.activity(
        docs.map((doc) => doc.id),
        utcOffset,
      ),
    };
  }

  /** The document as stored now, as a tree whose text says who wrote it. */
  async authorship(docId: string): Promise<{ content: DocNode[]; owners: Map<number, string> }> {
    await this.sync.committed(docId);
    const owners = await clientOwners(this.db, docId);
    const doc = await this.history.build(docId, await this.history.latestUpdateId(docId), { gc: true });
    try {
      return { content: documentTree(doc, { authorOf: (client) => owners.get(client) ?? null }), owners };
    } finally {
      doc.destroy();
    }
  }

  /** Who owns each Yjs client id of the document. */
  owners(docId: string): Promise<Map<number, string>> {
    return clientOwners(this.db, docId);
  }

  /** The users named by a report, as the API shows them. */
  people(userIds: Iterable<string>): Promise<Map<string, User>> {
    return usersById(this.db, userIds);
  }

  async #survivingNow(docId: string, owners: ReadonlyMap<number, string>) {
    const lastUpdateId = await this.history.latestUpdateId(docId);
    const cached = this.#surviving.get(docId);
    if (cached?.lastUpdateId === lastUpdateId) return cached;
    const doc = await this.history.build(docId, lastUpdateId, { gc: true });
    const byUser = survivingByUser(doc, owners);
    doc.destroy();
    const surviving = { lastUpdateId, byUser, characters: [...byUser.values()].reduce((sum, n) => sum + n, 0) };
    this.#surviving.delete(docId);
    this.#surviving.set(docId, surviving);
    if (this.#surviving.size > survivingCached) this.#surviving.delete(this.#surviving.keys().next().value!);
    return surviving;
  }
}

/** Totals over several documents: counts add up; sessions and minutes too (one per document). */
function addTotals(sum: EditTotals | null, more: EditTotals): EditTotals {
  if (!sum) return { ...more };
  return {
    inserted: sum.inserted + more.inserted,
    words: sum.words + more.words,
    pasted: sum.pasted + more.pasted,
    pastes: sum.pastes + more.pastes,
    deleted: sum.deleted + more.deleted,
    edits: sum.edits + more.edits,
    sessions: sum.sessions + more.sessions,
    activeMinutes: sum.activeMinutes + more.activeMinutes,
    firstAt: Math.min(sum.firstAt, more.firstAt),
    lastAt: Math.max(sum.lastAt, more.lastAt),
  };
}
