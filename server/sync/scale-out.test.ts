import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../shared/close-codes';
import type { Database } from '../db/schema';
import { sessionCookieName } from '../http/session-cookie';
import { openEventStream, type StreamReader } from '../features/threads/test-feedback';
import { spawnServerProcess, type ServerProcess } from '../testing/server-process';
import { connectToInstances, type InstanceClient } from '../testing/server-process-clients';
import { restartRedis } from '../testing/server-process-redis';
import { dropTestDatabase } from '../testing/test-database';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { waitFor } from './test-clients';

/**
 * Scaling out: three server processes on one PostgreSQL database and one Redis,
 * with stock y-websocket clients spread across them. Runs when
 * TEST_DATABASE_URL (postgres://) and TEST_REDIS_URL are set, as in CI.
 */
const databaseUrl = process.env.TEST_DATABASE_URL ?? '';
const redisUrl = process.env.TEST_REDIS_URL ?? '';

type Instance = ServerProcess;
type Client = InstanceClient;

/** How often each instance looks in the database for updates no message announced (catch-up.ts). */
const catchUpMs = 300;
/** Messages an instance holds for Redis while it is away; small, so that an outage overflows it. */
const publishQueueMax = 20;

describe.skipIf(!/^postgres(ql)?:\/\//.test(databaseUrl) || !redisUrl)('several instances on PostgreSQL and Redis', () => {
  let sharedUrl: string;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const instances: Instance[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    // Users, sessions and documents are made through an in-process server on the shared database.
    const seed = await startTestServer();
    sharedUrl = seed.databaseUrl;
    alice = await seed.createUser('Alice');
    bob = await seed.createUser('Bob');
    carol = await seed.createUser('Carol');
    newDoc = async () =>
      (
        await createTestDoc(seed, [
          { member: alice, role: 'member' },
          { member: bob, role: 'member' },
          { member: carol, role: 'member' },
        ])
      ).docId;
    docs = [await newDoc(), await newDoc(), await newDoc(), await newDoc()];
    access = await seedAccessGroup(seed);
    await seed.stop();
    for (let i = 0; i < 3; i++) instances.push(await spawnInstance());
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: sharedUrl, max: 2 }) }) });
  }, 120_000);

  let newDoc: () => Promise<string>;
  let docs: string[] = [];
  let access: AccessGroup;
  let db: Kysely<Database>;
  const streams: StreamReader<{ type: string; reason?: string }>[] = [];

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const stream of streams) stream.close();
    for (const { child } of instances) if (child.exitCode === null) child.kill('SIGKILL');
    await db?.destroy();
    if (sharedUrl) await dropTestDatabase(sharedUrl);
  });

  function spawnInstance(): Promise<Instance> {
    return spawnServerProcess({
      DATABASE_URL: sharedUrl,
      REDIS_URL: redisUrl,
      DOC_UNLOAD_DELAY_MS: '600000',
      // Checkpoints often, so that several instances take them while editing.
      CHECKPOINT_EVERY_UPDATES: '20',
      CATCH_UP_MS: String(catchUpMs),
      REDIS_PUBLISH_QUEUE_MAX: String(publishQueueMax),
    });
  }

  /** A stock provider that reconnects (as browsers do), to whichever instance `pick` names each time. */
  function connect(docId: string, member: TestUser, pick: () => Instance): Client {
    const client = connectToInstances(docId, member.cookie, pick);
    clients.push(client);
    return client;
  }

  const synced = (client: Client) => waitFor('the client to sync', () => client.provider.synced, 10_000);

  async function converged(group: Client[], timeoutMs = 10_000): Promise<string> {
    await waitFor(
      'every client to hold the same text',
      () => group.every((c) => c.text() === group[0]!.text()),
      timeoutMs,
    );
    return group[0]!.text();
  }

  it('spreads clients over three instances; they converge on every edit, and A sees C’s edit within a second', async () => {
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const docId = docs[0]!;
    const onA = connect(docId, alice, () => a);
    const onB = connect(docId, bob, () => b);
    const onC = connect(docId, carol, () => c);
    await Promise.all([onA, onB, onC].map(synced));

    const started = Date.now();
    onC.doc.getText('t').insert(0, 'from C ');
    await waitFor('A to see C’s edit', () => onA.text().includes('from C'), 1000);
    expect(Date.now() - started).toBeLessThan(1000);

    // Concurrent typing everywhere.
    for (let i = 0; i < 30; i++) {
      for (const [client, name] of [
        [onA, 'a'],
        [onB, 'b'],
        [onC, 'c'],
      ] as const) {
        const text = client.doc.getText('t');
        text.insert(Math.floor(Math.random() * (text.length + 1)), `${name}${i} `);
      }
    }
    const text = await converged([onA, onB, onC]);
    for (const name of ['a', 'b', 'c']) expect(text).toContain(`${name}29 `);

    // A fresh client on any instance loads the same document from storage.
    const late = connect(docId, bob, () => b);
    await synced(late);
    expect(late.text()).toBe(text);
  });

  it('moves the clients of an instance killed with SIGKILL to another; nothing any client saw is lost', async () => {
    const [a, b] = instances as [Instance, Instance, Instance];
    const docId = docs[1]!;
    let aAlive = true;
    const onA = connect(docId, alice, () => (aAlive ? a : b));
    const onB = connect(docId, bob, () => b);
    await Promise.all([onA, onB].map(synced));

    for (let i = 0; i < 40; i++) onA.doc.getText('t').insert(onA.doc.getText('t').length, `${i} `);
    // Killed the moment the client on B has seen every edit.
    const seen = onA.text();
    await waitFor('B’s client to see A’s edits', () => onB.text() === seen);
    const exited = new Promise((resolve) => a.child.once('exit', resolve));
    aAlive = false;
    a.child.kill('SIGKILL');
    await exited;

    // A's client reconnects to B, keeps editing, and everyone converges.
    await waitFor('A’s client to reconnect', () => onA.provider.wsconnected && onA.provider.synced, 10_000);
    onA.doc.getText('t').insert(0, 'after the kill ');
    const text = await converged([onA, onB]);
    expect(text.startsWith('after the kill ')).toBe(true);
    expect(text).toContain(seen);
    const fresh = connect(docId, carol, () => instances[2]!);
    await synced(fresh);
    expect(fresh.text()).toBe(text);
  });

  it('ends on B and C the sockets and streams of a member removed, a session logged out and a password changed on A', async () => {
    // The instance the test before killed comes back, so that three take part.
    if (instances[0]!.child.exitCode !== null || instances[0]!.child.signalCode !== null) instances[0] = await spawnInstance();
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const { docId, groupId, owner, removed, loggedOut, passwordChanger, otherSession } = access;
    const ending = [
      { member: removed, code: closeCodes.accessRevoked, reason: 'access-revoked' },
      { member: loggedOut, code: closeCodes.sessionEnded, reason: 'session-ended' },
      // A password change ends every session, the one it was made in too (its answer brings a new one).
      { member: passwordChanger, code: closeCodes.sessionEnded, reason: 'session-ended' },
      { member: otherSession, code: closeCodes.sessionEnded, reason: 'session-ended' },
    ].map((end) => ({
      ...end,
      sockets: [b, c].map((instance) => connect(docId, end.member, () => instance)),
      streams: [b, c].map((instance) => openStreamOn(instance, `/api/docs/${docId}/threads/stream`, end.member)),
    }));
    const feedOnC = await openStreamOn(c, '/api/feed/stream', loggedOut);
    await Promise.all(ending.flatMap((end) => end.sockets).map(synced));

    expect((await apiOn(a, 'DELETE', `/api/groups/${groupId}/members/${removed.user.id}`, owner)).status).toBe(204);
    expect((await apiOn(a, 'POST', '/api/auth/logout', loggedOut)).status).toBe(204);
    const changed = await apiOn(a, 'POST', '/api/auth/password', passwordChanger, { currentPassword: accessPassword, newPassword: `${accessPassword}-new` });
    expect(changed.status).toBe(200);

    for (const end of ending) {
      await waitFor(`${end.member.user.name}’s sockets on B and C to close with ${end.code}`, () => end.sockets.every((s) => s.closes[0] === end.code), 2000);
      for (const stream of await Promise.all(end.streams)) {
        expect(await stream.next(`${end.member.user.name}’s stream to end`, (e) => e.type === 'end', 2000)).toEqual({ type: 'end', reason: end.reason });
      }
    }
    expect(await feedOnC.next('the feed on C to end', (e) => e.type === 'end', 2000)).toEqual({ type: 'end', reason: 'session-ended' });
  }, 120_000);

  it('brings every instance an update stored and never published, within the catch-up period', async () => {
    const [, b, c] = instances as [Instance, Instance, Instance];
    const docId = docs[3]!;
    const onB = connect(docId, bob, () => b);
    const onC = connect(docId, carol, () => c);
    await Promise.all([onB, onC].map(synced));
    onB.doc.getText('t').insert(0, 'published ');
    await converged([onB, onC]);

    // What an instance killed between storing an update and publishing it leaves: a row nobody announced.
    const writer = new Y.Doc();
    writer.getText('t').insert(0, 'never published ');
    const update = Y.encodeStateAsUpdate(writer);
    await db
      .insertInto('doc_updates')
      .values({ doc_id: docId, user_id: alice.user.id, data: update, size: update.byteLength, created_at: Date.now() })
      .execute();
    await waitFor('the clients on B and C to get it', () => [onB, onC].every((client) => client.text().includes('never published')), 20 * catchUpMs);
    expect(await converged([onB, onC])).toContain('published ');
  });

  it('keeps every client converging when Redis restarts during editing, past the publish queue’s bound', async () => {
    const b = instances[1]!;
    const c = instances[2]!;
    const docId = docs[2]!;
    const onB = connect(docId, bob, () => b);
    const onC = connect(docId, carol, () => c);
    await Promise.all([onB, onC].map(synced));
    onB.doc.getText('t').insert(0, 'before ');
    await converged([onB, onC]);

    const edits = publishQueueMax * 5;
    await restartRedis(async () => {
      // Edited on both sides while the instances cannot hear each other, more than either may queue for Redis.
      for (let i = 0; i < edits; i++) {
        onB.doc.getText('t').insert(0, `b${i} `);
        onC.doc.getText('t').insert(0, `c${i} `);
      }
      await waitFor('every edit to be stored', async () => {
        const stored = await storedText(docId);
        return stored.includes(`b${edits - 1} `) && stored.includes(`c${edits - 1} `);
      }, 15_000);
    });
    onB.doc.getText('t').insert(0, 'after ');
    const text = await converged([onB, onC], 15_000);
    for (const part of ['before', 'b0 ', `b${edits - 1} `, 'c0 ', `c${edits - 1} `, 'after']) expect(text).toContain(part);
  });

  /** The document as stored: every row of its update log applied. */
  async function storedText(docId: string): Promise<string> {
    const rows = await db.selectFrom('doc_updates').select('data').where('doc_id', '=', docId).orderBy('id').execute();
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
    const text = doc.getText('t').toString();
    doc.destroy();
    return text;
  }

  function openStreamOn(instance: Instance, path: string, member: TestUser) {
    const opened = openEventStream<{ type: string; reason?: string }>({ url: instance.url } as TestServer, path, member);
    opened.then(
      (stream) => streams.push(stream),
      () => {},
    );
    return opened;
  }
});

const accessPassword = 'correct horse battery staple';

/** Who loses access in the access test, in a group of their own, and the instructor who removes one. */
interface AccessGroup {
  docId: string;
  groupId: string;
  owner: TestUser;
  removed: TestUser;
  loggedOut: TestUser;
  /** Signed in twice with a password: changes it through this session... */
  passwordChanger: TestUser;
  /** ...which ends this one too. */
  otherSession: TestUser;
}

async function seedAccessGroup(seed: TestServer): Promise<AccessGroup> {
  const [owner, removed, loggedOut] = await seed.createUsers('Owner', 'Removed', 'Logged out');
  const email = `changer-${Date.now()}@example.test`;
  const signedUp = await seed.api('POST', '/api/auth/signup', { body: { email, password: accessPassword, name: 'Changer' } });
  expect(signedUp.status).toBe(201);
  const passwordChanger = { user: signedUp.body.user, cookie: sessionCookie(signedUp.headers) };
  const signedIn = await seed.api('POST', '/api/auth/login', { body: { email, password: accessPassword } });
  expect(signedIn.status).toBe(200);
  const otherSession = { user: signedIn.body.user, cookie: sessionCookie(signedIn.headers) };
  const { docId, groupId } = await createTestDoc(seed, [
    { member: owner, role: 'instructor' },
    { member: removed, role: 'member' },
    { member: loggedOut, role: 'member' },
    { member: passwordChanger, role: 'member' },
  ]);
  return { docId, groupId, owner, removed, loggedOut, passwordChanger, otherSession };
}

function sessionCookie(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith(`${sessionCookieName}=`));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** A JSON request to one instance, as a same-origin page of it would send it. */
async function apiOn(instance: Instance, method: string, path: string, as: TestUser, body?: unknown) {
  const response = await fetch(instance.url + path, {
    method,
    headers: { cookie: as.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.text();
  return { status: response.status };
}
