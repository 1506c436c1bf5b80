import { useSearchParams } from 'react-router-dom';
import { signInErrorMessage } from './school-sign-in';
import './school-sign-in.css';

/** The `?signInError=<code>` the server sends a failed school sign-in back with, if any. */
export function useSignInError(): string | null {
  const [params] = useSearchParams();
  return params.get('signInError');
}

/**
 * Where a signed-in person who lands on the sign-in page goes instead. A
 * failed attempt to link a school sign-in comes back to the sign-in page
 * like any failed sign-in, but its person is signed in and linked from
 * settings: the reason is shown there rather than lost in a redirect home.
 */
export function signedInDestination(next: string, signInError: string | null): string {
  return signInError ? `/settings?signInError=${encodeURIComponent(signInError)}` : next;
}

/**
 * Why a school sign-in failed, when the server sent the person back with
 * `?signInError=<code>`: said above the form, announced, and in words; an
 * unknown code still gets a general message rather than silence.
 */
export function SignInErrorNotice() {
  const code = useSignInError();
  if (!code) return null;
  return (
    <div className="inline-error sign-in-error" role="alert">
      <strong>School sign-in didn’t work.</strong> {signInErrorMessage(code)}
    </div>
  );
}
