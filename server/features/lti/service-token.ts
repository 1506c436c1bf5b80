import { SignJWT } from 'jose';
import { z } from 'zod';
import type { LtiPlatformConfig } from '../../config';
import { newId } from '../../db/ids';
import { AppError } from '../../errors';
import { toolKeyAlgorithm, type ToolSigningKey } from './tool-keys';

/** The LTI Advantage scopes this tool asks platforms for. */
export const ltiScopes = {
  memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
  groups: 'https://purl.imsglobal.org/spec/lti-gs/scope/contextgroup.readonly',
  lineItems: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  scores: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;

/** The platform's part of an LMS course: whom to ask for a token, as one LMS registration. */
export type PlatformKey = Pick<LtiPlatformConfig, 'issuer' | 'clientId'>;

/** A token is taken again this long before the platform said it expires, so none runs out mid-request. */
const renewBeforeMs = 60_000;
/** A platform that does not answer within this long is reported as down, not waited for. */
const requestTimeoutMs = 15_000;
/** The most of a platform's answer read: a roster page of a big class, not a hostile endless body. */
const maxAnswerBytes = 8 * 1024 * 1024;

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive().optional() });

/** What a platform's service answered: its parsed JSON and headers (a roster page's `Link`). */
export interface ServiceAnswer {
  body: unknown;
  headers: Headers;
}

/**
 * Calls to an LMS's LTI Advantage services (Names and Roles, course groups,
 * Assignment and Grade), each with an OAuth 2 access token the platform
 * gives for the client-credentials grant. The tool proves who it is with a
 * JWT signed by its own key (private_key_jwt: iss and sub its client id,
 * aud the token URL), which the platform checks against the tool's JWKS;
 * there is no client secret. A token is kept per platform and set of scopes
 * until shortly before it expires, so a roster of many pages or scores for
 * a whole class cost one token request.
 */
export class ServiceTokens {
  readonly #tokens = new Map<string, { token: string; renewAt: number }>();
  readonly #pending = new Map<string, Promise<string>>();

  constructor(
    private readonly keys: { signingKey(): Promise<ToolSigningKey> },
    private readonly platforms: readonly LtiPlatformConfig[],
    private readonly now: () => number = Date.now,
  ) {}

  /** The configured platform an LMS course came from; refused (503) when it is no longer configured. */
  platform(key: PlatformKey): LtiPlatformConfig {
    const platform = this.platforms.find((p) => p.issuer === key.issuer && p.clientId === key.clientId);
    if (!platform) throw new AppError('unavailable', `The LMS ${key.issuer} is no longer registered with Commonplace (LTI_PLATFORMS).`);
    return platform;
  }

  /** An access token for `scopes`, from the cache while it is fresh. */
  async token(key: PlatformKey, scopes: readonly string[]): Promise<string> {
    const platform = this.platform(key);
    const scope = [...new Set(scopes)].sort().join(' ');
    const cacheKey = `${platform.issuer}\n${platform.clientId}\n${scope}`;
    const cached = this.#tokens.get(cacheKey);
    if (cached && cached.renewAt > this.now()) return cached.token;
    let pending = this.#pending.get(cacheKey);
    if (!pending) {
      pending = this.#request(platform, scope, cacheKey).finally(() => this.#pending.delete(cacheKey));
      this.#pending.set(cacheKey, pending);
    }
    return pending;
  }

  /** Forgets the tokens of a platform (it refused one as expired or revoked). */
  forget(key: PlatformKey): void {
    for (const cacheKey of this.#tokens.keys()) {
      if (cacheKey.startsWith(`${key.issuer}\n${key.clientId}\n`)) this.#tokens.delete(cacheKey);
    }
  }

  /**
   * One request to a service of the platform with a token for `scopes`,
   * answered with JSON. A refusal or an unreachable platform is an
   * AppError (503) saying which service and why, for the instructor to read.
   */
  async call(
    key: PlatformKey,
    scopes: readonly string[],
    url: string,
    init: { method?: 'GET' | 'POST'; accept: string; contentType?: string; body?: unknown; what: string },
  ): Promise<ServiceAnswer> {
    requireHttpUrl(url, init.what);
    const send = async () =>
      fetchWithin(url, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${await this.token(key, scopes)}`,
          accept: init.accept,
          ...(init.contentType ? { 'content-type': init.contentType } : {}),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }, init.what);
    let response = await send();
    if (response.status === 401) {
      // A token the platform revoked before it said it would expire: one new one, once.
      await response.body?.cancel();
      this.forget(key);
      response = await send();
    }
    const text = await readLimited(response, init.what);
    if (!response.ok) throw refused(init.what, response.status, text);
    let body: unknown = null;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new AppError('unavailable', `The LMS answered ${init.what} with something that is not JSON.`);
      }
    }
    return { body, headers: response.headers };
  }

  async #request(platform: LtiPlatformConfig, scope: string, cacheKey: string): Promise<string> {
    const { kid, privateKey } = await this.keys.signingKey();
    const issuedAt = Math.floor(this.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: toolKeyAlgorithm, kid, typ: 'JWT' })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      .setAudience(platform.tokenUrl)
      .setJti(newId())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 300)
      .sign(privateKey);
    const what = 'the request for an access token';
    const response = await fetchWithin(platform.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope,
      }),
    }, what);
    const text = await readLimited(response, what);
    if (!response.ok) throw refused(what, response.status, text);
    let parsed: z.infer<typeof tokenAnswer>;
    try {
      parsed = tokenAnswer.parse(JSON.parse(text));
    } catch {
      throw new AppError('unavailable', 'The LMS answered the request for an access token without a token.');
    }
    const lifetimeMs = (parsed.expires_in ?? 3600) * 1000;
    this.#tokens.set(cacheKey, { token: parsed.access_token, renewAt: this.now() + Math.max(0, lifetimeMs - renewBeforeMs) });
    return parsed.access_token;
  }
}

/** The URL of a link the platform gave, only over HTTP(S): never file: or anything else a hostile answer might name. */
export function requireHttpUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('unavailable', `The LMS gave an address for ${what} that is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('unavailable', `The LMS gave an address for ${what} that is not http(s).`);
  }
  return parsed;
}

async function fetchWithin(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
    throw new AppError('unavailable', `The LMS ${reason} for ${what} (${new URL(url).host}).`);
  }
}

async function readLimited(response: Response, what: string): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > maxAnswerBytes) {
    await response.body?.cancel();
    throw new AppError('unavailable', `The LMS answered ${what} with more than ${maxAnswerBytes / 1024 / 1024} MB.`);
  }
  const text = await response.text();
  if (text.length > maxAnswerBytes) throw new AppError('unavailable', `The LMS answered ${what} with more than ${maxAnswerBytes / 1024 / 1024} MB.`);
  return text;
}

/** A refusal, with the platform's own `error` or `error_description` when it gave one (a few words, never the whole body). */
function refused(what: string, status: number, text: string): AppError {
  let reason = '';
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown; message?: unknown };
    const said = [body.error, body.error_description ?? body.message].filter((part) => typeof part === 'string');
    reason = said.join(': ').slice(0, 200);
  } catch {
    // not JSON: the status says enough
  }
  return new AppError('unavailable', `The LMS refused ${what} (HTTP ${status}${reason ? `: ${reason}` : ''}).`);
}
