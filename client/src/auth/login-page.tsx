import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { loginBody, type LoginBody } from '../../../shared/schemas/auth';
import { ApiError } from '../api/api-error';
import { api } from '../api/endpoints';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { usePageTitle } from '../ui/page-title';
import { TextField } from '../ui/text-field';
import { AuthFrame } from './auth-frame';
import { safeReturnPath, signInPath, useSession, useStartSession } from './session';

export function LoginPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const next = safeReturnPath(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const startSession = useStartSession();
  const [values, setValues] = useState({ email: '', password: '' });
  const [errors, setErrors] = useState<FieldErrors>({});

  const login = useMutation({
    mutationFn: (body: LoginBody) => api.auth.login(body),
    onSuccess: async ({ user }) => {
      await startSession(user);
      navigate(next, { replace: true });
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  if (session.data && !login.isPending && !login.isSuccess) return <Navigate to={next} replace />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = loginBody.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    login.mutate(parsed.data);
  };

  const wrongCredentials = login.error instanceof ApiError && login.error.code === 'invalid_credentials';

  return (
    <AuthFrame title="Sign in" lead="Welcome back. Your team’s work is waiting.">
      <form onSubmit={submit} noValidate className="stack">
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
          autoComplete="current-password"
          required
          value={values.password}
          error={errors.password}
          onChange={(event) => setValues({ ...values, password: event.target.value })}
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
        New here? <Link to={signInPath(next, 'signup')}>Create an account</Link>
      </p>
    </AuthFrame>
  );
}
