import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { roles, type Role } from '../../../shared/permissions';
import type { Invite } from '../../../shared/schemas/groups';
import { call } from '../api/endpoints';
import { queryKeys, useInvites } from '../api/queries';
import { CopyButton } from '../ui/copy-button';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { roleName } from '../ui/role-badge';

const roleHints: Record<Role, string> = {
  instructor: 'can manage members and everything else',
  member: 'writes and gives feedback',
  reviewer: 'reads and gives feedback, cannot edit',
};

export function inviteUrl(code: string): string {
  return `${window.location.origin}/invite/${code}`;
}

/** Invite links per role for instructors: create, copy, revoke. */
export function InviteLinks({ groupId }: { groupId: string }) {
  const invites = useInvites(groupId, true);
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>('member');
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.invites(groupId) });
  const create = useMutation({ mutationFn: (chosen: Role) => call('POST /api/groups/:groupId/invites', { params: { groupId }, body: { role: chosen } }), onSettled: refresh });
  const revoke = useMutation({ mutationFn: (code: string) => call('DELETE /api/groups/:groupId/invites/:code', { params: { groupId, code } }), onSettled: refresh });
  const live = invites.data?.invites.filter((invite) => !invite.revoked && invite.expiresAt > Date.now()) ?? [];

  return (
    <section className="panel" aria-labelledby="invites-title">
      <h2 id="invites-title">Invite links</h2>
      <p className="muted">Anyone with a link can join with its role until it expires or you revoke it.</p>
      <form
        className="invite-create"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate(role);
        }}
      >
        <label htmlFor="invite-role">Role for new link</label>
        <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {roles.map((option) => (
            <option key={option} value={option}>
              {roleName(option)}: {roleHints[option]}
            </option>
          ))}
        </select>
        <button type="submit" className="button primary small" disabled={create.isPending}>
          Create link
        </button>
      </form>
      <InlineError error={create.error ?? revoke.error} />
      {invites.isPending && <Loading label="Loading invite links…" />}
      {invites.isError && <InlineError error={invites.error} />}
      {invites.data && live.length === 0 && <p className="muted small">No active links.</p>}
      <ul className="invite-list">
        {live.map((invite) => (
          <InviteRow key={invite.code} invite={invite} onRevoke={() => revoke.mutate(invite.code)} />
        ))}
      </ul>
    </section>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function InviteRow({ invite, onRevoke }: { invite: Invite; onRevoke: () => void }) {
  const url = inviteUrl(invite.code);
  const uses = invite.maxUses == null ? `${invite.uses} joined` : `${invite.uses} of ${invite.maxUses} used`;
  return (
    <li className="invite" data-role={invite.role}>
      <div className="invite-info">
        <span className={`role-badge role-${invite.role}`}>{roleName(invite.role)}</span>
        <input className="invite-url" readOnly value={url} aria-label={`${roleName(invite.role)} invite link`} onFocus={(event) => event.target.select()} />
        <span className="muted small">
          Expires {dateFormat.format(invite.expiresAt)} · {uses}
        </span>
      </div>
      <div className="invite-actions">
        <CopyButton text={url} label={`Copy ${roleName(invite.role)} invite link`} />
        <button type="button" className="button quiet small danger" onClick={onRevoke}>
          Revoke
        </button>
      </div>
    </li>
  );
}
