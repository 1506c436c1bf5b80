import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LmsLinkResponse, TeamsFromGroupsResult } from '../../../shared/schemas/lti';
import { startTestLtiPlatform, ltiRoles, type TestLtiPlatform } from '../../testing/test-lti-platform';
import { linkTestContext, TestPlatformServices } from '../../testing/test-platform-services';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { ltiClaims } from './claims';
import { maxServicePages } from './roster-sync-members';

/**
 * A course's roster synced from a test LMS's Names and Roles service, over
 * real sockets: the tool takes a token with its signed assertion (checked
 * against its JWKS), reads every page of the roster, adds and removes only
 * whom the roster brought, and seeds teams from the LMS's groups.
 */
let platform: TestLtiPlatform;
let server: TestServer;
const services = new TestPlatformServices();
let ivy: TestUser;
let hana: TestUser;
let courseId: string;
const contextId = 'course-roster';

const person = (sub: string, roles: string[], extra: Partial<{ name: string; email: string; status: 'Active' | 'Inactive'; groups: string[] }> = {}) => ({
  user_id: sub,
  roles,
  name: extra.name ?? sub,
  ...extra,
});

async function membersOf(groupId: string) {
  const rows = await server.domain.store.db
    .selectFrom('memberships')
    .innerJoin('identities', 'identities.user_id', 'memberships.user_id')
    .select(['identities.subject', 'memberships.role', 'memberships.inherited_from'])
    .where('memberships.group_id', '=', groupId)
    .orderBy('identities.subject')
    .execute();
  return rows.map((row) => `${row.subject}:${row.role}${row.inherited_from ? ' (course)' : ''}`);
}

beforeAll(async () => {
  platform = await startTestLtiPlatform({ routes: services.routes });
  server = await startTestServer({ LTI_PLATFORMS: JSON.stringify([platform.config]) });
  services.toolJwksUrl = `${server.url}/lti/jwks`;
  [ivy, hana] = await server.createUsers('Ivy', 'Hana');
  const db = server.domain.store.db;
  // The course as a launch of Ivy's left it: linked to the LMS course, Ivy known by her LMS id.
  courseId = (await server.domain.groups.create(ivy.user.id, 'Biology 101')).group.id;
  const at = Date.now();
  await db.insertInto('identities').values({ kind: 'lti', issuer: platform.issuer, subject: 'teacher', user_id: ivy.user.id, provider: platform.issuer, email: null, created_at: at, last_used_at: at }).execute();
  await linkTestContext(db, platform, {
    contextId,
    courseId,
    title: 'Biology 101',
    membershipsUrl: platform.membershipsUrl(contextId),
    lineItemsUrl: null,
    agsScopes: null,
  });
  // Hana was added by hand, and the course has a team already.
  await db.insertInto('memberships').values({ group_id: courseId, user_id: hana.user.id, role: 'member', created_at: at }).execute();
  await server.domain.teams.create(courseId, ivy.user.id, { name: 'Early team', memberIds: [hana.user.id] });
  services.rosters.set(contextId, [
    person('teacher', [ltiRoles.instructor]),
    person('ann', [ltiRoles.learner], { name: 'Ann Lee', email: 'Ann@School.example', groups: ['g-red'] }),
    person('bob', [ltiRoles.learner], { groups: ['g-red'] }),
    person('cat', [ltiRoles.learner], { groups: ['g-blue'] }),
    person('dan', ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant']),
    person('meg', [ltiRoles.mentor]),
  ]);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await platform?.close();
});

const sync = (as: TestUser = ivy) => server.api('POST', `/api/groups/${courseId}/lti/roster-sync`, { as });

describe('roster sync from the LMS', () => {
  it('reports a platform that refuses the tool a token, and changes nothing', async () => {
    services.refuseTokens = 'invalid_client';
    const before = await membersOf(courseId);
    const refused = await sync();
    services.refuseTokens = null;
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(/LMS refused the request for an access token \(HTTP 401: invalid_client/);
    expect(await membersOf(courseId)).toEqual(before);
    expect(services.tokenRequests).toEqual([{ scope: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly', granted: false }]);
  });

  it('adds everyone the roster lists with their course role, across its pages', async () => {
    const first = await sync();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ added: 4, removed: 0, unchanged: 1 });
    // The mentor has no course role here and is left out; the teaching assistant runs the course, in every team.
    expect(await membersOf(courseId)).toEqual(['ann:member', 'bob:member', 'cat:member', 'dan:instructor', 'teacher:instructor']);
    const [team] = await server.domain.teams.list(courseId);
    expect(await membersOf(team!.team.id)).toEqual(['dan:instructor (course)', 'teacher:instructor (course)']);
    const db = server.domain.store.db;
    const accounts = await db
      .selectFrom('users')
      .innerJoin('identities', 'identities.user_id', 'users.id')
      .select(['identities.subject', 'users.email', 'users.name', 'users.password_hash'])
      .where('identities.subject', 'in', ['ann', 'cat'])
      .orderBy('identities.subject')
      .execute();
    expect(accounts[0]).toEqual({ subject: 'ann', email: 'ann@school.example', name: 'Ann Lee', password_hash: '' });
    expect(accounts[1]!.email).toMatch(/\.invalid$/);
    // One token for the three pages.
    expect(services.tokenRequests.filter((r) => r.granted)).toHaveLength(1);
  });

  it('removes whom the roster brought once they leave it or turn inactive, from the course and its teams, and keeps those added by hand', async () => {
    const bob = await server.domain.store.db.selectFrom('identities').select('user_id').where('subject', '=', 'bob').executeTakeFirstOrThrow();
    const [team] = await server.domain.teams.list(courseId);
    await server.domain.teams.placeLearner(courseId, team!.team.id, bob.user_id, ivy.user.id);
    const roster = services.rosters.get(contextId)!;
    services.rosters.set(contextId, [...roster.filter((p) => p.user_id !== 'bob' && p.user_id !== 'cat'), person('cat', [ltiRoles.learner], { status: 'Inactive' })]);

    const second = await sync();
    expect(second.body).toMatchObject({ added: 0, removed: 2, unchanged: 3 });
    expect(await membersOf(courseId)).toEqual(['ann:member', 'dan:instructor', 'teacher:instructor']);
    expect(await membersOf(team!.team.id)).toEqual(['dan:instructor (course)', 'teacher:instructor (course)']);
    const hand = await server.domain.store.db.selectFrom('memberships').select('role').where('group_id', '=', courseId).where('user_id', '=', hana.user.id).executeTakeFirst();
    expect(hand?.role).toBe('member');
    services.rosters.set(contextId, roster);
  });

  it('refuses a roster of more pages than the limit, and changes nothing', async () => {
    const roster = services.rosters.get(contextId)!;
    const before = await membersOf(courseId);
    services.rosters.set(contextId, Array.from({ length: maxServicePages + 1 }, (_, i) => person(`many-${i}`, [ltiRoles.learner])));
    services.pageSize = 1;
    const endless = await sync();
    services.pageSize = 2;
    services.rosters.set(contextId, roster);
    expect(endless.status).toBe(503);
    expect(endless.body.error.message).toMatch(`more than ${maxServicePages} pages`);
    expect(await membersOf(courseId)).toEqual(before);
  });

  it('is for the course’s instructors only', async () => {
    const ann = await server.domain.store.db.selectFrom('identities').select('user_id').where('subject', '=', 'ann').executeTakeFirstOrThrow();
    const { token } = await server.domain.sessions.create(ann.user_id);
    const learner = { user: { id: ann.user_id, email: '', name: 'Ann' }, cookie: `commonplace_session=${token}` };
    expect((await sync(learner)).status).toBe(403);
    const [stranger] = await server.createUsers('Stranger');
    expect((await sync(stranger)).status).toBe(404);
  });

  it('seeds a team per LMS group with its learners, once, where the platform offers groups', async () => {
    const seed = () => server.api<TeamsFromGroupsResult>('POST', `/api/groups/${courseId}/lti/teams-from-groups`, { as: ivy });
    expect((await seed()).status).toBe(409);

    await server.domain.store.db.updateTable('lti_contexts').set({ groups_url: `${platform.url}/contexts/${contextId}/groups` }).where('course_id', '=', courseId).execute();
    services.groups.set(contextId, [
      { id: 'g-red', name: 'Red' },
      { id: 'g-blue', name: 'Blue' },
    ]);
    const seeded = await seed();
    expect(seeded.status).toBe(200);
    expect(seeded.body.created.map((t) => [t.name, t.members])).toEqual([
      ['Red', 2],
      ['Blue', 1],
    ]);
    const red = seeded.body.created[0]!.id;
    expect(await membersOf(red)).toEqual(['ann:member', 'bob:member', 'dan:instructor (course)', 'teacher:instructor (course)']);
    expect((await seed()).body).toEqual({ created: [], existing: 2 });
  });

  it('follows the LMS after a launch, without the launch waiting for it, and notes the groups the launch offers', async () => {
    const launchContext = 'course-launched';
    services.rosters.set(launchContext, [person('prof', [ltiRoles.instructor]), person('lou', [ltiRoles.learner])]);
    const groupsUrl = `${platform.url}/contexts/${launchContext}/groups`;
    const launched = await platform.launch(server.url, {
      person: { sub: 'prof', name: 'Prof', roles: [ltiRoles.instructor] },
      context: { id: launchContext, title: 'Chemistry' },
      namesAndRoles: true,
      claims: { [ltiClaims.groupsService]: { context_groups_url: groupsUrl, service_versions: ['1.0'] } },
    });
    expect(launched.status).toBeLessThan(400);
    const db = server.domain.store.db;
    const context = await db.selectFrom('lti_contexts').select(['course_id', 'groups_url']).where('context_id', '=', launchContext).executeTakeFirstOrThrow();
    await vi.waitFor(async () => expect(await membersOf(context.course_id)).toEqual(['lou:member', 'prof:instructor']), { timeout: 10_000 });
    const after = await db.selectFrom('lti_contexts').select(['groups_url', 'roster_synced_at']).where('context_id', '=', launchContext).executeTakeFirstOrThrow();
    expect(after.groups_url).toBe(groupsUrl);
    expect(after.roster_synced_at).not.toBeNull();
  });

  it('tells the course’s instructors the LMS it is linked to, with its last sync and services; null when none; not learners', async () => {
    const linkOf = (id: string, as: TestUser = ivy) => server.api<LmsLinkResponse>('GET', `/api/groups/${id}/lti`, { as });
    const synced = await server.domain.store.db.selectFrom('lti_contexts').select('roster_synced_at').where('course_id', '=', courseId).executeTakeFirstOrThrow();
    const linked = await linkOf(courseId);
    expect(linked.status).toBe(200);
    expect(linked.body).toEqual({ link: { title: 'Biology 101', platform: platform.issuer, rosterSyncedAt: synced.roster_synced_at, offersRoster: true, offersGroups: true } });
    expect(synced.roster_synced_at).toEqual(expect.any(Number));

    const unlinked = (await server.domain.groups.create(ivy.user.id, 'Art 101')).group.id;
    expect((await linkOf(unlinked)).body).toEqual({ link: null });

    const ann = await server.domain.store.db.selectFrom('identities').select('user_id').where('subject', '=', 'ann').executeTakeFirstOrThrow();
    const { token } = await server.domain.sessions.create(ann.user_id);
    expect((await linkOf(courseId, { user: { id: ann.user_id, email: '', name: 'Ann' }, cookie: `commonplace_session=${token}` })).status).toBe(403);
  });
});
