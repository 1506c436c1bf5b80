import { Hono } from 'hono';
import { z } from 'zod';
import { can } from '../../../shared/permissions';
import { id } from '../../../shared/schemas/common';
import { exportQuery } from '../../../shared/schemas/history';
import type { Domain } from '../../domain';
import { badRequest, forbidden } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { pathParams, query } from '../../http/validate';
import { route } from '../../http/route';

const docPath = z.object({ docId: id });

/**
 * GET /api/docs/:docId/export?format=md|html&appendix=1: the document as Markdown or printable HTML.
 * Whoever may read the document may export it; the contribution appendix is
 * contribution data, for those who may see contribution reports.
 */
export function exportRoutes({ access, exports }: Pick<Domain, 'access' | 'exports'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/docs/:docId/export', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { doc, role } = await access.requireDoc(user.id, docId, 'read');
    const { format, appendix } = query(c, exportQuery);
    if (appendix && !can(role, 'viewContributions')) throw forbidden('Your role does not allow the contribution appendix.');
    if (format === 'docx' || format === 'pdf') throw badRequest('Word and PDF export are not available yet.');
    const exported = await exports.render(docId, doc.title, { format, appendix, includePrivateFeedback: can(role, 'readPrivateFeedback') });
    c.header('Content-Type', exported.contentType);
    // HTML opens in the browser to be printed; Markdown is a file to hand in.
    c.header('Content-Disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${exported.filename}"`);
    c.header('Cache-Control', 'no-store');
    return c.body(exported.body);
  });

  return app;
}
