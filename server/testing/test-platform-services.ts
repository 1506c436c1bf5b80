import type { Context, Hono } from 'hono';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { agsScopes, type TestLtiPlatform } from './test-lti-platform';

/**
 * An LMS course of the test platform linked to `courseId`, as a launch
 * leaves it: with the Names and Roles and the Assignment and Grade
 * endpoints it announced (null: not announced).
 */
export async function linkTestContext(
  db: Kysely<Database>,
  platform: TestLtiPlatform,
  link: { contextId: string; courseId: string; title: string; membershipsUrl: string | null; lineItemsUrl: string | null; agsScopes: string[] | null },
): Promise<void> {
  await db
    .insertInto('lti_contexts')
    .values({
      issuer: platform.issuer,
      deployment_id: platform.deploymentId,
      context_id: link.contextId,
      client_id: platform.clientId,
      course_id: link.courseId,
      title: link.title,
      memberships_url: link.membershipsUrl,
      lineitems_url: link.lineItemsUrl,
      ags_scopes: link.agsScopes && JSON.stringify(link.agsScopes),
      roster_synced_at: null,
      created_at: Date.now(),
    })
    .execute();
}

/**
 * A course's assignment placed in the test LMS with its grade service, as
 * launches leave it: the LMS course linked with the Assignment and Grade
 * endpoints, the assignment's resource link, and the given learners known
 * by their LMS ids (anyone else never came from the LMS).
 */
export async function placeInTestLms(
  db: Kysely<Database>,
  platform: TestLtiPlatform,
  place: { contextId: string; courseId: string; assignmentId: string; resourceLinkId: string; learners: readonly { userId: string; subject: string }[] },
): Promise<void> {
  const at = Date.now();
  await linkTestContext(db, platform, {
    contextId: place.contextId,
    courseId: place.courseId,
    title: 'Course',
    membershipsUrl: null,
    lineItemsUrl: platform.lineItemsUrl(place.contextId),
    agsScopes: Object.values(agsScopes),
  });
  await db
    .insertInto('lti_resource_links')
    .values({ issuer: platform.issuer, deployment_id: platform.deploymentId, resource_link_id: place.resourceLinkId, course_id: place.courseId, assignment_id: place.assignmentId, lineitem_url: null, created_at: at })
    .execute();
  for (const { userId, subject } of place.learners) {
    await db.insertInto('identities').values({ kind: 'lti', issuer: platform.issuer, subject, user_id: userId, provider: platform.issuer, email: null, created_at: at, last_used_at: at }).execute();
  }
}

/** One person on a test LMS roster, as the Names and Roles service lists them. */
export interface RosterEntry {
  user_id: string;
  roles: string[];
  name?: string;
  email?: string;
  status?: 'Active' | 'Inactive' | 'Deleted';
  /** Ids of the LMS groups the person is in (listed only when the roster is asked with `groups=true`). */
  groups?: string[];
}

/** A score the tool posted, as the platform received it. */
export interface RecordedScore {
  lineItem: string;
  contentType: string;
  body: Record<string, unknown>;
}

/**
 * The LTI Advantage services of the test LMS, mounted on its app
 * (`startTestLtiPlatform({ routes: services.routes })`): a token endpoint
 * that grants client-credentials tokens only for an assertion signed with a
 * key from the tool's JWKS (`toolJwksUrl`, set once the tool listens), a
 * Names and Roles roster served in pages with `Link: rel="next"`, the
 * course groups, and Assignment and Grade line items and scores, each
 * service checking the token's scopes and recording what it was sent.
 */
export class TestPlatformServices {
  /** The tool's `/lti/jwks`; set before the first token request. */
  toolJwksUrl = '';
  /** While set, the token endpoint answers 400 with this OAuth error. */
  refuseTokens: string | null = null;
  /** Members on each page of a roster. */
  pageSize = 2;
  readonly rosters = new Map<string, RosterEntry[]>();
  readonly groups = new Map<string, { id: string; name: string }[]>();
  readonly lineItems: { id: string; contextId: string; body: Record<string, unknown> }[] = [];
  readonly scores: RecordedScore[] = [];
  /** Every token asked for, granted or not, with the scopes asked. */
  readonly tokenRequests: { scope: string; granted: boolean }[] = [];
  readonly #tokens = new Map<string, Set<string>>();
  readonly #jtis = new Set<string>();
  #jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  /** Mounts the services on the test platform's app. */
  readonly routes = (app: Hono, platform: TestLtiPlatform): void => {
    app.post('/token', async (c) => {
      const form = await c.req.parseBody();
      const scope = typeof form.scope === 'string' ? form.scope : '';
      const refuse = (error: string, description: string) => {
        this.tokenRequests.push({ scope, granted: false });
        return c.json({ error, error_description: description }, error === 'invalid_client' ? 401 : 400);
      };
      if (this.refuseTokens) return refuse(this.refuseTokens, 'This tool is not allowed here.');
      if (form.grant_type !== 'client_credentials') return refuse('unsupported_grant_type', 'client_credentials only');
      if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || typeof form.client_assertion !== 'string') {
        return refuse('invalid_client', 'a JWT client assertion is required');
      }
      try {
        this.#jwks ??= createRemoteJWKSet(new URL(this.toolJwksUrl));
        const { payload } = await jwtVerify(form.client_assertion, this.#jwks, {
          issuer: platform.clientId,
          subject: platform.clientId,
          audience: platform.config.tokenUrl,
          algorithms: ['RS256'],
          maxTokenAge: '10m',
        });
        if (typeof payload.jti !== 'string' || this.#jtis.has(payload.jti)) return refuse('invalid_client', 'the assertion was used already');
        this.#jtis.add(payload.jti);
      } catch (err) {
        return refuse('invalid_client', `the assertion does not verify: ${(err as Error).message}`);
      }
      const token = randomUUID();
      this.#tokens.set(token, new Set(scope.split(' ').filter(Boolean)));
      this.tokenRequests.push({ scope, granted: true });
      return c.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope });
    });

    app.get('/contexts/:contextId/memberships', (c) => {
      const refused = this.#refuse(c, 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly');
      if (refused) return refused;
      const contextId = c.req.param('contextId');
      const roster = this.rosters.get(contextId) ?? [];
      const page = Number(c.req.query('page') ?? '0');
      const withGroups = c.req.query('groups') === 'true';
      const members = roster.slice(page * this.pageSize, (page + 1) * this.pageSize).map(({ groups, ...member }) => ({
        status: 'Active',
        ...member,
        ...(withGroups ? { group_enrollments: (groups ?? []).map((id) => ({ group_id: id })) } : {}),
      }));
      if ((page + 1) * this.pageSize < roster.length) {
        const next = new URL(c.req.url);
        next.searchParams.set('page', String(page + 1));
        c.header('Link', `<${next.href}>; rel="next"`);
      }
      c.header('Content-Type', 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json');
      return c.body(JSON.stringify({ id: c.req.url, context: { id: contextId }, members }));
    });

    app.get('/contexts/:contextId/groups', (c) => {
      const refused = this.#refuse(c, 'https://purl.imsglobal.org/spec/lti-gs/scope/contextgroup.readonly');
      if (refused) return refused;
      return c.json({ groups: this.groups.get(c.req.param('contextId')) ?? [] });
    });

    app.post('/contexts/:contextId/lineitems', async (c) => {
      const refused = this.#refuse(c, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem');
      if (refused) return refused;
      const body = (await c.req.json()) as Record<string, unknown>;
      const id = `${platform.lineItemsUrl(c.req.param('contextId'))}/${this.lineItems.length + 1}`;
      this.lineItems.push({ id, contextId: c.req.param('contextId'), body });
      return c.json({ id, ...body }, 201);
    });

    app.post('/contexts/:contextId/lineitems/:item/scores', async (c) => {
      const refused = this.#refuse(c, 'https://purl.imsglobal.org/spec/lti-ags/scope/score');
      if (refused) return refused;
      const lineItem = c.req.url.replace(/\/scores(\?.*)?$/, '');
      this.scores.push({ lineItem, contentType: c.req.header('content-type') ?? '', body: (await c.req.json()) as Record<string, unknown> });
      return c.body(null, 204);
    });
  };

  /** A 401 unless the request carries a token granted with `scope`. */
  #refuse(c: Context, scope: string): Response | null {
    const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const scopes = token ? this.#tokens.get(token) : undefined;
    if (!scopes) return c.json({ error: 'invalid_token' }, 401);
    if (!scopes.has(scope)) return c.json({ error: 'insufficient_scope' }, 403);
    return null;
  }
}
