import { spawn } from 'node:child_process';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServerProcess, type ServerProcess } from '../testing/server-process';
import { dropTestDatabase } from '../testing/test-database';
import { createTestDoc, startTestServer, type TestUser } from '../testing/test-server';
import { socketUrl, waitFor } from './test-clients';

/**
 * Scaling out: three server processes on one PostgreSQL database and one Redis,
 * with stock y-websocket clients spread across them. Runs when
 * TEST_DATABASE_URL (postgres://) and TEST_REDIS_URL are set, as in CI.
 */
const databaseUrl = process.env.TEST_DATABASE_URL ?? '';
const redisUrl = process.env.TEST_REDIS_URL ?? '';

type Instance = ServerProcess;

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text(): string;
  destroy(): void;
}

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
    docs = [await newDoc(), await newDoc(), await newDoc()];
    await seed.stop();
    for (let i = 0; i < 3; i++) instances.push(await spawnInstance());
  });

  let newDoc: () => Promise<string>;
  let docs: string[] = [];

  afterAll(async () => {
    for (const client of clients) client.destroy();
    for (const { child } of instances) if (child.exitCode === null) child.kill('SIGKILL');
    if (sharedUrl) await dropTestDatabase(sharedUrl);
  });

  function spawnInstance(): Promise<Instance> {
    return spawnServerProcess({
      DATABASE_URL: sharedUrl,
      REDIS_URL: redisUrl,
      DOC_UNLOAD_DELAY_MS: '600000',
      // Checkpoints often, so that several instances take them while editing.
      CHECKPOINT_EVERY_UPDATES: '20',
    });
  }

  /** A stock provider that reconnects (as browsers do), to whichever instance `pick` names each time. */
  function connect(docId: string, member: TestUser, pick: () => Instance): Client {
    const doc = new Y.Doc();
    const cookie = member.cookie;
    class CookieSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        // The provider keeps the URL it was given; each (re)connection goes to the instance picked now.
        const target = new URL(url.toString());
        const chosen = new URL(socketUrl(pick().url));
        target.host = chosen.host;
        super(target, protocols, { headers: { cookie } });
      }
    }
    const provider = new WebsocketProvider(socketUrl(pick().url), docId, doc, {
      WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 200,
    });
    const client = {
      doc,
      provider,
      text: () => doc.getText('t').toString(),
      destroy: () => {
        provider.destroy();
        doc.destroy();
      },
    };
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

  it('keeps every client converging when Redis restarts during editing', async () => {
    const b = instances[1]!;
    const c = instances[2]!;
    const docId = docs[2]!;
    const onB = connect(docId, bob, () => b);
    const onC = connect(docId, carol, () => c);
    await Promise.all([onB, onC].map(synced));
    onB.doc.getText('t').insert(0, 'before ');
    await converged([onB, onC]);

    await restartRedis(async () => {
      // Edited on both sides while the instances cannot hear each other.
      onB.doc.getText('t').insert(0, 'during-b ');
      onC.doc.getText('t').insert(0, 'during-c ');
    });
    onB.doc.getText('t').insert(0, 'after ');
    const text = await converged([onB, onC], 15_000);
    for (const part of ['before', 'during-b', 'during-c', 'after']) expect(text).toContain(part);
  });
});

/** Stops Redis (SHUTDOWN NOSAVE), runs `meanwhile`, starts it again as CI does, and waits until it answers. */
async function restartRedis(meanwhile: () => Promise<void>): Promise<void> {
  const url = new URL(process.env.TEST_REDIS_URL!);
  const port = url.port || '6379';
  const host = url.hostname;
  await run('redis-cli', ['-h', host, '-p', port, 'shutdown', 'nosave']).catch(() => {});
  await waitFor('Redis to stop', async () => !(await ping(host, port)), 10_000);
  await meanwhile();
  await run('redis-server', ['--daemonize', 'yes', '--bind', host, '--port', port, '--save', '']);
  await waitFor('Redis to answer', () => ping(host, port), 10_000);
}

function ping(host: string, port: string): Promise<boolean> {
  return run('redis-cli', ['-h', host, '-p', port, 'ping']).then(
    (out) => out.trim() === 'PONG',
    () => false,
  );
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}`))));
  });
}

