import type { GroupForMember, Member } from '../../../shared/schemas/groups';
import { can, groupCan, type Role } from '../../../shared/permissions';
import type { GroupRow } from '../../db/schema';
import { presentUser } from '../auth/presenter';
import type { MemberRow } from './service';

/** A group as one of its members sees it: with that member's own role and what it lets them do. */
export function presentGroup(group: Pick<GroupRow, 'id' | 'name' | 'created_at'>, role: Role): GroupForMember {
  return { id: group.id, name: group.name, createdAt: group.created_at, role, can: groupCan(role) };
}

export function presentMember(member: MemberRow): Member {
  return {
    user: presentUser({ id: member.userId, email: member.email, name: member.name }),
    role: member.role,
    joinedAt: member.joinedAt,
    readsPrivateFeedback: can(member.role, 'readPrivateFeedback'),
  };
}
