import type { z } from 'zod';
import { AppError, badRequest, notFound } from '../errors';
import type { AppContext } from './env';

/** Turns zod issues into `{ "path.to.field": "message" }` for forms. */
function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = fieldsOf(parsed.error);
    const first = Object.entries(fields)[0];
    const summary = first ? `${first[0] === '_' ? what : first[0]}: ${first[1]}` : 'invalid';
    throw badRequest(`Invalid ${what}. ${summary}`, fields);
  }
  return parsed.data;
}

/**
 * Reads and validates a JSON body. Bodies must be declared JSON: a form or
 * text/plain post (which a cross-site page can send without a preflight) is
 * refused before it is parsed.
 */
export async function jsonBody<S extends z.ZodType>(c: AppContext, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError('bad_request', 'Send the body as JSON (Content-Type: application/json).');
  }
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    throw new AppError('bad_request', 'The body is not valid JSON.');
  }
  return check(schema, value, 'body');
}

export function params<S extends z.ZodType>(c: AppContext, schema: S): z.output<S> {
  return check(schema, c.req.param(), 'path');
}

export function query<S extends z.ZodType>(c: AppContext, schema: S): z.output<S> {
  return check(schema, c.req.query(), 'query');
}

/**
 * Path parameters that name things (ids, invite codes). One that is not
 * well-formed names nothing we hold, so it is a 404 like any unknown id: a
 * 400 would tell a prober which shapes are real and which merely hidden.
 */
export function pathParams<S extends z.ZodType>(c: AppContext, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw notFound();
  return parsed.data;
}
