import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type { ApiErrorBody } from '../../shared/api-error';
import { AppError } from '../errors';
import type { AppEnv } from './env';
import { loggedPath } from './request-log';

/** The one place where errors become `{error: {code, message}}` responses. */
export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    const error = toAppError(err);
    if (error.status >= 500) logger.error({ err, path: loggedPath(c.req.path) }, 'request failed');
    const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details.fields) body.error.fields = error.details.fields;
    if (error.details.retryAfterSeconds !== undefined) {
      c.header('Retry-After', String(error.details.retryAfterSeconds));
    }
    // The rest of a refused body is still on its way: reading it out would
    // spend what the limit saves, and leaving it would make the client's next
    // request on this connection start in the middle of it. Closing is what
    // RFC 9110 (15.5.14) allows.
    if (error.code === 'payload_too_large') c.header('Connection', 'close');
    return c.json(body, error.status as 400);
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}.` } }, 404);

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('payload_too_large', 'The request body is too large.');
    if (err.status < 500) return new AppError('bad_request', err.message || 'Bad request.');
  }
  return new AppError('internal', 'Something went wrong on our side. Try again.');
}
