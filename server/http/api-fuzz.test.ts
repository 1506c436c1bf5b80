import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { apiErrorBody, errorStatus, type ErrorCode } from '../../shared/api-error';
import { commentBody } from '../features/threads/test-feedback';
import { sampleRubric } from '../features/peer-review/test-peer-review';
import { concretePath, methodOf, registeredRoutes, routeFixture, type RouteFixture, type RouteParams } from '../features/test-routes';
import { reportFigures } from '../testing/figures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { clientDist } from './client-assets';
import { operations } from './openapi';

/**
 * API fuzzing (hostile input): every JSON route the app
 * registers, called by the group's instructor (a signed-in member whose
 * role passes every permission check, so that the fuzz reaches validation),
 * with invalid JSON, non-object JSON, each field of a valid body given the
 * wrong type or left out, unknown fields, bodies over MAX_BODY_BYTES, bodies
 * that are not declared JSON, odd path parameters (encoded traversal, NUL,
 * very long, unicode, another group's ids) and odd query values. Each case
 * must be answered 4xx with the one error shape of shared/api-error.ts (never
 * 500, never HTML) and change nothing: the database is compared, row counts
 * of every table and the rows themselves, before and after every case.
 *
 * Unknown fields in a body are refused (400): every body schema is a strict
 * object at every depth (the first test checks the schemas, the fuzz the
 * server). Unknown query parameters are ignored, as the web expects of
 * links; queries only ever read.
 */
const maxBodyBytes = 64 * 1024;

interface Response {
  status: number;
  contentType: string;
  text: string;
}

interface Case {
  route: string;
  /** Sent verbatim: no client normalises or re-encodes it. */
  path: string;
  body?: string | (() => Readable);
  headers?: Record<string, string>;
  /** The answer expected. */
  expected: Expected;
  kind: Kind;
  what: string;
}

/** An error with its code; or, for a query its schema accepts, an answer: success, or a 400 from checks beyond the schema (a cursor that is not one). */
type Expected = { status: number; code: ErrorCode } | { status: 'answered'; code?: undefined };
const badRequest: Expected = { status: 400, code: 'bad_request' };
const invalidBody: Expected = { status: 400, code: 'validation_failed' };
const notFound: Expected = { status: 404, code: 'not_found' };
const tooLarge: Expected = { status: 413, code: 'payload_too_large' };

type Json = Record<string, unknown>;

/** A valid body for every route that takes one: each case breaks one thing about it. */
function validBodies(): Record<string, Json> {
  return {
    'POST /api/auth/signup': { email: 'someone@example.test', password: 'a long enough password', name: 'Someone' },
    'POST /api/auth/login': { email: 'someone@example.test', password: 'a long enough password' },
    'POST /api/auth/password': { currentPassword: 'a long enough password', newPassword: 'another long password' },
    'POST /api/auth/password-reset': { email: 'someone@example.test' },
    'POST /api/auth/password-reset/check': { token: 'not-a-live-reset-token' },
    'POST /api/auth/password-reset/confirm': { token: 'not-a-live-reset-token', password: 'another long password' },
    'POST /api/groups': { name: 'A group' },
    'POST /api/team-projects': { groupName: 'A team', projectName: 'A project', docTitle: 'A document' },
    'PATCH /api/groups/:groupId/members/:userId': { role: 'reviewer' },
    'POST /api/groups/:groupId/invites': { role: 'member', expiresInDays: 7, maxUses: 3 },
    'POST /api/groups/:groupId/invites/email': { email: 'invited@example.test', role: 'member' },
    'POST /api/groups/:groupId/projects': { name: 'A project' },
    'POST /api/projects/:projectId/docs': { title: 'A document' },
    'PATCH /api/docs/:docId': { title: 'Renamed' },
    'POST /api/docs/:docId/threads': commentBody({ visibility: 'group' }),
    'PATCH /api/threads/:threadId': { status: 'resolved' },
    'POST /api/docs/:docId/suggestions/decide': { status: 'accepted' },
    'POST /api/threads/:threadId/replies': { body: 'A reply' },
    'PATCH /api/replies/:replyId': { body: 'Edited' },
    'POST /api/groups/:groupId/tags': { name: 'A tag' },
    'PATCH /api/groups/:groupId/tags/:tagId': { name: 'Renamed tag' },
    'POST /api/docs/:docId/versions': { name: 'Draft 2', at: Date.now() + 86_400_000 },
    'PATCH /api/docs/:docId/versions/:versionId': { name: 'Renamed version' },
    'POST /api/feed/seen': { upTo: 0 },
    'POST /api/notifications/read': { all: true },
    'POST /api/assignments/:assignmentId/teams/:teamId/extension': { dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString() },
    'POST /api/groups/:courseId/teams': { name: 'A team', memberIds: [] },
    'PATCH /api/groups/:courseId/teams/:teamId': { name: 'Renamed team' },
    'POST /api/groups/:courseId/teams/:teamId/members': { userId: 'aaaaaaaaaaaaaaaa', role: 'member' },
    'PATCH /api/groups/:courseId/self-signup': { maxTeamSize: 4 },
    'POST /api/groups/:courseId/teams/auto': { size: 3, balanceBy: 'section', seed: 7, confirm: false },
    'POST /api/groups/:courseId/assignments': { title: 'Report', template: '# Report', dueAt: new Date(Date.now() + 14 * 86_400_000).toISOString(), lockAtDue: true },
    'PATCH /api/assignments/:assignmentId': { revision: 1, title: 'Renamed' },
    'POST /api/assignments/:assignmentId/lti/scores': { teamId: 'aaaaaaaaaaaaaaaa', scoreGiven: 8, scoreMaximum: 10 },
    'POST /api/groups/:courseId/rubrics': sampleRubric as Json,
    'POST /api/groups/:courseId/rubrics/import': { format: 'commonplace-rubric', version: 1, rubric: sampleRubric },
    'PATCH /api/rubrics/:rubricId': { title: 'Renamed rubric' },
    'POST /api/assignments/:assignmentId/peer-review/allocation': { k: 2, rubricId: 'aaaaaaaaaaaaaaaa', seed: 7 },
    'PATCH /api/assignments/:assignmentId/peer-review/allocation': { revieweeTeamId: 'aaaaaaaaaaaaaaaa', fromTeamId: 'bbbbbbbbbbbbbbbb', toTeamId: 'cccccccccccccccc' },
    'PATCH /api/assignments/:assignmentId/peer-review/stage': { anonymity: 'both', dueAt: Date.now() + 14 * 86_400_000, opensAt: null },
    'PUT /api/peer-reviews/:reviewId': { answers: [{ level: 2, comment: 'Clear' }, { level: null, comment: '' }], overallComment: 'Good start.' },
    'PUT /api/peer-reviews/:reviewId/helpfulness': { rating: 4, note: 'Useful' },
    'PUT /api/assignments/:assignmentId/teammate-evaluation': {
      ratings: [{ rateeId: 'aaaaaaaaaaaaaaaa', scores: { contributing: 4, interacting: 5, keepingOnTrack: 3, expectingQuality: 4, knowledgeAndSkills: 2 }, comment: 'Kept us going' }],
    },
    'POST /api/assignments/:assignmentId/teammate-evaluation/grades': { scoreMaximum: 100, teams: [{ teamId: 'aaaaaaaaaaaaaaaa', teamGrade: 80 }] },
    'PATCH /api/me/notification-settings': { delivery: { mentions: 'digest' }, digest: { hour: 9 }, timeZone: 'Europe/Paris', quietHours: { start: 22, end: 7 } },
    'POST /api/me/delete': { currentPassword: 'a long enough password' },
  };
}

/** Paths in a schema to objects that accept unknown keys (zod's default `z.object`). */
function lenientObjects(schema: z.ZodType, where = 'body'): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string) => def[key] as z.ZodType;
  switch (def.type) {
    case 'object': {
      const own = (def.catchall as z.ZodType | undefined)?._zod.def.type === 'never' ? [] : [where];
      const shape = def.shape as Record<string, z.ZodType>;
      return [...own, ...Object.entries(shape).flatMap(([key, value]) => lenientObjects(value, `${where}.${key}`))];
    }
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => lenientObjects(option, where));
    case 'pipe':
      return [...lenientObjects(inner('in'), where), ...lenientObjects(inner('out'), where)];
    case 'array':
      return lenientObjects(inner('element'), `${where}[]`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return lenientObjects(inner('innerType'), where);
    default:
      return [];
  }
}

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every field of a body, nested ones included, by path: each in turn gets wrong values, or goes. */
function fieldPaths(value: Json, prefix: string[] = []): string[][] {
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = [...prefix, key];
    return isRecord(inner) ? [path, ...fieldPaths(inner, path)] : [path];
  });
}

/** The body and every object in it, by path: each in turn gets unknown fields. */
function objectPaths(value: Json, prefix: string[] = []): string[][] {
  return [prefix, ...Object.entries(value).flatMap(([key, inner]) => (isRecord(inner) ? objectPaths(inner, [...prefix, key]) : []))];
}

const at = (value: Json, path: string[]): unknown => path.reduce<unknown>((inner, key) => (inner as Json)[key], value);

const remove = Symbol('remove');

/** A copy of `value` with the field at `path` replaced, or removed. */
function changed(value: Json, path: string[], change: unknown): Json {
  const copy = JSON.parse(JSON.stringify(value)) as Json;
  if (path.length === 0) return change as Json;
  const parent = at(copy, path.slice(0, -1)) as Json;
  if (change === remove) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = change;
  return copy;
}

const unknownFields = (foreign: RouteParams) => [
  '"unexpected":1',
  '"__proto__":{"role":"instructor"}',
  '"constructor":{"prototype":{"admin":true}}',
  `"id":"${foreign.groupId}"`,
  `"userId":"${foreign.userId}"`,
  `"groupId":"${foreign.groupId}"`,
  '"role":"instructor"',
  '"authorId":"x"',
  '"createdAt":0',
];
const wrongValues: unknown[] = [null, 0, -1, 1.5, 1e308, true, '', ' ', 'x'.repeat(20_000), [], {}, ['x'], { $gt: '' }, '\u0000', 'A\u0007bell'];
const invalidJson = ['', '{', '{"a":', '{name: "x"}', "{'name': 'x'}", '{"a":1}}', '{"a":1} trailing', 'undefined', 'NaN', '\u0000', '['.repeat(10_000)];
const nonObjectJson = ['null', '0', '"a string"', '[]', 'true', '[{}]', '['.repeat(5_000) + ']'.repeat(5_000)];
const wrongContentTypes = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', ''];

/** Path parameter values that name nothing: encoded traversal, NUL, very long, unicode, injection, malformed escapes. */
function oddValues(valid: string): string[] {
  return [
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%5C..%5Cwindows',
    '%00',
    `${valid}%00`,
    `${valid}%00.json`,
    '%',
    '%zz',
    '%C0%AE%C0%AE',
    'x'.repeat(5_000),
    encodeURIComponent('ü文字🙂'),
    encodeURIComponent('\u202e'),
    encodeURIComponent("' OR '1'='1"),
    encodeURIComponent('1; DROP TABLE users'),
    encodeURIComponent('{"$ne":null}'),
    'a'.repeat(16),
    valid.toUpperCase(),
    `${valid}%20`,
    encodeURIComponent(`${valid}\n`),
  ];
}

/** Routes where the path parameter itself grants access: an invite code, which anyone holding it may use. */
const capabilityRoutes = new Set(['GET /api/invites/:code', 'POST /api/invites/:code/accept']);

const oddQueryValues = ['', '-1', '0', '1.5', 'abc', '1e309', '9'.repeat(30), '%00', 'x'.repeat(3_000), encodeURIComponent('ü🙂'), 'true', '%zz'];

const decoded = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

const kinds = ['invalid JSON', 'not an object', 'wrong type', 'missing field', 'unknown field', 'not JSON', 'too large', 'odd path parameter', 'odd query value'] as const;
type Kind = (typeof kinds)[number];

function casesFor(route: string, fixture: RouteFixture, foreign: RouteParams): Case[] {
  const cases: Case[] = [];
  const path = concretePath(route, fixture.params);
  const json = { 'content-type': 'application/json' };
  const add = (kind: Kind, what: string, c: Partial<Case> & Pick<Case, 'expected'>) =>
    cases.push({ route, path, headers: json, kind, what: `${kind}: ${what}`, ...c });
  const operation = operations[route];
  const base = validBodies()[route];

  if (operation?.body && base) {
    const refused = (body: unknown) => !operation.body!.safeParse(body).success;
    const addBody = (kind: Kind, what: string, body: Json) => {
      if (refused(body)) add(kind, what, { body: JSON.stringify(body), expected: invalidBody });
    };
    for (const text of invalidJson) add('invalid JSON', text.slice(0, 20), { body: text, expected: badRequest });
    for (const text of nonObjectJson) add('not an object', text.slice(0, 20), { body: text, expected: invalidBody });
    for (const field of fieldPaths(base)) {
      for (const value of wrongValues) addBody('wrong type', `${field.join('.')} = ${JSON.stringify(value).slice(0, 20)}`, changed(base, field, value));
      addBody('missing field', field.join('.'), changed(base, field, remove));
    }
    // Unknown fields in the body and in each object in it, among them keys that would pollute
    // prototypes or set what only the server decides (ids, authors, roles). Parsed from JSON text,
    // `__proto__` is an own key, as it is when the server parses the body.
    for (const object of objectPaths(base)) {
      for (const extra of unknownFields(foreign)) {
        const body = changed(base, object, { ...(at(base, object) as Json), ...(JSON.parse(`{${extra}}`) as Json) });
        addBody('unknown field', `${object.join('.') || 'body'}: ${extra.slice(0, 24)}`, body);
      }
    }
    for (const type of wrongContentTypes) {
      add('not JSON', type || 'no content type', { body: JSON.stringify(base), headers: type ? { 'content-type': type } : {}, expected: badRequest });
    }
    const huge = JSON.stringify({ ...base, padding: 'x'.repeat(maxBodyBytes) });
    add('too large', 'with its length', { body: huge, expected: tooLarge });
    add('too large', 'chunked', { body: () => Readable.from([huge.slice(0, maxBodyBytes / 2), huge.slice(maxBodyBytes / 2)]), expected: tooLarge });
  }

  // Odd path parameters, with a valid body where the route takes one, so that only the path is wrong.
  const validBody = base ? JSON.stringify(base) : undefined;
  for (const name of [...route.matchAll(/:(\w+)/g)].map((m) => m[1] as keyof RouteParams)) {
    const values = oddValues(fixture.params[name]);
    if (!capabilityRoutes.has(route)) values.push(foreign[name]);
    for (const value of values) {
      const oddPath = concretePath(route, { ...fixture.params, [name]: value });
      add('odd path parameter', `:${name} = ${value.slice(0, 30)}`, { path: oddPath, body: validBody, headers: validBody ? json : {}, expected: notFound });
    }
  }

  if (methodOf(route) === 'GET' && operation?.query) {
    const schema = operation.query;
    for (const key of Object.keys(schema.shape)) {
      for (const value of oddQueryValues) {
        const expected: Expected = schema.safeParse({ [key]: decoded(value) }).success ? { status: 'answered' } : invalidBody;
        add('odd query value', `?${key}=${value.slice(0, 20)}`, { path: `${path}?${key}=${value}`, headers: {}, expected });
      }
    }
    add('odd query value', 'unknown parameters', { path: `${path}?unexpected=1&__proto__=x`, headers: {}, expected: { status: 'answered' } });
  }
  return cases;
}

/** Sends a case as it is: the path verbatim, the body as given (streamed without a length when it is a stream). */
function send(url: string, c: Case, cookie: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const body = typeof c.body === 'function' ? c.body() : c.body;
    const headers: Record<string, string> = { cookie, ...c.headers };
    if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
    let answered = false;
    const req = request(url, { method: methodOf(c.route), path: c.path, headers });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    // A server may answer a body it refuses (413) before reading all of it, and close.
    req.on('error', (err) => answered || reject(err));
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

describe('API fuzz', () => {
  let server: TestServer;
  let fixture: RouteFixture;
  let foreign: RouteFixture;
  let routes: string[];

  beforeAll(async () => {
    server = await startTestServer({ MAX_BODY_BYTES: String(maxBodyBytes) });
    // The hourly jobs (digest, reminders, retention) run on the real clock and write their own
    // rows: one that falls due between a case's two snapshots would look like the case's write.
    await server.domain.schedule.stop();
    fixture = await routeFixture(server);
    foreign = await routeFixture(server);
    // Page navigations (school sign-in's redirects) answer every failure with a redirect to a page
    // that says what went wrong, never JSON: their refusals are tested with a real provider instead.
    // The unsubscribe link is opened from a mail, so it answers pages too, its refusals (400) included: those are tested in unsubscribe-routes.test.ts.
    routes = registeredRoutes(server.domain).filter(
      (route) => route.includes(' /api/') && operations[route]?.status !== 302 && !route.includes(' /api/unsubscribe/'),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Every table's row count, and the rows of all but sessions (their last use changes) and the binary update log. */
  async function databaseState(): Promise<Record<string, unknown>> {
    const { db } = server.domain.store;
    const tables = (await db.introspection.getTables()).map((table) => table.name).sort();
    const state: Record<string, unknown> = {};
    for (const table of tables) {
      const { rows } = await sql<Json>`select * from ${sql.table(table)}`.execute(db);
      state[table] = ['sessions', 'doc_updates', 'doc_checkpoints'].includes(table) ? rows.length : rows.map((row) => JSON.stringify(row)).sort();
    }
    return state;
  }

  it('knows a valid body for every route that takes one, and every body schema refuses unknown fields at every depth', () => {
    const withBody = routes.filter((route) => operations[route]?.body);
    expect(Object.keys(validBodies()).sort()).toEqual(withBody.sort());
    for (const route of withBody) {
      const schema = operations[route]!.body!;
      expect(schema.safeParse(validBodies()[route]).success, `the valid body of ${route}`).toBe(true);
      expect(lenientObjects(schema), `objects of ${route} that accept unknown keys`).toEqual([]);
    }
  });

  it('serves no file from outside the client build, however a path climbs', async () => {
    const { cookie } = fixture.users.instructor;
    // Dot segments, literal or %2e, are resolved by URL parsing before routing, as every client resolves them.
    const paths = [
      '/api/docs/../../package.json',
      '/api/../package.json',
      '/assets/../../package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%5c..%5cpackage.json',
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%252e%252e/%252e%252e/package.json',
      '/assets/....//....//package.json',
    ];
    for (const path of paths) {
      const response = await send(server.url, { route: 'GET /', path, expected: notFound, kind: 'odd path parameter', what: path }, cookie);
      // A path that resolves to a page gets the app, or 503 where the client is not built (unit tests run before the build).
      const clientBuilt = existsSync(join(clientDist, 'index.html'));
      expect(response.status < 500 || (response.status === 503 && !clientBuilt), `${path}: ${response.status}`).toBe(true);
      expect(response.text, path).not.toContain('"name": "commonplace"');
      expect(response.text, path).not.toMatch(/root:.*:0:0:/);
    }
  });

  it('answers every malformed request 4xx with the one error shape, and changes nothing', async () => {
    const cookie = fixture.users.instructor.cookie;
    const before = await databaseState();
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
    const perKind = new Map<Kind, number>();
    let cases = 0;
    for (const route of routes) {
      for (const c of casesFor(route, fixture, foreign.params)) {
        const response = await send(server.url, c, cookie);
        const what = `${route} with ${c.what}: ${response.status} ${response.text.slice(0, 200)}`;
        const expected: Expected = c.expected.status === 'answered' && response.status >= 300 ? invalidBody : c.expected;
        if (expected.status === 'answered') expect(response.status, what).toBe(200);
        else {
          expect(response.status, what).toBe(expected.status);
          expect(response.contentType, what).toMatch(/^application\/json/);
          const body = apiErrorBody.parse(JSON.parse(response.text));
          expect(body.error.code, what).toBe(expected.code);
          expect(errorStatus[body.error.code as ErrorCode], what).toBe(response.status);
        }
        expect(await databaseState(), `${what} changed the database`).toEqual(before);
        count(`${route} ${response.status}`);
        perKind.set(c.kind, (perKind.get(c.kind) ?? 0) + 1);
        cases += 1;
      }
    }
    // The comparison sees changes: the same server, sent a valid request, changes the database.
    expect((await server.api('POST', '/api/groups', { as: fixture.users.instructor, body: validBodies()['POST /api/groups'] })).status).toBe(201);
    expect(await databaseState()).not.toEqual(before);

    reportFigures('api-fuzz', {
      cases,
      routes: routes.length,
      ...Object.fromEntries(kinds.map((kind) => [`cases ${kind}`, perKind.get(kind) ?? 0])),
      ...Object.fromEntries(tally),
    });
  }, 600_000);
});
