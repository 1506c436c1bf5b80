import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { createAssignmentBody, updateAssignmentBody } from '../../../shared/schemas/courses';
import { newId } from '../../db/ids';
import type { AssignmentRow, Database } from '../../db/schema';
import { badRequest, conflict, notFound } from '../../errors';
import type { Access } from '../access/access';
import type { Opening } from './opening';
import { homeAssignments } from './home-assignments';
import { type TeamCopy, teamCopies } from './team-copies';

export type NewAssignment = z.output<typeof createAssignmentBody>;
export type AssignmentEdit = z.output<typeof updateAssignmentBody>;

/**
 * Assignments as rows: set in a course by its instructors (the routes check
 * who), read by its members. What a team does with its copy is
 * opening.ts, submissions.ts and status.ts.
 *
 * The rules of the times: the due time is ahead when set or moved (a due
 * time in the past would lock or make late every team at once, which is
 * never what an instructor typing it meant); the opening time is at or
 * before the due time.
 */
export class Assignments {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: Access,
    private readonly opening: Opening,
    private readonly now: () => number = Date.now,
  ) {}

  async create(courseId: string, userId: string, body: NewAssignment): Promise<AssignmentRow> {
    const now = this.now();
    const course = await this.db.selectFrom('groups').select(['id', 'parent_id']).where('id', '=', courseId).executeTakeFirst();
    if (!course) throw notFound('This group');
    if (course.parent_id !== null) throw badRequest('A team cannot hold assignments: set the assignment in its course, and every team gets its copy.');
    if (body.template !== undefined && body.templateDocId !== undefined) {
      throw badRequest('Give the template as Markdown or as a document, not both.', { template: 'Leave this out when templateDocId is given.' });
    }
    const opensAt = body.opensAt ?? now;
    checkTimes(opensAt, body.dueAt, now);
    if (body.templateDocId !== undefined) await this.#checkTemplateDoc(courseId, userId, body.templateDocId);

    const row: AssignmentRow = {
      id: newId(),
      course_id: courseId,
      title: body.title,
      instructions: body.instructions,
      template_markdown: body.template ?? null,
      template_doc_id: body.templateDocId ?? null,
      opens_at: opensAt,
      due_at: body.dueAt,
      lock_at_due: body.lockAtDue ? 1 : 0,
      opened_at: null,
      revision: 1,
      created_by: userId,
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('assignments').values(row).execute();
    // Open already: each team has its copy by the time the instructor sees the assignment.
    if (opensAt <= now) await this.opening.open(row.id);
    return this.get(row.id);
  }

  /** The course's assignments, soonest due first. */
  async list(courseId: string): Promise<AssignmentRow[]> {
    const rows = await this.db.selectFrom('assignments').selectAll().where('course_id', '=', courseId).orderBy('due_at').orderBy('id').execute();
    return rows.map(numbers);
  }

  async get(assignmentId: string): Promise<AssignmentRow> {
    const row = await this.db.selectFrom('assignments').selectAll().where('id', '=', assignmentId).executeTakeFirst();
    if (!row) throw notFound('This assignment');
    return numbers(row);
  }

  /**
   * Changes the fields given, when `edit.revision` is the assignment's
   * revision: an edit started from an older one would overwrite, unseen,
   * what someone else changed meanwhile (409).
   */
  async update(current: AssignmentRow, edit: AssignmentEdit): Promise<AssignmentRow> {
    const now = this.now();
    if (edit.revision !== current.revision) throw staleEdit();
    const opensAt = edit.opensAt ?? current.opens_at;
    const dueAt = edit.dueAt ?? current.due_at;
    if (edit.dueAt !== undefined && edit.dueAt <= now) throw pastDue(edit.dueAt, now);
    if (edit.opensAt !== undefined && current.opened_at !== null && edit.opensAt !== current.opens_at) {
      throw badRequest('This assignment has opened already: every team has its copy, so its opening time stays as it was.', { opensAt: 'Already open.' });
    }
    if (opensAt > dueAt) throw opensAfterDue();
    const changes = {
      ...(edit.title !== undefined ? { title: edit.title } : {}),
      ...(edit.instructions !== undefined ? { instructions: edit.instructions } : {}),
      ...(edit.opensAt !== undefined ? { opens_at: edit.opensAt } : {}),
      ...(edit.dueAt !== undefined ? { due_at: edit.dueAt } : {}),
      ...(edit.lockAtDue !== undefined ? { lock_at_due: edit.lockAtDue ? 1 : 0 } : {}),
    };
    const result = await this.db
      .updateTable('assignments')
      .set({ ...changes, revision: current.revision + 1, updated_at: now })
      .where('id', '=', current.id)
      .where('revision', '=', edit.revision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      await this.get(current.id);
      throw staleEdit();
    }
    if (opensAt <= now) await this.opening.open(current.id);
    return this.get(current.id);
  }

  /**
   * The teams of the assignment with their copies and statuses: all of
   * them, or with `memberId` only those that user is a member of. Reading
   * an open assignment whose teams lack a copy opens it for them first (a
   * timer sweep would, a few seconds later).
   */
  async teams(assignment: AssignmentRow, memberId?: string): Promise<TeamCopy[]> {
    const copies = await teamCopies(this.db, assignment, this.now(), memberId);
    if (assignment.opens_at > this.now() || copies.every((copy) => copy.doc !== null)) return copies;
    await this.opening.open(assignment.id);
    return teamCopies(this.db, assignment, this.now(), memberId);
  }

  /** The assignments of the caller's teams, for the home page (home-assignments.ts). */
  forLearner(userId: string) {
    return homeAssignments(this.db, userId, this.now());
  }

  /** Deletes the assignment, its copies' rows and submissions; the copies stay their teams' documents. */
  async remove(assignmentId: string): Promise<void> {
    await this.db.deleteFrom('assignments').where('id', '=', assignmentId).execute();
  }

  /** A template document is one the instructor may read, in the course or one of its teams (400 otherwise; 404 when unreadable). */
  async #checkTemplateDoc(courseId: string, userId: string, docId: string): Promise<void> {
    const { group } = await this.access.requireDoc(userId, docId, 'read');
    if (group.id !== courseId && group.parent_id !== courseId) {
      throw badRequest('The template must be a document of this course or of one of its teams.', { templateDocId: 'Not in this course.' });
    }
  }
}

function checkTimes(opensAt: number, dueAt: number, now: number): void {
  if (dueAt <= now) throw pastDue(dueAt, now);
  if (opensAt > dueAt) throw opensAfterDue();
}

const pastDue = (dueAt: number, now: number) =>
  badRequest(`The due time ${new Date(dueAt).toISOString()} is in the past (it is now ${new Date(now).toISOString()}): give a time ahead.`, {
    dueAt: 'In the past.',
  });

const opensAfterDue = () => badRequest('The assignment would open after it is due: give an opening time at or before the due time.', { opensAt: 'After the due time.' });

const staleEdit = () => conflict('This assignment was changed by someone else meanwhile: reload it to see their change, then make yours again.');

/** Timestamps as numbers (PostgreSQL returns bigint columns as strings). */
function numbers(row: AssignmentRow): AssignmentRow {
  return {
    ...row,
    opens_at: Number(row.opens_at),
    due_at: Number(row.due_at),
    lock_at_due: Number(row.lock_at_due),
    opened_at: row.opened_at === null ? null : Number(row.opened_at),
    revision: Number(row.revision),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}
