import type { Kysely } from 'kysely';
import type { PageQuery } from '../../../shared/schemas/common';
import type { AuditEntryView } from '../../../shared/schemas/archive';
import { type Page, pageStart, toPage } from '../../db/page-cursor';
import type { Database } from '../../db/schema';

/** How an entry names a deleted account: its name is erased, its acts stay in the log. */
const formerMember = 'Former member';

/**
 * A course's audit log, newest first, a page at a time (the cursor is the
 * last entry sent; the next page starts strictly before it). Actors are
 * named by their account's name: the log is read by the course's
 * instructors only, who see members' names anyway.
 */
export async function readAuditLog(db: Kysely<Database>, courseId: string, page: PageQuery): Promise<Page<AuditEntryView>> {
  const before = pageStart(page);
  const rows = await db
    .selectFrom('audit_entries')
    .leftJoin('users', 'users.id', 'audit_entries.actor_id')
    .select([
      'audit_entries.id',
      'audit_entries.action',
      'audit_entries.actor_id as actorId',
      'users.name as actorName',
      'users.deleted_at as actorDeleted',
      'audit_entries.subject_type as subjectType',
      'audit_entries.subject_id as subjectId',
      'audit_entries.detail',
      'audit_entries.created_at as at',
    ])
    .where('audit_entries.course_id', '=', courseId)
    .$if(before !== null, (qb) =>
      qb.where(({ eb, refTuple, tuple }) => eb(refTuple('audit_entries.created_at', 'audit_entries.id'), '<', tuple(before!.at, before!.id))),
    )
    .orderBy('audit_entries.created_at', 'desc')
    .orderBy('audit_entries.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const entries = rows.map((row): AuditEntryView => {
    const detail = parseDetail(row.detail);
    return {
      id: row.id,
      action: row.action as AuditEntryView['action'],
      actor: actorOf(row, detail),
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      detail,
      at: Number(row.at),
    };
  });
  return toPage(entries, page.limit, (entry) => ({ at: entry.at, id: entry.id }));
}

/**
 * Who the entry names: nobody for what the product did by itself (the
 * deletion 30 days after archiving, whose detail says so); "Former member"
 * for an account deleted since, whether its row was kept (`deleted_at`) or
 * the entry's actor was cleared.
 */
function actorOf(row: { actorId: string | null; actorName: string | null; actorDeleted: number | null }, detail: AuditEntryView['detail']): string | null {
  if (row.actorId === null) return detail.after !== undefined ? null : formerMember;
  return row.actorName === null || row.actorDeleted != null ? formerMember : row.actorName;
}

function parseDetail(text: string): AuditEntryView['detail'] {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as AuditEntryView['detail']) : {};
  } catch {
    return {};
  }
}
