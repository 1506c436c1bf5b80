import { z } from 'zod';
import { roles } from '../permissions';
import { id, timestamp, title } from './common';
import { email, user } from './auth';

export const role = z.enum(roles);

export const createGroupBody = z.strictObject({ name: title(120) });
export type CreateGroupBody = z.infer<typeof createGroupBody>;

export const group = z.object({
  id,
  name: z.string(),
  createdAt: timestamp,
  /** A team's course (courses.ts); absent for a group that is no team. */
  parentId: id.optional(),
});
export type Group = z.infer<typeof group>;

/** What the caller may do in a group, decided on the server (permissions.ts, groupCan). */
export const groupActions = z.object({
  createProjects: z.boolean(),
  manageMembers: z.boolean(),
  manageTags: z.boolean(),
  viewContributions: z.boolean(),
  /** Archive, restore and delete for good what the group holds (its instructors). */
  archive: z.boolean().optional(),
});
export type GroupActions = z.infer<typeof groupActions>;

/** A group as its member sees it: with the caller's own role (to show) and what they may do there. */
export const groupForMember = group.extend({ role, can: groupActions });
export type GroupForMember = z.infer<typeof groupForMember>;

export const groupResponse = z.object({ group: groupForMember });
export type GroupResponse = z.infer<typeof groupResponse>;
export const groupsResponse = z.object({
  groups: z.array(groupForMember),
  nextCursor: z.string().nullable(),
});
export type GroupsResponse = z.infer<typeof groupsResponse>;

export const member = z.object({
  user,
  role,
  joinedAt: timestamp,
  /** Whether they may read feedback for instructors only, so whether it may mention them (permissions.ts). */
  readsPrivateFeedback: z.boolean(),
});
export type Member = z.infer<typeof member>;
export const membersResponse = z.object({
  members: z.array(member),
  nextCursor: z.string().nullable(),
});
export type MembersResponse = z.infer<typeof membersResponse>;
export const memberResponse = z.object({ member });
export type MemberResponse = z.infer<typeof memberResponse>;

export const changeRoleBody = z.strictObject({ role });
export type ChangeRoleBody = z.infer<typeof changeRoleBody>;

export const inviteLimits = { defaultDays: 14, maxDays: 365, maxUses: 10_000 } as const;

export const createInviteBody = z.strictObject({
  role,
  /** Days until the code expires. */
  expiresInDays: z.number().int().min(1).max(inviteLimits.maxDays).default(inviteLimits.defaultDays),
  /** How many people may join with it; unlimited when absent. */
  maxUses: z.number().int().min(1).max(inviteLimits.maxUses).nullable().default(null),
});
export type CreateInviteBody = z.input<typeof createInviteBody>;

export const inviteCode = z.string().regex(/^[a-z2-7]{16,40}$/, 'Not a valid invite code');

export const invite = z.object({
  code: z.string(),
  groupId: id,
  role,
  createdAt: timestamp,
  expiresAt: timestamp,
  maxUses: z.number().nullable(),
  uses: z.number(),
  revoked: z.boolean(),
});
export type Invite = z.infer<typeof invite>;
export const inviteResponse = z.object({ invite });
export type InviteResponse = z.infer<typeof inviteResponse>;
export const invitesResponse = z.object({ invites: z.array(invite), nextCursor: z.string().nullable() });
export type InvitesResponse = z.infer<typeof invitesResponse>;

/** What anyone holding a code may learn before joining. */
export const invitePreview = z.object({
  group: z.object({ id, name: z.string() }),
  role,
  expiresAt: timestamp,
  usable: z.boolean(),
});
export type InvitePreview = z.infer<typeof invitePreview>;
export const invitePreviewResponse = z.object({ invite: invitePreview });
export type InvitePreviewResponse = z.infer<typeof invitePreviewResponse>;

/** An invite by email: the person joins at once if the address has an account, else when it signs up. */
export const emailInviteBody = z.strictObject({ email, role });
export type EmailInviteBody = z.input<typeof emailInviteBody>;

/**
 * What an invite by email did: `added` an account that exists to the group,
 * found them `already-member` (their role unchanged), or left it `pending`
 * until someone signs up with that address. `user` is the account, when one exists.
 */
export const emailInviteOutcome = z.enum(['added', 'already-member', 'pending']);
export type EmailInviteOutcome = z.infer<typeof emailInviteOutcome>;
export const emailInviteResponse = z.object({
  outcome: emailInviteOutcome,
  email: z.string(),
  role,
  user: user.nullable(),
});
export type EmailInviteResponse = z.infer<typeof emailInviteResponse>;
