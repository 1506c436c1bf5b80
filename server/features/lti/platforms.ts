import { createRemoteJWKSet } from 'jose';
import type { LtiPlatformConfig } from '../../config';

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;

/**
 * The LMS platforms of LTI_PLATFORMS, and the public keys each signs its
 * launches with, fetched from its `jwksUrl` and cached by jose (refetched
 * when a token names a kid it has not seen, at most every 30 s).
 */
export class LtiPlatforms {
  readonly #keys = new Map<string, RemoteKeys>();

  constructor(private readonly platforms: readonly LtiPlatformConfig[]) {}

  /**
   * The platform an issuer (and client id, when given) names. One issuer
   * may register the tool more than once under different client ids; a
   * launch's `aud` tells which.
   */
  find(issuer: string, clientId?: string): LtiPlatformConfig | null {
    const matches = this.platforms.filter((p) => p.issuer === issuer && (clientId === undefined || p.clientId === clientId));
    return matches.length === 1 || (clientId !== undefined && matches.length > 0) ? matches[0]! : null;
  }

  /** Every registration of an issuer. */
  ofIssuer(issuer: string): LtiPlatformConfig[] {
    return this.platforms.filter((p) => p.issuer === issuer);
  }

  keysOf(platform: LtiPlatformConfig): RemoteKeys {
    let keys = this.#keys.get(platform.jwksUrl);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(platform.jwksUrl), { timeoutDuration: 5000 });
      this.#keys.set(platform.jwksUrl, keys);
    }
    return keys;
  }
}
