import type { SignInErrorCode } from '../../../shared/schemas/school-sign-in';

/**
 * Why a school sign-in stopped. The routes log `cause` and send the browser
 * to `/login?signInError=<code>`; nobody is signed in and nothing is made.
 */
export class SignInFailure extends Error {
  override name = 'SignInFailure';

  constructor(
    readonly code: SignInErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether an error is the provider not answering (refused, reset, timed out) rather than answering wrong. */
export function isUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e.name === 'AbortError' || e.name === 'TimeoutError') return true;
    if (e.name === 'TypeError' && e.message === 'fetch failed') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|UND_ERR_)/.test(code)) return true;
  }
  return false;
}
