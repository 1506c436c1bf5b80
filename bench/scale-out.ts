import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { spawnServerProcess, type ServerProcess } from '../server/testing/server-process';
import { dropTestDatabase, testDatabaseUrl } from '../server/testing/test-database';
import { createTestDoc, startTestServer, type TestUser } from '../server/testing/test-server';
import { socketUrl, waitFor } from '../server/sync/test-clients';
import type { BenchResult, BenchRow } from './feed';

/**
 * One instance against three: the same document on PostgreSQL,
 * one writer and 30 readers spread round-robin over the instances (through
 * Redis when there are three). The writer types 300 characters at 50 a
 * second; every reader's arrival time of every character is taken on one
 * clock, this process's. On a 2-core machine three instances and the load
 * generator share two cores, so this shows the relay's overhead, not a
 * speedup. Needs TEST_DATABASE_URL (postgres://) and TEST_REDIS_URL.
 */
const readers = 30;
const edits = 300;
const editsPerSecond = 50;

export async function benchScaleOut(): Promise<BenchResult> {
  const redisUrl = process.env.TEST_REDIS_URL;
  if (!testDatabaseUrl() || !redisUrl) {
    return { rows: [], notes: ['scale-out: skipped (set TEST_DATABASE_URL=postgres://... and TEST_REDIS_URL).'] };
  }
  // Each y-websocket provider in Node listens for the process's exit.
  process.setMaxListeners(readers + 10);
  const rows: BenchRow[] = [];
  for (const count of [1, 3]) rows.push(await run(count, redisUrl));
  return { rows, notes: [`scale-out: 1 writer + ${readers} readers, ${edits} edits at ${editsPerSecond}/s, latency from the writer's edit to each reader.`] };
}

async function run(instanceCount: number, redisUrl: string): Promise<BenchRow> {
  const seed = await startTestServer();
  const databaseUrl = seed.databaseUrl;
  const writer = await seed.createUser('Writer');
  const reader = await seed.createUser('Reader');
  const { docId } = await createTestDoc(seed, [
    { member: writer, role: 'member' },
    { member: reader, role: 'reviewer' },
  ]);
  await seed.stop();

  const instances: ServerProcess[] = [];
  const docs: Y.Doc[] = [];
  const providers: WebsocketProvider[] = [];
  try {
    for (let i = 0; i < instanceCount; i++) {
      instances.push(await spawnServerProcess({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, DOC_UNLOAD_DELAY_MS: '600000' }));
    }
    const connect = (member: TestUser, instance: ServerProcess) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(socketUrl(instance.url), docId, doc, {
        WebSocketPolyfill: class extends WebSocket {
          constructor(url: string | URL, protocols?: string | string[]) {
            super(url, protocols, { headers: { cookie: member.cookie } });
          }
        } as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      docs.push(doc);
      providers.push(provider);
      return { doc, provider };
    };
    const author = connect(writer, instances[0]!);
    const sentAt: number[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < readers; i++) {
      const { doc } = connect(reader, instances[(i + 1) % instanceCount]!);
      let seen = 0;
      doc.on('update', () => {
        const now = performance.now();
        const length = doc.getText('t').length;
        for (; seen < length; seen++) if (sentAt[seen] !== undefined) latencies.push(now - sentAt[seen]!);
      });
    }
    await waitFor('every client to sync', () => providers.every((p) => p.synced), 30_000);

    const text = author.doc.getText('t');
    for (let i = 0; i < edits; i++) {
      sentAt[i] = performance.now();
      text.insert(i, 'x');
      await new Promise((resolve) => setTimeout(resolve, 1000 / editsPerSecond));
    }
    await waitFor('every reader to have every edit', () => latencies.length === edits * readers, 30_000);

    const sorted = latencies.sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
    return { bench: 'scale-out', scenario: `${instanceCount} instance${instanceCount > 1 ? 's' : ''} (PostgreSQL${instanceCount > 1 ? ' + Redis' : ''})`, requests: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1) };
  } finally {
    for (const provider of providers) provider.destroy();
    for (const doc of docs) doc.destroy();
    for (const { child } of instances) child.kill('SIGTERM');
    await Promise.all(instances.map(({ child }) => (child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    await dropTestDatabase(databaseUrl);
  }
}
