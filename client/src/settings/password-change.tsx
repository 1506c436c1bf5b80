import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { passwordChangeBody } from '../../../shared/schemas/auth';
import { call } from '../api/endpoints';
import { InlineError } from '../ui/error-panel';
import { fieldErrorsOf, serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/text-field';
import { NewPasswordField } from '../auth/new-password-field';
import { AccountUsernameField } from '../auth/account-username-field';

const empty = { currentPassword: '', newPassword: '' };

/**
 * Changing the password: checked with the shared schema first, the server's
 * field errors (a wrong current password) beside the fields. The server ends
 * every other session and gives this one a new cookie, so the person stays
 * signed in here.
 */
export function PasswordChange() {
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation({
    mutationFn: (body: typeof empty) => call('POST /api/auth/password', { body }),
    onSuccess: () => setValues(empty),
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = passwordChangeBody.safeParse(values);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      return;
    }
    setErrors({});
    change.mutate(parsed.data);
  };
  const field = (name: keyof typeof empty) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (event: { target: { value: string } }) => {
      change.reset();
      setValues((current) => ({ ...current, [name]: event.target.value }));
    },
  });

  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-label="Change password">
      <AccountUsernameField />
      <TextField label="Current password" type="password" autoComplete="current-password" required {...field('currentPassword')} />
      <NewPasswordField label="New password" note="Your other devices will be signed out." {...field('newPassword')} />
      {change.isError && Object.keys(errors).length === 0 && <InlineError error={change.error} />}
      {change.isSuccess && <p role="status">Password changed. Your other devices are signed out.</p>}
      <button type="submit" className="button primary" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  );
}
