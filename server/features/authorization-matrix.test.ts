import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApp } from '../app';
import { newId } from '../db/ids';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { hashPassword } from './auth/password';

/**
 * The authorisation matrix (issue 2): every route of the app against every
 * kind of caller, each case on a fresh fixture. The first test reads the
 * routes the real app registers and fails when one is missing here, so a new
 * route cannot ship without deciding who may call it.
 */

const principals = ['anonymous', 'nonMember', 'reviewer', 'member', 'instructor'] as const;
type Principal = (typeof principals)[number];

/** Expected statuses in the order of `principals`. */
type Statuses = readonly [anonymous: number, nonMember: number, reviewer: number, member: number, instructor: number];

interface Fixture {
  server: TestServer;
  caller: TestUser | null;
  /** Values for the route's path parameters, by name. */
  params: { groupId: string; projectId: string; docId: string; code: string; userId: string };
}

interface Row {
  /** `METHOD /path/:param`, exactly as the app registers it. */
  route: string;
  /**
   * A valid body, so that the status tells about permission, not validation;
   * made per case, with anything else the request needs.
   */
  body?: (f: Fixture) => unknown;
  /** Sent as a WebSocket upgrade: 101 when it is accepted. */
  upgrade?: true;
  expect: Statuses;
}

const knownPassword = 'the known password 1';
let knownPasswordHash = '';

const rows: Row[] = [
  { route: 'GET /api/health', expect: [200, 200, 200, 200, 200] },

  // Accounts: open to all, except what needs a session.
  {
    route: 'POST /api/auth/signup',
    body: () => ({ email: `new-${newId()}@example.test`, password: knownPassword, name: 'Newcomer' }),
    expect: [201, 201, 201, 201, 201],
  },
  {
    route: 'POST /api/auth/login',
    body: async ({ server }) => {
      const email = `known-${newId()}@example.test`;
      await server.domain.store.db
        .insertInto('users')
        .values({ id: newId(), email, name: 'Known', password_hash: knownPasswordHash, created_at: Date.now() })
        .execute();
      return { email, password: knownPassword };
    },
    expect: [200, 200, 200, 200, 200],
  },
  { route: 'POST /api/auth/logout', expect: [204, 204, 204, 204, 204] },
  { route: 'GET /api/auth/me', expect: [401, 200, 200, 200, 200] },
  {
    route: 'POST /api/auth/password',
    body: async ({ server, caller }) => {
      if (caller) {
        await server.domain.store.db
          .updateTable('users')
          .set({ password_hash: knownPasswordHash })
          .where('id', '=', caller.user.id)
          .execute();
      }
      return { currentPassword: knownPassword, newPassword: 'another long password' };
    },
    expect: [401, 200, 200, 200, 200],
  },

  // Groups and members.
  { route: 'POST /api/groups', body: () => ({ name: 'New group' }), expect: [401, 201, 201, 201, 201] },
  { route: 'GET /api/groups', expect: [401, 200, 200, 200, 200] },
  { route: 'GET /api/groups/:groupId', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/groups/:groupId/members', expect: [401, 404, 200, 200, 200] },
  { route: 'PATCH /api/groups/:groupId/members/:userId', body: () => ({ role: 'reviewer' }), expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/groups/:groupId/members/:userId', expect: [401, 404, 403, 403, 204] },

  // Invites: managed by instructors; a code is shown to and usable by anyone signed in.
  { route: 'POST /api/groups/:groupId/invites', body: () => ({ role: 'member' }), expect: [401, 404, 403, 403, 201] },
  { route: 'GET /api/groups/:groupId/invites', expect: [401, 404, 403, 403, 200] },
  { route: 'DELETE /api/groups/:groupId/invites/:code', expect: [401, 404, 403, 403, 204] },
  { route: 'GET /api/invites/:code', expect: [401, 200, 200, 200, 200] },
  { route: 'POST /api/invites/:code/accept', expect: [401, 200, 200, 200, 200] },

  // Projects and documents.
  { route: 'POST /api/groups/:groupId/projects', body: () => ({ name: 'New project' }), expect: [401, 404, 403, 201, 201] },
  { route: 'GET /api/groups/:groupId/projects', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/projects/:projectId', expect: [401, 404, 200, 200, 200] },
  { route: 'POST /api/projects/:projectId/docs', body: () => ({ title: 'New document' }), expect: [401, 404, 403, 201, 201] },
  { route: 'GET /api/projects/:projectId/docs', expect: [401, 404, 200, 200, 200] },
  { route: 'GET /api/docs/:docId', expect: [401, 404, 200, 200, 200] },
  { route: 'PATCH /api/docs/:docId', body: () => ({ title: 'Renamed' }), expect: [401, 404, 403, 200, 200] },

  // The sync socket: a reviewer connects too (read-only is enforced on the wire).
  { route: 'GET /ws/:docId', upgrade: true, expect: [401, 404, 101, 101, 101] },
];

/**
 * A group with an instructor, a member, a reviewer and a further member
 * (the `:userId` that member routes act on), one project, one document and
 * one invite; and a user who belongs to none of it.
 */
async function freshFixture(server: TestServer, principal: Principal): Promise<Fixture> {
  const [instructor, member, reviewer, target, nonMember] = await Promise.all(
    ['Instructor', 'Member', 'Reviewer', 'Target', 'Outsider'].map((name) => server.createUser(name)),
  );
  const { groupId, projectId, docId } = await createTestDoc(server, [
    { member: instructor!, role: 'instructor' },
    { member: member!, role: 'member' },
    { member: reviewer!, role: 'reviewer' },
    { member: target!, role: 'member' },
  ]);
  const code = newId(15);
  const now = Date.now();
  await server.domain.store.db
    .insertInto('invites')
    .values({ code, group_id: groupId, role: 'member', created_by: instructor!.user.id, created_at: now, expires_at: now + 86_400_000, max_uses: null, uses: 0, revoked_at: null })
    .execute();
  const callers: Record<Principal, TestUser | null> = { anonymous: null, nonMember: nonMember!, reviewer: reviewer!, member: member!, instructor: instructor! };
  return { server, caller: callers[principal], params: { groupId, projectId, docId, code, userId: target!.user.id } };
}

function concretePath(route: string, params: Fixture['params']): string {
  const pattern = route.slice(route.indexOf(' ') + 1);
  return pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name as keyof Fixture['params']];
    if (!value) throw new Error(`the fixture has no value for :${name} in ${route}`);
    return value;
  });
}

/** The status of a WebSocket upgrade: 101 when accepted, else the HTTP answer. */
function upgradeStatus(url: string, caller: TestUser | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: caller ? { cookie: caller.cookie } : {} });
    let status = 0;
    socket.once('upgrade', (response) => {
      status = response.statusCode ?? 0;
    });
    socket.once('open', () => {
      socket.once('close', () => resolve(status));
      socket.close();
    });
    socket.once('unexpected-response', (request, response) => {
      response.resume();
      request.destroy();
      resolve(response.statusCode ?? 0);
    });
    socket.on('error', reject);
  });
}

async function statusOf(row: Row, f: Fixture): Promise<number> {
  const path = concretePath(row.route, f.params);
  if (row.upgrade) return upgradeStatus(f.server.url.replace(/^http/, 'ws') + path, f.caller);
  const method = row.route.slice(0, row.route.indexOf(' '));
  const response = await f.server.api(method, path, { as: f.caller, body: await row.body?.(f) });
  return response.status;
}

describe('authorisation matrix', () => {
  let server: TestServer;

  beforeAll(async () => {
    // Generous limits: the matrix signs up and in more often than a person would.
    server = await startTestServer({ SIGNUP_LIMIT_PER_ADDRESS: '100000', LOGIN_LIMIT_PER_ADDRESS: '100000' });
    knownPasswordHash = await hashPassword(knownPassword);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has a row for every /api route and the sync socket the app registers, and none for routes it lacks', () => {
    const registered = new Set(
      createApp(server.domain)
        // `use` middleware is registered under the method ALL; routes name theirs.
        .routes.filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/ws/')))
        .map((r) => `${r.method} ${r.path}`),
    );
    const tabled = rows.map((r) => r.route);
    expect(new Set(tabled).size, 'a route is in the table twice').toBe(tabled.length);
    expect([...registered].filter((route) => !tabled.includes(route)), 'routes missing from the matrix').toEqual([]);
    expect(tabled.filter((route) => !registered.has(route)), 'rows for routes the app does not have').toEqual([]);
  });

  for (const row of rows) {
    describe(row.route, () => {
      principals.forEach((principal, column) => {
        const expected = row.expect[column]!;
        it(`${principal} -> ${expected}`, async () => {
          const fixture = await freshFixture(server, principal);
          expect(await statusOf(row, fixture)).toBe(expected);
        });
      });
    });
  }
});
