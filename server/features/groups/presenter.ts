import type { GroupForMember, Member } from '../../../shared/schemas/groups';
import { can, groupCan, type Role } from '../../../shared/permissions';
import type { GroupRow } from '../../db/schema';
import { presentUser } from '../auth/presenter';
import type { MemberRow } from './service';

/** A group as one of its members sees it: with that member's own role and what it lets them do. */
export function presentGroup(group: Pick<GroupRow, 'id' | 'name' | 'created_at'> & Partial<Pick<GroupRow, 'parent_id'>>, role: Role): GroupForMember {
  const presented: GroupForMember = { id: group.id, name: group.name, createdAt: group.created_at, role, can: groupCan(role) };
  // A team names its course, so its page can lead back to it; other groups say nothing of it.
  if (group.parent_id) presented.parentId = group.parent_id;
  return presented;
}

export function presentMember(member: MemberRow): Member {
  return {
    user: presentUser({ id: member.userId, email: member.email, name: member.name }),
    role: member.role,
    joinedAt: member.joinedAt,
    readsPrivateFeedback: can(member.role, 'readPrivateFeedback'),
  };
}
