import type { Kysely } from 'kysely';
import type { ArchivedKind } from '../../../shared/schemas/archive';
import type { Database } from '../../db/schema';
import { notFound } from '../../errors';
import type { ArchivedMarks } from './archived-state';

/** What a route names: a document, a project, or a group (which may be a team, a course or a group on its own). */
export type SubjectRef = { table: 'documents' | 'projects' | 'groups'; id: string };

/** A thing to archive, restore or delete, as read from storage. */
export interface Subject {
  kind: ArchivedKind;
  id: string;
  name: string;
  /** Its own mark: set when it was archived itself. */
  archivedAt: number | null;
  /** Its own mark and those of what contains it. */
  marks: ArchivedMarks;
  /** The course, or the group on its own, whose audit log tells of it. */
  courseId: string;
}

/** Reads the subject (404 when it is gone). */
export async function readSubject(db: Kysely<Database>, ref: SubjectRef): Promise<Subject> {
  switch (ref.table) {
    case 'documents': {
      const row = await db
        .selectFrom('documents')
        .innerJoin('projects', 'projects.id', 'documents.project_id')
        .innerJoin('groups', 'groups.id', 'projects.group_id')
        .leftJoin('groups as course', 'course.id', 'groups.parent_id')
        .select(['documents.title', 'documents.archived_at as doc', 'projects.archived_at as project', 'groups.archived_at as group', 'course.archived_at as course', 'groups.id as groupId', 'groups.parent_id as parentId'])
        .where('documents.id', '=', ref.id)
        .executeTakeFirst();
      if (!row) throw notFound('This document');
      return { kind: 'document', id: ref.id, name: row.title, archivedAt: num(row.doc), marks: marksOf(row), courseId: row.parentId ?? row.groupId };
    }
    case 'projects': {
      const row = await db
        .selectFrom('projects')
        .innerJoin('groups', 'groups.id', 'projects.group_id')
        .leftJoin('groups as course', 'course.id', 'groups.parent_id')
        .select(['projects.name', 'projects.archived_at as project', 'groups.archived_at as group', 'course.archived_at as course', 'groups.id as groupId', 'groups.parent_id as parentId'])
        .where('projects.id', '=', ref.id)
        .executeTakeFirst();
      if (!row) throw notFound('This project');
      return { kind: 'project', id: ref.id, name: row.name, archivedAt: num(row.project), marks: marksOf(row), courseId: row.parentId ?? row.groupId };
    }
    case 'groups': {
      const row = await db
        .selectFrom('groups')
        .leftJoin('groups as course', 'course.id', 'groups.parent_id')
        .select((eb) => [
          'groups.name',
          'groups.archived_at as group',
          'course.archived_at as course',
          'groups.parent_id as parentId',
          eb.exists(eb.selectFrom('groups as team').select('team.id').where('team.parent_id', '=', ref.id)).as('hasTeams'),
        ])
        .where('groups.id', '=', ref.id)
        .executeTakeFirst();
      if (!row) throw notFound('This group');
      const kind: ArchivedKind = row.parentId !== null ? 'team' : row.hasTeams ? 'course' : 'group';
      return { kind, id: ref.id, name: row.name, archivedAt: num(row.group), marks: marksOf(row), courseId: row.parentId ?? ref.id };
    }
  }
}

/** The documents in a subject: itself, a project's, or every document of a group and its teams. */
export function docsIn(db: Kysely<Database>, ref: SubjectRef) {
  const query = db.selectFrom('documents').select('documents.id');
  if (ref.table === 'documents') return query.where('documents.id', '=', ref.id);
  if (ref.table === 'projects') return query.where('documents.project_id', '=', ref.id);
  return query.where('documents.project_id', 'in', db.selectFrom('projects').select('projects.id').where('projects.group_id', 'in', groupAndTeams(db, ref.id)));
}

/** A group's id with its teams' ids, as a subquery. */
export function groupAndTeams(db: Kysely<Database>, groupId: string) {
  return db
    .selectFrom('groups')
    .select('groups.id')
    .where((eb) => eb.or([eb('groups.id', '=', groupId), eb('groups.parent_id', '=', groupId)]));
}

function marksOf(row: { doc?: number | null; project?: number | null; group: number | null; course: number | null }): ArchivedMarks {
  return { doc: num(row.doc), project: num(row.project), group: num(row.group), course: num(row.course) };
}

/** PostgreSQL answers bigint columns as strings. */
function num(value: number | string | null | undefined): number | null {
  return value == null ? null : Number(value);
}
