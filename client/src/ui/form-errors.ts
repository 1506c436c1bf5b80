import type { z } from 'zod';
import { ApiError } from '../api/api-error';

export type FieldErrors = Partial<Record<string, string>>;

/** The first problem of each field of a failed zod parse, keyed by field name. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Field errors the server sent (validation_failed, email_taken …), by field name. */
export function serverFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return {};
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(error.fields)) {
    const field = path.split('.')[0] ?? path;
    errors[field] ??= message;
  }
  if (error.code === 'email_taken') errors.email ??= error.message;
  return errors;
}
