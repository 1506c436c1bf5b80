import { passwordLimits } from '../../../shared/schemas/auth';
import { TextField } from '../ui/text-field';
import type { ComponentProps } from 'react';

/**
 * The field where someone chooses a password (sign-up, a reset, a change):
 * the browser offers to generate and save one, and the rule is said before
 * the form is sent. `note` adds what choosing it does beyond that.
 */
export function NewPasswordField({ note, ...field }: Omit<ComponentProps<typeof TextField>, 'type' | 'hint' | 'minLength'> & { note?: string }) {
  const rule = `At least ${passwordLimits.min} characters.`;
  return (
    <TextField type="password" autoComplete="new-password" required minLength={passwordLimits.min} hint={note ? `${rule} ${note}` : rule} {...field} />
  );
}
