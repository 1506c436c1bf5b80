import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { editingTraces, sequentialTrace } from '../editing-trace';
import { type EditMark, Propagation, benchText, markEdit, percentiles } from '../edit-propagation';
import { checkConvergence, connectClients, observeUsage, presence } from '../load-generator';
import { Divergence, type Headline, type Scenario, withDeadline } from '../scenario';
import { type ServerUnderTest, serverKinds, startServerUnderTest } from '../servers';

/**
 * Replays of real editing sessions (josephg/editing-traces, CC BY 4.0; see
 * ../shared/data/editing-traces/NOTICE.md): the sequential automerge-paper
 * trace (259,778 single-character edits of a LaTeX paper; its first 50,000
 * in a full run, so that 3 repeats on 4 servers fit) typed by one fast
 * writer, and the concurrent friendsforever and clownschool traces typed by
 * one writer per recorded author (2 and 3), with readers watching. Every
 * client must end with the text the trace (or its prefix) ends with.
 *
 * Each transaction of the trace is turned, once per process, into the Yjs
 * update its author's editor would have sent: every author has a Y.Doc that
 * holds exactly the transactions the trace says the author had seen (its
 * `parents` and their ancestors), so positions mean what they meant. On the
 * wire each writer applies its author's updates to its own synced document
 * (the provider sends them as an editor's would), waiting first until the
 * other authors' text the transaction was written against has reached it
 * through the server. So the replay keeps the recorded causality while the
 * server sees real concurrency.
 *
 * "Fast" means as fast as the server lets it: writers keep going until
 * `inFlight` edits' worth of deliveries have not yet reached the other
 * clients, then wait; so time to replay measures throughput, and the
 * latency percentiles include that queue.
 */
interface Trace {
  id: string;
  /** A trace of sequential/ or concurrent/ by name. */
  source: { sequential: string } | { concurrent: string };
  title: string;
  /** Transactions replayed in quick mode (a prefix: the trace's first minutes). */
  quickTxns: number;
  /** Transactions replayed in full mode, when not the whole trace (so that 3 repeats x 4 servers fit a run). */
  fullTxns?: number;
}

const traces: Trace[] = [
  { id: 'trace-automerge-paper', source: { sequential: 'automerge-paper' }, title: 'automerge-paper trace (first 50,000 edits), 1 fast writer + 3 readers', quickTxns: 2000, fullTxns: 50_000 },
  { id: 'trace-friendsforever', source: { concurrent: 'friendsforever' }, title: 'friendsforever trace (concurrent), 2 writers + 3 readers', quickTxns: 800 },
  { id: 'trace-clownschool', source: { concurrent: 'clownschool' }, title: 'clownschool trace (concurrent), 3 writers + 3 readers', quickTxns: 800 },
];

const readers = 3;
/** Edits in flight (not yet seen by every other client) before the writers wait. */
const inFlight = 500;
/** A writer gives the event loop a turn after this many edits, so that its sockets are read meanwhile. */
const editsPerTurn = 8;
const concurrentFolder = join(editingTraces, 'concurrent');

const headline: Headline[] = [
  { metric: 'replayMs', label: 'time to replay', unit: 'ms', better: 'lower' },
  { metric: 'p50Ms', label: 'propagation p50', unit: 'ms', better: 'lower' },
  { metric: 'p99Ms', label: 'propagation p99', unit: 'ms', better: 'lower' },
  { metric: 'serverCpuSeconds', label: 'server CPU', unit: 's', better: 'lower' },
];

export const traceReplayScenarios: Scenario[] = traces.map((trace) => ({
  id: trace.id,
  needsTraces: true,
  title: trace.title,
  servers: serverKinds,
  headline,
  async run(kind, { quick }) {
    const prepared = prepare(trace, quick ? trace.quickTxns : (trace.fullTxns ?? Infinity));
    const server = await startServerUnderTest(kind, { docs: 1 });
    try {
      return { metrics: await replay(server, trace.id, prepared) };
    } finally {
      await server.stop();
    }
  },
}));

/** One transaction of a trace as its author's editor sends it. */
interface Step {
  update: Uint8Array;
  mark: EditMark;
  /** [client id, clock]: other authors' text this edit was written against. */
  requires: [number, number][];
}

interface Prepared {
  /** Per author, its steps in order. */
  authors: Step[][];
  finalText: string;
  edits: number;
}

interface RawTxn {
  parents?: number[];
  agent?: number;
  patches: [number, number, string][];
}

/** Either format of ../shared/data/editing-traces (NOTICE.md): a sequential trace has no agents nor parents. */
interface RawTrace {
  endContent: string;
  numAgents?: number;
  txns: readonly RawTxn[];
}

const preparedTraces = new Map<string, Prepared>();

function prepare(trace: Trace, limit: number): Prepared {
  const key = `${trace.id}:${limit}`;
  let prepared = preparedTraces.get(key);
  if (!prepared) {
    const raw: RawTrace =
      'sequential' in trace.source
        ? sequentialTrace(trace.source.sequential)
        : (JSON.parse(gunzipSync(readFileSync(join(concurrentFolder, `${trace.source.concurrent}.json.gz`))).toString('utf8')) as RawTrace);
    prepared = simulate(raw, Math.min(limit, raw.txns.length));
    if (limit >= raw.txns.length && prepared.finalText !== raw.endContent) {
      throw new Error(`replaying ${trace.id} offline does not give its end content`);
    }
    preparedTraces.set(key, prepared);
  }
  return prepared;
}

/** Fixed client ids per author: each run has a fresh server, so nobody else holds them. */
const authorClientId = (author: number) => 0x7ace_0000 + author;

function simulate(raw: RawTrace, count: number): Prepared {
  const authorCount = raw.numAgents ?? 1;
  // A sequential trace: one author, each transaction on the one before.
  const txns = raw.txns.slice(0, count).map((txn, i) => ({
    agent: txn.agent ?? 0,
    parents: txn.parents ?? (i > 0 ? [i - 1] : []),
    patches: txn.patches,
  }));
  const docs = Array.from({ length: authorCount }, (_, author) => {
    const doc = new Y.Doc();
    doc.clientID = authorClientId(author);
    return doc;
  });
  const seen = docs.map(() => new Uint8Array(count));
  const updates: Uint8Array[] = [];
  const authors: Step[][] = docs.map(() => []);

  txns.forEach((txn, i) => {
    const doc = docs[txn.agent]!;
    const known = seen[txn.agent]!;
    // What this author had seen and its Y.Doc does not hold yet: the parents and their ancestors.
    const missing: number[] = [];
    const stack = [...txn.parents];
    while (stack.length > 0) {
      const j = stack.pop()!;
      if (known[j]) continue;
      known[j] = 1;
      missing.push(j);
      stack.push(...txns[j]!.parents);
    }
    if (missing.length > 0) {
      doc.transact(() => {
        for (const j of missing.sort((a, b) => a - b)) Y.applyUpdate(doc, updates[j]!);
      });
    }
    const requires: [number, number][] = [];
    for (let author = 0; author < authorCount; author++) {
      const clock = Y.getState(doc.store, authorClientId(author));
      if (author !== txn.agent && clock > 0) requires.push([authorClientId(author), clock]);
    }
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    doc.on('update', capture);
    const text = benchText(doc);
    const mark = markEdit(doc, () => {
      for (const [position, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(position, deleted);
        if (inserted.length > 0) text.insert(position, inserted);
      }
    });
    doc.off('update', capture);
    known[i] = 1;
    updates.push(update!);
    authors[txn.agent]!.push({ update: update!, mark, requires });
  });

  // In trace order every update's dependencies come first (Y.mergeUpdates of them all is far slower).
  const final = new Y.Doc();
  final.transact(() => {
    for (const update of updates) Y.applyUpdate(final, update);
  });
  const finalText = benchText(final).toString();
  for (const doc of [...docs, final]) doc.destroy();
  return { authors, finalText, edits: count };
}

/** The origin of what a writer replays: anything but the provider, so the provider sends it. */
const replayOrigin = Symbol('trace');
const syncTimeoutMs = 120_000;
const drainTimeoutMs = 120_000;
const replayTimeoutMs = (trace: Prepared) => 120_000 + trace.edits;

async function replay(server: ServerUnderTest, scenario: string, trace: Prepared): Promise<Record<string, number>> {
  const usage = observeUsage(server);
  const { clients, syncMs } = await connectClients(server, server.docNames[0]!, trace.authors.length + readers, syncTimeoutMs);
  const writers = clients.slice(0, trace.authors.length).map((client) => client.doc);
  const propagation = new Propagation(
    clients.map((client) => client.doc),
    writers,
  );
  try {
    await presence(clients, server, syncTimeoutMs);
    const started = performance.now();
    const limit = inFlight * (clients.length - 1);
    const writing = Promise.all(
      writers.map(async (doc, author) => {
        let made = 0;
        for (const step of trace.authors[author]!) {
          if (propagation.outstanding > limit) await propagation.below(limit);
          for (const [client, clock] of step.requires) await stateReaches(doc, client, clock);
          const sentAt = performance.now();
          Y.applyUpdate(doc, step.update, replayOrigin);
          propagation.record(doc, step.mark, sentAt);
          if (++made % editsPerTurn === 0) await nextTurn();
        }
      }),
    );
    // A writer waits for what the server relays: if it never comes, the run is lost, not slow.
    await withDeadline(writing, replayTimeoutMs(trace), () => new Divergence(scenario, server.kind, 'the writers stalled waiting for each other'));
    await propagation.settled(scenario, server.kind, drainTimeoutMs);
    const replayMs = performance.now() - started;
    checkConvergence(
      scenario,
      server.kind,
      clients.map((client) => client.doc),
      trace.finalText,
    );
    return {
      syncMs,
      replayMs,
      edits: trace.edits,
      editsPerSecond: trace.edits / (replayMs / 1000),
      deliveries: propagation.latencies.length,
      ...percentiles(propagation.latencies),
      ...usage(),
    };
  } finally {
    propagation.stop();
    for (const client of clients) client.destroy();
  }
}

/** Resolves once `doc` holds `client`'s text up to `clock`. */
function stateReaches(doc: Y.Doc, client: number, clock: number): Promise<void> {
  if (Y.getState(doc.store, client) >= clock) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (Y.getState(doc.store, client) < clock) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}
