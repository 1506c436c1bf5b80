import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, ltiClaim, ltiRoles, startTestLtiPlatform, type TestLaunch, type TestLtiPlatform } from '../../testing/test-lti-platform';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { returnScript, returnScriptPath } from './deep-linking-page';

/**
 * Deep linking against a test LMS: an instructor's LtiDeepLinkingRequest
 * reaches the picker, the pick comes back to the LMS's return URL as a
 * form whose JWT the LMS verifies with the tool's JWKS, and the link it
 * makes opens the assignment. One platform and one app server for the file.
 */
let lms: TestLtiPlatform;
let server: TestServer;
/** The JWTs the LMS's return URL received, as a browser's form post delivers them. */
const returned: string[] = [];

beforeAll(async () => {
  lms = await startTestLtiPlatform({
    routes: (app) =>
      app.post('/deep-links', async (c) => {
        returned.push(String((await c.req.parseBody()).JWT));
        return c.text('linked');
      }),
  });
  server = await startTestServer({ LTI_PLATFORMS: JSON.stringify([lms.config]) });
});

afterAll(async () => {
  await server?.close();
  await lms?.close();
});

const teacher = { sub: 'dl-teacher', name: 'Ada Teacher', roles: [ltiRoles.instructor] };
const otherTeacher = { sub: 'dl-teacher-2', name: 'Cy Teacher', roles: [ltiRoles.instructor] };
const learner = { sub: 'dl-learner', name: 'Ben Learner', roles: [ltiRoles.learner] };
const chemistry = { id: 'ctx-chem', title: 'Chemistry 201' };
const data = 'opaque <&> "state" of the LMS';

const settings = (extra: Record<string, unknown> = {}) => ({
  deep_link_return_url: `${lms.url}/deep-links`,
  accept_types: ['ltiResourceLink'],
  accept_presentation_document_targets: ['iframe', 'window'],
  accept_lineitem: true,
  data,
  ...extra,
});

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
const unescape = (html: string) => html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => named[name]!);

/** A deep linking launch from the LMS: its answer's status and page, the cookies it set, and where its page goes on to. */
async function deepLinkLaunch(person: TestLaunch['person'], extra?: Record<string, unknown>) {
  const response = await lms.launch(server.url, { person, context: chemistry, messageType: 'LtiDeepLinkingRequest', claims: { [ltiClaim.deepLinkingSettings]: settings(extra) } });
  const html = await response.text();
  const to = /data-to="([^"]+)"/.exec(html)?.[1];
  return { status: response.status, html, cookie: cookieHeader(response), to: to ? unescape(to) : null };
}

/** The picker's request id and course, from the path the launch leads to. */
function pickerOf(to: string | null): { requestId: string; courseId: string } {
  const match = /^\/lti\/deep-link\/([a-z2-7]{32})\?course=([a-z2-7]+)$/.exec(to ?? '');
  if (!match) throw new Error(`not the picker: ${to}`);
  return { requestId: match[1]!, courseId: match[2]! };
}

/** The pick, as the picker page's form posts it. */
async function pick(requestId: string, assignmentId: string, cookie: string | null) {
  const response = await fetch(`${server.url}/lti/deep-link/${requestId}`, {
    method: 'POST',
    headers: { ...(cookie ? { cookie } : {}), origin: server.url, 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ assignmentId }),
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** The form of the answer page: where it posts and the JWT it carries. */
function returnForm(html: string): { action: string; jwt: string } {
  const action = /<form id="deep-link-return" method="post" action="([^"]+)">/.exec(html)?.[1];
  const jwt = /<input type="hidden" name="JWT" value="([^"]+)">/.exec(html)?.[1];
  if (!action || !jwt) throw new Error(`no return form: ${html}`);
  return { action: unescape(action), jwt: unescape(jwt) };
}

async function createAssignment(courseId: string, cookie: string, title: string) {
  const dueAt = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
  const { status, body } = await server.api('POST', `/api/groups/${courseId}/assignments`, { headers: { cookie }, body: { title, dueAt } });
  expect(status).toBe(201);
  return body.assignment as { id: string; title: string; courseId: string };
}

const waiting = async () => (await server.domain.store.db.selectFrom('lti_deep_link_requests').selectAll().execute()).length;

describe('LTI deep linking', () => {
  let courseId: string;
  let cookie: string;
  let essay: { id: string; title: string };

  it('sends an instructor to the picker for the course, keeping the request on the server', async () => {
    const launch = await deepLinkLaunch(teacher);
    expect(launch.status, launch.html).toBe(200);
    ({ courseId } = pickerOf(launch.to));
    cookie = launch.cookie;
    // The page the picker shows: the course and its assignments, for the instructor signed in by the launch.
    const course = await server.api('GET', `/api/groups/${courseId}`, { headers: { cookie } });
    expect(course.body.group).toMatchObject({ name: 'Chemistry 201', role: 'instructor' });
    expect((await server.api('GET', `/api/groups/${courseId}/assignments`, { headers: { cookie } })).body.assignments).toEqual([]);
    // The LMS's return URL and data stay on the server: the page's address holds only the random id.
    expect(launch.html).not.toContain('deep-links');
    expect(await waiting()).toBe(1);
  });

  it('answers a pick with a page that posts the signed link to the LMS, which verifies it with the tool’s keys', async () => {
    essay = await createAssignment(courseId, cookie, 'Essay "one" <b>&</b>');
    const launch = await deepLinkLaunch(teacher);
    const { requestId } = pickerOf(launch.to);
    const answer = await pick(requestId, essay.id, launch.cookie);
    expect(answer.status, answer.html).toBe(200);

    // Everything embedded is escaped; the form is submitted by the app's own script, as the policy allows.
    expect(answer.html).toContain('Essay &quot;one&quot; &lt;b&gt;&amp;&lt;/b&gt;');
    expect(answer.html).not.toContain('<b>');
    expect(answer.html).toContain(`<script src="${returnScriptPath}" defer></script>`);
    expect(answer.html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+=/i);
    const policy = answer.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`form-action ${lms.url}`);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    // Shown in the frame of the LMS that launched this browser, like the picker before it.
    expect(policy).toMatch(/frame-ancestors [^;]*https:/);
    expect(answer.headers.get('x-frame-options')).toBeNull();
    const script = await fetch(server.url + returnScriptPath);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toBe(returnScript);

    const form = returnForm(answer.html);
    expect(form.action).toBe(`${lms.url}/deep-links`);
    const jwks = createRemoteJWKSet(new URL(`${server.url}/lti/jwks`));
    const { payload, protectedHeader } = await jwtVerify(form.jwt, jwks, { issuer: lms.clientId, audience: lms.issuer });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.nonce).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': lms.deploymentId,
      'https://purl.imsglobal.org/spec/lti-dl/claim/data': data,
    });
    const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'];
    expect(items).toEqual([
      {
        type: 'ltiResourceLink',
        title: essay.title,
        url: `${server.url}/lti/launch`,
        custom: { assignment_id: essay.id },
        lineItem: { scoreMaximum: 100, label: essay.title, resourceId: essay.id },
      },
    ]);

    // The browser posts the form; the LMS gets the JWT.
    const delivered = await fetch(form.action, { method: 'POST', body: new URLSearchParams({ JWT: form.jwt }) });
    expect(await delivered.text()).toBe('linked');
    expect(returned.at(-1)).toBe(form.jwt);

    // The link the LMS made opens the assignment, and is kept with it and its line item.
    const custom = (items as { custom: Record<string, string> }[])[0]!.custom;
    const lineItem = `${lms.url}/contexts/${chemistry.id}/lineitems/7`;
    const opened = await lms.launch(server.url, { person: learner, context: chemistry, resourceLink: { id: 'placed-essay' }, custom, assignmentAndGrade: { lineItem } });
    expect(/data-to="([^"]+)"/.exec(await opened.text())?.[1]).toBe(`/assignments/${essay.id}`);
    const link = await server.domain.store.db.selectFrom('lti_resource_links').selectAll().where('resource_link_id', '=', 'placed-essay').executeTakeFirstOrThrow();
    expect(link).toMatchObject({ course_id: courseId, assignment_id: essay.id, lineitem_url: lineItem });
  });

  it('places an assignment created in the picker: it is the course’s, and the link names it', async () => {
    const launch = await deepLinkLaunch(teacher);
    const { requestId, courseId: pickerCourse } = pickerOf(launch.to);
    expect(pickerCourse).toBe(courseId);
    const created = await createAssignment(pickerCourse, launch.cookie, 'Lab report 2');
    const listed = (await server.api('GET', `/api/groups/${courseId}/assignments`, { headers: { cookie: launch.cookie } })).body.assignments;
    expect(listed.map((a: { id: string }) => a.id)).toContain(created.id);
    expect(created.courseId).toBe(courseId);
    const { jwt } = returnForm((await pick(requestId, created.id, launch.cookie)).html);
    const items = decodeJwt(jwt)['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as { custom: object; title: string }[];
    expect(items[0]).toMatchObject({ title: 'Lab report 2', custom: { assignment_id: created.id } });
  });

  it('sends no line item to a platform that takes none, and no data when it sent none', async () => {
    const launch = await deepLinkLaunch(teacher, { accept_lineitem: false, data: undefined });
    const { jwt } = returnForm((await pick(pickerOf(launch.to).requestId, essay.id, launch.cookie)).html);
    const payload: JWTPayload = decodeJwt(jwt);
    expect(payload).not.toHaveProperty(['https://purl.imsglobal.org/spec/lti-dl/claim/data']);
    const [item] = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as object[];
    expect(item).not.toHaveProperty('lineItem');
  });

  it('refuses a learner a page of its own, keeping nothing', async () => {
    const before = await waiting();
    const launch = await deepLinkLaunch(learner);
    expect(launch.status).toBe(403);
    expect(launch.html).toContain('Only instructors place Commonplace in a course');
    expect(launch.to).toBeNull();
    expect(await waiting()).toBe(before);
  });

  it('answers a picker id once, to its own instructor, before it expires, and only for the course’s assignments', async () => {
    const refused = (answer: { html: string }) => expect(answer.html).not.toContain('name="JWT"');

    // Used: the second pick of one id finds nothing.
    const used = await deepLinkLaunch(teacher);
    const usedId = pickerOf(used.to).requestId;
    expect((await pick(usedId, essay.id, used.cookie)).status).toBe(200);
    const again = await pick(usedId, essay.id, used.cookie);
    expect(again.status).toBe(404);
    expect(again.html).toContain('expired or was used already');
    refused(again);

    // Expired: past its time, the id answers nothing.
    const late = await deepLinkLaunch(teacher);
    const lateId = pickerOf(late.to).requestId;
    await server.domain.store.db.updateTable('lti_deep_link_requests').set({ expires_at: Date.now() - 1 }).where('id', '=', lateId).execute();
    const expired = await pick(lateId, essay.id, late.cookie);
    expect(expired.status).toBe(404);
    refused(expired);

    // Another instructor of the course, or nobody signed in, cannot use it; an assignment of another course is refused; the id still answers its own.
    const own = await deepLinkLaunch(teacher);
    const ownId = pickerOf(own.to).requestId;
    const other = await deepLinkLaunch(otherTeacher);
    expect((await pick(ownId, essay.id, other.cookie)).status).toBe(404);
    const anonymous = await pick(ownId, essay.id, null);
    expect(anonymous.status).toBe(401);
    refused(anonymous);
    const elsewhere = await deepLinkLaunch(teacher, {});
    const foreignCourse = (await server.api('POST', '/api/groups', { headers: { cookie: elsewhere.cookie }, body: { name: 'Elsewhere' } })).body.group.id as string;
    const foreign = await createAssignment(foreignCourse, elsewhere.cookie, 'Not this course');
    const wrong = await pick(ownId, foreign.id, own.cookie);
    expect(wrong.status).toBe(400);
    refused(wrong);
    expect((await pick(ownId, 'not an id', own.cookie)).status).toBe(400);
    expect((await pick(ownId, essay.id, own.cookie)).status).toBe(200);
  });
});
