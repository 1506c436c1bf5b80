import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { passwordLimits, signupBody, type SignupBody } from '../../../shared/schemas/auth';
import { api } from '../api/endpoints';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { usePageTitle } from '../ui/page-title';
import { TextField } from '../ui/text-field';
import { AuthFrame } from './auth-frame';
import { safeReturnPath, signInPath, useSession, useStartSession } from './session';

export function SignupPage() {
  usePageTitle('Create an account');
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const startSession = useStartSession();
  const [values, setValues] = useState({ name: '', email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});

  const signup = useMutation({
    mutationFn: (body: SignupBody) => api.auth.signup(body),
    onSuccess: async ({ user }) => {
      await startSession(user);
      navigate(next, { replace: true });
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  if (session.data && !signup.isPending && !signup.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = signupBody.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    signup.mutate(parsed.data);
  };

  return (
    <AuthFrame title="Create your account" lead="Write with your team, live or at different hours.">
      <form onSubmit={submit} noValidate className="stack">
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          required
          value={values.name}
          error={errors.name}
          hint="Your team mates see this name beside your cursor."
          onChange={(event) => setValues({ ...values, name: event.target.value })}
        />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={values.email}
          error={errors.email}
          onChange={(event) => setValues({ ...values, email: event.target.value })}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={passwordLimits.min}
          value={values.password}
          error={errors.password}
          hint={`At least ${passwordLimits.min} characters.`}
          onChange={(event) => setValues({ ...values, password: event.target.value })}
        />
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
