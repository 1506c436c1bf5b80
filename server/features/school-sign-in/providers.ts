import * as oidc from 'openid-client';
import type { OidcProviderConfig } from '../../config';

/** How long discovery may take before the provider counts as down, in seconds. */
const discoveryTimeoutSeconds = 10;

/**
 * The configured OpenID Connect providers and what discovery learned about
 * each (endpoints, keys), found from the issuer once and kept. A discovery
 * that fails is not kept, so the next sign-in tries again: a provider that
 * was down is used as soon as it is back, without a restart.
 *
 * Entra ID's multi-tenant issuer (`.../organizations/v2.0`) publishes a
 * `{tenantid}` issuer; openid-client checks each ID token's `iss` against it
 * with the token's own `tid`.
 */
export class SignInProviders {
  readonly #discovered = new Map<string, Promise<oidc.Configuration>>();

  constructor(private readonly configured: readonly OidcProviderConfig[]) {}

  list(): { id: string; name: string }[] {
    return this.configured.map(({ id, name }) => ({ id, name }));
  }

  find(id: string): OidcProviderConfig | undefined {
    return this.configured.find((provider) => provider.id === id);
  }

  /** What to call a provider in settings: its configured name, or its id when it is no longer configured. */
  nameOf(id: string): string {
    return this.find(id)?.name ?? id;
  }

  /** The provider's discovered configuration; throws when it cannot be reached. */
  configuration(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    let discovery = this.#discovered.get(provider.id);
    if (!discovery) {
      const issuer = new URL(provider.issuer);
      discovery = oidc.discovery(issuer, provider.clientId, provider.clientSecret, undefined, {
        timeout: discoveryTimeoutSeconds,
        // A provider on plain http is only ever a local one (tests, a developer's Keycloak).
        execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      });
      this.#discovered.set(provider.id, discovery);
      discovery.catch(() => {
        if (this.#discovered.get(provider.id) === discovery) this.#discovered.delete(provider.id);
      });
    }
    return discovery;
  }
}
