import type { Kysely } from 'kysely';
import type { TeamDeadline } from '../../../shared/schemas/extensions';
import type { Database } from '../../db/schema';
import { notFound } from '../../errors';
import type { Access } from '../access/access';
import { lockTime } from './doc-lock';
import { type CopyTerms, copyTermsOfDoc, teamDue } from './due-times';
import type { LockChanges } from './lock-changes';

/**
 * An instructor's changes to one team's due time, applied to that team's
 * copy only and at once, open sync sockets included (on every instance:
 * lock-changes.ts):
 * - an extension gives the team its own due time; the copy locks then (when
 *   the assignment locks at the due time), and an earlier reopening no
 *   longer holds, so the new due time is the one that counts;
 * - reopening lifts the lock of the team's copy from now on, until an
 *   extension sets a new due time.
 */
export class Extensions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: Pick<Access, 'requireGroup'>,
    private readonly locks: Pick<LockChanges, 'changed'>,
    private readonly now: () => number = Date.now,
  ) {}

  async extend(userId: string, assignmentId: string, teamId: string, dueAt: number): Promise<TeamDeadline> {
    const terms = await this.#requireCopy(userId, assignmentId, teamId);
    await this.db
      .updateTable('assignment_teams')
      .set({ due_at: dueAt, reopened_at: null })
      .where('assignment_id', '=', assignmentId)
      .where('team_id', '=', teamId)
      .execute();
    return await this.#applied({ ...terms, teamDueAt: dueAt, reopenedAt: null });
  }

  async reopen(userId: string, assignmentId: string, teamId: string): Promise<TeamDeadline> {
    const terms = await this.#requireCopy(userId, assignmentId, teamId);
    // Reopening a copy already reopened keeps the first time it was.
    const reopenedAt = terms.reopenedAt ?? this.now();
    await this.db
      .updateTable('assignment_teams')
      .set({ reopened_at: reopenedAt })
      .where('assignment_id', '=', assignmentId)
      .where('team_id', '=', teamId)
      .execute();
    return await this.#applied({ ...terms, reopenedAt });
  }

  /** The team's copy, once the caller is known to be an instructor of the assignment's course; 404 otherwise. */
  async #requireCopy(userId: string, assignmentId: string, teamId: string): Promise<CopyTerms> {
    const copy = await this.db
      .selectFrom('assignment_teams')
      .innerJoin('assignments', 'assignments.id', 'assignment_teams.assignment_id')
      .select(['assignments.course_id', 'assignment_teams.doc_id'])
      .where('assignment_teams.assignment_id', '=', assignmentId)
      .where('assignment_teams.team_id', '=', teamId)
      .executeTakeFirst();
    if (!copy) throw notFound('This team’s copy of the assignment');
    // Due times are the instructors' (the same capability as locking versions at a deadline).
    await this.access.requireGroup(userId, copy.course_id, 'lockVersions', 'This assignment');
    const terms = await copyTermsOfDoc(this.db, copy.doc_id);
    if (!terms) throw notFound('This team’s copy of the assignment');
    return terms;
  }

  /** Hands the copy's new lock to its open sockets and says where the copy stands. */
  async #applied(terms: CopyTerms): Promise<TeamDeadline> {
    await this.locks.changed(terms.docId);
    const locksAt = lockTime(terms);
    const due = teamDue(terms, this.now());
    return {
      assignmentId: terms.assignmentId,
      teamId: terms.teamId,
      docId: terms.docId,
      dueAt: due.dueAt,
      locked: due.locked,
      locksAt,
      reopenedAt: terms.reopenedAt,
    };
  }
}
