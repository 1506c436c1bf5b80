import { z } from 'zod';

/**
 * Every error the API answers with, by code. The server maps each to its HTTP
 * status in one place; the client switches on the code, never on the text.
 */
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  /** A password reset link that was used, has expired, never existed or whose account is gone. */
  reset_link_invalid: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cross_site_request: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  invite_expired: 410,
  payload_too_large: 413,
  /** An upload whose content is not a kind accepted there (an image that is not PNG, JPEG, GIF or WebP). */
  unsupported_media_type: 415,
  /** A file of the right kind that could not be read (a Word file too complex to convert in time or memory). */
  unreadable_file: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const apiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Field-level problems, keyed by dotted path, for forms. */
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;
