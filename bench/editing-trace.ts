import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';

/**
 * The real editing traces of ../shared/data/editing-traces (josephg/editing-traces,
 * CC BY 4.0; see its NOTICE.md), read once per process, and the shape the
 * benches type them into: the editor's fragment ('default') holding one
 * paragraph of text, as a Commonplace document is.
 */

/** Where the traces are: the material handed beside the checkout, or EDITING_TRACES. */
export const editingTraces = process.env.EDITING_TRACES ?? join(import.meta.dirname, '../../shared/data/editing-traces');
export const editingTracesAvailable = existsSync(editingTraces);

export type Patch = [position: number, deleted: number, inserted: string];

/** The sequential format: apply every patch of every transaction in order to startContent to get endContent. */
export interface SequentialTrace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

const read = new Map<string, SequentialTrace>();

/** A trace of sequential/ by name (e.g. 'automerge-paper': 259,778 single-character edits). */
export function sequentialTrace(name: string): SequentialTrace {
  let trace = read.get(name);
  if (!trace) {
    trace = JSON.parse(gunzipSync(readFileSync(join(editingTraces, 'sequential', `${name}.json.gz`))).toString('utf8')) as SequentialTrace;
    read.set(name, trace);
  }
  return trace;
}

/** The trace's patches in order, each one edit. */
export function* tracePatches(trace: SequentialTrace): Generator<Patch> {
  for (const txn of trace.txns) yield* txn.patches;
}

/** The number of edits (patches) in a trace. */
export function editCount(trace: SequentialTrace): number {
  return trace.txns.reduce((sum, txn) => sum + txn.patches.length, 0);
}

/** The text after the first `edits` patches (the whole trace: its endContent). */
export function textAfter(trace: SequentialTrace, edits: number): string {
  if (edits >= editCount(trace)) return trace.endContent;
  const chars = [...trace.startContent];
  let done = 0;
  for (const [position, deleted, inserted] of tracePatches(trace)) {
    if (done++ === edits) break;
    chars.splice(position, deleted, ...inserted);
  }
  return chars.join('');
}

/** Makes the editor's shape in `doc` (a paragraph in the 'default' fragment) and returns its text. */
export function paragraphText(doc: Y.Doc): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment('default').insert(0, [paragraph]);
  return text;
}

/** The text of the editor's shape in `doc`, or '' while it has none. */
export function documentText(doc: Y.Doc): string {
  const paragraph = doc.getXmlFragment('default').get(0);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  return text instanceof Y.XmlText ? text.toString() : '';
}

/** Applies one patch to `text` (one Yjs transaction, so one update, per call). */
export function applyPatch(text: Y.XmlText, [position, deleted, inserted]: Patch): void {
  const doc = text.doc!;
  doc.transact(() => {
    if (deleted > 0) text.delete(position, deleted);
    if (inserted) text.insert(position, inserted);
  });
}

/** A new document holding the first `edits` patches of the trace typed in (its merged state: the floor's input). */
export function typedDocument(trace: SequentialTrace, edits = Infinity): Y.Doc {
  const doc = new Y.Doc();
  const text = paragraphText(doc);
  let done = 0;
  for (const patch of tracePatches(trace)) {
    if (done++ >= edits) break;
    applyPatch(text, patch);
  }
  return doc;
}

/** Milliseconds Yjs takes to apply `update` to a new Y.Doc: the median of `count` runs (the cold-load floor). */
export function applyFloorMs(update: Uint8Array, count = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    samples.push(performance.now() - started);
    doc.destroy();
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}
