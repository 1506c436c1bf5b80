import { Hono } from 'hono';
import { z } from 'zod';
import { id, pageQuery } from '../../../shared/schemas/common';
import type { ArchivedListResponse, ArchiveStateResponse, AuditLogResponse } from '../../../shared/schemas/archive';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import { readAuditLog } from '../audit/audit-read';
import { archivedGroupsOf, archivedIn } from './archived-list';

const docPath = z.object({ docId: id });
const projectPath = z.object({ projectId: id });
const groupPath = z.object({ groupId: id });

/**
 * Archive, restore and delete for good; what is archived; a course's audit
 * log. Each asks the permission table for `archive` (or `readAuditLog`) in
 * the thing's group: 404 outside it, 403 for its other members. A team's
 * instructors are its course's, so a course's instructors manage its teams.
 */
export function archiveRoutes({ access, archive, store }: Pick<Domain, 'access' | 'archive' | 'store'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/docs/:docId/archive', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    await access.requireDoc(user.id, docId, 'archive');
    return c.json((await archive.archive({ table: 'documents', id: docId }, user.id)) satisfies ArchiveStateResponse);
  });

  route(app, 'POST /api/docs/:docId/restore', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    await access.requireDoc(user.id, docId, 'archive');
    return c.json((await archive.restore({ table: 'documents', id: docId }, user.id)) satisfies ArchiveStateResponse);
  });

  route(app, 'DELETE /api/docs/:docId', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    await access.requireDoc(user.id, docId, 'archive');
    await archive.deleteNow({ table: 'documents', id: docId }, user.id);
    return c.body(null, 204);
  });

  route(app, 'POST /api/projects/:projectId/archive', async (c) => {
    const { user } = requirePrincipal(c);
    const { projectId } = pathParams(c, projectPath);
    await access.requireProject(user.id, projectId, 'archive');
    return c.json((await archive.archive({ table: 'projects', id: projectId }, user.id)) satisfies ArchiveStateResponse);
  });

  route(app, 'POST /api/projects/:projectId/restore', async (c) => {
    const { user } = requirePrincipal(c);
    const { projectId } = pathParams(c, projectPath);
    await access.requireProject(user.id, projectId, 'archive');
    return c.json((await archive.restore({ table: 'projects', id: projectId }, user.id)) satisfies ArchiveStateResponse);
  });

  route(app, 'DELETE /api/projects/:projectId', async (c) => {
    const { user } = requirePrincipal(c);
    const { projectId } = pathParams(c, projectPath);
    await access.requireProject(user.id, projectId, 'archive');
    await archive.deleteNow({ table: 'projects', id: projectId }, user.id);
    return c.body(null, 204);
  });

  route(app, 'POST /api/groups/:groupId/archive', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'archive');
    return c.json((await archive.archive({ table: 'groups', id: groupId }, user.id)) satisfies ArchiveStateResponse);
  });

  route(app, 'POST /api/groups/:groupId/restore', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'archive');
    return c.json((await archive.restore({ table: 'groups', id: groupId }, user.id)) satisfies ArchiveStateResponse);
  });

  route(app, 'DELETE /api/groups/:groupId', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'archive');
    await archive.deleteNow({ table: 'groups', id: groupId }, user.id);
    return c.body(null, 204);
  });

  route(app, 'GET /api/groups/:groupId/archived', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'archive');
    return c.json({ items: await archivedIn(store.db, groupId) } satisfies ArchivedListResponse);
  });

  route(app, 'GET /api/archived-groups', async (c) => {
    const { user } = requirePrincipal(c);
    return c.json({ items: await archivedGroupsOf(store.db, user.id) } satisfies ArchivedListResponse);
  });

  // A team's log is its course's: the entries of a team are kept under the course.
  route(app, 'GET /api/groups/:groupId/audit', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    await access.requireGroup(user.id, groupId, 'readAuditLog');
    const courseId = (await store.db.selectFrom('groups').select('parent_id').where('id', '=', groupId).executeTakeFirst())?.parent_id ?? groupId;
    if (courseId !== groupId) await access.requireGroup(user.id, courseId, 'readAuditLog', 'This course');
    const page = await readAuditLog(store.db, courseId, query(c, pageQuery));
    return c.json({ entries: page.items, nextCursor: page.nextCursor } satisfies AuditLogResponse);
  });

  return app;
}
