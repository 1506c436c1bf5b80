import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { seededRandom } from '../shared/seeded-random';
import { type BenchClient, connectBenchClient } from './clients';
import { Divergence } from './scenario';
import type { ServerKind, ServerUnderTest } from './servers';

/**
 * The load generator of the side-by-side bench: N clients on one
 * document, W of them typing at a set rate, all in this process so that
 * every latency is read on one clock. It measures the time until all are
 * synced, the propagation latency of every edit to every other client,
 * convergence at the end, the server's CPU seconds and peak RSS, and its own
 * CPU (on 2 cores the generator competes with the server, so it is reported).
 *
 * Propagation is tracked cheaply, without decoding anything: a writer notes
 * each edit as (client id, clock after the edit, time); a reader, on each
 * document 'update', compares its Yjs state for that client with the clocks
 * still pending and resolves the ones it now holds. A deletion moves no
 * clock, so a delete-only edit is noted by the id of the first character it
 * deleted, and resolved once that character is deleted in the reader's copy.
 */

/** The shared text every bench client edits. */
export function benchText(doc: Y.Doc): Y.Text {
  return doc.getText('bench');
}

/** How a reader recognises an edit in its own copy of the document. */
export interface EditMark {
  client: number;
  /** Insert: the writer's clock after the edit. Deletion: the clock of the first character deleted. */
  clock: number;
  deletion: boolean;
}

/** Runs `edit` as one transaction of `doc` and says how readers will recognise it. */
export function markEdit(doc: Y.Doc, edit: () => void): EditMark {
  let mark: EditMark | null = null;
  doc.transact((transaction) => {
    edit();
    const clock = Y.getState(doc.store, doc.clientID);
    if (clock > (transaction.beforeState.get(doc.clientID) ?? 0)) {
      mark = { client: doc.clientID, clock, deletion: false };
      return;
    }
    for (const [client, deleted] of transaction.deleteSet.clients) {
      if (deleted[0]) mark = { client, clock: deleted[0].clock, deletion: true };
      break;
    }
  });
  if (!mark) throw new Error('the edit changed nothing');
  return mark;
}

function covers(doc: Y.Doc, mark: EditMark): boolean {
  const state = Y.getState(doc.store, mark.client);
  if (!mark.deletion) return state >= mark.clock;
  return state > mark.clock && Y.getItem(doc.store, Y.createID(mark.client, mark.clock)).deleted;
}

interface Source {
  writer: Y.Doc;
  marks: EditMark[];
  sentAt: number[];
}

interface Reader {
  doc: Y.Doc;
  /** Per source, the index of its first mark this reader has not seen yet. */
  next: number[];
  stop(): void;
}

/**
 * Every edit's way to every other client. Writers `record` each edit right
 * after making it (before any socket could deliver it); readers resolve
 * marks in order, since each writer's messages arrive in the order sent.
 */
export class Propagation {
  readonly #sources: Source[];
  readonly #readers: Reader[];
  readonly latencies: number[] = [];
  #outstanding = 0;
  #waiters: { limit: number; resolve: () => void }[] = [];

  constructor(docs: readonly Y.Doc[], writers: readonly Y.Doc[]) {
    this.#sources = writers.map((writer) => ({ writer, marks: [], sentAt: [] }));
    this.#readers = docs.map((doc) => {
      const reader: Reader = { doc, next: this.#sources.map(() => 0), stop: () => doc.off('update', onUpdate) };
      const onUpdate = () => this.#advance(reader);
      doc.on('update', onUpdate);
      return reader;
    });
  }

  /** Deliveries still awaited: (edit, reader) pairs. */
  get outstanding(): number {
    return this.#outstanding;
  }

  get edits(): number {
    return this.#sources.reduce((sum, source) => sum + source.marks.length, 0);
  }

  /** `writer` made an edit at `sentAt` (performance.now()). */
  record(writer: Y.Doc, mark: EditMark, sentAt: number): void {
    const source = this.#sources.find((s) => s.writer === writer);
    if (!source) throw new Error('record() from a document that is not a writer');
    source.marks.push(mark);
    source.sentAt.push(sentAt);
    this.#outstanding += this.#readers.filter((reader) => reader.doc !== writer).length;
  }

  /** Resolves once at most `limit` deliveries are awaited (0: every edit reached everyone). */
  below(limit: number): Promise<void> {
    if (this.#outstanding <= limit) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ limit, resolve }));
  }

  /** Every edit reached every other client, or a Divergence after `timeoutMs`. */
  async settled(scenario: string, kind: ServerKind, timeoutMs: number): Promise<void> {
    await withDeadline(this.below(0), timeoutMs, () => {
      const missing = this.#readers.filter((reader) => this.#behind(reader) > 0).length;
      return new Divergence(scenario, kind, `${this.#outstanding} deliveries to ${missing} clients never arrived`);
    });
  }

  stop(): void {
    for (const reader of this.#readers) reader.stop();
  }

  #behind(reader: Reader): number {
    return this.#sources.reduce((sum, source, i) => sum + (source.writer === reader.doc ? 0 : source.marks.length - reader.next[i]!), 0);
  }

  #advance(reader: Reader): void {
    const now = performance.now();
    for (let i = 0; i < this.#sources.length; i++) {
      const source = this.#sources[i]!;
      if (source.writer === reader.doc) continue;
      let next = reader.next[i]!;
      while (next < source.marks.length && covers(reader.doc, source.marks[next]!)) {
        this.latencies.push(now - source.sentAt[next]!);
        next++;
        this.#outstanding--;
      }
      reader.next[i] = next;
    }
    if (this.#waiters.length === 0) return;
    const ready = this.#waiters.filter((waiter) => this.#outstanding <= waiter.limit);
    this.#waiters = this.#waiters.filter((waiter) => this.#outstanding > waiter.limit);
    for (const waiter of ready) waiter.resolve();
  }
}

/** Nearest-rank percentiles of latencies, in milliseconds. */
export function percentiles(latencies: readonly number[]): { p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number } {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) => (sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!);
  return { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) };
}

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

export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, failure: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(failure()), timeoutMs)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export interface LoadOptions {
  /** The scenario's id, for Divergence messages. */
  scenario: string;
  writers: number;
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

/**
 * Writers type on a fixed timetable (writer w's k-th edit is due at
 * (k + w/W) / rate seconds, so writers interleave evenly); an edit that
 * falls due while the process was busy is made as soon as it can be, and
 * its latency counts from then.
 */
export async function generateLoad(server: ServerUnderTest, options: LoadOptions): Promise<LoadMetrics> {
  const usage = observeUsage(server);
  const { clients, syncMs } = await connectClients(server, server.docNames[0]!, options.writers + options.readers, syncTimeoutMs);
  const typists = clients.slice(0, options.writers).map((client, i) => new Typist(client.doc, i + 1));
  const propagation = new Propagation(
    clients.map((client) => client.doc),
    typists.map((typist) => typist.doc),
  );
  try {
    await presence(clients, server, syncTimeoutMs);
    const interval = 1000 / options.editsPerSecond;
    const perWriter = Math.max(1, Math.round(options.seconds * options.editsPerSecond));
    const timetable = Array.from({ length: perWriter * options.writers }, (_, n) => ({
      typist: typists[n % options.writers]!,
      due: (n / options.writers) * interval,
    }));
    const start = performance.now();
    for (const { typist, due } of timetable) {
      const wait = start + due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const sentAt = performance.now();
      propagation.record(typist.doc, typist.type(), sentAt);
    }
    await propagation.settled(options.scenario, server.kind, drainTimeoutMs);
    checkConvergence(
      options.scenario,
      server.kind,
      clients.map((client) => client.doc),
    );
    return {
      syncMs,
      edits: propagation.edits,
      deliveries: propagation.latencies.length,
      ...percentiles(propagation.latencies),
      ...usage(),
    };
  } finally {
    propagation.stop();
    for (const client of clients) client.destroy();
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

