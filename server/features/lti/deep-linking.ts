import type { JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import { deepLinkPickerPath } from '../../../shared/schemas/deep-linking';
import { can } from '../../../shared/permissions';
import type { LtiPlatformConfig } from '../../config';
import { newId } from '../../db/ids';
import type { Database } from '../../db/schema';
import type { Domain } from '../../domain';
import { AppError, badRequest, forbidden } from '../../errors';
import type { Access } from '../access/access';
import type { Assignments } from '../assignments/service';
import { ltiClaims } from './claims';
import { refusalPage } from './deep-linking-page';
import {
  acceptsLineItem,
  assignmentLink,
  deepLinkingSettings,
  signDeepLinkingResponse,
} from './deep-linking-response';
import type { ToolKeys } from './tool-keys';

/** What the launch route hands over for an `LtiDeepLinkingRequest`, after verifying it and signing the user in. */
export interface DeepLinkingLaunch {
  /** The platform whose JWKS verified the id_token. */
  platform: LtiPlatformConfig;
  /** The verified id_token's payload: iss, aud, sub, nonce and the LTI claims (deployment id, deep linking settings...). */
  claims: JWTPayload;
  /** The signed-in user the launch is for. */
  userId: string;
  /** The course the launch's context maps to. */
  courseId: string;
}

/**
 * How the launch answers: a redirect (303) to the picker page, or a page
 * with the status that says why not. The session cookie set on the launch's
 * answer goes with either.
 */
export type DeepLinkingStart = { kind: 'picker'; location: string } | { kind: 'refused'; status: 400 | 403; page: string };

/** The answer to the LMS: post `jwt` as `JWT` to `returnUrl`. */
export interface DeepLinkingAnswer {
  returnUrl: string;
  jwt: string;
  assignmentTitle: string;
}

/** How long an instructor has to pick or create the assignment after the launch. */
export const deepLinkRequestLifetimeMs = 30 * 60 * 1000;

/**
 * Deep linking (LTI Deep Linking 2.0): an instructor placing Commonplace in
 * an LMS module picks one of the course's assignments, or creates one, and
 * the LMS gets a link whose launch opens it.
 *
 * The launch's request waits in `lti_deep_link_requests` under a random id
 * that only the launching instructor can use, once, for
 * `deepLinkRequestLifetimeMs`: the LMS's return URL and `data` stay on the
 * server, never in the page.
 */
export class DeepLinking {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly access: Access,
    private readonly assignments: Pick<Assignments, 'get'>,
    private readonly toolKeys: Pick<ToolKeys, 'signingKey'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps the request and sends an instructor of the course to the picker; anyone else is refused. */
  async start(launch: DeepLinkingLaunch): Promise<DeepLinkingStart> {
    const role = await this.access.roleIn(launch.userId, launch.courseId);
    if (!can(role, 'setAssignments')) {
      return refused(403, 'Only instructors place Commonplace in a course', 'Placing an assignment in this LMS course is for its instructors. Open Commonplace from a link your instructor placed instead.');
    }
    const settings = deepLinkingSettings.safeParse(launch.claims[ltiClaims.deepLinkingSettings]);
    const deploymentId = launch.claims[ltiClaims.deploymentId];
    if (!settings.success || typeof deploymentId !== 'string') {
      return refused(400, 'This placement cannot go ahead', 'The LMS sent a deep linking request without where to send the link back. Try again from the LMS.');
    }
    if (!settings.data.accept_types.includes('ltiResourceLink')) {
      return refused(400, 'This place takes no tool links', 'The LMS does not accept a link to a tool here. Add Commonplace where the LMS offers external tools or assignments.');
    }
    const now = this.now();
    await this.db.deleteFrom('lti_deep_link_requests').where('expires_at', '<=', now).execute();
    const id = newId(20);
    await this.db
      .insertInto('lti_deep_link_requests')
      .values({
        id,
        user_id: launch.userId,
        course_id: launch.courseId,
        issuer: launch.platform.issuer,
        client_id: launch.platform.clientId,
        deployment_id: deploymentId,
        return_url: settings.data.deep_link_return_url,
        data: settings.data.data ?? null,
        accept_types: JSON.stringify(settings.data.accept_types),
        accept_line_item: acceptsLineItem(settings.data, launch.claims) ? 1 : 0,
        expires_at: now + deepLinkRequestLifetimeMs,
      })
      .execute();
    return { kind: 'picker', location: deepLinkPickerPath(id, launch.courseId) };
  }

  /**
   * The signed answer that places `assignmentId` in the LMS, for the
   * instructor who launched the request. The request is used up: the same
   * id answers no second time. `origin` is the app's public origin, where
   * the link's launch goes.
   */
  async answer(requestId: string, userId: string, assignmentId: string, origin: string): Promise<DeepLinkingAnswer> {
    const now = this.now();
    const request = await this.db
      .selectFrom('lti_deep_link_requests')
      .selectAll()
      .where('id', '=', requestId)
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!request) throw usedOrExpired();
    if (!can(await this.access.roleIn(userId, request.course_id), 'setAssignments')) throw forbidden('Only the course’s instructors place its assignments in the LMS.');
    const assignment = await this.assignments.get(assignmentId).catch(() => null);
    if (!assignment || assignment.course_id !== request.course_id) {
      throw badRequest('That assignment is not one of this course’s.', { assignmentId: 'Not in this course.' });
    }
    // Deleting is what uses it: of two picks at once, one deletes the row and goes on.
    const deleted = await this.db.deleteFrom('lti_deep_link_requests').where('id', '=', request.id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw usedOrExpired();

    const withLineItem = request.accept_line_item === 1;
    const jwt = await signDeepLinkingResponse(
      this.toolKeys,
      { issuer: request.issuer, clientId: request.client_id, deploymentId: request.deployment_id, data: request.data, acceptsLineItem: withLineItem },
      [assignmentLink(assignment, origin, withLineItem)],
      now,
    );
    return { returnUrl: request.return_url, jwt, assignmentTitle: assignment.title };
  }
}

/**
 * The launch route's call for an `LtiDeepLinkingRequest`, once the id_token
 * is verified, the user signed in and the context mapped to a course:
 *
 *     const start = await startDeepLinking(domain, { platform, claims, userId, courseId });
 *     return start.kind === 'picker' ? c.redirect(start.location, 303) : c.html(start.page, start.status);
 */
export function startDeepLinking(domain: Pick<Domain, 'deepLinking'>, launch: DeepLinkingLaunch): Promise<DeepLinkingStart> {
  return domain.deepLinking.start(launch);
}

function refused(status: 400 | 403, title: string, message: string): DeepLinkingStart {
  return { kind: 'refused', status, page: refusalPage(title, message) };
}

const usedOrExpired = () =>
  new AppError('not_found', 'This placement has expired or was used already. Start again from the LMS: add Commonplace to the module once more.');

