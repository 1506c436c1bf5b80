import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import SQLite from 'better-sqlite3';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { decodeClientMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../server/sync/protocol';
import { waitFor } from '../../server/sync/test-clients';
import { connectBenchClient } from '../clients';
import { Divergence, type Scenario } from '../scenario';
import { type ServerUnderTest, startServerUnderTest } from '../servers';

/**
 * Persistence throughput: many writers, each sending its next
 * one-character edit as soon as the server acknowledged the last, for a
 * fixed time. Commonplace acknowledges an edit when it is committed to
 * SQLite (its answer to a sync step 1 sent after the edit waits for the
 * commit; the product's own "saved" indicator works so), and group-commits
 * whatever arrives meanwhile in one transaction. Afterwards the stored rows
 * are counted in its SQLite file (opened read-only): one per acknowledged
 * edit. Hocuspocus with its SQLite extension is beside it for reference: it
 * acknowledges an edit once it is applied in memory and stores the whole
 * document debounced (2 s, at most 10 s), so its figure is not durable per
 * update. For both, a new client of every document must then hold every
 * acknowledged edit.
 */

const full = { writers: 40, docs: 8, seconds: 5 };
const quick = { writers: 6, docs: 2, seconds: 1 };
const timeoutMs = 60_000;

export const persistence: Scenario = {
  id: 'persistence',
  title:
    'Persistence throughput: 40 writers over 8 documents, each sending its next edit once the last is acknowledged, 5 s ' +
    '(Commonplace: acknowledged once committed, group commit; Hocuspocus SQLite: once applied, stored debounced, not durable per update)',
  servers: ['commonplace', 'hocuspocus-sqlite'],
  headline: [
    { metric: 'updatesPerSecond', label: 'acknowledged updates per second', unit: 'updates/s', better: 'higher' },
    { metric: 'ackP99Ms', label: 'acknowledgement p99', unit: 'ms', better: 'lower' },
  ],
  async run(kind, context) {
    const sizes = context.quick ? quick : full;
    const server = await startServerUnderTest(kind, { docs: sizes.docs });
    const writers: Writer[] = [];
    try {
      for (let i = 0; i < sizes.writers; i++) writers.push(await connectWriter(server, server.docNames[i % sizes.docs]!, i));
      const cpuBefore = server.usage().cpuSeconds;
      const started = performance.now();
      const deadline = started + sizes.seconds * 1000;
      const latencies: number[] = [];
      await Promise.all(
        writers.map(async (writer) => {
          while (performance.now() < deadline) {
            const sent = performance.now();
            await writer.write();
            latencies.push(performance.now() - sent);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const serverCpuSeconds = server.usage().cpuSeconds - cpuBefore;
      const acknowledged = latencies.length;
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
      for (const writer of writers.splice(0)) writer.destroy();

      await checkEveryEdit(server, sizes.docs, acknowledged);
      const metrics: Record<string, number> = {
        writers: sizes.writers,
        acknowledged,
        updatesPerSecond: acknowledged / elapsed,
        ackP50Ms: at(0.5),
        ackP99Ms: at(0.99),
        serverCpuSeconds,
      };
      if (kind === 'commonplace') {
        const storedRows = countStoredRows(server);
        if (storedRows !== acknowledged) {
          throw new Divergence('persistence', kind, `${acknowledged} edits acknowledged, ${storedRows} rows stored`);
        }
        metrics.storedRows = storedRows;
      }
      return { metrics };
    } finally {
      for (const writer of writers) writer.destroy();
      await server.stop();
    }
  },
};

/** A writer of one document: `write()` makes one edit and resolves when the server acknowledges it. */
interface Writer {
  write(): Promise<void>;
  destroy(): void;
}

function connectWriter(server: ServerUnderTest, docName: string, index: number): Promise<Writer> {
  return server.protocol === 'hocuspocus' ? hocuspocusWriter(server, docName) : probingWriter(server, docName, index);
}

/** Inserts one character at the start of the document's text. */
function edit(doc: Y.Doc): void {
  doc.getText('bench').insert(0, 'x');
}

/**
 * A y-websocket protocol client that follows every edit with a sync step 1
 * and counts the server's step 2 answer as the acknowledgement: messages on a
 * socket are handled in order, and Commonplace holds a step 2 until every
 * update before it is committed.
 */
async function probingWriter(server: ServerUnderTest, docName: string, index: number): Promise<Writer> {
  const cookie = server.cookieFor(index);
  const socket = new WebSocket(`${server.socketUrl}/${docName}`, { headers: cookie ? { cookie } : {} });
  socket.binaryType = 'nodebuffer';
  const doc = new Y.Doc();
  const answers: (() => void)[] = [];
  let synced!: () => void;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  socket.on('message', (data: Buffer) => {
    const message = decodeClientMessage(new Uint8Array(data));
    if (message.kind === 'sync-step1') socket.send(encodeSyncStep2(Y.encodeStateAsUpdate(doc, message.stateVector)));
    else if (message.kind === 'sync-step2') {
      Y.applyUpdate(doc, message.update, socket);
      (answers.shift() ?? synced)();
    } else if (message.kind === 'update') Y.applyUpdate(doc, message.update, socket);
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== socket) socket.send(encodeUpdate(update));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(encodeSyncStep1(Y.encodeStateVector(doc)));
  await ready;
  return {
    write: () =>
      new Promise<void>((resolve) => {
        answers.push(resolve);
        edit(doc);
        socket.send(encodeSyncStep1(Y.encodeStateVector(doc)));
      }),
    destroy: () => {
      socket.close();
      doc.destroy();
    },
  };
}

/** A HocuspocusProvider: Hocuspocus acknowledges every update it applied (the provider's unsynced changes). */
async function hocuspocusWriter(server: ServerUnderTest, docName: string): Promise<Writer> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: server.socketUrl, WebSocketPolyfill: WebSocket });
  let settle: (() => void) | null = null;
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: docName,
    document: doc,
    onUnsyncedChanges: ({ number }) => {
      if (number === 0) settle?.();
    },
  });
  provider.attach();
  await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  return {
    write: () =>
      new Promise<void>((resolve) => {
        settle = resolve;
        edit(doc);
      }),
    destroy: () => {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** A new client of every document must find every acknowledged edit (one character each). */
async function checkEveryEdit(server: ServerUnderTest, docs: number, acknowledged: number): Promise<void> {
  const readers = server.docNames.slice(0, docs).map((docName, i) => connectBenchClient(server, docName, { index: i, quiet: true }));
  try {
    const length = () => readers.reduce((sum, reader) => sum + reader.doc.getText('bench').length, 0);
    await waitFor(`${server.kind}: new clients to hold every acknowledged edit`, () => length() === acknowledged, timeoutMs).catch(() => {
      throw new Divergence('persistence', server.kind, `${acknowledged} edits acknowledged, new clients hold ${length()}`);
    });
  } finally {
    for (const reader of readers) reader.destroy();
  }
}

/** Rows of the update log, counted in Commonplace's SQLite file opened read-only. */
function countStoredRows(server: ServerUnderTest): number {
  const db = new SQLite(join(server.storageDir, 'commonplace.db'), { readonly: true });
  try {
    const placeholders = server.docNames.map(() => '?').join(', ');
    const row = db.prepare(`SELECT count(*) AS rows FROM doc_updates WHERE doc_id IN (${placeholders})`).get(...server.docNames) as { rows: number };
    return row.rows;
  } finally {
    db.close();
  }
}
