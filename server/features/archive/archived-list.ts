import type { Kysely } from 'kysely';
import { archiveKeepMs, type ArchivedItem, type ArchivedKind } from '../../../shared/schemas/archive';
import type { Database } from '../../db/schema';
import { groupAndTeams } from './subjects';

/** Whose name an archived thing shows as its archiver: the account's, or "Former member" once deleted. */
export const formerMember = 'Former member';

interface Marked {
  id: string;
  name: string;
  within: string | null;
  archivedAt: number;
  by: string | null;
  byDeleted: number | null;
}

/**
 * What is archived in a group: the group itself, its teams, and the
 * projects and documents of either, each that was archived itself (what
 * went with a course or project is not listed apart: restoring that brings
 * it back). Newest first.
 */
export async function archivedIn(db: Kysely<Database>, groupId: string): Promise<ArchivedItem[]> {
  const groups = await db
    .selectFrom('groups')
    .leftJoin('users', 'users.id', 'groups.archived_by')
    .select((eb) => [
      'groups.id',
      'groups.name',
      'groups.parent_id as parentId',
      'groups.archived_at as archivedAt',
      'users.name as by',
      'users.deleted_at as byDeleted',
      eb.exists(eb.selectFrom('groups as team').select('team.id').whereRef('team.parent_id', '=', 'groups.id')).as('hasTeams'),
    ])
    .where('groups.id', 'in', groupAndTeams(db, groupId))
    .where('groups.archived_at', 'is not', null)
    .execute();
  const projects = await db
    .selectFrom('projects')
    .innerJoin('groups', 'groups.id', 'projects.group_id')
    .leftJoin('users', 'users.id', 'projects.archived_by')
    .select(['projects.id', 'projects.name', 'groups.name as within', 'projects.archived_at as archivedAt', 'users.name as by', 'users.deleted_at as byDeleted'])
    .where('projects.group_id', 'in', groupAndTeams(db, groupId))
    .where('projects.archived_at', 'is not', null)
    .execute();
  const docs = await db
    .selectFrom('documents')
    .innerJoin('projects', 'projects.id', 'documents.project_id')
    .leftJoin('users', 'users.id', 'documents.archived_by')
    .select(['documents.id', 'documents.title as name', 'projects.name as within', 'documents.archived_at as archivedAt', 'users.name as by', 'users.deleted_at as byDeleted'])
    .where('projects.group_id', 'in', groupAndTeams(db, groupId))
    .where('documents.archived_at', 'is not', null)
    .execute();
  const items = [
    ...groups.map((row) => item(row.parentId ? 'team' : row.hasTeams ? 'course' : 'group', { ...row, within: null } as Marked)),
    ...projects.map((row) => item('project', row as Marked)),
    ...docs.map((row) => item('document', row as Marked)),
  ];
  return items.sort((a, b) => b.archivedAt - a.archivedAt || a.id.localeCompare(b.id));
}

/** The archived groups and courses `userId` is an instructor of (not through a course: those are in the course's list). */
export async function archivedGroupsOf(db: Kysely<Database>, userId: string): Promise<ArchivedItem[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('groups', 'groups.id', 'memberships.group_id')
    .leftJoin('users', 'users.id', 'groups.archived_by')
    .select((eb) => [
      'groups.id',
      'groups.name',
      'groups.archived_at as archivedAt',
      'users.name as by',
      'users.deleted_at as byDeleted',
      eb.exists(eb.selectFrom('groups as team').select('team.id').whereRef('team.parent_id', '=', 'groups.id')).as('hasTeams'),
    ])
    .where('memberships.user_id', '=', userId)
    .where('memberships.role', '=', 'instructor')
    .where('memberships.inherited_from', 'is', null)
    .where('groups.parent_id', 'is', null)
    .where('groups.archived_at', 'is not', null)
    .orderBy('groups.archived_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => item(row.hasTeams ? 'course' : 'group', { ...row, within: null } as Marked));
}

function item(kind: ArchivedKind, row: Marked): ArchivedItem {
  const archivedAt = Number(row.archivedAt);
  return {
    kind,
    id: row.id,
    name: row.name,
    within: row.within,
    archivedAt,
    archivedBy: row.by === null || row.byDeleted != null ? formerMember : row.by,
    deletesAt: archivedAt + archiveKeepMs,
  };
}
