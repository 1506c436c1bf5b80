import { useMutation, useQueryClient } from '@tanstack/react-query';
import { roles, type Role } from '../../../shared/permissions';
import type { Member } from '../../../shared/schemas/groups';
import { call } from '../api/endpoints';
import { queryKeys, useMembers } from '../api/queries';
import { useUser } from '../auth/session-gate';
import { Avatar } from '../ui/avatar';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { RoleBadge, roleName } from '../ui/role-badge';

/** The members of a group; an instructor may change roles and remove people. */
export function MemberList({ groupId, manages }: { groupId: string; manages: boolean }) {
  const members = useMembers(groupId);
  const me = useUser();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.members(groupId) });
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => call('PATCH /api/groups/:groupId/members/:userId', { params: { groupId, userId }, body: { role } }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => call('DELETE /api/groups/:groupId/members/:userId', { params: { groupId, userId } }),
    onSettled: refresh,
  });

  const confirmRemove = (member: Member) => {
    if (window.confirm(`Remove ${member.user.name} from this group? They lose access to its documents at once.`)) {
      remove.mutate(member.user.id);
    }
  };

  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {members.isPending && <Loading label="Loading members…" />}
      {members.isError && <InlineError error={members.error} />}
      <InlineError error={changeRole.error ?? remove.error} />
      <ul className="member-list">
        {members.data?.members.map((member) => {
          const isMe = member.user.id === me.id;
          return (
            <li key={member.user.id} className="member">
              <Avatar userId={member.user.id} name={member.user.name} />
              <div className="member-name">
                <span>
                  {member.user.name}
                  {isMe && <span className="muted"> (you)</span>}
                </span>
                <span className="muted small">{member.user.email}</span>
              </div>
              {manages && !isMe ? (
                <div className="member-actions">
                  <label className="visually-hidden" htmlFor={`role-${member.user.id}`}>
                    Role of {member.user.name}
                  </label>
                  <select
                    id={`role-${member.user.id}`}
                    value={member.role}
                    disabled={changeRole.isPending}
                    onChange={(event) => changeRole.mutate({ userId: member.user.id, role: event.target.value as Role })}
                  >
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {roleName(role)}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button quiet small danger"
                    onClick={() => confirmRemove(member)}
                    aria-label={`Remove ${member.user.name}`}
                  >
                    Remove
                  </button>
                </div>
              ) : (
                <RoleBadge role={member.role} />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
