import type { Team, TeamWithMembers } from '../../../shared/schemas/courses';
import type { GroupRow } from '../../db/schema';
import { presentUser } from '../auth/presenter';
import type { TeamWithMembersRow } from './teams';

export function presentTeam(team: Pick<GroupRow, 'id' | 'name' | 'parent_id'>): Team {
  return { id: team.id, name: team.name, parentId: team.parent_id! };
}

/** A team with its own members; the course's instructors, in every team, are not listed. */
export function presentTeamWithMembers({ team, members }: TeamWithMembersRow): TeamWithMembers {
  return {
    ...presentTeam(team),
    members: members.map((member) => ({ user: presentUser({ id: member.userId, email: member.email, name: member.name }), role: member.role })),
  };
}
