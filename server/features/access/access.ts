import type { Kysely } from 'kysely';
import { can, type Capability, type Role } from '../../../shared/permissions';
import type { Database, DocumentRow, GroupRow, ProjectRow } from '../../db/schema';
import { forbidden, notFound } from '../../errors';
import { groupMarks, refuseArchivedWrite } from '../archive/archived-state';
import { joinedGroupColumns, splitJoinedGroup } from '../groups/joined-group';
import { aliasOf, memberNames, type MemberNames, type Shown } from './member-names';

export interface DocAccess {
  doc: DocumentRow;
  project: ProjectRow;
  group: GroupRow;
  role: Role;
}

/**
 * Who may do what where: a user's role in a group, checked against the one
 * permission table (shared/permissions.ts). Anything the caller cannot see is
 * "not found", so existence is never revealed to non-members; a member whose
 * role lacks the capability gets "forbidden".
 */
export class Access {
  constructor(private readonly db: Kysely<Database>) {}

  async roleIn(userId: string, groupId: string): Promise<Role | null> {
    const row = await this.db
      .selectFrom('memberships')
      .select('role')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.role ?? null;
  }

  /** How `viewerId` sees the people of the group: aliases hidden as member-names.ts says. */
  names(groupId: string, viewerId: string): Promise<MemberNames> {
    return memberNames(this.db, groupId, viewerId);
  }

  /** How `userId` is shown to the whole group when they have an alias there; null: by their own name. */
  aliasIn(groupId: string, userId: string): Promise<Shown | null> {
    return aliasOf(this.db, groupId, userId);
  }

  /** The caller's role in the group, once it is known to allow `capability`. */
  async requireGroup(userId: string, groupId: string, capability: Capability, what = 'This group'): Promise<Role> {
    const role = authorize(await this.roleIn(userId, groupId), capability, what);
    await refuseArchivedWrite(capability, () => groupMarks(this.db, groupId));
    return role;
  }

  async requireProject(userId: string, projectId: string, capability: Capability) {
    const row = await this.db
      .selectFrom('projects')
      .innerJoin('memberships', 'memberships.group_id', 'projects.group_id')
      .selectAll('projects')
      .select('memberships.role')
      .where('projects.id', '=', projectId)
      .where('memberships.user_id', '=', userId)
      .executeTakeFirst();
    const { role, ...project } = row ?? { role: null };
    const allowed = authorize(role, capability, 'This project');
    const found = project as ProjectRow;
    await refuseArchivedWrite(capability, async () => ({ project: found.archived_at, ...(await groupMarks(this.db, found.group_id)) }));
    return { project: found, role: allowed };
  }

  /** The document with its project, group and the caller's role, or 404/403. */
  async requireDoc(userId: string, docId: string, capability: Capability): Promise<DocAccess> {
    const row = await this.db
      .selectFrom('documents')
      .innerJoin('projects', 'projects.id', 'documents.project_id')
      .innerJoin('groups', 'groups.id', 'projects.group_id')
      .innerJoin('memberships', (join) =>
        join.onRef('memberships.group_id', '=', 'groups.id').on('memberships.user_id', '=', userId),
      )
      .select([
        'documents.id as doc_id',
        'documents.project_id as doc_project_id',
        'documents.title as doc_title',
        'documents.created_by as doc_created_by',
        'documents.created_at as doc_created_at',
        'documents.updated_at as doc_updated_at',
        'documents.archived_at as doc_archived_at',
        'documents.archived_by as doc_archived_by',
        'projects.name as project_name',
        'projects.created_by as project_created_by',
        'projects.created_at as project_created_at',
        'projects.archived_at as project_archived_at',
        'projects.archived_by as project_archived_by',
        'groups.id as group_id',
        ...joinedGroupColumns,
        'memberships.role',
      ])
      .where('documents.id', '=', docId)
      .executeTakeFirst();
    const role = authorize(row?.role ?? null, capability, 'This document');
    const { group, rest: r } = splitJoinedGroup(row!);
    await refuseArchivedWrite(capability, async () => ({
      doc: r.doc_archived_at,
      project: r.project_archived_at,
      group: group.archived_at,
      course: (await groupMarks(this.db, r.group_id)).course,
    }));
    return {
      doc: {
        id: r.doc_id,
        project_id: r.doc_project_id,
        title: r.doc_title,
        created_by: r.doc_created_by,
        created_at: r.doc_created_at,
        updated_at: r.doc_updated_at,
        archived_at: r.doc_archived_at,
        archived_by: r.doc_archived_by,
      },
      project: {
        id: r.doc_project_id,
        group_id: r.group_id,
        name: r.project_name,
        created_by: r.project_created_by,
        created_at: r.project_created_at,
        archived_at: r.project_archived_at,
        archived_by: r.project_archived_by,
      },
      group,
      role,
    };
  }
}

/** Not a member: 404 (existence stays hidden). A member without the capability: 403. */
export function authorize(role: Role | null, capability: Capability, what: string): Role {
  if (!role) throw notFound(what);
  if (!can(role, capability)) throw forbidden();
  return role;
}
