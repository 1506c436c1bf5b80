import { Hono } from 'hono';
import { z } from 'zod';
import { can } from '../../../shared/permissions';
import { id } from '../../../shared/schemas/common';
import { exportQuery } from '../../../shared/schemas/history';
import type { Domain } from '../../domain';
import { forbidden } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { pathParams, query } from '../../http/validate';
import { route } from '../../http/route';

const docPath = z.object({ docId: id });

/**
 * GET /api/docs/:docId/export?format=md|html|docx|pdf&appendix=1&comments=1&version=<id>:
 * the document, or one of its versions, as Markdown, printable HTML, Word or
 * PDF. Whoever may read the document may export it; the contribution appendix
 * is contribution data, for those who may see contribution reports; Word
 * comments are the open feedback the reader may see anyway.
 */
export function exportRoutes({ access, exports }: Pick<Domain, 'access' | 'exports'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/docs/:docId/export', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { doc, group, project, role } = await access.requireDoc(user.id, docId, 'read');
    const { format, appendix, comments, version } = query(c, exportQuery);
    if (appendix && !can(role, 'viewContributions')) throw forbidden('Your role does not allow the contribution appendix.');
    const exported = await exports.render(docId, doc.title, {
      format,
      appendix,
      comments,
      version,
      viewer: { userId: user.id, role },
      place: { groupId: group.id, groupName: group.name, projectName: project.name },
    });
    c.header('Content-Type', exported.contentType);
    // HTML opens in the browser to be printed; Markdown, Word and PDF are files to hand in.
    c.header('Content-Disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${exported.filename}"`);
    c.header('Cache-Control', 'no-store');
    return c.body(exported.body);
  });

  return app;
}
