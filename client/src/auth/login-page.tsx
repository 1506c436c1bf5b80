import { Link, Navigate } from 'react-router-dom';
import { loginBody } from '../../../shared/schemas/auth';
import { ApiError } from '../api/api-error';
import { call } from '../api/endpoints';
import { InlineError } from '../ui/error-panel';
import { usePageTitle } from '../ui/page-title';
import { TextField } from '../ui/text-field';
import { AuthFrame } from './auth-frame';
import { useAuthForm } from './auth-form';
import { ProviderButtons } from './provider-buttons';
import { signInPath } from './session';
import { type SignInReason, useSignInReason } from './session-ended';
import { signedInDestination, SignInErrorNotice, useSignInError } from './sign-in-error-notice';

export function LoginPage() {
  usePageTitle('Sign in');
  const { next, errors, mutation: login, submit, alreadySignedIn, field } = useAuthForm(
    loginBody,
    { email: '', password: '' },
    (body) => call('POST /api/auth/login', { body }),
  );
  const signInError = useSignInError();
  const reason = useSignInReason();
  if (alreadySignedIn) return <Navigate to={signedInDestination(next, signInError)} replace />;

  const wrongCredentials = login.error instanceof ApiError && login.error.code === 'invalid_credentials';
  // Sent here from a page (a link a teammate shared) with no word of a session that ended: the person may have no account yet.
  const lead =
    next !== '/' && !reason
      ? 'Sign in to open the page you followed. New here? Creating an account brings you back to it.'
      : 'Welcome back. Your team’s work is waiting.';

  return (
    <AuthFrame title="Sign in" lead={lead}>
      <SignInErrorNotice />
      {reason && (
        <p className="banner banner-info" role="status">
          {reasonText[reason]}
        </p>
      )}
      <ProviderButtons returnTo={next} />
      <form onSubmit={submit} noValidate className="stack">
        <TextField
          label="Email"
          type="email"
          {...field('email')}
          autoComplete="email"
          required
        />
        <TextField
          label="Password"
          type="password"
          {...field('password')}
          autoComplete="current-password"
          required
        />
        {wrongCredentials ? (
          <p className="inline-error" role="alert">
            That email and password don’t match an account.
          </p>
        ) : (
          login.isError && Object.keys(errors).length === 0 && <InlineError error={login.error} />
        )}
        <button type="submit" className="button primary wide" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p className="auth-switch">
        New here? <Link to={signInPath(next, 'signup')}>Create an account</Link>
      </p>
    </AuthFrame>
  );
}

/** Said above the form when the person did not choose to sign out. */
const reasonText: Record<SignInReason, string> = {
  'session-ended': 'Your session ended. Sign in again to go back to where you were.',
  'account-deleted': 'Your account was deleted. What was kept about you is erased; your teams keep the text you wrote, shown as by “Former member”.',
};
