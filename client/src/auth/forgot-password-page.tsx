import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { passwordResetRequestBody } from '../../../shared/schemas/auth';
import { call } from '../api/endpoints';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { usePageTitle } from '../ui/page-title';
import { TextField } from '../ui/text-field';
import { AuthFrame } from './auth-frame';

/**
 * Asking for a password reset link. The answer is the same whether the
 * email has an account or not, so the page says the mail comes "if" there
 * is one: it cannot know, and must not guess.
 */
export function ForgotPasswordPage() {
  usePageTitle('Forgot your password?');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const request = useMutation({
    mutationFn: (body: { email: string }) => call('POST /api/auth/password-reset', { body }),
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = passwordResetRequestBody.safeParse({ email });
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    request.mutate(parsed.data);
  };

  if (request.isSuccess) {
    return (
      <AuthFrame title="Check your mail" lead={`If ${request.variables.email} has a Commonplace account, a link to choose a new password is on its way.`}>
        <p role="status">
          The link works once, for {request.data.validForMinutes} minutes. Nothing after a few minutes? Look in your spam folder, or check
          the address and ask again.
        </p>
        <p className="auth-switch">
          <button type="button" className="button" onClick={() => request.reset()}>
            Ask again
          </button>{' '}
          <Link to="/login">Back to sign in</Link>
        </p>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title="Forgot your password?" lead="Enter the email of your account: we mail you a link to choose a new password.">
      <form onSubmit={submit} noValidate className="stack">
        <TextField
          label="Email"
          type="email"
          name="email"
          value={email}
          error={errors.email}
          onChange={(event) => setEmail(event.target.value)}
          autoComplete="email"
          required
        />
        {request.isError && Object.keys(errors).length === 0 && <InlineError error={request.error} />}
        <button type="submit" className="button primary wide" disabled={request.isPending}>
          {request.isPending ? 'Sending…' : 'Send me a link'}
        </button>
      </form>
      <p className="auth-switch">
        Remembered it? <Link to="/login">Sign in</Link>
      </p>
    </AuthFrame>
  );
}
