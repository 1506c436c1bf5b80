import type { Kysely } from 'kysely';
import { type Capability, writeCapabilities } from '../../../shared/permissions';
import type { Database } from '../../db/schema';
import { conflict } from '../../errors';

/**
 * Whether something is archived, itself or through what contains it: a
 * document is archived when it, its project, its group or its group's
 * course is. Archiving a course or a project marks that one row only, so
 * restoring it brings back exactly what was archived with it, while what
 * was archived on its own earlier keeps its own mark and its own 30 days.
 */
export interface ArchivedMarks {
  doc?: number | null;
  project?: number | null;
  group: number | null;
  course: number | null;
}

/** When what `marks` describe went out of use: the earliest mark, or null when nothing is archived. */
export function archivedSince(marks: ArchivedMarks): number | null {
  const times = [marks.doc, marks.project, marks.group, marks.course].filter((at): at is number => at != null).map(Number);
  return times.length === 0 ? null : Math.min(...times);
}

/** The archive marks of a group and of its course (null for a course or a group on its own). */
export async function groupMarks(db: Kysely<Database>, groupId: string): Promise<{ group: number | null; course: number | null }> {
  const row = await db
    .selectFrom('groups')
    .leftJoin('groups as course', 'course.id', 'groups.parent_id')
    .select(['groups.archived_at as group', 'course.archived_at as course'])
    .where('groups.id', '=', groupId)
    .executeTakeFirst();
  return { group: row?.group ?? null, course: row?.course ?? null };
}

/**
 * Refuses (409) a write to something archived: read-only until an
 * instructor restores it. `marks` is read only for a write capability, so
 * reading costs nothing more.
 */
export async function refuseArchivedWrite(capability: Capability, marks: () => Promise<ArchivedMarks>): Promise<void> {
  if (!writeCapabilities.has(capability)) return;
  const found = await marks();
  if (archivedSince(found) === null) return;
  throw conflict(archivedMessage(found));
}

function archivedMessage(marks: ArchivedMarks): string {
  if (marks.course != null) return 'This course is archived, so it is read-only: an instructor can restore it from the course’s Archived list.';
  if (marks.group != null) return 'This group is archived, so it is read-only: an instructor can restore it from its Archived list.';
  if (marks.project != null) return 'This project is archived, so it is read-only: an instructor can restore it from the group’s Archived list.';
  return 'This document is archived, so it is read-only: an instructor can restore it from the group’s Archived list.';
}
