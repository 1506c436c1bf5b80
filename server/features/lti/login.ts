import { z } from 'zod';
import type { LtiPlatformConfig } from '../../config';
import { newId } from '../../db/ids';
import { badRequest } from '../../errors';
import type { LtiPlatforms } from './platforms';

/**
 * The state of a login lives in a cookie named after it, holding its nonce,
 * until the launch comes back: the launch is a cross-site POST from the LMS
 * (often inside its frame), so the cookie is SameSite=None; Secure;
 * Partitioned, like the launch's session cookie, and kept to /lti.
 */
export const stateCookiePrefix = 'lti_state_';
/** How long a login may take at the LMS before its launch comes back. */
export const loginLifetimeSeconds = 10 * 60;

const loginParams = z.object({
  iss: z.string().min(1).max(500),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.url({ protocol: /^https?$/ }).max(2000),
  client_id: z.string().min(1).max(500).optional(),
  lti_message_hint: z.string().max(4000).optional(),
  lti_deployment_id: z.string().max(500).optional(),
});

export interface StartedLogin {
  platform: LtiPlatformConfig;
  /** The platform's authorization endpoint, with the OIDC request. */
  redirect: string;
  state: string;
  nonce: string;
}

/**
 * Third-party initiated login (LTI 1.3 Security Framework, 5.1.1): the LMS
 * names itself (`iss`, and `client_id` when it registered the tool more than
 * once) and the person (`login_hint`); the tool answers with an OpenID
 * Connect implicit-flow request to the platform's authorization endpoint,
 * form_post back to `<origin>/lti/launch`, with a fresh state and nonce.
 * An unknown platform, a deployment not configured for it, or a target
 * elsewhere than this tool is a 400.
 */
export function startLogin(platforms: LtiPlatforms, input: Record<string, unknown>, origin: string): StartedLogin {
  const parsed = loginParams.safeParse(input);
  if (!parsed.success) {
    throw badRequest(`The LMS's login request lacks ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}.`);
  }
  const params = parsed.data;
  const platform = platforms.find(params.iss, params.client_id);
  if (!platform) {
    throw badRequest(
      platforms.ofIssuer(params.iss).length > 1
        ? 'This LMS registered Commonplace more than once: its login request must say which (client_id).'
        : `The LMS ${params.iss} is not one Commonplace is set up for. Ask your administrator to add it to LTI_PLATFORMS.`,
    );
  }
  if (params.lti_deployment_id !== undefined && !platform.deploymentIds.includes(params.lti_deployment_id)) {
    throw badRequest('This deployment of Commonplace in the LMS is not one it is set up for. Ask your administrator to add its deployment id.');
  }
  if (new URL(params.target_link_uri).origin !== origin) throw badRequest('The LMS asked to launch a tool elsewhere than Commonplace.');

  const state = newId(20);
  const nonce = newId(20);
  const redirect = new URL(platform.authUrl);
  const request: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: `${origin}/lti/launch`,
    login_hint: params.login_hint,
    state,
    nonce,
  };
  if (params.lti_message_hint !== undefined) request.lti_message_hint = params.lti_message_hint;
  for (const [key, value] of Object.entries(request)) redirect.searchParams.set(key, value);
  return { platform, redirect: redirect.href, state, nonce };
}
