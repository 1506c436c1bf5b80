import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssignmentBody } from '../../../shared/schemas/courses';
import { cookieHeader, ltiClaim, ltiRoles, startTestLtiPlatform, type TestLaunch, type TestLtiPlatform } from '../../testing/test-lti-platform';
import { TestPlatformServices } from '../../testing/test-platform-services';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { sessionCookieName } from '../../http/session-cookie';
import { retiredKeyPublishedMs, ToolKeys } from './tool-keys';

/**
 * LTI 1.3 launches against a test LMS (its own keys, JWKS and
 * authorization endpoint, signing id_tokens with the LTI claims) and a
 * second, unconfigured one: one platform pair and one app server for the file.
 */
let lms: TestLtiPlatform;
let stranger: TestLtiPlatform;
let server: TestServer;
const services = new TestPlatformServices();

beforeAll(async () => {
  lms = await startTestLtiPlatform({ routes: services.routes });
  stranger = await startTestLtiPlatform();
  server = await startTestServer({ LTI_PLATFORMS: JSON.stringify([lms.config]) });
  services.toolJwksUrl = `${server.url}/lti/jwks`;
});

afterAll(async () => {
  await server?.close();
  await lms?.close();
  await stranger?.close();
});

const teacher = { sub: 'teacher-1', name: 'Ada Teacher', email: 'ada@school.example', roles: [ltiRoles.instructor] };
const learner = { sub: 'learner-1', name: 'Ben Learner', email: 'ben@school.example', roles: [ltiRoles.learner] };
const biology = { id: 'ctx-bio', title: 'Biology 101' };

/** The app path the launch page goes on to, and its new-tab link. */
function launchPageLinks(html: string): { to: string; newTab: string } {
  const to = /data-to="([^"]+)"/.exec(html)?.[1];
  const newTab = /href="(\/lti\/new-tab\?code=[^"]+)"/.exec(html)?.[1];
  if (!to || !newTab) throw new Error(`not a launch page: ${html}`);
  return { to, newTab: newTab.replaceAll('&amp;', '&') };
}

function sessionSetCookie(response: Response): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${sessionCookieName}=`));
}

async function me(cookie: string) {
  return server.api('GET', '/api/auth/me', { headers: { cookie } });
}

async function counts() {
  const { db } = server.domain.store;
  const count = async (table: 'users' | 'groups' | 'sessions' | 'identities' | 'lti_contexts' | 'memberships' | 'lti_resource_links') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    users: await count('users'),
    groups: await count('groups'),
    sessions: await count('sessions'),
    identities: await count('identities'),
    contexts: await count('lti_contexts'),
    memberships: await count('memberships'),
    links: await count('lti_resource_links'),
  };
}

async function courseOf(contextId: string) {
  return server.domain.store.db.selectFrom('lti_contexts').selectAll().where('context_id', '=', contextId).executeTakeFirst();
}

async function roleIn(courseId: string, userId: string) {
  const row = await server.domain.store.db.selectFrom('memberships').select('role').where('group_id', '=', courseId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role ?? null;
}

describe('LTI 1.3 launch', () => {
  let courseId: string;
  let teacherId: string;

  it('starts a login: redirects to the platform with the OIDC request and a state cookie for the launch', async () => {
    const login = await lms.startLogin(server.url, { method: 'GET' });
    const q = login.authRequest.searchParams;
    expect(login.authRequest.origin + login.authRequest.pathname).toBe(lms.config.authUrl);
    expect(Object.fromEntries(['scope', 'response_type', 'response_mode', 'prompt', 'client_id', 'redirect_uri'].map((k) => [k, q.get(k)]))).toEqual({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: lms.clientId,
      redirect_uri: `${server.url}/lti/launch`,
    });
    expect(q.get('login_hint')).toMatch(/^hint-/);
    expect(q.get('lti_message_hint')).toMatch(/^message-/);
    expect(login.cookie).toContain(`lti_state_${login.state}=${login.nonce}`);

    const unknown = await stranger.startLogin(server.url).catch((err: Error) => err.message);
    expect(unknown).toMatch(/^the tool answered the login with 400: .*not one Commonplace is set up for/s);
  });

  it('signs an instructor in, makes the course named after the LMS course, and opens it in the LMS frame', async () => {
    const response = await lms.launch(server.url, { person: teacher, context: biology, namesAndRoles: true, assignmentAndGrade: { lineItem: `${lms.url}/lineitems/9` } });
    expect(response.status).toBe(200);
    const session = sessionSetCookie(response);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; SameSite=None/);
    expect(session).toMatch(/; Partitioned/);
    // The LMS may frame the launch's page, which checks the cookie with a script file, none inline.
    expect(response.headers.get('x-frame-options')).toBeNull();
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self' https:/);
    const html = await response.text();
    expect(html).not.toMatch(/<script>/);
    expect(html).toContain('<script src="/lti/launch-check.js" defer></script>');

    const context = await courseOf(biology.id);
    expect(context).toMatchObject({ issuer: lms.issuer, deployment_id: lms.deploymentId, client_id: lms.clientId, title: 'Biology 101' });
    expect(context?.memberships_url).toBe(lms.membershipsUrl(biology.id));
    expect(context?.lineitems_url).toBe(lms.lineItemsUrl(biology.id));
    courseId = context!.course_id;
    expect(launchPageLinks(html).to).toBe(`/groups/${courseId}`);
    const course = await server.domain.store.db.selectFrom('groups').selectAll().where('id', '=', courseId).executeTakeFirstOrThrow();
    expect(course).toMatchObject({ name: 'Biology 101', parent_id: null });

    const signedIn = await me(cookieHeader(response));
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ name: 'Ada Teacher', email: 'ada@school.example' });
    teacherId = signedIn.body.user.id;
    expect(await roleIn(courseId, teacherId)).toBe('instructor');
    const link = await server.domain.store.db.selectFrom('lti_resource_links').selectAll().where('resource_link_id', '=', 'link-1').executeTakeFirst();
    expect(link).toMatchObject({ course_id: courseId, assignment_id: null, lineitem_url: `${lms.url}/lineitems/9` });
    const user = await server.domain.store.db.selectFrom('users').select('password_hash').where('id', '=', teacherId).executeTakeFirstOrThrow();
    expect(user.password_hash).toBe('');
  });

  it('lets a learner into the same course as a member, from the LMS site (a cross-site form post)', async () => {
    const login = await lms.startLogin(server.url);
    const idToken = await lms.signIdToken({ person: learner, context: biology }, login.nonce);
    const response = await fetch(`${server.url}/lti/launch`, {
      method: 'POST',
      body: new URLSearchParams({ id_token: idToken, state: login.state }),
      headers: { cookie: login.cookie, origin: lms.url, 'sec-fetch-site': 'cross-site' },
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    const signedIn = await me(cookieHeader(response));
    expect(signedIn.body.user.name).toBe('Ben Learner');
    expect(await roleIn(courseId, signedIn.body.user.id)).toBe('member');
    expect(launchPageLinks(await response.text()).to).toBe(`/groups/${courseId}`);
  });

  it('makes a teaching assistant an instructor of the course', async () => {
    const response = await lms.launch(server.url, { person: { sub: 'ta-1', name: 'Cy Assistant', email: null, roles: [ltiRoles.teachingAssistant] }, context: biology });
    const signedIn = await me(cookieHeader(response));
    expect(await roleIn(courseId, signedIn.body.user.id)).toBe('instructor');
    // No email from the LMS: a placeholder that can never receive mail.
    expect(signedIn.body.user.email).toMatch(/@lms\.invalid$/);
  });

  it('finds the same account and course on a later launch', async () => {
    const before = await counts();
    const response = await lms.launch(server.url, { person: teacher, context: { ...biology, title: 'Renamed in the LMS' } });
    expect(response.status).toBe(200);
    expect((await me(cookieHeader(response))).body.user.id).toBe(teacherId);
    const after = await counts();
    expect(after).toEqual({ ...before, sessions: before.sessions + 1 });
    expect(launchPageLinks(await response.text()).to).toBe(`/groups/${courseId}`);
  });

  it('opens the assignment a placed link names', async () => {
    const assignment = await server.domain.assignments.create(
      courseId,
      teacherId,
      createAssignmentBody.parse({ title: 'Lab report', dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }),
    );
    const response = await lms.launch(server.url, { person: learner, context: biology, resourceLink: { id: 'link-lab' }, custom: { assignment_id: assignment.id } });
    expect(launchPageLinks(await response.text()).to).toBe(`/assignments/${assignment.id}`);
    // The link remembers it: a later launch without the parameter opens it too.
    const again = await lms.launch(server.url, { person: learner, context: biology, resourceLink: { id: 'link-lab' } });
    expect(launchPageLinks(await again.text()).to).toBe(`/assignments/${assignment.id}`);
  });

  it('gives a one-time link that signs in first-party in a new tab, once', async () => {
    const response = await lms.launch(server.url, { person: learner, context: biology });
    const { to, newTab } = launchPageLinks(await response.text());
    const opened = await fetch(server.url + newTab, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe(to);
    const session = sessionSetCookie(opened);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Partitioned/);
    expect((await me(cookieHeader(opened))).body.user.name).toBe('Ben Learner');

    const replayed = await fetch(server.url + newTab, { redirect: 'manual' });
    expect(replayed.status).toBe(400);
    expect(sessionSetCookie(replayed)).toBeUndefined();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const newcomer = { sub: 'newcomer', name: 'New Comer', roles: [ltiRoles.instructor] };
  // Functions: the platforms start in beforeAll.
  const refusals: [string, () => TestLaunch, RegExp][] = [
    ['a kid the platform does not publish', () => ({ person: newcomer, kid: 'no-such-key' }), /key the LMS does not publish/],
    ['another tool as audience', () => ({ person: newcomer, claims: { aud: 'another-tool' } }), /meant for another tool/],
    ['several audiences without azp naming this tool', () => ({ person: newcomer, claims: { aud: ['another-tool', lms.clientId] } }), /several audiences/],
    ['an unknown deployment', () => ({ person: newcomer, claims: { [ltiClaim.deploymentId]: 'deployment-9' } }), /deployment/],
    ['an expired token', () => ({ person: newcomer, claims: { iat: now() - 400, exp: now() - 200 } }), /expired/],
    ['another platform’s key for the configured issuer', () => ({ person: newcomer, signWith: stranger, kid: lms.kid }), /signature does not verify/],
    ['a launch from an unconfigured platform', () => ({ person: newcomer, signWith: stranger, claims: { iss: stranger.issuer } }), /not one Commonplace is set up for/],
    ['a nonce of another launch', () => ({ person: newcomer, claims: { nonce: 'someone-else' } }), /nonce differs/],
    ['a role that is neither instructor nor learner', () => ({ person: { ...newcomer, roles: [ltiRoles.mentor] } }), /role/],
    [
      'a learner before any instructor opened the LMS course',
      () => ({ person: { ...newcomer, roles: [ltiRoles.learner] }, context: { id: 'ctx-new', title: 'Chemistry' } }),
      /instructor has not opened/,
    ],
  ];
  it.each(refusals)('refuses %s: a page saying why, no session, nothing made', async (_what, launch, reason) => {
    const before = await counts();
    const response = await lms.launch(server.url, launch());
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(sessionSetCookie(response)).toBeUndefined();
    expect(await response.text()).toMatch(reason);
    expect(await counts()).toEqual(before);
  });

  it('refuses a replayed launch, and one without the state cookie its login set', async () => {
    const login = await lms.startLogin(server.url);
    const form = { id_token: await lms.signIdToken({ person: learner, context: biology }, login.nonce), state: login.state };
    expect((await lms.postLaunch(server.url, form, login.cookie)).status).toBe(200);
    const before = await counts();
    const replayed = await lms.postLaunch(server.url, form, login.cookie);
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).toMatch(/used already/);
    expect(sessionSetCookie(replayed)).toBeUndefined();

    const other = await lms.startLogin(server.url);
    const withoutCookie = await lms.postLaunch(server.url, { id_token: await lms.signIdToken({ person: learner, context: biology }, other.nonce), state: other.state });
    expect(withoutCookie.status).toBe(401);
    expect(sessionSetCookie(withoutCookie)).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('still refuses other sites’ cross-site posts, and framing by a site that did not launch', async () => {
    const crossSite = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { origin: lms.url, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(403);
    const page = await fetch(`${server.url}/lti/jwks`);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('syncs the LMS course’s roster after a launch, without the launch waiting for it', async () => {
    services.rosters.set('ctx-roster', [
      { user_id: teacher.sub, roles: [ltiRoles.instructor], name: teacher.name },
      { user_id: 'roster-learner', roles: [ltiRoles.learner], name: 'Dee Roster' },
    ]);
    const response = await lms.launch(server.url, { person: teacher, context: { id: 'ctx-roster', title: 'Physics' }, namesAndRoles: true });
    expect(response.status).toBe(200);
    const { course_id: physics } = (await courseOf('ctx-roster'))!;
    const { db } = server.domain.store;
    const rosterLearner = () => db.selectFrom('identities').select('user_id').where('kind', '=', 'lti').where('subject', '=', 'roster-learner').executeTakeFirst();
    await expect.poll(async () => {
      const found = await rosterLearner();
      return found ? roleIn(physics, found.user_id) : null;
    }).toBe('member');
  });

  it('publishes its key at /lti/jwks, and a rotated-out key for a day more', async () => {
    const first = await (await fetch(`${server.url}/lti/jwks`)).json();
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(first.keys[0]).not.toHaveProperty('d');
    const oldKid = first.keys[0].kid;
    expect((await server.domain.toolKeys.signingKey()).kid).toBe(oldKid);

    await server.domain.toolKeys.rotate();
    const { kid: newKid } = await server.domain.toolKeys.signingKey();
    expect(newKid).not.toBe(oldKid);
    const rotated = await (await fetch(`${server.url}/lti/jwks`)).json();
    expect(rotated.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([oldKid, newKid].sort());

    const dayLater = new ToolKeys(server.domain.store.db, () => Date.now() + retiredKeyPublishedMs + 1000);
    expect((await dayLater.jwks()).keys.map((k) => k.kid)).toEqual([newKid]);
  });

  it('rotates its key once it is older than its lifetime, not before', async () => {
    const { db } = server.domain.store;
    const { kid } = await server.domain.toolKeys.signingKey();
    const lifetime = 90 * 24 * 60 * 60 * 1000;
    const justYoungEnough = new ToolKeys(db, () => Date.now() + lifetime - 60_000);
    expect(await justYoungEnough.rotateWhenOlderThan(lifetime)).toBe(false);
    expect((await server.domain.toolKeys.signingKey()).kid).toBe(kid);

    const tooOld = new ToolKeys(db, () => Date.now() + lifetime + 60_000);
    expect(await tooOld.rotateWhenOlderThan(lifetime)).toBe(true);
    expect((await server.domain.toolKeys.signingKey()).kid).not.toBe(kid);
  });
});
