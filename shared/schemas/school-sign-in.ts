import { z } from 'zod';
import { timestamp } from './common';

/**
 * School sign-in (OpenID Connect): the providers configured on the server,
 * the sign-ins linked to an account, and the reasons a sign-in can fail.
 */

/** A provider's configured id: a short slug, as in its callback URL `/api/auth/oidc/<id>/callback`. */
export const providerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Not a provider id');

export const provider = z.object({ id: z.string(), name: z.string() });
export type Provider = z.infer<typeof provider>;

export const providersResponse = z.object({ providers: z.array(provider) });
export type ProvidersResponse = z.infer<typeof providersResponse>;

/**
 * Where to go once signed in: an app path. Anything else (another origin,
 * `//host`, `/\host`) is not refused but replaced by the home page, so a
 * crafted link can never send a fresh session's page somewhere else.
 */
export function safeReturnTo(value: string | undefined | null): string {
  if (!value || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters (a tab or newline inside `/\t/host`) are dropped by URL parsers: refuse them.
  if (/[\p{Cc}]/u.test(value)) return '/';
  return value;
}

export const startQuery = z.object({
  /** An app path to return to after signing in (see safeReturnTo). */
  returnTo: z.string().max(2000).optional(),
  /** `1`: link this sign-in to the signed-in account instead of signing in. */
  link: z.enum(['1']).optional(),
});
export type StartQuery = z.infer<typeof startQuery>;

/**
 * Why a school sign-in did not sign anyone in. The server redirects to
 * `/login?signInError=<code>`; the client shows the message.
 */
export const signInErrorMessages = {
  unknown_provider: 'That sign-in option is not set up here.',
  provider_unavailable: 'The school sign-in service could not be reached. Nothing was changed; try again in a moment.',
  sign_in_expired: 'That sign-in link has expired or was already used. Start again from the sign-in page.',
  sign_in_cancelled: 'Sign-in was cancelled at your school account. You are not signed in.',
  sign_in_rejected: 'Your school account’s answer could not be verified, so you were not signed in. Start again; if it keeps happening, tell whoever runs Commonplace.',
  no_email: 'Your school account did not share an email address, which Commonplace needs to make your account.',
  email_not_verified:
    'An account with this email exists already, but your school account does not confirm the address is yours. Sign in with your password, then link this sign-in from your settings.',
  identity_taken: 'That school account is already linked to another Commonplace account.',
  not_signed_in: 'Sign in first to link another way in to your account.',
} as const;

export type SignInErrorCode = keyof typeof signInErrorMessages;
export const signInErrorCode = z.enum(Object.keys(signInErrorMessages) as [SignInErrorCode, ...SignInErrorCode[]]);

/** The message of a `signInError` query value, or null when it is not one of ours. */
export function signInErrorMessage(code: string | null | undefined): string | null {
  const parsed = signInErrorCode.safeParse(code);
  return parsed.success ? signInErrorMessages[parsed.data] : null;
}

/** A way in linked to an account besides its password: a school sign-in or an LMS. */
export const identity = z.object({
  /** Opaque; names the identity for removal. */
  id: z.string(),
  kind: z.enum(['oidc', 'lti']),
  /** The provider's configured id, or the LMS platform's issuer. */
  provider: z.string(),
  /** What to call it: the provider's configured name, or the platform's issuer. */
  providerName: z.string(),
  /** The email the provider gave at the last sign-in. */
  email: z.string().nullable(),
  createdAt: timestamp,
});
export type Identity = z.infer<typeof identity>;

export const identitiesResponse = z.object({
  identities: z.array(identity),
  /** Whether the account has a password: with none, its last identity cannot be removed. */
  hasPassword: z.boolean(),
});
export type IdentitiesResponse = z.infer<typeof identitiesResponse>;

export const identityParams = z.object({ identityId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
