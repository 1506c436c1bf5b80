import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config';
import { newId } from '../db/ids';
import { createLogger } from '../logger';
import { startServer, type RunningServer, type ServerWiring } from '../server';
import { createTestDatabase, dropTestDatabase, testDatabaseUrl } from './test-database';
import { sessionCookieName } from '../http/session-cookie';
import type { User } from '../../shared/schemas/auth';
import type { Role } from '../../shared/permissions';
import { testMetricsToken } from './server-metrics';

export interface TestUser {
  user: User;
  /** `commonplace_session=<token>`, ready for a Cookie header. */
  cookie: string;
}

export interface ApiResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestServer extends RunningServer {
  dir: string;
  /** The DATABASE_URL this server runs on: a SQLite file in `dir`, or its own PostgreSQL database. */
  databaseUrl: string;
  /** The SQLite file, or null on PostgreSQL (tests that open the file themselves run on SQLite only). */
  sqliteFile: string | null;
  /** A user with a live session, made straight in storage (no password login). */
  createUser(name?: string): Promise<TestUser>;
  /** One user with a live session per name, in order (a tuple as long as the names). */
  createUsers<const Names extends readonly string[]>(...names: Names): Promise<{ [K in keyof Names]: TestUser }>;
  /** A JSON request to this server, as a same-origin browser page would send it. */
  api<T = any>(method: string, path: string, options?: { as?: TestUser | null; body?: unknown; headers?: Record<string, string> }): Promise<ApiResult<T>>;
  close(): Promise<void>;
}

/**
 * A real server on port 0 with its own SQLite file in a temporary folder or,
 * when TEST_DATABASE_URL names a PostgreSQL server, its own fresh database
 * there (see test-database.ts), so that tests stay isolated either way.
 * `env` adds to the configuration; `wiring` can give it a clock (testClock()).
 */
export async function startTestServer(env: Record<string, string> = {}, wiring: ServerWiring = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'commonplace-test-'));
  const sqliteFile = testDatabaseUrl() ? null : join(dir, 'test.db');
  const databaseUrl = sqliteFile ? `sqlite:${sqliteFile}` : await createTestDatabase();
  const config = parseConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DOC_UNLOAD_DELAY_MS: '0',
    METRICS_TOKEN: testMetricsToken,
    FILES_DIR: join(dir, 'files'),
    ...env,
  });
  const running = await startServer(config, createLogger(config.logLevel), wiring);
  const { db } = running.domain.store;

  let counter = 0;
  const createUser = async (name?: string): Promise<TestUser> => {
    counter += 1;
    const id = newId();
    const user = { id, email: `user${counter}-${id}@example.test`, name: name ?? `User ${counter}` };
    await db
      .insertInto('users')
      .values({ ...user, password_hash: '!unusable', created_at: Date.now() })
      .execute();
    const { token } = await running.domain.sessions.create(id);
    return { user, cookie: `${sessionCookieName}=${token}` };
  };

  const api: TestServer['api'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) headers.cookie = options.as.cookie;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(running.url + path, {
      method,
      headers,
      // What the server answered, as an API client sees it: a redirect is an answer, not followed.
      redirect: 'manual',
      // Bytes (an uploaded file) go as they are.
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string' || options.body instanceof Uint8Array
            ? (options.body as BodyInit)
            : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: body as any };
  };

  return {
    ...running,
    dir,
    databaseUrl,
    sqliteFile,
    createUser,
    createUsers: <const Names extends readonly string[]>(...names: Names) =>
      Promise.all(names.map((name) => createUser(name))) as Promise<{ [K in keyof Names]: TestUser }>,
    api,
    close: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
      if (!sqliteFile) await dropTestDatabase(databaseUrl);
    },
  };
}

export interface TestDoc {
  groupId: string;
  projectId: string;
  docId: string;
}

/**
 * A group whose members hold the given roles, with one project and one
 * document, made straight in storage so that a test of one feature does not
 * depend on the routes of another.
 */
export async function createTestDoc(server: TestServer, members: { member: TestUser; role: Role }[]): Promise<TestDoc> {
  const { db } = server.domain.store;
  const now = Date.now();
  const owner = members[0]?.member.user.id;
  if (!owner) throw new Error('createTestDoc needs at least one member');
  const groupId = newId();
  const projectId = newId();
  const docId = newId();
  await db.insertInto('groups').values({ id: groupId, name: 'Test group', created_by: owner, created_at: now }).execute();
  await db
    .insertInto('memberships')
    .values(members.map(({ member, role }) => ({ group_id: groupId, user_id: member.user.id, role, created_at: now })))
    .execute();
  await db.insertInto('projects').values({ id: projectId, group_id: groupId, name: 'Test project', created_by: owner, created_at: now }).execute();
  await db
    .insertInto('documents')
    .values({ id: docId, project_id: projectId, title: 'Test document', created_by: owner, created_at: now, updated_at: now })
    .execute();
  return { groupId, projectId, docId };
}
