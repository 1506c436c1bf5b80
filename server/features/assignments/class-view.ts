import type { Kysely } from 'kysely';
import type { AttentionReason } from '../../../shared/schemas/class-view';
import { shareLimits } from '../../../shared/schemas/class-view';
import type { AssignmentStatus } from '../../../shared/schemas/courses';
import type { AssignmentRow, Database } from '../../db/schema';
import { newMemberGraceMs, unansweredAfterMs, weekMs } from '../activity/team-health';
import { teamCopies } from './team-copies';
import type { WrittenTexts } from './written-text';

/**
 * The instructor's class view of an assignment: every team of the course,
 * its copy, and per member how much of the copy's text is theirs now, what
 * they typed and deleted, and when they last wrote or gave feedback. A
 * handful of queries for the whole class, each on an index (teams by
 * course, members by team, the copies' contribution totals, threads and
 * replies by document), plus the kept text figures (written-text.ts), so the
 * answer does not grow with the length of any document's history.
 */

/** "Lately", for quiet members: the last seven days, as team health counts a week. */
export const quietAfterMs = weekMs;
/** A team with nothing written this close to its due time is not started in time. */
export const notStartedNudgeMs = 3 * 24 * 60 * 60 * 1000;

export interface ClassMemberRecord {
  userId: string;
  name: string;
  email: string;
  surviving: number;
  words: number;
  inserted: number;
  deleted: number;
  share: number | null;
  shareFlag: 'over' | 'under' | null;
  lastActivity: number | null;
  quiet: boolean;
}

export interface ClassTeamRecord {
  team: { id: string; name: string; parentId: string };
  docId: string | null;
  status: AssignmentStatus;
  dueAt: number;
  submittedAt: number | null;
  words: number;
  membersCharacters: number;
  lastActivity: number | null;
  members: ClassMemberRecord[];
  unansweredThreads: number;
  needsAttention: AttentionReason[];
}

export class ClassView {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly written: WrittenTexts,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every team of the assignment's course, in name order. */
  async teams(assignment: AssignmentRow): Promise<ClassTeamRecord[]> {
    const now = this.now();
    const teams = await teamCopies(this.db, assignment, now);
    if (teams.length === 0) return [];
    const teamIds = teams.map((copy) => copy.team.id);
    const docIds = teams.flatMap((copy) => (copy.doc === null ? [] : [copy.doc.id]));

    const [members, totals, feedback, unanswered, written] = await Promise.all([
      this.db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select(['memberships.group_id', 'memberships.created_at', 'users.id', 'users.name', 'users.email'])
        .where('memberships.group_id', 'in', teamIds)
        .where('memberships.role', '=', 'member')
        .orderBy('users.name')
        .orderBy('users.id')
        .execute(),
      docIds.length === 0
        ? []
        : this.db
            .selectFrom('doc_contributions')
            .select(['doc_id', 'user_id', 'inserted', 'deleted', 'last_at'])
            .where('doc_id', 'in', docIds)
            .execute(),
      this.#lastFeedback(docIds),
      this.#unanswered(docIds, now),
      this.written.forDocs(docIds),
    ]);

    const byTeam = new Map<string, typeof members>();
    for (const member of members) {
      const list = byTeam.get(member.group_id);
      if (list) list.push(member);
      else byTeam.set(member.group_id, [member]);
    }
    const key = (docId: string, userId: string) => `${docId} ${userId}`;
    const totalsOf = new Map(totals.map((row) => [key(row.doc_id, row.user_id), row]));

    return teams.map(({ team, doc, due, status, submission }) => {
      const docId = doc?.id ?? null;
      const text = docId === null ? undefined : written.get(docId);
      const submittedAt = submission?.submittedAt ?? null;
      const rows = (byTeam.get(team.id) ?? []).map((member) => {
        const own = docId === null ? undefined : totalsOf.get(key(docId, member.id));
        const mine = text?.authors.get(member.id);
        const last = Math.max(own ? Number(own.last_at) : 0, docId === null ? 0 : (feedback.get(key(docId, member.id)) ?? 0));
        // Nobody is quiet before they have had the copy for a few days: who just joined, or a copy just made.
        const since = Math.max(Number(member.created_at), doc === null ? now : Number(doc.created_at));
        return {
          userId: member.id,
          name: member.name,
          email: member.email,
          surviving: mine?.characters ?? 0,
          words: mine?.words ?? 0,
          inserted: own ? Number(own.inserted) : 0,
          deleted: own ? Number(own.deleted) : 0,
          lastActivity: last === 0 ? null : last,
          quiet: docId !== null && now - since >= newMemberGraceMs && (last === 0 || now - last > quietAfterMs),
        };
      });
      const membersCharacters = rows.reduce((sum, row) => sum + row.surviving, 0);
      const shared = rows.map((row): ClassMemberRecord => {
        const share = membersCharacters === 0 ? null : row.surviving / membersCharacters;
        const stands = share !== null && rows.length > 1;
        const shareFlag = stands && share > shareLimits.over ? 'over' : stands && share < shareLimits.under ? 'under' : null;
        return { ...row, share, shareFlag };
      });
      const lastActivity = rows.reduce<number | null>((latest, row) => (row.lastActivity !== null && (latest === null || row.lastActivity > latest) ? row.lastActivity : latest), null);
      const unansweredThreads = docId === null ? 0 : (unanswered.get(docId) ?? 0);

      const needsAttention: AttentionReason[] = [];
      if (shared.some((row) => row.shareFlag === 'over')) needsAttention.push('dominant-member');
      if (shared.some((row) => row.shareFlag === 'under')) needsAttention.push('small-share');
      const ongoing = submittedAt === null && !due.past;
      if (ongoing && shared.some((row) => row.quiet)) needsAttention.push('quiet-members');
      if (unansweredThreads > 0) needsAttention.push('unanswered-threads');
      if (status === 'not-started' && due.dueAt - now <= notStartedNudgeMs) needsAttention.push('not-started');
      if (submittedAt === null && due.past) needsAttention.push('overdue');

      return {
        team: { id: team.id, name: team.name, parentId: assignment.course_id },
        docId,
        status,
        dueAt: due.dueAt,
        submittedAt,
        words: text?.words ?? 0,
        membersCharacters,
        lastActivity,
        members: shared,
        unansweredThreads,
        needsAttention,
      };
    });
  }

  /** Each author's last thread or reply in each document: "{docId} {userId}" → time. */
  async #lastFeedback(docIds: readonly string[]): Promise<Map<string, number>> {
    if (docIds.length === 0) return new Map();
    const [threads, replies] = await Promise.all([
      this.db
        .selectFrom('threads')
        .select(['doc_id', 'author_id', (eb) => eb.fn.max('created_at').as('at')])
        .where('doc_id', 'in', [...docIds])
        .groupBy(['doc_id', 'author_id'])
        .execute(),
      this.db
        .selectFrom('thread_replies')
        .innerJoin('threads', 'threads.id', 'thread_replies.thread_id')
        .select(['threads.doc_id', 'thread_replies.author_id', (eb) => eb.fn.max('thread_replies.created_at').as('at')])
        .where('threads.doc_id', 'in', [...docIds])
        .groupBy(['threads.doc_id', 'thread_replies.author_id'])
        .execute(),
    ]);
    const last = new Map<string, number>();
    for (const row of [...threads, ...replies]) {
      const key = `${row.doc_id} ${row.author_id}`;
      last.set(key, Math.max(last.get(key) ?? 0, Number(row.at)));
    }
    return last;
  }

  /** Open threads per document without a reply for `unansweredAfterMs` (every visibility: the reader is an instructor). */
  async #unanswered(docIds: readonly string[], now: number): Promise<Map<string, number>> {
    if (docIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('threads')
      .select(['doc_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('doc_id', 'in', [...docIds])
      .where('status', '=', 'open')
      .where('deleted_at', 'is', null)
      .where('created_at', '<', now - unansweredAfterMs)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('thread_replies').select('thread_replies.id').whereRef('thread_replies.thread_id', '=', 'threads.id'))))
      .groupBy('doc_id')
      .execute();
    return new Map(rows.map((row) => [row.doc_id, Number(row.count)]));
  }
}
