import type { ErrorCode } from '../shared/api-error';
import { errorStatus } from '../shared/api-error';

/**
 * The one error type of the server. Domain code throws it; the HTTP layer maps
 * it to `{error: {code, message}}` with its status in one place (http/errors).
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.status = errorStatus[code];
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError('validation_failed', message, fields ? { fields } : {});
export const unauthenticated = (message = 'Sign in first.') => new AppError('unauthenticated', message);
export const forbidden = (message = 'Your role does not allow this.') => new AppError('forbidden', message);
export const notFound = (what = 'That') => new AppError('not_found', `${what} does not exist or is not shared with you.`);
export const conflict = (message: string) => new AppError('conflict', message);
