import { type JWTPayload, SignJWT } from 'jose';
import { z } from 'zod';
import type { AssignmentRow } from '../../db/schema';
import { newId } from '../../db/ids';
import { ltiClaims } from './claims';
import { toolKeyAlgorithm, type ToolKeys } from './tool-keys';


/**
 * The custom parameter a placed link carries: the LTI launch of that link
 * opens this assignment and records it on the resource link.
 */
export const assignmentIdParameter = 'assignment_id';

/**
 * The maximum of the gradebook column an assignment gets. Commonplace has no
 * points of its own: each score sent says its own maximum, and the LMS
 * scales it to the column's.
 */
export const lineItemScoreMaximum = 100;

/** How long the LMS may take to receive the answer once signed. */
const answerLifetimeSeconds = 10 * 60;

/**
 * What the platform's deep linking request says of itself. Platforms add
 * their own fields, so unknown ones are ignored.
 */
export const deepLinkingSettings = z.object({
  deep_link_return_url: z.url({ protocol: /^https?$/ }),
  accept_types: z.array(z.string()),
  accept_lineitem: z.boolean().optional(),
  data: z.string().optional(),
});
export type DeepLinkingSettings = z.infer<typeof deepLinkingSettings>;

/**
 * Whether the platform takes a line item with the link: it says so in
 * `accept_lineitem`; a platform that is silent takes one when the launch
 * offered the Assignment and Grade service.
 */
export function acceptsLineItem(settings: DeepLinkingSettings, claims: JWTPayload): boolean {
  return settings.accept_lineitem ?? claims[ltiClaims.agsEndpoint] !== undefined;
}

/** A waiting request, as much of it as the answer needs. */
export interface AnsweredRequest {
  issuer: string;
  clientId: string;
  deploymentId: string;
  data: string | null;
  acceptsLineItem: boolean;
}

/** The one content item the answer carries: a launch link to the assignment, with a line item when the platform takes one. */
export function assignmentLink(assignment: Pick<AssignmentRow, 'id' | 'title'>, origin: string, withLineItem: boolean) {
  return {
    type: 'ltiResourceLink',
    title: assignment.title,
    url: `${origin}/lti/launch`,
    custom: { [assignmentIdParameter]: assignment.id },
    ...(withLineItem ? { lineItem: { scoreMaximum: lineItemScoreMaximum, label: assignment.title, resourceId: assignment.id } } : {}),
  };
}

/**
 * The LtiDeepLinkingResponse, signed with the tool's key: issued by the
 * tool's client id to the platform's issuer, for the request's deployment,
 * echoing its `data` (which lets the platform match the answer to its request).
 */
export async function signDeepLinkingResponse(
  toolKeys: Pick<ToolKeys, 'signingKey'>,
  request: AnsweredRequest,
  contentItems: object[],
  nowMs: number,
): Promise<string> {
  const { kid, privateKey } = await toolKeys.signingKey();
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({
    nonce: newId(16),
    [ltiClaims.messageType]: 'LtiDeepLinkingResponse',
    [ltiClaims.version]: '1.3.0',
    [ltiClaims.deploymentId]: request.deploymentId,
    [ltiClaims.contentItems]: contentItems,
    ...(request.data !== null ? { [ltiClaims.data]: request.data } : {}),
  })
    .setProtectedHeader({ alg: toolKeyAlgorithm, kid, typ: 'JWT' })
    .setIssuer(request.clientId)
    .setAudience(request.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + answerLifetimeSeconds)
    .sign(privateKey);
}
