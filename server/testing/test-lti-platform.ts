import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { LtiPlatformConfig } from '../config';
import { escapeHtml } from '../../shared/escape-html';

/** LTI role URIs a test launch can carry (typed as strings, so a person's roles can be any of them). */
export const ltiRoles: Record<'instructor' | 'teachingAssistant' | 'learner' | 'mentor' | 'administrator', string> = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  teachingAssistant: 'http://purl.imsglobal.org/vocab/lis/v2/membership#TeachingAssistant',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  mentor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor',
  administrator: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
};

/**
 * The LTI claim names, as the specification spells them: written out here
 * apart from the tool's own list, so that a misspelling there fails a test.
 */
export const ltiClaim = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  namesRoleService: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  agsEndpoint: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
} as const;

export const agsScopes = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

/** Who launches and from where. Everything has a default but the person. */
export interface TestLaunch {
  person: { sub: string; name?: string; email?: string | null; roles: string[] };
  context?: { id: string; title: string };
  resourceLink?: { id: string; title?: string };
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  custom?: Record<string, string>;
  /** Announce the Names and Roles service for the context (its URL is membershipsUrl()). */
  namesAndRoles?: boolean;
  /** Announce Assignment and Grade services (lineitems at lineItemsUrl(); `lineItem` for this link's own). */
  assignmentAndGrade?: { scopes?: string[]; lineItem?: string };
  /** Claims put over the built ones last: `aud`, `iss`, `exp`, the deployment claim, anything. */
  claims?: Record<string, unknown>;
  /** The header's kid (default: this platform's key). */
  kid?: string;
  /** Sign with another platform's key (same claims, so a configured `iss` signed by a stranger). */
  signWith?: TestLtiPlatform;
}

/** The login initiation the platform sends the tool, and what the tool answered. */
export interface StartedLogin {
  /** The tool's redirect to the platform's authorization endpoint. */
  authRequest: URL;
  state: string;
  nonce: string;
  /** Set-Cookie lines of the login answer, as one Cookie header. */
  cookie: string;
}

export interface TestLtiPlatform {
  /** http://127.0.0.1:port; also the issuer. */
  url: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  /** The entry for LTI_PLATFORMS. */
  config: LtiPlatformConfig;
  /** This platform's signing key and its kid, for a launch that signs with another platform's key. */
  privateKey: CryptoKey;
  kid: string;
  /** The Hono app the platform answers with (extra routes come through `routes` at start). */
  app: Hono;
  membershipsUrl(contextId: string): string;
  lineItemsUrl(contextId: string): string;
  /** An id_token for this launch, with the nonce the tool issued. */
  signIdToken(launch: TestLaunch, nonce: string): Promise<string>;
  /** Sends the third-party login initiation to the tool (`/lti/login`) and reads its redirect. */
  startLogin(toolOrigin: string, options?: { method?: 'GET' | 'POST'; targetLinkUri?: string; iss?: string; clientId?: string }): Promise<StartedLogin>;
  /** POSTs the form the platform's page would auto-submit to the tool's `/lti/launch` (redirects not followed). */
  postLaunch(toolOrigin: string, form: { id_token: string; state: string }, cookie?: string): Promise<Response>;
  /** The whole dance: login initiation, a token for `launch` with the tool's nonce, and its POST. */
  launch(toolOrigin: string, launch: TestLaunch): Promise<Response>;
  /** A launch the browser makes: the URL a page opens (or an iframe loads) to start it. */
  browserLaunchUrl(toolOrigin: string, launch: TestLaunch): string;
  close(): Promise<void>;
}

export interface TestLtiPlatformOptions {
  clientId?: string;
  deploymentId?: string;
  /** Extra routes (token endpoint, roster, scores): mounted before the first request. */
  routes?: (app: Hono, platform: TestLtiPlatform) => void;
}

/**
 * A test LMS on a random port: its own RS256 key and JWKS (`/jwks`), an
 * authorization endpoint (`/auth`) that answers the tool's login redirect
 * with the auto-submitting form_post an LMS sends, and id_tokens with the
 * LTI 1.3 claims, each overridable by a test. Launches made through the
 * browser are registered by `browserLaunchUrl` and answered at `/auth`.
 */
export async function startTestLtiPlatform(options: TestLtiPlatformOptions = {}): Promise<TestLtiPlatform> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `platform-${randomUUID().slice(0, 8)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  // Launches waiting for the browser to come back through /auth, by login_hint.
  const pending = new Map<string, TestLaunch>();
  const app = new Hono();
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = options.clientId ?? 'commonplace-test-client';
  const deploymentId = options.deploymentId ?? 'deployment-1';
  const config: LtiPlatformConfig = {
    issuer: url,
    clientId,
    deploymentIds: [deploymentId],
    authUrl: `${url}/auth`,
    tokenUrl: `${url}/token`,
    jwksUrl: `${url}/jwks`,
  };

  const membershipsUrl = (contextId: string) => `${url}/contexts/${encodeURIComponent(contextId)}/memberships`;
  const lineItemsUrl = (contextId: string) => `${url}/contexts/${encodeURIComponent(contextId)}/lineitems`;

  const platform: TestLtiPlatform = {
    url,
    issuer: url,
    clientId,
    deploymentId,
    config,
    privateKey,
    kid,
    app,
    membershipsUrl,
    lineItemsUrl,
    signIdToken: async (launch, nonce) => {
      const context = launch.context ?? { id: 'context-1', title: 'Biology 101' };
      const claims: JWTPayload = {
        iss: url,
        sub: launch.person.sub,
        aud: clientId,
        nonce,
        name: launch.person.name,
        ...(launch.person.email === null ? {} : { email: launch.person.email ?? `${launch.person.sub}@lms.example` }),
        [ltiClaim.messageType]: launch.messageType ?? 'LtiResourceLinkRequest',
        [ltiClaim.version]: '1.3.0',
        [ltiClaim.deploymentId]: deploymentId,
        [ltiClaim.targetLinkUri]: 'http://tool.invalid/lti/launch',
        [ltiClaim.roles]: launch.person.roles,
        [ltiClaim.context]: { id: context.id, title: context.title, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      };
      if ((launch.messageType ?? 'LtiResourceLinkRequest') === 'LtiResourceLinkRequest') {
        claims[ltiClaim.resourceLink] = launch.resourceLink ?? { id: 'link-1', title: 'Commonplace' };
      }
      if (launch.custom) claims[ltiClaim.custom] = launch.custom;
      if (launch.namesAndRoles) {
        claims[ltiClaim.namesRoleService] = { context_memberships_url: membershipsUrl(context.id), service_versions: ['2.0'] };
      }
      if (launch.assignmentAndGrade) {
        claims[ltiClaim.agsEndpoint] = {
          scope: launch.assignmentAndGrade.scopes ?? Object.values(agsScopes),
          lineitems: lineItemsUrl(context.id),
          ...(launch.assignmentAndGrade.lineItem ? { lineitem: launch.assignmentAndGrade.lineItem } : {}),
        };
      }
      Object.assign(claims, launch.claims);
      const signer = launch.signWith ? launch.signWith.privateKey : privateKey;
      const headerKid = launch.kid ?? (launch.signWith ? launch.signWith.kid : kid);
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: headerKid, typ: 'JWT' });
      if (!('iat' in (launch.claims ?? {}))) jwt.setIssuedAt();
      if (!('exp' in (launch.claims ?? {}))) jwt.setExpirationTime('5m');
      return jwt.sign(signer);
    },
    startLogin: async (toolOrigin, login = {}) => {
      const fields = new URLSearchParams({
        iss: login.iss ?? url,
        login_hint: 'hint-' + randomUUID(),
        target_link_uri: login.targetLinkUri ?? `${toolOrigin}/lti/launch`,
        client_id: login.clientId ?? clientId,
        lti_message_hint: 'message-' + randomUUID(),
        lti_deployment_id: deploymentId,
      });
      const response =
        login.method === 'GET'
          ? await fetch(`${toolOrigin}/lti/login?${fields}`, { redirect: 'manual' })
          : await fetch(`${toolOrigin}/lti/login`, { method: 'POST', body: fields, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) throw new Error(`the tool answered the login with ${response.status}: ${await response.text()}`);
      const authRequest = new URL(location);
      const state = authRequest.searchParams.get('state');
      const nonce = authRequest.searchParams.get('nonce');
      if (!state || !nonce) throw new Error(`the tool's auth request lacks state or nonce: ${location}`);
      return { authRequest, state, nonce, cookie: cookieHeader(response) };
    },
    postLaunch: (toolOrigin, form, cookie) =>
      fetch(`${toolOrigin}/lti/launch`, {
        method: 'POST',
        body: new URLSearchParams(form),
        headers: cookie ? { cookie } : {},
        redirect: 'manual',
      }),
    launch: async (toolOrigin, launch) => {
      const login = await platform.startLogin(toolOrigin);
      const idToken = await platform.signIdToken(launch, login.nonce);
      return platform.postLaunch(toolOrigin, { id_token: idToken, state: login.state }, login.cookie);
    },
    browserLaunchUrl: (toolOrigin, launch) => {
      const loginHint = 'hint-' + randomUUID();
      pending.set(loginHint, launch);
      const fields = new URLSearchParams({
        iss: url,
        login_hint: loginHint,
        target_link_uri: `${toolOrigin}/lti/launch`,
        client_id: clientId,
        lti_deployment_id: deploymentId,
      });
      return `${toolOrigin}/lti/login?${fields}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  app.get('/jwks', (c) => c.json({ keys: [publicJwk] }));
  // The authorization endpoint: a browser arrives here from the tool's login
  // redirect and leaves with an auto-submitted form to the tool's launch.
  app.get('/auth', async (c) => {
    const q = c.req.query();
    const launch = pending.get(q.login_hint ?? '');
    if (!launch || q.client_id !== clientId || q.response_mode !== 'form_post' || q.scope !== 'openid' || !q.redirect_uri || !q.nonce) {
      return c.text('invalid authorization request', 400);
    }
    pending.delete(q.login_hint ?? '');
    const idToken = await platform.signIdToken(launch, q.nonce);
    return c.html(autoSubmitForm(q.redirect_uri, { id_token: idToken, state: q.state ?? '' }));
  });
  options.routes?.(app, platform);
  return platform;
}

/** The Set-Cookie lines of a response as one Cookie header. */
export function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}

function autoSubmitForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return `<!doctype html><title>Launching</title><form method="post" action="${escapeHtml(action)}">${inputs}</form><script>document.forms[0].submit()</script>`;
}
