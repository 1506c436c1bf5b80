import type { WebSocket } from 'ws';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFigures } from '../testing/figures';
import { readMetrics } from '../testing/server-metrics';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { connectStockClient, waitFor } from './test-clients';

/**
 * A fault: 1,000 sync connections opened and closed over 100
 * documents, some cleanly, some by dropping the TCP connection, some before
 * their document was even ready. Once all are gone, no connection is
 * counted, no document is loaded (DOC_UNLOAD_DELAY_MS=0), and the heap after
 * a full garbage collection is back near where it was: nothing a connection
 * or a room held is kept. The server runs in this process so that the heap
 * measured is its own (the clients are gone by then too).
 */
const docCount = 100;
const connectionCount = 1000;
/** Connections open at once: enough to overlap on documents, few enough for a shared 2-core machine. */
const batchSize = 50;
/**
 * About 8 KB a connection. Measured here: 2 to 2.5 MB of growth whether
 * 1,000 or 3,000 connections churn (warm caches, not a leak), and about
 * 17 MB when the sync server kept each closed connection and its room.
 */
const allowedHeapGrowthBytes = 8 * 1024 * 1024;

let server: TestServer;
let members: TestUser[];
let docIds: string[];

beforeAll(async () => {
  // Each stock provider listens for the process's exit while it lives: a batch of them is not a leak.
  process.setMaxListeners(batchSize + 10);
  server = await startTestServer({ DOC_UNLOAD_DELAY_MS: '0' });
  members = [];
  for (let i = 0; i < 5; i++) members.push(await server.createUser(`Member ${i}`));
  docIds = [];
  for (let i = 0; i < docCount; i++) {
    docIds.push((await createTestDoc(server, members.map((member) => ({ member, role: 'member' as const })))).docId);
  }
});

afterAll(async () => {
  await server.close();
});

/** A full collection: `global.gc` when node runs with --expose-gc, else the same function exposed now. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap used after full collections, once what closing sockets released has settled. */
async function settledHeap(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

/**
 * How connection `n` ends: 0 edits then closes, 1 edits then drops its TCP
 * connection without a close frame, 2 leaves before the sync, 3 just looks.
 */
async function churn(n: number): Promise<void> {
  const member = members[n % members.length]!;
  const client = connectStockClient(server.url, docIds[n % docCount]!, member);
  const ending = n % 4;
  if (ending !== 2) {
    await client.synced;
    if (ending < 2) client.doc.getText('t').insert(0, `${n} `);
    if (ending === 1) (client.provider.ws as unknown as WebSocket | null)?.terminate();
  }
  client.destroy();
}

async function churnAll(from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += batchSize) {
    const batch: Promise<void>[] = [];
    for (let n = start; n < Math.min(start + batchSize, to); n++) batch.push(churn(n));
    await Promise.all(batch);
  }
}

const idle = () =>
  waitFor(
    'every connection closed and every document unloaded',
    () => {
      const { connections, loadedDocs } = server.domain.sync.stats();
      return connections === 0 && loadedDocs === 0;
    },
    20_000,
  );

describe('connection churn', () => {
  it('returns to no connections, no loaded documents and the same heap after 1,000 connections on 100 documents', async () => {
    const gc = collector();
    // Warm-up: one connection per document, so that code, statements and pools are in place before the baseline.
    await churnAll(0, docCount);
    await idle();
    const heapBefore = await settledHeap(gc);
    const rssBefore = process.memoryUsage().rss;

    const started = performance.now();
    await churnAll(docCount, docCount + connectionCount);
    await idle();
    const churnMs = performance.now() - started;
    const heapAfter = await settledHeap(gc);
    const rssAfter = process.memoryUsage().rss;

    const metrics = await readMetrics(server.url);
    expect(metrics.connections).toBe(0);
    expect(metrics.loadedDocs).toBe(0);
    expect(heapAfter - heapBefore).toBeLessThan(allowedHeapGrowthBytes);

    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    reportFigures('connection-churn', {
      connections: connectionCount,
      documents: docCount,
      churnSeconds: Math.round(churnMs / 100) / 10,
      heapBeforeMB: mb(heapBefore),
      heapAfterMB: mb(heapAfter),
      heapGrowthMB: mb(heapAfter - heapBefore),
      rssBeforeMB: mb(rssBefore),
      rssAfterMB: mb(rssAfter),
    });
  });
});
