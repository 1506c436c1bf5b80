import { z } from 'zod';
import { id, timestamp } from './common';

/** How long an archived thing can be restored before it is deleted for good. */
export const archiveKeepDays = 30;
export const archiveKeepMs = archiveKeepDays * 24 * 60 * 60 * 1000;

/** What can be archived: a document, a project, or a group (a team, a course, or a group on its own). */
export const archivedKind = z.enum(['document', 'project', 'team', 'course', 'group']);
export type ArchivedKind = z.infer<typeof archivedKind>;

/** One thing in an Archived list: archived itself (what is in it went with it and is not listed apart). */
export const archivedItem = z.object({
  kind: archivedKind,
  id,
  name: z.string(),
  /** Where it was: the project of a document, the team or group of a project; null for a team, course or group. */
  within: z.string().nullable(),
  archivedAt: timestamp,
  /** Who archived it, as the group sees them; "Former member" for a deleted account. */
  archivedBy: z.string(),
  /** When it is deleted for good unless restored before. */
  deletesAt: timestamp,
});
export type ArchivedItem = z.infer<typeof archivedItem>;

export const archivedListResponse = z.object({ items: z.array(archivedItem) });
export type ArchivedListResponse = z.infer<typeof archivedListResponse>;

/** The answer to archiving or restoring: the thing's mark now (null once restored) and when it would be deleted. */
export const archiveStateResponse = z.object({
  kind: archivedKind,
  id,
  archivedAt: timestamp.nullable(),
  deletesAt: timestamp.nullable(),
});
export type ArchiveStateResponse = z.infer<typeof archiveStateResponse>;

export const auditAction = z.enum(['role-changed', 'member-removed', 'archived', 'restored', 'deleted', 'data-exported', 'account-deleted']);

/** One entry of a course's audit log, newest first. */
export const auditEntry = z.object({
  id,
  action: auditAction,
  /** Who did it: their name, "Former member" for a deleted account, null when nobody did (the deletion after 30 days). */
  actor: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string(),
  /** What the entry needs to be read (names, roles), never a document's text. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  at: timestamp,
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const auditLogResponse = z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() });
export type AuditLogResponse = z.infer<typeof auditLogResponse>;
