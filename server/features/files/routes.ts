import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import type { FileResponse } from '../../../shared/schemas/files';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { pathParams } from '../../http/validate';
import { presentFile } from './presenter';
import { readUpload } from './read-upload';

const docPath = z.object({ docId: id });
const filePathParams = z.object({ fileId: id });

/** The upload route's own path: its body may be as large as MAX_UPLOAD_BYTES (the app's general limit leaves it to this one). */
export const fileUploadPath = /^\/api\/docs\/[^/]+\/files$/;

/**
 * Images in documents: uploaded by those who may edit the document, read by
 * those who may read it. A file is never public: its address answers 404 to
 * anyone outside the document's group, like the document itself.
 */
export function fileRoutes({ access, docLocks, files, config }: Pick<Domain, 'access' | 'docLocks' | 'files' | 'config'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/docs/:docId/files', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { group, role } = await access.requireDoc(user.id, docId, 'edit');
    await docLocks.requireWritable(docId, role);
    const bytes = await readUpload(c.req.raw, config.files.maxUploadBytes);
    const row = await files.storeImage({ docId, groupId: group.id, userId: user.id, bytes });
    return c.json({ file: presentFile(row) } satisfies FileResponse, 201);
  });

  route(app, 'GET /api/files/:fileId', async (c) => {
    const { user } = requirePrincipal(c);
    const { fileId } = pathParams(c, filePathParams);
    const row = await files.find(fileId);
    // The document's rights: a non-member gets 404, as for an unknown file, and learns nothing.
    await access.requireDoc(user.id, row.doc_id, 'read');
    const etag = `"${row.sha256}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, max-age=0, must-revalidate');
    c.header('X-Content-Type-Options', 'nosniff');
    // Opened on its own, the file is a picture in a sandbox that runs nothing and loads nothing.
    c.header('Content-Security-Policy', "default-src 'none'; sandbox");
    if (ifNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    c.header('Content-Type', row.media_type);
    c.header('Content-Disposition', 'inline');
    return c.body(await files.bytes(row));
  });

  return app;
}

/** Whether an If-None-Match header names this ETag (a list, `*`, or weak forms). */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}
