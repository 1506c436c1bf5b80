import { Hono } from 'hono';
import { z } from 'zod';
import { id } from '../../../shared/schemas/common';
import { createRubricBody, rubricFile, type RubricFile, type RubricResponse, type RubricsResponse, updateRubricBody } from '../../../shared/schemas/rubrics';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { jsonBody, pathParams } from '../../http/validate';
import { presentRubric } from './presenter';

const coursePath = z.object({ courseId: id });
const rubricPath = z.object({ rubricId: id });

/**
 * A course's rubrics, for its instructors only (rubrics.ts): made, listed,
 * read, changed, deleted, exported as a JSON file and imported from one.
 * An import is validated whole before anything is stored: a file that is
 * not JSON, or not a rubric file, is a 400 naming the problem.
 */
export function rubricRoutes({ rubrics }: Pick<Domain, 'rubrics'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'POST /api/groups/:courseId/rubrics', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    // Who may make one first, so that a learner's request is refused as such, whatever its body.
    await rubrics.requireCourse(user.id, courseId);
    const definition = await jsonBody(c, createRubricBody);
    const made = await rubrics.create(user.id, courseId, definition);
    return c.json({ rubric: presentRubric(made) } satisfies RubricResponse, 201);
  });

  route(app, 'GET /api/groups/:courseId/rubrics', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    const rows = await rubrics.list(user.id, courseId);
    return c.json({ rubrics: rows.map(presentRubric) } satisfies RubricsResponse);
  });

  route(app, 'POST /api/groups/:courseId/rubrics/import', async (c) => {
    const { user } = requirePrincipal(c);
    const { courseId } = pathParams(c, coursePath);
    // Who may make one first, so that a learner's request is refused as such, whatever its body.
    await rubrics.requireCourse(user.id, courseId);
    const file = await jsonBody(c, rubricFile);
    const made = await rubrics.importFile(user.id, courseId, file);
    return c.json({ rubric: presentRubric(made) } satisfies RubricResponse, 201);
  });

  route(app, 'GET /api/rubrics/:rubricId', async (c) => {
    const { user } = requirePrincipal(c);
    const { rubricId } = pathParams(c, rubricPath);
    return c.json({ rubric: presentRubric(await rubrics.get(user.id, rubricId)) } satisfies RubricResponse);
  });

  route(app, 'PATCH /api/rubrics/:rubricId', async (c) => {
    const { user } = requirePrincipal(c);
    const { rubricId } = pathParams(c, rubricPath);
    // Who may change it first, so that a learner's request is refused as such, whatever its body.
    await rubrics.get(user.id, rubricId);
    const edit = await jsonBody(c, updateRubricBody);
    return c.json({ rubric: presentRubric(await rubrics.update(user.id, rubricId, edit)) } satisfies RubricResponse);
  });

  route(app, 'DELETE /api/rubrics/:rubricId', async (c) => {
    const { user } = requirePrincipal(c);
    const { rubricId } = pathParams(c, rubricPath);
    await rubrics.remove(user.id, rubricId);
    return c.body(null, 204);
  });

  route(app, 'GET /api/rubrics/:rubricId/export', async (c) => {
    const { user } = requirePrincipal(c);
    const { rubricId } = pathParams(c, rubricPath);
    const file = await rubrics.exportFile(user.id, rubricId);
    return c.json(file satisfies RubricFile, 200, { 'content-disposition': `attachment; filename="${fileName(file.rubric.title)}"` });
  });

  return app;
}

/** A plain file name from the rubric's title: letters and digits of ASCII, the rest as dashes. */
function fileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return `rubric-${slug || 'untitled'}.json`;
}
