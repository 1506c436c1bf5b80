import * as oidc from 'openid-client';
import type { Identity } from '../../../shared/schemas/school-sign-in';
import type { Store } from '../../db/database';
import type { OidcProviderConfig } from '../../config';
import { conflict, notFound } from '../../errors';
import type { EmailInvites } from '../invites/email-invites';
import type { Roster } from '../courses/roster';
import { SignInFailure, isUnreachable } from './failure';
import { Flows } from './flows';
import { IdentityStore, identityId } from './identities';
import { presentIdentity } from './presenter';
import { SignInProviders } from './providers';
import { SchoolAccounts, type ProviderProfile } from './school-accounts';

const scope = 'openid email profile';

/** Where the provider sends the browser back to, as registered with it. */
export function callbackUrl(origin: string, providerId: string): string {
  return `${origin}/api/auth/oidc/${encodeURIComponent(providerId)}/callback`;
}

/**
 * School sign-in with OpenID Connect: the authorization code flow with PKCE
 * (S256), `state` and `nonce`, every check of the answer done by
 * openid-client (state, code exchange, ID token signature, issuer, audience,
 * expiry, nonce). This class decides only who the answer signs in.
 */
export class SchoolSignIn {
  readonly providers: SignInProviders;
  readonly #flows: Flows;
  readonly #identities: IdentityStore;
  readonly #accounts: SchoolAccounts;

  constructor(
    private readonly store: Store,
    configured: readonly OidcProviderConfig[],
    parts: { emailInvites: EmailInvites; roster: Roster },
    now: () => number = Date.now,
  ) {
    this.providers = new SignInProviders(configured);
    this.#flows = new Flows(store.db, now);
    this.#identities = new IdentityStore(store.db);
    this.#accounts = new SchoolAccounts(store.db, parts.emailInvites, parts.roster, now);
  }

  /** The provider's authorization URL for a new flow, kept until its callback. */
  async start(request: { providerId: string; origin: string; returnTo: string; linkUserId: string | null }): Promise<URL> {
    const provider = this.#provider(request.providerId);
    const config = await this.#configuration(provider);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.#flows.begin({
      state,
      provider_id: provider.id,
      nonce,
      code_verifier: codeVerifier,
      return_to: request.returnTo,
      link_user_id: request.linkUserId,
    });
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(request.origin, provider.id),
      scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Completes a flow from its callback's query. Signs in (or links, when the
   * flow was started to link and `signedInUserId` is the one who started it).
   */
  async finish(request: {
    providerId: string;
    origin: string;
    search: string;
    signedInUserId: string | null;
  }): Promise<{ userId: string; returnTo: string; linked: boolean; created: boolean }> {
    const provider = this.#provider(request.providerId);
    const currentUrl = new URL(callbackUrl(request.origin, provider.id) + request.search);
    const state = currentUrl.searchParams.get('state');
    // Taken and deleted at once: the same callback a second time finds no flow.
    const flow = state ? await this.#flows.take(state) : null;
    if (!flow || flow.provider_id !== provider.id) {
      throw new SignInFailure('sign_in_expired', state ? 'no flow for this state (expired, used, or never started)' : 'callback without state');
    }
    const config = await this.#configuration(provider);
    const profile = await this.#profile(config, provider, currentUrl, flow);
    if (flow.link_user_id) {
      if (request.signedInUserId !== flow.link_user_id) throw new SignInFailure('not_signed_in', 'linking flow finished by someone else');
      await this.#accounts.link(profile, flow.link_user_id);
      return { userId: flow.link_user_id, returnTo: flow.return_to, linked: true, created: false };
    }
    const { userId, created } = await this.#accounts.signIn(profile);
    return { userId, returnTo: flow.return_to, linked: false, created };
  }

  async list(userId: string): Promise<{ identities: Identity[]; hasPassword: boolean }> {
    const [rows, user] = await Promise.all([
      this.#identities.listOf(userId),
      this.store.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst(),
    ]);
    return {
      identities: rows.map((row) => presentIdentity(row, row.kind === 'oidc' ? this.providers.nameOf(row.provider) : row.provider)),
      hasPassword: !!user?.password_hash,
    };
  }

  /**
   * Unlinks one of the user's identities, unless it is their last way in (no
   * password and no other identity): the account would be locked for good.
   * The user's row is locked meanwhile, so two removals at once cannot each
   * leave the other as the last.
   */
  async remove(userId: string, id: string): Promise<void> {
    await this.store.db.transaction().execute(async (trx) => {
      let userQuery = trx.selectFrom('users').select('password_hash').where('id', '=', userId);
      if (this.store.kind === 'postgres') userQuery = userQuery.forUpdate();
      const user = await userQuery.executeTakeFirst();
      const rows = await trx.selectFrom('identities').selectAll().where('user_id', '=', userId).execute();
      const target = rows.find((row) => identityId(row) === id);
      if (!user || !target) throw notFound('That sign-in');
      if (!user.password_hash && rows.length === 1) {
        throw conflict('This is the only way into your account. Set a password or link another sign-in before removing it.');
      }
      await trx
        .deleteFrom('identities')
        .where('kind', '=', target.kind)
        .where('issuer', '=', target.issuer)
        .where('subject', '=', target.subject)
        .execute();
    });
  }

  #provider(id: string): OidcProviderConfig {
    const provider = this.providers.find(id);
    if (!provider) throw new SignInFailure('unknown_provider', `no provider ${id} is configured`);
    return provider;
  }

  async #configuration(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    try {
      return await this.providers.configuration(provider);
    } catch (err) {
      throw new SignInFailure('provider_unavailable', `discovery of ${provider.issuer} failed`, { cause: err });
    }
  }

  /** The code exchanged and the ID token checked by openid-client; the email from userinfo when the token lacks it. */
  async #profile(
    config: oidc.Configuration,
    provider: OidcProviderConfig,
    currentUrl: URL,
    flow: { state: string; nonce: string; code_verifier: string },
  ): Promise<ProviderProfile> {
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        pkceCodeVerifier: flow.code_verifier,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      let details: Record<string, unknown> = claims;
      // Some providers put email and name only in userinfo, for the subject the ID token names.
      if (typeof claims.email !== 'string') details = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)) };
      return {
        issuer: claims.iss,
        subject: claims.sub,
        provider: provider.id,
        email: details.email,
        email_verified: details.email_verified,
        name: details.name,
      };
    } catch (err) {
      if (err instanceof oidc.AuthorizationResponseError && err.error === 'access_denied') {
        throw new SignInFailure('sign_in_cancelled', 'the provider answered access_denied', { cause: err });
      }
      if (err instanceof oidc.ResponseBodyError && err.error === 'invalid_grant') {
        throw new SignInFailure('sign_in_expired', 'the provider refused the code (used or expired)', { cause: err });
      }
      if (isUnreachable(err)) throw new SignInFailure('provider_unavailable', `${provider.issuer} did not answer`, { cause: err });
      throw new SignInFailure('sign_in_rejected', 'the provider’s answer failed its checks', { cause: err });
    }
  }
}
