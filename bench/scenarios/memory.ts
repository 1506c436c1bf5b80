import * as Y from 'yjs';
import { waitFor } from '../../server/sync/test-clients';
import { readMetrics } from '../../server/testing/server-metrics';
import { type BenchClient, connectBenchClient } from '../clients';
import { documentText, sequentialTrace, typedDocument } from '../editing-trace';
import { Divergence, type Scenario } from '../scenario';
import { type ServerKind, type ServerUnderTest, startServerUnderTest } from '../servers';

/**
 * Memory, in two parts, each on a server process of its own.
 *
 * Idle connections: 1,000 clients over 100 documents, each with an awareness
 * user as editors have; once every client sees every other client of its
 * document, the server's RSS and heap (after a full collection) are taken
 * against the same figures before the first connection. The documents are
 * empty, so this is what a connection costs (with 100 small rooms).
 *
 * Large documents: 10 documents the size of automerge-paper (its merged
 * state, 104,852 characters, sent by one client in one update and checked by
 * a second client), then all clients leave. Measured while they are loaded
 * and after they were left: the classic y-websocket server keeps documents
 * for good, Hocuspocus unloads as the last client leaves, and Commonplace
 * after DOC_UNLOAD_DELAY_MS (set to 1 s here; the figure is taken once its
 * /metrics reports no loaded document, and for every server only after the
 * same settling time).
 */

const full = { connections: 1_000, connectionDocs: 100, largeDocs: 10, traceEdits: Infinity };
const quick = { connections: 50, connectionDocs: 5, largeDocs: 2, traceEdits: 5_000 };
const connectBatch = 100;
const unloadDelayMs = 1_000;
/** After clients left, every server gets this long before "after" is measured (Hocuspocus stores and unloads at once). */
const settleMs = 3_000;
const timeoutMs = 120_000;

export const memory: Scenario = {
  id: 'memory',
  needsTraces: true,
  title:
    'Memory: 1,000 idle connections over 100 documents (awareness user each); 10 automerge-paper-size documents used and left ' +
    `(Commonplace DOC_UNLOAD_DELAY_MS=${unloadDelayMs})`,
  servers: ['commonplace', 'y-websocket', 'hocuspocus'],
  headline: [
    { metric: 'peakRssPerConnectionKB', label: 'peak RSS per idle connection', unit: 'KB', better: 'lower' },
    { metric: 'heapPerConnectionKB', label: 'heap per idle connection', unit: 'KB', better: 'lower' },
    { metric: 'peakRssPerDocBytes', label: 'peak RSS per loaded document', unit: 'bytes', better: 'lower' },
    { metric: 'heapPerLoadedDocBytes', label: 'heap per loaded document', unit: 'bytes', better: 'lower' },
    { metric: 'heapAfterLeftPerDocKB', label: 'heap per document after it was left', unit: 'KB', better: 'lower' },
  ],
  async run(kind, context) {
    const sizes = context.quick ? quick : full;
    // Each y-websocket provider in Node listens for the process's exit.
    process.setMaxListeners(Math.max(process.getMaxListeners(), sizes.connections + 50));
    // A process each, so that neither part starts with heap the other freed (RSS would not grow to reuse it).
    const connections = await withServer(kind, sizes.connectionDocs, (server) => idleConnections(server, sizes));
    const documents = await withServer(kind, sizes.largeDocs, (server) => largeDocuments(server, sizes));
    return { metrics: { ...connections, ...documents } };
  },
};

async function withServer<T>(kind: ServerKind, docs: number, part: (server: ServerUnderTest) => Promise<T>): Promise<T> {
  const server = await startServerUnderTest(kind, { docs, env: { DOC_UNLOAD_DELAY_MS: String(unloadDelayMs) } });
  try {
    return await part(server);
  } finally {
    await server.stop();
  }
}

async function idleConnections(server: ServerUnderTest, sizes: typeof full): Promise<Record<string, number>> {
  const { docNames } = server;
  const before = await server.memory();
  server.resetPeak();
  const clients: BenchClient[] = [];
  try {
    for (let start = 0; start < sizes.connections; start += connectBatch) {
      const batch: BenchClient[] = [];
      for (let i = start; i < Math.min(sizes.connections, start + connectBatch); i++) {
        batch.push(connectBenchClient(server, docNames[i % docNames.length]!, { index: i }));
      }
      clients.push(...batch);
      await Promise.all(batch.map((client) => client.synced));
    }
    const perDoc = sizes.connections / docNames.length;
    await waitFor(
      `${server.kind}: every client to see the awareness user of every other client of its document`,
      () => clients.every((client) => client.awareness.getStates().size === perDoc),
      timeoutMs,
    );
    const after = await server.memory();
    const { peakRssBytes } = server.usage();
    const perConnectionKB = (bytes: number) => bytes / sizes.connections / 1024;
    return {
      connections: sizes.connections,
      rssPerConnectionKB: perConnectionKB(after.rss - before.rss),
      peakRssPerConnectionKB: perConnectionKB(peakRssBytes - before.rss),
      heapPerConnectionKB: perConnectionKB(after.heapUsed - before.heapUsed),
    };
  } finally {
    for (const client of clients) client.destroy();
  }
}

async function largeDocuments(server: ServerUnderTest, sizes: typeof full): Promise<Record<string, number>> {
  const { docNames } = server;
  const { update, text } = largeDocument(sizes.traceEdits);
  const before = await server.memory();
  server.resetPeak();
  const clients: BenchClient[] = [];
  try {
    for (const [i, docName] of docNames.entries()) {
      const writer = connectBenchClient(server, docName, { index: 2 * i });
      clients.push(writer);
      await writer.synced;
      Y.applyUpdate(writer.doc, update);
      const reader = connectBenchClient(server, docName, { index: 2 * i + 1 });
      clients.push(reader);
      await waitFor(`${server.kind}: a second client to get document ${i + 1}`, () => documentText(reader.doc) === text, timeoutMs).catch(() => {
        throw new Divergence('memory', server.kind, `document ${i + 1} did not reach a second client whole`);
      });
    }
    const loaded = await server.memory();
    const { peakRssBytes } = server.usage();
    for (const client of clients.splice(0)) client.destroy();
    await settled(server);
    const after = await server.memory();
    const count = docNames.length;
    return {
      largeDocs: count,
      documentBytes: update.byteLength,
      heapPerLoadedDocBytes: (loaded.heapUsed - before.heapUsed) / count,
      peakRssPerDocBytes: (peakRssBytes - before.rss) / count,
      heapAfterLeftPerDocKB: (after.heapUsed - before.heapUsed) / count / 1024,
      rssAfterLeftPerDocBytes: (after.rss - before.rss) / count,
    };
  } finally {
    for (const client of clients) client.destroy();
  }
}

const documents = new Map<number, { update: Uint8Array; text: string }>();

/** The automerge-paper document (or a prefix of it) as one merged update, typed once per process. */
function largeDocument(edits: number): { update: Uint8Array; text: string } {
  let made = documents.get(edits);
  if (!made) {
    const doc = typedDocument(sequentialTrace('automerge-paper'), edits);
    made = { update: Y.encodeStateAsUpdate(doc), text: documentText(doc) };
    doc.destroy();
    documents.set(edits, made);
  }
  return made;
}

/** Commonplace: until its /metrics reports no loaded document; then, for every server, the same settling time. */
async function settled(server: ServerUnderTest): Promise<void> {
  if (server.kind === 'commonplace') {
    const url = server.socketUrl.replace(/^ws/, 'http').replace(/\/ws$/, '');
    await waitFor('Commonplace to unload every document', async () => (await readMetrics(url)).loadedDocs === 0, timeoutMs);
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
}
