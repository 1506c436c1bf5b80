import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import { type CreatedDocResponse, importDocQuery } from '../../../shared/schemas/projects';
import type { Domain } from '../../domain';
import { AppError } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { pathParams, query } from '../../http/validate';
import { presentDoc } from '../docs/presenter';
import { readUpload } from '../files/read-upload';

const projectPath = z.object({ projectId: id });

/** The import route's own path: its body may be as large as MAX_UPLOAD_BYTES (the app's general limit leaves it to this one). */
export const docImportPath = /^\/api\/projects\/[^/]+\/docs\/import$/;

/**
 * A Word file's types as browsers send them. Either needs a preflight from
 * another site, so a cross-site page cannot post a file here unseen.
 */
const wordTypes = /^(application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document|application\/octet-stream)\s*(;|$)/i;

/** Starting a document from a Word file (whoever may create documents in the project). */
export function importRoutes({ access, imports, config }: Pick<Domain, 'access' | 'imports' | 'config'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/projects/:projectId/docs/import', async (c) => {
    const { user } = requirePrincipal(c);
    const { projectId } = pathParams(c, projectPath);
    const { project } = await access.requireProject(user.id, projectId, 'createContent');
    const { title } = query(c, importDocQuery);
    if (!wordTypes.test(c.req.header('content-type') ?? '')) {
      throw new AppError('unsupported_media_type', 'Send the Word file (.docx) as it is, with its Content-Type.');
    }
    const bytes = await readUpload(c.req.raw, config.files.maxUploadBytes);
    const doc = await imports.importDocx(project, user.id, title ?? 'Imported document', bytes);
    return c.json({ doc: presentDoc(doc) } satisfies CreatedDocResponse, 201);
  });

  return app;
}
