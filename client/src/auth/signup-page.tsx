import { Link, Navigate } from 'react-router-dom';
import { signupBody } from '../../../shared/schemas/auth';
import { call } from '../api/endpoints';
import { InlineError } from '../ui/error-panel';
import { usePageTitle } from '../ui/page-title';
import { TextField } from '../ui/text-field';
import { AuthFrame } from './auth-frame';
import { useAuthForm } from './auth-form';
import { ProviderButtons } from './provider-buttons';
import { signInPath } from './session';
import { NewPasswordField } from './new-password-field';

export function SignupPage() {
  usePageTitle('Create an account');
  const { next, errors, mutation: signup, submit, alreadySignedIn, field } = useAuthForm(
    signupBody,
    { name: '', email: '', password: '' },
    (body) => call('POST /api/auth/signup', { body }),
  );
  if (alreadySignedIn) return <Navigate to={next} replace />;

  return (
    <AuthFrame title="Create your account" lead="Write with your team, live or at different hours.">
      <ProviderButtons returnTo={next} />
      <form onSubmit={submit} noValidate className="stack">
        <TextField
          label="Your name"
          {...field('name')}
          autoComplete="name"
          required
          hint="Your team mates see this name beside your cursor."
        />
        <TextField
          label="Email"
          type="email"
          {...field('email')}
          autoComplete="email"
          required
        />
        <NewPasswordField label="Password" {...field('password')} />
        {signup.isError && Object.keys(errors).length === 0 && <InlineError error={signup.error} />}
        <button type="submit" className="button primary wide" disabled={signup.isPending}>
          {signup.isPending ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link to={signInPath(next, 'login')}>Sign in</Link>
      </p>
    </AuthFrame>
  );
}
