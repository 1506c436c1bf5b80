import { apiErrorBody } from '../../../shared/api-error';

/**
 * Codes the client adds to the server's own (shared/api-error.ts) for failures
 * that never reach the API: no network, a proxy or server that answers with
 * something other than our JSON, or an answer that breaks the contract.
 */
export type ClientErrorCode = 'network' | 'unavailable' | 'bad_response';

/** Every failed API call rejects with this; the UI switches on `code`/`status`. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    /** HTTP status, or 0 when there was no response at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field-level problems for forms, keyed by field name. */
    readonly fields: Readonly<Record<string, string>> = {},
    /** Seconds the server asked us to wait (429), when it said. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }

  get isNetwork(): boolean {
    return this.code === 'network';
  }
}

/** Turns a non-2xx response into an ApiError, whatever its body looks like. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get('retry-after');
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : null;
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON: a proxy page, an empty body. Judge by the status below.
  }
  const parsed = apiErrorBody.safeParse(json);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    return new ApiError(response.status, code, message, fields ?? {}, retryAfter);
  }
  if (response.status >= 500) {
    return new ApiError(response.status, 'unavailable', 'Commonplace is not answering right now.', {}, retryAfter);
  }
  return new ApiError(response.status, 'bad_response', `Unexpected answer from the server (${response.status}).`);
}

export interface ErrorExplanation {
  title: string;
  detail: string;
  /** What the person can do next. */
  action: 'sign-in' | 'retry' | 'go-home' | 'none';
}

/**
 * What a person should read when something failed: no status codes, no
 * jargon, and always a way forward.
 */
export function explainError(error: unknown): ErrorExplanation {
  if (!(error instanceof ApiError)) {
    return { title: 'Something went wrong', detail: 'An unexpected error happened. Try again.', action: 'retry' };
  }
  if (error.isNetwork) {
    return {
      title: 'Can’t reach Commonplace',
      detail: 'Check your internet connection. We’ll try again when you ask.',
      action: 'retry',
    };
  }
  switch (error.status) {
    case 401:
      return { title: 'Please sign in', detail: 'Your session has ended. Sign in to continue.', action: 'sign-in' };
    case 403:
      return {
        title: 'You can’t do that here',
        detail: 'Your role in this group doesn’t allow it. Ask an instructor if you think it should.',
        action: 'go-home',
      };
    case 404:
      return {
        title: 'Not found',
        detail: 'This page doesn’t exist, or you are not a member of the group it belongs to.',
        action: 'go-home',
      };
    case 410:
      return { title: 'No longer available', detail: error.message, action: 'go-home' };
    case 429:
      return {
        title: 'Too many attempts',
        detail: error.retryAfter
          ? `Please wait ${Math.ceil(error.retryAfter / 60)} minute(s) and try again.`
          : 'Please wait a little and try again.',
        action: 'none',
      };
    default:
      if (error.status >= 500 || error.code === 'unavailable') {
        return {
          title: 'Commonplace is having trouble',
          detail: 'The server is down or restarting. Your work in open documents is kept on this device.',
          action: 'retry',
        };
      }
      return { title: 'That didn’t work', detail: error.message, action: 'none' };
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}
