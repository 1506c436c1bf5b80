import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { newId } from '../../db/ids';
import type { LaunchNonces } from './launch-nonces';
import { toolKeyAlgorithm, type ToolKeys } from './tool-keys';

/** How long the "Open Commonplace in a new tab" link of a launch works. */
export const newTabCodeLifetimeMs = 5 * 60 * 1000;

const audience = 'commonplace:lti-new-tab';

/**
 * The fallback of a launch whose cookie the browser blocked in the LMS's
 * frame: a one-time link that signs the person in first-party, in a tab of
 * its own, and goes where the launch led. The code is a short-lived token
 * signed with the tool's key (so any instance can check it) naming the user
 * and the app path; its random id is taken once in `lti_nonces`, so the link
 * works a single time.
 */
export class NewTabCodes {
  constructor(
    private readonly toolKeys: Pick<ToolKeys, 'signingKey' | 'jwks'>,
    private readonly nonces: LaunchNonces,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(userId: string, path: string): Promise<string> {
    const { kid, privateKey } = await this.toolKeys.signingKey();
    const now = Math.floor(this.now() / 1000);
    return new SignJWT({ to: path })
      .setProtectedHeader({ alg: toolKeyAlgorithm, kid })
      .setSubject(userId)
      .setAudience(audience)
      .setJti(newId(20))
      .setIssuedAt(now)
      .setExpirationTime(now + newTabCodeLifetimeMs / 1000)
      .sign(privateKey);
  }

  /** The user and path of a code used for the first time; null when it is not one, expired, or used. */
  async use(code: string): Promise<{ userId: string; path: string } | null> {
    try {
      const { payload } = await jwtVerify(code, createLocalJWKSet(await this.toolKeys.jwks()), {
        audience,
        algorithms: [toolKeyAlgorithm],
        currentDate: new Date(this.now()),
        requiredClaims: ['sub', 'jti', 'exp'],
      });
      const path = typeof payload.to === 'string' && /^\/[a-z]/.test(payload.to) ? payload.to : null;
      if (!path || !payload.sub || !payload.jti || !payload.exp) return null;
      if (!(await this.nonces.takeOnce(audience, payload.jti, payload.exp * 1000))) return null;
      return { userId: payload.sub, path };
    } catch {
      return null;
    }
  }
}
