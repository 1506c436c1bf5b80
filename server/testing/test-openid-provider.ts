import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import type { OidcProviderConfig } from '../config';

/** Who signs in at the test provider next. */
export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestOpenIdProvider {
  /** http://127.0.0.1:<port>: where the app's discovery starts. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's entry for OIDC_PROVIDERS (`id` as in its callback URL). */
  config: OidcProviderConfig;
  /** The account the next sign-ins at this provider are (there is no login form: it signs in at once). */
  setAccount(account: TestAccount): void;
  /** Registers the app's callback URL for this origin (known once the app listens). */
  allowAppOrigin(origin: string): void;
  /** The next sign-in is refused as if the person pressed "cancel": `error=access_denied`. */
  denyNext(): void;
  /**
   * Rewrites the next ID token's claims and signs it again with the
   * provider's own key: a token the provider really signed, for another
   * audience or already expired.
   */
  tamperNextIdToken(change: (claims: JWTPayload) => JWTPayload): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (`oidc-provider`, certified) in this process on a
 * port of its own, for server tests and the browser e2e. It has one client
 * (the app) using client_secret_post, requires PKCE, and answers its login
 * and consent prompts by itself with the account set by `setAccount`, so a
 * browser or a test's fetch simply follows redirects. Each authorization
 * request starts without the provider's own session, so the account set
 * last is the one that signs in.
 */
export async function startTestOpenIdProvider(
  options: { providerId?: string; name?: string; appOrigin?: string; port?: number; clientSecret?: string } = {},
): Promise<TestOpenIdProvider> {
  const providerId = options.providerId ?? 'school';
  const clientId = 'commonplace';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const origins = new Set<string>(options.appOrigin ? [options.appOrigin] : []);
  // Every account set so far stays known: a sign-in in flight still finds its own at the token and userinfo endpoints.
  const accounts = new Map<string, TestAccount>();
  let account: TestAccount = { sub: 'learner-1', email: 'learner1@school.test', email_verified: true, name: 'Learner One' };
  accounts.set(account.sub, account);
  let deny = false;
  let tamper: ((claims: JWTPayload) => JWTPayload) | null = null;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const memory = createMemoryAdapter();
  const clientMetadata = () => ({
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [...origins].map((origin) => `${origin}/api/auth/oidc/${providerId}/callback`),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  });
  const provider = new Provider(issuer, {
    // Clients come from here, so the app's callback can be registered after the provider starts.
    adapter: (model: string) =>
      model === 'Client'
        ? { find: async (id: string) => (id === clientId && origins.size ? clientMetadata() : undefined) }
        : memory(model),
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx: unknown, sub: string) => {
      const found = accounts.get(sub);
      return found ? { accountId: sub, claims: () => ({ ...found }) } : undefined;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
  });

  // An authorization request forgets the provider's own session (and tells the browser to), so
  // the account set now signs in, rather than whoever signed in at this provider before.
  provider.use(async (ctx, next) => {
    const forget = ctx.path === '/auth' && typeof ctx.headers.cookie === 'string' && ctx.headers.cookie.includes('_session');
    if (forget && typeof ctx.headers.cookie === 'string') {
      ctx.headers.cookie = ctx.headers.cookie
        .split(/;\s*/)
        .filter((pair) => !pair.startsWith('_session'))
        .join('; ');
    }
    await next();
    if (forget) ctx.cookies.set('_session', null, { path: '/', signed: true });
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (ctx.path === '/token' && tamper && body && typeof body.id_token === 'string') {
      const change = tamper;
      tamper = null;
      const header = decodeProtectedHeader(body.id_token);
      const claims = change(decodeJwt(body.id_token));
      ctx.body = { ...body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid ?? 'test-key' }).sign(privateKey) };
    }
  });

  const handleProvider = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      handleProvider(req, res);
      return;
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      let result: Record<string, unknown>;
      if (deny) {
        deny = false;
        result = { error: 'access_denied', error_description: 'The person declined.' };
      } else if (details.prompt.name === 'login') {
        result = { login: { accountId: account.sub } };
      } else {
        const grant = new provider.Grant({ clientId, accountId: details.session?.accountId ?? account.sub });
        grant.addOIDCScope('openid email profile');
        result = { consent: { grantId: await grant.save() } };
      }
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    })().catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    config: { id: providerId, name: options.name ?? 'School account', issuer, clientId, clientSecret },
    setAccount: (next) => {
      account = next;
      accounts.set(next.sub, next);
    },
    allowAppOrigin: (origin) => {
      origins.add(origin);
    },
    denyNext: () => {
      deny = true;
    },
    tamperNextIdToken: (change) => {
      tamper = change;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
