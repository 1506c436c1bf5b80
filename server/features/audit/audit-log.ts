import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { newId } from '../../db/ids';

/**
 * The course audit log: who changed roles, removed members, archived,
 * deleted or restored things, and exported data. Written by the code that
 * does it, in its transaction, so an entry exists exactly when the change
 * does; read by the course's instructors only. Entries are keyed by the
 * course (or the group on its own) and not tied to it by a foreign key, so
 * they outlive what they describe.
 */
export type AuditAction =
  | 'role-changed'
  | 'member-removed'
  | 'archived'
  | 'restored'
  | 'deleted'
  | 'data-exported'
  | 'account-deleted';

export type AuditSubject = 'member' | 'document' | 'project' | 'team' | 'course' | 'group' | 'account';

export interface AuditEntry {
  /** The course, or the group on its own, whose instructors may read the entry. */
  courseId: string;
  /** Who did it; null when no person did (the 30-day purge). */
  actorId: string | null;
  action: AuditAction;
  subjectType: AuditSubject;
  subjectId: string;
  /** What the entry needs to be read later (names, roles): never a document's text. */
  detail?: Record<string, string | number | boolean | null>;
  at: number;
}

/** The course whose log tells of a change in `groupId`: a team's course, or the group itself. */
export async function auditCourseOf(db: Transaction<Database> | Kysely<Database>, groupId: string): Promise<string> {
  const row = await db.selectFrom('groups').select('parent_id').where('id', '=', groupId).executeTakeFirst();
  return row?.parent_id ?? groupId;
}

export async function recordAudit(db: Transaction<Database> | Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_entries')
    .values({
      id: newId(),
      course_id: entry.courseId,
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      detail: JSON.stringify(entry.detail ?? {}),
      created_at: entry.at,
    })
    .execute();
}
