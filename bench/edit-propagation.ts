import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { Divergence, withDeadline } from './scenario';
import type { ServerKind } from './servers';

/**
 * How the side-by-side bench follows every edit to every other client of
 * its document, cheaply, without decoding anything: a writer notes each
 * edit as (client id, clock after the edit, time); a reader, on each
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
