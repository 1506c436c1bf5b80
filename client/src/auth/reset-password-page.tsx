import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { passwordResetConfirmBody } from '../../../shared/schemas/auth';
import { ApiError } from '../api/api-error';
import { call } from '../api/endpoints';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { usePageTitle } from '../ui/page-title';
import { TextField } from '../ui/text-field';
import { AuthFrame } from './auth-frame';
import { useStartSession } from './session';
import { NewPasswordField } from './new-password-field';

/**
 * Where a reset link from the mail lands (`/reset-password/<token>`): choose
 * a new password. The server ends every session of the account and signs
 * this browser in with a new one, so the page goes home. A link that was
 * used or has expired is explained, with the way to a new one.
 */
export function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const startSession = useStartSession();
  const [values, setValues] = useState({ password: '', repeated: '' });
  const [errors, setErrors] = useState<FieldErrors>({});

  const confirm = useMutation({
    mutationFn: async (body: { token: string; password: string }) => {
      await call('POST /api/auth/password-reset/confirm', { body });
      return (await call('GET /api/auth/me')).user;
    },
    onSuccess: async (user) => {
      await startSession(user);
      navigate('/', { replace: true });
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = passwordResetConfirmBody.safeParse({ token, password: values.password });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    if (values.repeated !== values.password) {
      setErrors({ repeated: 'Not the same as the new password' });
      return;
    }
    setErrors({});
    confirm.mutate(parsed.data);
  };

  const field = (name: keyof typeof values) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) => setValues((current) => ({ ...current, [name]: event.target.value })),
  });
  const deadLink = confirm.error instanceof ApiError && confirm.error.code === 'reset_link_invalid' ? confirm.error : null;

  return (
    <AuthFrame title="Choose a new password" lead="It replaces the old one, and signs you out on every other device.">
      <form onSubmit={submit} noValidate className="stack">
        <NewPasswordField label="New password" {...field('password')} />
        <TextField label="Repeat the new password" type="password" {...field('repeated')} autoComplete="new-password" required />
        {deadLink ? (
          <p className="inline-error" role="alert">
            {deadLink.message} <Link to="/forgot-password">Get a new link</Link>
          </p>
        ) : (
          confirm.isError && Object.keys(errors).length === 0 && <InlineError error={confirm.error} />
        )}
        <button type="submit" className="button primary wide" disabled={confirm.isPending}>
          {confirm.isPending ? 'Saving…' : 'Save and sign in'}
        </button>
      </form>
      <p className="auth-switch">
        Remembered it? <Link to="/login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}
