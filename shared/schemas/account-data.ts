import { z } from 'zod';

/** What someone without a password (a school or LMS account) types to confirm deleting their account. */
export const accountDeletionPhrase = 'delete my account';

/**
 * Deleting one's own account needs proof that the owner is at the keyboard,
 * not just a session: the current password for an account with one, the
 * phrase typed for an account without (it signs in through a school or an
 * LMS). The server decides which applies; extra fields are refused.
 */
export const accountDeletionBody = z.strictObject({
  currentPassword: z.string().min(1).max(256).optional(),
  confirmation: z.string().max(100).optional(),
});
export type AccountDeletionBody = z.input<typeof accountDeletionBody>;
