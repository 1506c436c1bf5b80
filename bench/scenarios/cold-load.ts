import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { waitFor } from '../../server/sync/test-clients';
import { type BenchClient, connectBenchClient } from '../clients';
import { applyFloorMs, applyPatch, documentText, editCount, paragraphText, sequentialTrace, textAfter, tracePatches } from '../editing-trace';
import { Divergence, type Scenario } from '../scenario';
import { type ServerKind, type ServerUnderTest, startServerUnderTest } from '../servers';

/**
 * Cold load: the automerge-paper document stored as its 259,778
 * edits, each sent by a client as its own update message and stored as the
 * server stores updates; then the server restarts and a new client is timed
 * from connecting until it holds the whole text (cold load), and a second
 * new client once the server is done loading it (warm load). Both clients
 * are stock providers with an awareness user, timed from connecting until
 * synced with the whole expected text, by their own events.
 *
 * The floor is Yjs applying the document's merged update to a new Y.Doc in
 * this process (warm: the median of 5), taken next to each cold load; a
 * second floor is the same once in a new Node process (cold code), which is
 * what a restarted server meets.
 *
 * Storing the edits takes a minute or more per server, so it is done once
 * per server per run (the server stays up between repeats) and every repeat
 * restarts it: repeats measure the document as each server keeps it once
 * settled. The first load after storing is reported apart (firstLoadMs):
 * y-leveldb replays every stored update then and merges them, so its later
 * loads read one merged update; Commonplace reads the checkpoint it wrote as
 * the document unloaded at shutdown; Hocuspocus reads the one state it stores.
 */

const fullEdits = 259_778;
const quickEdits = 1_000;
/** Edits typed before waiting for the server to pass them on: the server keeps up, nothing piles up in a socket. */
const editsPerChunk = 1_000;
const loadTimeoutMs = 120_000;

interface Prepared {
  server: ServerUnderTest;
  docName: string;
  expected: string;
  /** The document's merged update (Y.encodeStateAsUpdate of the writer's copy): the floor's input. */
  merged: Uint8Array;
  storeSeconds: number;
  firstLoadMs: number;
}

const prepared = new Map<string, Promise<Prepared>>();
const run = promisify(execFile);
/** The checkout, where a new process finds yjs. */
const root = fileURLToPath(new URL('../..', import.meta.url));

export const coldLoad: Scenario = {
  id: 'cold-load',
  needsTraces: true,
  title:
    'Cold load of automerge-paper (259,778 edits stored one update each) after a restart, and warm load; ' +
    'stored once per server and run, restarted for every repeat; y-websocket on LevelDB, Hocuspocus on SQLite',
  servers: ['commonplace', 'y-websocket', 'hocuspocus-sqlite'],
  headline: [
    { metric: 'coldLoadMs', label: 'cold load', unit: 'ms', better: 'lower' },
    { metric: 'coldLoadPerFloor', label: 'cold load / Yjs floor (this process)', unit: 'x', better: 'lower' },
    { metric: 'coldLoadPerNewProcessFloor', label: 'cold load / Yjs floor (new process)', unit: 'x', better: 'lower' },
    { metric: 'warmLoadMs', label: 'warm load', unit: 'ms', better: 'lower' },
  ],
  async run(kind, { quick }) {
    const { server, docName, expected, merged, storeSeconds, firstLoadMs } = await prepare(kind, quick);
    await server.restart();
    server.resetPeak();
    const cold = await timedLoad(server, docName, expected, 2);
    // Warm: the document is loaded and the server done with it (Commonplace builds its copy after answering).
    await untilIdle(server);
    const warm = await timedLoad(server, docName, expected, 3);
    cold.client.destroy();
    warm.client.destroy();
    const { peakRssBytes } = server.usage();
    // Taken next to the loads, so that both meet the same machine.
    const floorMs = applyFloorMs(merged);
    const newProcessFloorMs = await newProcessFloor(merged);
    return {
      metrics: {
        coldLoadMs: cold.ms,
        warmLoadMs: warm.ms,
        floorMs,
        coldLoadPerFloor: cold.ms / floorMs,
        newProcessFloorMs,
        coldLoadPerNewProcessFloor: cold.ms / newProcessFloorMs,
        firstLoadMs,
        storeSeconds,
        serverPeakRssBytes: peakRssBytes,
      },
    };
  },
  async teardown() {
    const all = [...prepared.values()];
    prepared.clear();
    for (const ready of all) await (await ready).server.stop();
  },
};

function prepare(kind: ServerKind, quick: boolean): Promise<Prepared> {
  const key = `${kind}:${quick}`;
  let ready = prepared.get(key);
  if (!ready) {
    ready = store(kind, quick ? quickEdits : fullEdits);
    prepared.set(key, ready);
  }
  return ready;
}

/** Starts the server, has a client type the trace into one document (one update per edit), then restarts it and loads once. */
async function store(kind: ServerKind, edits: number): Promise<Prepared> {
  const trace = sequentialTrace('automerge-paper');
  const total = Math.min(edits, editCount(trace));
  const expected = textAfter(trace, total);
  const server = await startServerUnderTest(kind, { docs: 1, persistent: true });
  const docName = server.docNames[0]!;
  const writer = connectBenchClient(server, docName, { index: 0 });
  const observer = connectBenchClient(server, docName, { index: 1, quiet: true });
  try {
    await Promise.all([writer.synced, observer.synced]);
    const started = performance.now();
    const text = paragraphText(writer.doc);
    let typed = 0;
    for (const patch of tracePatches(trace)) {
      if (typed === total) break;
      applyPatch(text, patch);
      typed += 1;
      if (typed % editsPerChunk === 0 || typed === total) await caughtUp(observer, writer, kind);
    }
    const storeSeconds = (performance.now() - started) / 1000;
    if (documentText(observer.doc) !== expected) throw new Divergence('cold-load', kind, 'the observer does not hold the typed text');
    const merged = Y.encodeStateAsUpdate(writer.doc);
    writer.destroy();
    observer.destroy();
    // y-leveldb writes each update in its own queued transaction; let them all finish before the restart.
    await untilIdle(server);
    await server.restart();
    const first = await timedLoad(server, docName, expected, 4);
    first.client.destroy();
    await untilIdle(server);
    return { server, docName, expected, merged, storeSeconds, firstLoadMs: first.ms };
  } catch (err) {
    writer.destroy();
    observer.destroy();
    await server.stop();
    throw err;
  }
}

/** Waits until the observer has everything the writer typed (the same clock and length of text). */
function caughtUp(observer: BenchClient, writer: BenchClient, kind: ServerKind): Promise<void> {
  const clock = Y.getState(writer.doc.store, writer.doc.clientID);
  const length = documentText(writer.doc).length;
  return waitFor(
    `${kind} to pass the writer's edits on`,
    () => Y.getState(observer.doc.store, writer.doc.clientID) === clock && documentText(observer.doc).length === length,
    loadTimeoutMs,
  );
}

/**
 * Milliseconds from a new client's connecting until it is synced and holds
 * `expected`, told by the client's own events (not by polling), so that the
 * time includes applying what the server sent and nothing else.
 */
function timedLoad(server: ServerUnderTest, docName: string, expected: string, index: number): Promise<{ ms: number; client: BenchClient }> {
  const started = performance.now();
  const client = connectBenchClient(server, docName, { index });
  return new Promise((resolve, reject) => {
    let synced = false;
    let whole = false;
    const timer = setTimeout(() => {
      client.doc.off('afterTransaction', check);
      client.destroy();
      reject(new Divergence('cold-load', server.kind, `a new client did not get the whole text in ${loadTimeoutMs} ms`));
    }, loadTimeoutMs);
    const done = () => {
      if (!synced || !whole) return;
      const ms = performance.now() - started;
      clearTimeout(timer);
      client.doc.off('afterTransaction', check);
      resolve({ ms, client });
    };
    const check = () => {
      whole ||= documentText(client.doc).length === expected.length && documentText(client.doc) === expected;
      done();
    };
    client.doc.on('afterTransaction', check);
    void client.synced.then(() => {
      synced = true;
      check();
    });
  });
}

/**
 * The floor as a restarted server meets it: Yjs applying the merged update
 * once in a new Node process (its code not yet optimised), timed around
 * that call alone.
 */
async function newProcessFloor(merged: Uint8Array): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  try {
    const file = join(dir, 'merged.bin');
    writeFileSync(file, merged);
    const script = [
      "import { readFileSync } from 'node:fs';",
      "import * as Y from 'yjs';",
      `const update = readFileSync(${JSON.stringify(file)});`,
      'const started = performance.now();',
      'Y.applyUpdate(new Y.Doc(), update);',
      'console.log(performance.now() - started);',
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], { cwd: root });
    return Number(stdout.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves once the server process has used no CPU for a second (its queued storage writes are done). */
export async function untilIdle(server: ServerUnderTest): Promise<void> {
  let last = -1;
  let quiet = 0;
  await waitFor(
    `${server.kind} to go idle`,
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const { cpuSeconds } = server.usage();
      quiet = cpuSeconds === last ? quiet + 1 : 0;
      last = cpuSeconds;
      return quiet >= 4;
    },
    300_000,
  );
}
