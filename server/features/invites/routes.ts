import { Hono } from 'hono';
import { z } from 'zod';
import { id, pageQuery } from '../../../shared/schemas/common';
import {
  createInviteBody,
  emailInviteBody,
  type EmailInviteResponse,
  type GroupResponse,
  inviteCode,
  type InvitePreviewResponse,
  type InviteResponse,
  type InvitesResponse,
} from '../../../shared/schemas/groups';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { jsonBody, pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import { presentGroup } from '../groups/presenter';
import { presentInvite, presentInvitePreview } from './presenter';

const groupPath = z.object({ groupId: id });
const groupInvitePath = z.object({ groupId: id, code: inviteCode });
const invitePath = z.object({ code: inviteCode });

/** Making, listing and revoking invites (instructors), and joining with one (anyone signed in). */
export function inviteRoutes({ access, invites, emailInvites }: Pick<Domain, 'access' | 'invites' | 'emailInvites'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/groups/:groupId/invites', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'manageMembers');
    const options = await jsonBody(c, createInviteBody);
    const invite = await invites.create(groupId, user.id, options);
    return c.json({ invite: presentInvite(invite) } satisfies InviteResponse, 201);
  });

  route(app, 'GET /api/groups/:groupId/invites', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'manageMembers');
    const page = await invites.list(groupId, query(c, pageQuery));
    return c.json({ invites: page.items.map(presentInvite), nextCursor: page.nextCursor } satisfies InvitesResponse);
  });

  route(app, 'DELETE /api/groups/:groupId/invites/:code', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId, code } = pathParams(c, groupInvitePath);
    await access.requireGroup(user.id, groupId, 'manageMembers');
    await invites.revoke(groupId, code);
    return c.body(null, 204);
  });

  route(app, 'POST /api/groups/:groupId/invites/email', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'manageMembers');
    const { email, role } = await jsonBody(c, emailInviteBody);
    const result = await emailInvites.invite(groupId, user.id, email, role);
    return c.json(result satisfies EmailInviteResponse);
  });

  route(app, 'GET /api/invites/:code', async (c) => {
    requirePrincipal(c);
    const { code } = pathParams(c, invitePath);
    return c.json({ invite: presentInvitePreview(await invites.preview(code)) } satisfies InvitePreviewResponse);
  });

  route(app, 'POST /api/invites/:code/accept', async (c) => {
    const { user } = requirePrincipal(c);
    const { code } = pathParams(c, invitePath);
    const joined = await invites.accept(code, user.id);
    return c.json({ group: presentGroup(joined.group, joined.role) } satisfies GroupResponse);
  });

  return app;
}
