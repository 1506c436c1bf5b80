import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { accountDeletionPhrase } from '../../../shared/schemas/account-data';
import { forgetOfflineReads } from '../api/offline-cache';
import { queryKeys } from '../api/queries';
import { AccountUsernameField } from '../auth/account-username-field';
import { accountDeletedState } from '../auth/session-ended';
import { InlineError } from '../ui/error-panel';
import { serverFieldErrors, type FieldErrors } from '../ui/form-errors';
import { useModalDialog } from '../ui/modal-dialog';
import { TextField } from '../ui/text-field';
import { callAccountData } from './account-data-endpoints';

/**
 * The last step before deleting the account: what is erased, what is kept
 * and why, then the current password (or, for an account that signs in
 * through a school or an LMS, the phrase typed). Cancel has focus first, so
 * a stray Enter deletes nothing. Once deleted, this device forgets what it
 * kept offline and the person lands on the sign-in page.
 */
export function DeleteAccountDialog({ open, hasPassword, onCancel }: { open: boolean; hasPassword: boolean; onCancel: () => void }) {
  const ref = useModalDialog(open);
  const titleId = useId();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const remove = useMutation({
    mutationFn: () => callAccountData('POST /api/me/delete', { body: hasPassword ? { currentPassword: value } : { confirmation: value } }),
    onSuccess: async () => {
      await forgetOfflineReads();
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, null);
      navigate('/login', { replace: true, state: accountDeletedState });
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });

  const cancel = () => {
    setValue('');
    setErrors({});
    remove.reset();
    onCancel();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    remove.mutate();
  };
  const fieldError = hasPassword ? errors.currentPassword : errors.confirmation;

  return (
    <dialog
      ref={ref}
      className="confirm-dialog account-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
    >
      <form onSubmit={submit} noValidate aria-label="Delete account">
        <h2 id={titleId}>Delete your account?</h2>
        <p>This cannot be undone. Download your data first if you want to keep a copy.</p>
        <h3>Erased</h3>
        <ul>
          <li>Your name and email, your password and linked school or LMS sign-ins</li>
          <li>Your memberships of groups, courses and teams</li>
          <li>Your notifications, notification settings, invites and mail waiting to be sent to you</li>
        </ul>
        <h3>Kept, as “Former member”</h3>
        <ul>
          <li>The text you wrote in your team’s documents, its history, and your comments and replies: they are your team’s work too</li>
          <li>Grades, ratings and reviews you gave or were given, which your school may need to keep</li>
        </ul>
        <p>Your instructors are told that a member deleted their account.</p>
        {hasPassword ? (
          <>
            <AccountUsernameField />
            <TextField label="Your password" type="password" autoComplete="current-password" name="currentPassword" value={value} error={fieldError} onChange={(event) => setValue(event.target.value)} />
          </>
        ) : (
          <TextField
            label={`Type “${accountDeletionPhrase}” to confirm`}
            name="confirmation"
            autoComplete="off"
            value={value}
            error={fieldError}
            onChange={(event) => setValue(event.target.value)}
          />
        )}
        {remove.isError && !fieldError && <InlineError error={remove.error} />}
        <div className="actions">
          <button type="button" className="button" onClick={cancel} autoFocus>
            Cancel
          </button>
          <button type="submit" className="button danger" disabled={remove.isPending || value === ''}>
            {remove.isPending ? 'Deleting…' : 'Delete my account'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
