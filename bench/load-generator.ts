import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { seededRandom } from '../shared/seeded-random';
import { type BenchClient, connectBenchClient } from './clients';
import { benchText, type EditMark, markEdit, Propagation, percentiles } from './edit-propagation';
import { Divergence, withDeadline } from './scenario';
import type { ServerKind, ServerUnderTest } from './servers';

/**
 * The load generator of the side-by-side bench: N clients on each of D
 * documents, W of them typing at a set rate, all in this process so that
 * every latency is read on one clock. It measures the time until all are
 * synced, the propagation latency of every edit to every other client of
 * its document (edit-propagation.ts), convergence at the end, the server's
 * CPU seconds and peak RSS, and its own CPU (on 2 cores the generator
 * competes with the server, so it is reported).
 */

/** `count` clients on `docName`, all synced; `syncMs` from the first connect to the last sync. */
export async function connectClients(
  server: ServerUnderTest,
  docName: string,
  count: number,
  timeoutMs: number,
): Promise<{ clients: BenchClient[]; syncMs: number }> {
  // Each stock y-websocket provider listens for the process's 'exit' (to say goodbye); hundreds are expected here.
  process.setMaxListeners(Math.max(process.getMaxListeners(), count + 10));
  const started = performance.now();
  const clients = Array.from({ length: count }, (_, index) => connectBenchClient(server, docName, { index }));
  try {
    await withDeadline(Promise.all(clients.map((client) => client.synced)), timeoutMs, () => new Error(`${count} clients of ${server.kind} did not sync in ${timeoutMs} ms`));
  } catch (err) {
    for (const client of clients) client.destroy();
    throw err;
  }
  return { clients, syncMs: performance.now() - started };
}

/**
 * Resolves once every client sees every client's awareness state, as an
 * editor shows everyone present; the editing starts then, so that the
 * joining storm of awareness messages is not in the latencies (the server's
 * CPU counts it).
 */
export async function presence(clients: readonly BenchClient[], server: ServerUnderTest, timeoutMs: number): Promise<void> {
  const everyone = clients.length;
  await Promise.all(
    clients.map(({ awareness }) =>
      withDeadline(
        new Promise<void>((resolve) => {
          const check = () => {
            if (awareness.getStates().size < everyone) return;
            awareness.off('change', check);
            resolve();
          };
          awareness.on('change', check);
          check();
        }),
        timeoutMs,
        () => new Error(`a client of ${server.kind} saw ${awareness.getStates().size} of ${everyone} present after ${timeoutMs} ms`),
      ),
    ),
  );
}

/** Every document holds the same state and text (and `expected`, when given); else a Divergence. */
export function checkConvergence(scenario: string, kind: ServerKind, docs: readonly Y.Doc[], expected?: string): void {
  const vector = Buffer.from(Y.encodeStateVector(docs[0]!));
  const text = benchText(docs[0]!).toString();
  if (expected !== undefined && text !== expected) {
    throw new Divergence(scenario, kind, `client 0 has ${text.length} characters where ${expected.length} were expected, or other ones`);
  }
  docs.forEach((doc, i) => {
    if (!vector.equals(Y.encodeStateVector(doc))) throw new Divergence(scenario, kind, `client ${i} has another state vector than client 0`);
    if (benchText(doc).toString() !== text) throw new Divergence(scenario, kind, `client ${i} has another text than client 0`);
  });
}

/** Starts counting the server's CPU and peak RSS and this process's CPU; the returned function reads them. */
export function observeUsage(server: ServerUnderTest): () => { serverCpuSeconds: number; serverPeakRssBytes: number; generatorCpuSeconds: number } {
  server.resetPeak();
  const serverCpu = server.usage().cpuSeconds;
  const ownCpu = process.cpuUsage();
  return () => {
    const own = process.cpuUsage(ownCpu);
    const usage = server.usage();
    return {
      serverCpuSeconds: usage.cpuSeconds - serverCpu,
      serverPeakRssBytes: usage.peakRssBytes,
      generatorCpuSeconds: (own.user + own.system) / 1e6,
    };
  };
}

export interface LoadOptions {
  /** The scenario's id, for Divergence messages. */
  scenario: string;
  /** Documents edited at once (the server's first ones), each with its own writers and readers. */
  documents: number;
  /** Per document. */
  writers: number;
  /** Per document. */
  readers: number;
  /** Per writer. */
  editsPerSecond: number;
  seconds: number;
}

export interface LoadMetrics extends Record<string, number> {
  syncMs: number;
  edits: number;
  deliveries: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  serverCpuSeconds: number;
  serverPeakRssBytes: number;
  generatorCpuSeconds: number;
}

/** Generous deadlines: a loaded 2-core machine is slow, and only a lost edit should fail a run. */
const syncTimeoutMs = 120_000;
const drainTimeoutMs = 60_000;

/** One document's clients, its typists, and its edits' way to the others. */
interface Room {
  clients: BenchClient[];
  typists: Typist[];
  propagation: Propagation;
}

/**
 * Writers type on a fixed timetable (the n-th edit of all writers of all
 * documents is due at n / (rate × writers) seconds, taking writers in turn,
 * so that they interleave evenly); an edit that falls due while the process
 * was busy is made as soon as it can be, and its latency counts from then.
 */
export async function generateLoad(server: ServerUnderTest, options: LoadOptions): Promise<LoadMetrics> {
  const usage = observeUsage(server);
  const rooms: Room[] = [];
  const started = performance.now();
  try {
    for (const docName of server.docNames.slice(0, options.documents)) {
      const { clients } = await connectClients(server, docName, options.writers + options.readers, syncTimeoutMs);
      const typists = clients.slice(0, options.writers).map((client, i) => new Typist(client.doc, rooms.length * options.writers + i + 1));
      const propagation = new Propagation(
        clients.map((client) => client.doc),
        typists.map((typist) => typist.doc),
      );
      rooms.push({ clients, typists, propagation });
    }
    const syncMs = performance.now() - started;
    await Promise.all(rooms.map((room) => presence(room.clients, server, syncTimeoutMs)));

    const writers = rooms.flatMap((room) => room.typists.map((typist) => ({ typist, propagation: room.propagation })));
    const interval = 1000 / options.editsPerSecond;
    const perWriter = Math.max(1, Math.round(options.seconds * options.editsPerSecond));
    const start = performance.now();
    for (let n = 0; n < perWriter * writers.length; n++) {
      const { typist, propagation } = writers[n % writers.length]!;
      const wait = start + (n / writers.length) * interval - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      propagation.record(typist.doc, typist.type(), performance.now());
    }
    for (const room of rooms) {
      await room.propagation.settled(options.scenario, server.kind, drainTimeoutMs);
      checkConvergence(
        options.scenario,
        server.kind,
        room.clients.map((client) => client.doc),
      );
    }
    const latencies = rooms.flatMap((room) => room.propagation.latencies);
    return {
      syncMs,
      edits: rooms.reduce((sum, room) => sum + room.propagation.edits, 0),
      deliveries: latencies.length,
      ...percentiles(latencies),
      ...usage(),
    };
  } finally {
    for (const room of rooms) {
      room.propagation.stop();
      for (const client of room.clients) client.destroy();
    }
  }
}

/**
 * Someone typing: characters at a cursor, now and then a backspace, now and
 * then a jump elsewhere. Seeded, so every server gets the same keystrokes.
 */
class Typist {
  #cursor = 0;
  readonly #random: () => number;

  constructor(
    readonly doc: Y.Doc,
    seed: number,
  ) {
    this.#random = seededRandom(seed);
  }

  type(): EditMark {
    const text = benchText(this.doc);
    if (this.#random() < 0.03) this.#cursor = Math.floor(this.#random() * (text.length + 1));
    this.#cursor = Math.min(this.#cursor, text.length);
    if (this.#cursor > 0 && this.#random() < 0.1) {
      const at = --this.#cursor;
      return markEdit(this.doc, () => text.delete(at, 1));
    }
    const at = this.#cursor++;
    const character = String.fromCharCode(97 + Math.floor(this.#random() * 26));
    return markEdit(this.doc, () => text.insert(at, character));
  }
}

