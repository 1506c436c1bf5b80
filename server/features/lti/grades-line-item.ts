import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AssignmentRow, Database } from '../../db/schema';
import { AppError } from '../../errors';
import { ltiScopes, type PlatformKey, type ServiceTokens } from './service-token';

/** Where an assignment's scores go in the LMS: its resource link's line item, and the platform to ask. */
export interface ScoreTarget {
  platform: PlatformKey;
  issuer: string;
  deploymentId: string;
  resourceLinkId: string;
  /** The line item's URL; null until one is made at `lineItemsUrl`. */
  lineItemUrl: string | null;
  lineItemsUrl: string | null;
}

const lineItemMediaType = 'application/vnd.ims.lis.v2.lineitem+json';
/** The tag of line items this tool makes, so an LMS admin can tell them apart. */
export const lineItemTag = 'commonplace';

/**
 * The resource link of the assignment placed in an LMS whose Assignment and
 * Grade service takes scores from this tool (the launch granted the score
 * scope, and either the link came with its line item or the tool may make
 * one); null when there is none, and the class view shows no score column.
 */
export async function scoreTarget(db: Kysely<Database>, assignmentId: string): Promise<ScoreTarget | null> {
  const links = await db
    .selectFrom('lti_resource_links')
    .innerJoin('lti_contexts', (join) =>
      join
        .onRef('lti_contexts.issuer', '=', 'lti_resource_links.issuer')
        .onRef('lti_contexts.deployment_id', '=', 'lti_resource_links.deployment_id')
        .onRef('lti_contexts.course_id', '=', 'lti_resource_links.course_id'),
    )
    .select([
      'lti_resource_links.issuer',
      'lti_resource_links.deployment_id',
      'lti_resource_links.resource_link_id',
      'lti_resource_links.lineitem_url',
      'lti_contexts.client_id',
      'lti_contexts.lineitems_url',
      'lti_contexts.ags_scopes',
    ])
    .where('lti_resource_links.assignment_id', '=', assignmentId)
    .orderBy('lti_resource_links.created_at')
    .execute();
  for (const link of links) {
    const scopes = grantedScopes(link.ags_scopes);
    if (!scopes.has(ltiScopes.scores)) continue;
    const mayCreate = link.lineitems_url !== null && scopes.has(ltiScopes.lineItems);
    if (link.lineitem_url === null && !mayCreate) continue;
    return {
      platform: { issuer: link.issuer, clientId: link.client_id },
      issuer: link.issuer,
      deploymentId: link.deployment_id,
      resourceLinkId: link.resource_link_id,
      lineItemUrl: link.lineitem_url,
      lineItemsUrl: mayCreate ? link.lineitems_url : null,
    };
  }
  return null;
}

/**
 * The target's line item URL, made at the LMS when the link has none yet
 * (labelled with the assignment's title, for its resource link) and kept on
 * the link, so the next scores go to the same column of the gradebook.
 */
export async function ensureLineItem(db: Kysely<Database>, tokens: ServiceTokens, target: ScoreTarget, assignment: AssignmentRow, scoreMaximum: number): Promise<string> {
  if (target.lineItemUrl !== null) return target.lineItemUrl;
  const answer = await tokens.call(target.platform, [ltiScopes.lineItems], target.lineItemsUrl!, {
    method: 'POST',
    accept: lineItemMediaType,
    contentType: lineItemMediaType,
    body: { scoreMaximum, label: assignment.title, resourceLinkId: target.resourceLinkId, resourceId: assignment.id, tag: lineItemTag },
    what: 'a new gradebook column (line item)',
  });
  const made = z.object({ id: z.string().min(1) }).safeParse(answer.body);
  if (!made.success) throw new AppError('unavailable', 'The LMS made no gradebook column (its answer named no line item).');
  await db
    .updateTable('lti_resource_links')
    .set({ lineitem_url: made.data.id })
    .where('issuer', '=', target.issuer)
    .where('deployment_id', '=', target.deploymentId)
    .where('resource_link_id', '=', target.resourceLinkId)
    .execute();
  return made.data.id;
}

/** A line item's scores URL: `/scores` added to its path, its query kept (`.../lineitems/7?type=x` → `.../lineitems/7/scores?type=x`). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  // Trailing slashes cut by a walk from the end: `/\/+$/` retries every slash of a long run, the square of its length.
  let end = url.pathname.length;
  while (end > 0 && url.pathname[end - 1] === '/') end--;
  url.pathname = `${url.pathname.slice(0, end)}/scores`;
  return url.href;
}

function grantedScopes(json: string | null): Set<string> {
  if (json === null) return new Set();
  try {
    const parsed = JSON.parse(json) as unknown;
    return new Set(Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : []);
  } catch {
    return new Set();
  }
}
