import { Hono } from 'hono';
import { z } from 'zod';
import { id, pageQuery } from '../../../shared/schemas/common';
import {
  createDocBody,
  type CreatedDocResponse,
  type DocResponse,
  type DocsResponse,
  renameDocBody,
} from '../../../shared/schemas/projects';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { jsonBody, pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import { presentDoc, presentDocWithContext } from './presenter';

const projectPath = z.object({ projectId: id });
const docPath = z.object({ docId: id });

/** A project's documents; their content syncs over /ws. */
export function docRoutes({ access, docs, docLocks, archive }: Pick<Domain, 'access' | 'docs' | 'docLocks' | 'archive'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/projects/:projectId/docs', async (c) => {
    const { user } = requirePrincipal(c);
    const { projectId } = pathParams(c, projectPath);
    await access.requireProject(user.id, projectId, 'createContent');
    const { title } = await jsonBody(c, createDocBody);
    const doc = await docs.create(projectId, user.id, title);
    return c.json({ doc: presentDoc(doc) } satisfies CreatedDocResponse, 201);
  });

  route(app, 'GET /api/projects/:projectId/docs', async (c) => {
    const { user } = requirePrincipal(c);
    const { projectId } = pathParams(c, projectPath);
    await access.requireProject(user.id, projectId, 'read');
    const page = await docs.list(projectId, query(c, pageQuery));
    return c.json({ docs: page.items.map(presentDoc), nextCursor: page.nextCursor } satisfies DocsResponse);
  });

  route(app, 'GET /api/docs/:docId', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const found = await access.requireDoc(user.id, docId, 'read');
    const lock = await docLocks.of(docId, found.role);
    return c.json({ doc: presentDocWithContext(found, lock, await archive.docArchivedAt(found)) } satisfies DocResponse);
  });

  route(app, 'PATCH /api/docs/:docId', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const found = await access.requireDoc(user.id, docId, 'createContent');
    const { title } = await jsonBody(c, renameDocBody);
    const doc = await docs.rename(found.doc, title);
    const lock = await docLocks.of(docId, found.role);
    return c.json({ doc: presentDocWithContext({ ...found, doc }, lock) } satisfies DocResponse);
  });

  return app;
}
