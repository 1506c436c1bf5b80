import { decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { LtiPlatformConfig } from '../../config';
import { AppError } from '../../errors';
import { ltiClaims } from './claims';
import type { LtiPlatforms } from './platforms';


export const launchMessageTypes = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;

/** Clocks of the LMS and the tool may differ by this much. */
const clockToleranceSeconds = 60;
/** A launch token older than this is refused even if its exp is later: it is meant to be used at once. */
const maxTokenAgeSeconds = 10 * 60;

const text = (max: number) => z.string().min(1).max(max);

/** What a launch says, once its signature and the platform's registration are checked. */
const launchClaims = z.object({
  sub: text(255),
  nonce: text(255),
  exp: z.number(),
  name: z.string().max(255).optional(),
  given_name: z.string().max(255).optional(),
  family_name: z.string().max(255).optional(),
  email: z.string().max(320).optional(),
  [ltiClaims.messageType]: z.enum(launchMessageTypes),
  [ltiClaims.version]: z.literal('1.3.0'),
  [ltiClaims.deploymentId]: text(255),
  [ltiClaims.roles]: z.array(z.string()).default([]),
  [ltiClaims.context]: z.object({ id: text(255), title: z.string().max(255).optional(), label: z.string().max(255).optional() }),
  [ltiClaims.resourceLink]: z.object({ id: text(255), title: z.string().optional() }).optional(),
  [ltiClaims.custom]: z.record(z.string(), z.unknown()).optional(),
  [ltiClaims.namesRoleService]: z.object({ context_memberships_url: z.url({ protocol: /^https?$/ }) }).optional(),
  [ltiClaims.agsEndpoint]: z
    .object({
      scope: z.array(z.string()).default([]),
      lineitems: z.url({ protocol: /^https?$/ }).optional(),
      lineitem: z.url({ protocol: /^https?$/ }).optional(),
    })
    .optional(),
});

export type LaunchClaims = z.infer<typeof launchClaims>;

export interface VerifiedLaunch {
  platform: LtiPlatformConfig;
  claims: LaunchClaims;
  /** The whole verified payload, for what reads claims of its own (deep linking settings, course groups). */
  payload: JWTPayload;
}

const refused = (message: string) => new AppError('unauthenticated', message);

/**
 * Checks a launch's id_token the way LTI 1.3 (Security Framework, 5.1.3)
 * asks: the issuer is a configured platform; `aud` is our client id or, as an
 * array, contains it, with `azp` naming it when there are several; the
 * signature verifies against that platform's JWKS (RS256 only); exp, iat
 * and nbf hold; the deployment is one configured for the platform; the nonce
 * is the one issued with this login's state. Using the nonce up is the
 * caller's (`LaunchNonces`), after this.
 *
 * Built on jose itself rather than an LTI library: the one that fits Hono
 * (`@lti-tool/core`) compares `aud` to the client id as a string, so it
 * refuses the array audience the specification allows.
 */
export async function verifyLaunchToken(platforms: LtiPlatforms, idToken: string, expectedNonce: string): Promise<VerifiedLaunch> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(idToken);
  } catch {
    throw refused('The LMS sent no readable launch token.');
  }
  const registrations = typeof unverified.iss === 'string' ? platforms.ofIssuer(unverified.iss) : [];
  if (registrations.length === 0) throw refused('This LMS is not one Commonplace is set up for. Ask your administrator to add it to LTI_PLATFORMS.');
  const audiences = typeof unverified.aud === 'string' ? [unverified.aud] : Array.isArray(unverified.aud) ? unverified.aud : [];
  const platform = registrations.find((p) => audiences.includes(p.clientId));
  if (!platform) throw refused('The launch token is meant for another tool (its audience is not this tool’s client id).');
  if (audiences.length > 1 && unverified.azp !== platform.clientId) {
    throw refused('The launch token names several audiences but not this tool as the party it was issued to (azp).');
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, platforms.keysOf(platform), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256'],
      clockTolerance: clockToleranceSeconds,
      maxTokenAge: maxTokenAgeSeconds,
      requiredClaims: ['exp', 'iat', 'sub', 'nonce'],
    }));
  } catch (err) {
    throw refused(verificationFailure(err));
  }

  const parsed = launchClaims.safeParse(payload);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new AppError('validation_failed', `The launch token is not an LTI 1.3 launch Commonplace can open (${where || 'its claims'}).`);
  }
  const claims = parsed.data;
  if (!platform.deploymentIds.includes(claims[ltiClaims.deploymentId])) {
    throw refused('This deployment of Commonplace in the LMS is not one it is set up for. Ask your administrator to add its deployment id.');
  }
  if (claims.nonce !== expectedNonce) throw refused('The launch token does not belong to this launch (its nonce differs). Start again from the LMS.');
  return { platform, claims, payload };
}

function verificationFailure(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'The launch token has expired. Start again from the LMS.';
  if (err instanceof errors.JWKSNoMatchingKey) return 'The launch token is signed with a key the LMS does not publish.';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'The launch token’s signature does not verify with the LMS’s keys.';
  if (err instanceof errors.JWTClaimValidationFailed) return `The launch token was refused: its ${err.claim} claim is not valid.`;
  // A timeout, or a fetch that failed outright (not a JOSE error at all).
  if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) return 'The LMS’s keys could not be fetched to check the launch. Try again in a moment.';
  return 'The launch token could not be verified.';
}
