import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { passwordResetCheckBody, passwordResetConfirmBody, resetLinkRefusals } from '../../../shared/schemas/auth';
import { ApiError } from '../api/api-error';
import { call } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { Loading } from '../ui/loading';
import { usePageTitle } from '../ui/page-title';
import { TextField } from '../ui/text-field';
import { UsernameField } from './account-username-field';
import { AuthFrame } from './auth-frame';
import { useStartSession } from './session';
import { NewPasswordField } from './new-password-field';

/**
 * Where a reset link from the mail lands (`/reset-password/<token>`): choose
 * a new password. The server ends every session of the account and signs
 * this browser in with a new one, so the page goes home. The link is
 * checked as the page opens: a live one names its account (and gives a
 * password manager the username to save the new password under); one that
 * was used or has expired is explained at once, with the way to a new one,
 * rather than after a new password was typed twice.
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

  // A token the server would refuse by its shape (a link cut or run on in the mail) is no link it issued.
  const wellFormed = passwordResetCheckBody.safeParse({ token }).success;
  const link = useQuery({
    queryKey: queryKeys.resetLink(token),
    queryFn: () => call('POST /api/auth/password-reset/check', { body: { token } }),
    // Asked once: a link does not come back to life, and each refused check spends the address's budget.
    // Not again while or once the new password is set: signing in clears every query, this one too.
    enabled: wellFormed && !confirm.isPending && !confirm.isSuccess,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
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
  const deadLink = wellFormed ? (deadLinkError(link.error) ?? deadLinkError(confirm.error))?.message : resetLinkRefusals.unknown;
  const account = link.data?.email;
  const lead = account
    ? `For ${account}: it replaces the old password, and signs you out on every other device.`
    : 'It replaces the old one, and signs you out on every other device.';

  return (
    <AuthFrame title="Choose a new password" lead={lead}>
      {deadLink ? (
        <p className="inline-error" role="alert">
          {deadLink} <Link to="/forgot-password">Get a new link</Link>
        </p>
      ) : link.isError ? (
        <div className="stack">
          <InlineError error={link.error} />
          <button type="button" className="button primary wide" onClick={() => void link.refetch()}>
            Check the link again
          </button>
        </div>
      ) : account === undefined ? (
        <Loading label="Checking the link…" />
      ) : (
        <form onSubmit={submit} noValidate className="stack">
          <UsernameField email={account} />
          <NewPasswordField label="New password" {...field('password')} />
          <TextField label="Repeat the new password" type="password" {...field('repeated')} autoComplete="new-password" required />
          {confirm.isError && Object.keys(errors).length === 0 && <InlineError error={confirm.error} />}
          <button type="submit" className="button primary wide" disabled={confirm.isPending}>
            {confirm.isPending ? 'Saving…' : 'Save and sign in'}
          </button>
        </form>
      )}
      <p className="auth-switch">
        Remembered it? <Link to="/login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}

/** A refusal of the link itself (used, expired or unknown), which only a new link mends. */
function deadLinkError(error: unknown): ApiError | undefined {
  return error instanceof ApiError && error.code === 'reset_link_invalid' ? error : undefined;
}
