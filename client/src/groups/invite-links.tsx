import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { roles, type Role } from '../../../shared/permissions';
import type { Invite } from '../../../shared/schemas/groups';
import { call } from '../api/endpoints';
import { queryKeys, useInvites } from '../api/queries';
import { CopyButton } from '../ui/copy-button';
import { calendarDate } from '../ui/date-formats';
import { InlineError } from '../ui/error-panel';
import { FieldMessage, fieldMessageProps } from '../ui/field-message';
import { Loading } from '../ui/loading';
import { roleName } from '../ui/role-badge';
import './invite-links.css';

/** What a link's role lets its holder do, under the role picker: the options themselves stay one word each. */
const roleHints: Record<Role, string> = {
  instructor: 'Instructors manage members and everything else.',
  member: 'Members write and give feedback.',
  reviewer: 'Reviewers read and give feedback; they cannot edit.',
};

export function inviteUrl(code: string): string {
  return `${window.location.origin}/invite/${code}`;
}

/**
 * Whether a link still lets someone join: `used` once a link for a number
 * of people has been used that many times, `expired` after its date.
 * Revoked links are not listed.
 */
export type InviteState = 'live' | 'used' | 'expired' | 'revoked';

export function inviteState(invite: Invite, now = Date.now()): InviteState {
  if (invite.revoked) return 'revoked';
  if (invite.expiresAt <= now) return 'expired';
  if (invite.maxUses != null && invite.uses >= invite.maxUses) return 'used';
  return 'live';
}

const newestFirst = (a: Invite, b: Invite) => b.createdAt - a.createdAt;

/**
 * Invite links per role for instructors: create, copy, revoke. Live links
 * come first, newest first, each with its address to copy; links that no
 * longer let anyone in (used up, expired) follow, greyed and labelled, with
 * no address to copy, so the link a teacher copies always works.
 */
export function InviteLinks({ groupId }: { groupId: string }) {
  const invites = useInvites(groupId, true);
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>('member');
  const [single, setSingle] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.invites(groupId) });
  const create = useMutation({
    mutationFn: (chosen: { role: Role; maxUses: number | null }) => call('POST /api/groups/:groupId/invites', { params: { groupId }, body: chosen }),
    onSettled: refresh,
  });
  const revoke = useMutation({ mutationFn: (code: string) => call('DELETE /api/groups/:groupId/invites/:code', { params: { groupId, code } }), onSettled: refresh });
  const now = Date.now();
  const listed = invites.data?.invites.map((invite) => ({ invite, state: inviteState(invite, now) })) ?? [];
  const live = listed.filter(({ state }) => state === 'live').map(({ invite }) => invite).sort(newestFirst);
  const spent = listed.filter(({ state }) => state === 'used' || state === 'expired').sort((a, b) => newestFirst(a.invite, b.invite));

  return (
    <section className="panel" aria-labelledby="invites-title">
      <h2 id="invites-title">Invite links</h2>
      <p className="muted">Anyone with a link can join with its role until it expires, is used up or you revoke it.</p>
      <form
        className="invite-create"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ role, maxUses: single ? 1 : null });
        }}
      >
        <label htmlFor="invite-role">Role for new link</label>
        <select id="invite-role" value={role} {...fieldMessageProps('invite-role', undefined, roleHints[role])} onChange={(event) => setRole(event.target.value as Role)}>
          {roles.map((option) => (
            <option key={option} value={option}>
              {roleName(option)}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={single} onChange={(event) => setSingle(event.target.checked)} />
          For one person only
        </label>
        <button type="submit" className="button primary small" disabled={create.isPending}>
          Create link
        </button>
        <FieldMessage id="invite-role" hint={roleHints[role]} />
      </form>
      <InlineError error={create.error ?? revoke.error} />
      {invites.isPending && <Loading label="Loading invite links…" />}
      {invites.isError && <InlineError error={invites.error} />}
      {invites.data && live.length === 0 && <p className="muted small">No active links: create one above.</p>}
      <ul className="invite-list">
        {live.map((invite) => (
          <InviteRow key={invite.code} invite={invite} onRevoke={() => revoke.mutate(invite.code)} />
        ))}
        {spent.map(({ invite, state }) => (
          <SpentInviteRow key={invite.code} invite={invite} state={state as 'used' | 'expired'} onRemove={() => revoke.mutate(invite.code)} />
        ))}
      </ul>
    </section>
  );
}

const usesOf = (invite: Invite) => (invite.maxUses == null ? `${invite.uses} joined` : `${invite.uses} of ${invite.maxUses} used`);

function InviteRow({ invite, onRevoke }: { invite: Invite; onRevoke: () => void }) {
  const url = inviteUrl(invite.code);
  return (
    <li className="invite" data-role={invite.role} data-state="live">
      <div className="invite-info">
        <span className={`role-badge role-${invite.role}`}>{roleName(invite.role)}</span>
        <input className="invite-url" readOnly value={url} aria-label={`${roleName(invite.role)} invite link`} onFocus={(event) => event.target.select()} />
        <span className="muted small">
          Expires {calendarDate().format(invite.expiresAt)} · {invite.maxUses === 1 ? 'for one person' : usesOf(invite)}
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

const spentWords = { used: 'Used', expired: 'Expired' } as const;

/** A link that no longer lets anyone in: what it was, why it stopped, and no address to copy. */
function SpentInviteRow({ invite, state, onRemove }: { invite: Invite; state: 'used' | 'expired'; onRemove: () => void }) {
  const label = `${spentWords[state]} ${roleName(invite.role).toLowerCase()} invite link`;
  return (
    <li className="invite is-spent" data-role={invite.role} data-state={state} aria-label={label}>
      <div className="invite-info">
        <span className="invite-badges">
          <span className={`role-badge role-${invite.role}`}>{roleName(invite.role)}</span>
          <span className="invite-state">{spentWords[state]}</span>
        </span>
        <span className="muted small">
          {state === 'used' ? usesOf(invite) : `Expired ${calendarDate().format(invite.expiresAt)} · ${usesOf(invite)}`} · no longer lets anyone join
        </span>
      </div>
      <div className="invite-actions">
        <button type="button" className="button quiet small" onClick={onRemove} aria-label={`Remove ${label.toLowerCase()} from the list`}>
          Remove
        </button>
      </div>
    </li>
  );
}
