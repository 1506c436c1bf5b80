import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import { tagBody, type TagResponse, type TagsResponse } from '../../../shared/schemas/threads';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { jsonBody, pathParams } from '../../http/validate';
import { route } from '../../http/route';
import { presentTag } from './presenter';

const groupPath = z.object({ groupId: id });
const tagPath = z.object({ groupId: id, tagId: id });

/** A group's annotation tags: every member reads them, instructors (manageTags) change them. */
export function tagRoutes({ access, tags }: Pick<Domain, 'access' | 'tags'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/groups/:groupId/tags', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'read');
    const rows = await tags.list(groupId);
    return c.json({ tags: rows.map(presentTag) } satisfies TagsResponse);
  });

  route(app, 'POST /api/groups/:groupId/tags', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'manageTags');
    const { name } = await jsonBody(c, tagBody);
    const tag = await tags.create(groupId, user.id, name);
    return c.json({ tag: presentTag(tag) } satisfies TagResponse, 201);
  });

  route(app, 'PATCH /api/groups/:groupId/tags/:tagId', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId, tagId } = pathParams(c, tagPath);
    await access.requireGroup(user.id, groupId, 'manageTags');
    const { name } = await jsonBody(c, tagBody);
    const tag = await tags.rename(groupId, tagId, name);
    return c.json({ tag: presentTag(tag) } satisfies TagResponse);
  });

  route(app, 'DELETE /api/groups/:groupId/tags/:tagId', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId, tagId } = pathParams(c, tagPath);
    await access.requireGroup(user.id, groupId, 'manageTags');
    await tags.archive(groupId, tagId);
    return c.body(null, 204);
  });

  return app;
}
