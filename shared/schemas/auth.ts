import { z } from 'zod';
import { id, title } from './common';

export const passwordLimits = { min: 8, max: 256 } as const;

/** Emails are trimmed and lower-cased so that one person has one account. */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'At most 254 characters')
  .pipe(z.email('Enter a valid email address'));

export const password = z
  .string()
  .min(passwordLimits.min, `At least ${passwordLimits.min} characters`)
  .max(passwordLimits.max, `At most ${passwordLimits.max} characters`);

export const signupBody = z.strictObject({ email, password, name: title(80) });
export type SignupBody = z.infer<typeof signupBody>;

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1, 'Required').max(passwordLimits.max),
});
export type LoginBody = z.infer<typeof loginBody>;

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1, 'Required').max(passwordLimits.max),
  newPassword: password,
});
export type PasswordChangeBody = z.infer<typeof passwordChangeBody>;

export const user = z.object({ id, email: z.string(), name: z.string() });
export type User = z.infer<typeof user>;

export const userResponse = z.object({ user });
export type UserResponse = z.infer<typeof userResponse>;

/** Asking for a password reset link: the same answer whatever the email, so it tells no one who has an account. */
export const passwordResetRequestBody = z.strictObject({ email });
export type PasswordResetRequestBody = z.infer<typeof passwordResetRequestBody>;

/** The answer to every reset request: how long a link stays valid, the same for every email. */
export const passwordResetRequested = z.object({ validForMinutes: z.number().int().positive() });
export type PasswordResetRequested = z.infer<typeof passwordResetRequested>;

/**
 * A reset link's token. Only its length is checked here: any token within it
 * that is not a live one gets the same answer (`reset_link_invalid`), and the
 * page calls a longer one not valid without asking. It travels in a
 * request's body, never in an API address, since those are written to logs.
 */
const resetToken = z.string().min(1, 'Required').max(200);

/** Setting a new password with a reset link's token. */
export const passwordResetConfirmBody = z.strictObject({ token: resetToken, password });
export type PasswordResetConfirmBody = z.infer<typeof passwordResetConfirmBody>;

/** Asking whether a reset link still works, as its page opens. */
export const passwordResetCheckBody = z.strictObject({ token: resetToken });
export type PasswordResetCheckBody = z.infer<typeof passwordResetCheckBody>;

/**
 * Why a reset link is refused (`reset_link_invalid`), in the words its page
 * shows: the server answers with them, and the page says the first of its
 * own accord for a token the body schema above would refuse (a link
 * mangled on its way), as no token of that shape was ever issued.
 */
export const resetLinkRefusals = {
  unknown: 'This reset link is not valid. Ask for a new one.',
  used: 'This reset link was used already. Ask for a new one.',
  expired: 'This reset link has expired. Ask for a new one.',
} as const;

/**
 * A live reset link's account. Whoever holds the link may set the account's
 * password and sign in anyway, so its email tells them nothing more; the
 * page names the account, and a password manager saves the new password
 * under it.
 */
export const passwordResetLink = z.object({ email: z.string() });
export type PasswordResetLink = z.infer<typeof passwordResetLink>;
