import type { Invite, InvitePreview } from '../../../shared/schemas/groups';
import type { InviteRow } from '../../db/schema';
import type { InvitePreviewRow } from './service';

export function presentInvite(invite: InviteRow): Invite {
  return {
    code: invite.code,
    groupId: invite.group_id,
    role: invite.role,
    createdAt: invite.created_at,
    expiresAt: invite.expires_at,
    maxUses: invite.max_uses,
    uses: invite.uses,
    revoked: invite.revoked_at !== null,
  };
}

/** Only what the invite page needs: not who made it, nor how often it was used. */
export function presentInvitePreview({ invite, group, usable }: InvitePreviewRow): InvitePreview {
  return { group: { id: group.id, name: group.name }, role: invite.role, expiresAt: invite.expires_at, usable };
}
