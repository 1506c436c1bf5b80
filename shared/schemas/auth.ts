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
