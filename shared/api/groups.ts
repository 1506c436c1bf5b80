import { pageQuery } from '../schemas/common';
import * as groups from '../schemas/groups';
import * as projects from '../schemas/projects';
import type { RouteTable } from './route-table';

/** Groups, their members, and the invites that let people join. */
export const groupsApi = {
  'POST /api/groups': { summary: 'Create a group; the creator is its instructor', body: groups.createGroupBody, response: groups.groupResponse, status: 201 },
  'POST /api/team-projects': { summary: 'Start a team project: a group (the creator its instructor), a project and a document, in one step', body: projects.startTeamProjectBody, response: projects.teamProjectResponse, status: 201 },
  'GET /api/groups': { summary: "The caller's groups with their role", query: pageQuery, response: groups.groupsResponse },
  'GET /api/groups/:groupId': { summary: 'One group with the caller’s role', response: groups.groupResponse },
  'GET /api/groups/:groupId/members': { summary: 'Members and their roles', query: pageQuery, response: groups.membersResponse },
  'PATCH /api/groups/:groupId/members/:userId': { summary: 'Change a member’s role', body: groups.changeRoleBody, response: groups.memberResponse },
  'DELETE /api/groups/:groupId/members/:userId': { summary: 'Remove a member, or leave', status: 204 },
  'POST /api/groups/:groupId/invites': { summary: 'Create an invite code for a role', body: groups.createInviteBody, response: groups.inviteResponse, status: 201 },
  'GET /api/groups/:groupId/invites': { summary: 'The group’s invites', query: pageQuery, response: groups.invitesResponse },
  'DELETE /api/groups/:groupId/invites/:code': { summary: 'Revoke an invite', status: 204 },
  'POST /api/groups/:groupId/invites/email': { summary: 'Invite by email: adds an existing account, else waits for that address to sign up', body: groups.emailInviteBody, response: groups.emailInviteResponse },
  'GET /api/invites/:code': { summary: 'What an invite leads to', response: groups.invitePreviewResponse },
  'POST /api/invites/:code/accept': { summary: 'Join the group with the invite’s role', response: groups.groupResponse },
} as const satisfies RouteTable;
