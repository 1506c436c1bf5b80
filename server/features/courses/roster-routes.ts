import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import {
  autoTeamsBody,
  rosterContentType,
  rosterImportQuery,
  rosterLimits,
  type AutoTeamsResponse,
  type RosterRefusal,
  type RosterReport,
} from '../../../shared/schemas/roster';
import type { Domain } from '../../domain';
import { AppError } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams, query } from '../../http/validate';

const coursePath = z.object({ courseId: id });

/** The roster route's own path: its body may be bigger than others' (the app's general limit leaves it to this one). */
export const rosterImportPath = /^\/api\/groups\/[^/]+\/roster$/;

/** Importing a roster and forming teams automatically (the course's instructors). */
export function rosterRoutes({ access, roster, autoTeams }: Pick<Domain, 'access' | 'roster' | 'autoTeams'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(
    '/api/groups/:courseId/roster',
    bodyLimit({
      maxSize: rosterLimits.maxBytes,
      onError: () => {
        throw new AppError('payload_too_large', `A roster file is at most ${rosterLimits.maxBytes / 1024 / 1024} MB; split it.`);
      },
    }),
  );

  route(app, 'POST /api/groups/:courseId/roster', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    const { confirm } = query(c, rosterImportQuery);
    // The file's bytes as they are, so that their encoding is checked here
    // rather than guessed; text/csv also needs a preflight from another site.
    const type = c.req.header('content-type') ?? '';
    if (!/^text\/csv\s*(;|$)/i.test(type)) {
      throw new AppError('bad_request', `Send the roster file as it is, with Content-Type: ${rosterContentType}.`);
    }
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (!confirm) return c.json((await roster.preview(courseId, bytes)) satisfies RosterReport);
    const report = await roster.apply(courseId, user.id, bytes);
    if (report.applied) return c.json(report satisfies RosterReport);
    const refusal: RosterRefusal = {
      error: { code: 'validation_failed', message: `Nothing was imported: the roster has ${report.summary.errors} error(s). Fix them and send it again.` },
      report,
    };
    // A refusal carries the report beside the error, so the page can show every row's problem.
    return c.json(refusal, 400) as unknown as ReturnType<typeof c.json<RosterReport>>;
  });

  route(app, 'POST /api/groups/:courseId/teams/auto', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    await access.requireGroup(user.id, courseId, 'manageMembers', 'This course');
    const body = await jsonBody(c, autoTeamsBody);
    return c.json((await autoTeams.form(courseId, user.id, body)) satisfies AutoTeamsResponse);
  });

  return app;
}
