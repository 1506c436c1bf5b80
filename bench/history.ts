import * as Y from 'yjs';
import { sessionCookieName } from '../server/http/session-cookie';
import type { SyncSocket } from '../server/sync/connection';
import { encodeUpdate } from '../server/sync/protocol';
import { createTestDoc, startTestServer } from '../server/testing/test-server';
import { paragraphText, sequentialTrace } from './editing-trace';
import type { BenchResult, BenchRow } from './feed';

/**
 * History at scale: the automerge-paper trace (259,778 single
 * character edits) typed into one document through the real sync path, one
 * update per edit, each attributed, tallied and group-committed. Then the
 * contributions endpoint, opening a version, and the document at a moment
 * are timed over HTTP and set beside the floor: Yjs applying the document's
 * merged update.
 */

const repeats = 5;

/** A socket that drops what the server sends: the bench only writes. */
export class SinkSocket implements SyncSocket {
  bufferedAmount = 0;
  send(): void {}
  close(): void {}
}

export async function benchHistory(): Promise<BenchResult> {
  const trace = sequentialTrace('automerge-paper');
  const server = await startTestServer({ DOC_UNLOAD_DELAY_MS: '600000' });
  try {
    const writer = await server.createUser('Writer');
    const { docId, groupId } = await createTestDoc(server, [{ member: writer, role: 'member' }]);
    const connection = server.domain.sync.accept(new SinkSocket(), {
      docId,
      groupId,
      userId: writer.user.id,
      userName: writer.user.name,
      sessionId: 'bench',
      role: 'member',
      canWrite: true,
    });

    // Type the trace into a paragraph of the editor's fragment, one update per edit.
    const local = new Y.Doc();
    const outbox: Uint8Array[] = [];
    local.on('update', (update: Uint8Array) => outbox.push(update));
    const text = paragraphText(local);

    const started = performance.now();
    let edits = 0;
    const half = Math.floor(trace.txns.length / 2);
    let midVersionId = '';
    // Versions near the start: comparing or restoring one spans the whole history, each a first (uncached) answer.
    const early = new Set(Array.from({ length: repeats }, (_, i) => (i + 1) * 500));
    const earlyVersionIds: string[] = [];
    for (const [index, txn] of trace.txns.entries()) {
      for (const [position, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(position, deleted);
        if (inserted) text.insert(position, inserted);
        edits += 1;
      }
      if (outbox.length >= 2000 || index === trace.txns.length - 1 || index === half || early.has(index)) {
        for (const update of outbox.splice(0)) connection.receive(encodeUpdate(update));
        await server.domain.sync.committed(docId);
      }
      if (index === half) {
        midVersionId = (await server.domain.versions.create(docId, writer.user.id, { name: 'Half way' })).id;
      }
      if (early.has(index)) {
        earlyVersionIds.push((await server.domain.versions.create(docId, writer.user.id, { name: `Edit ${index}` })).id);
      }
    }
    const ingestSeconds = (performance.now() - started) / 1000;
    // Compare and restore start from the document's history state, which the server advances in the
    // background as the log grows; after a burst of 20,000 updates a second it is still catching up.
    const settling = performance.now();
    await server.domain.versions.states.settled(docId);
    const settleSeconds = (performance.now() - settling) / 1000;
    const finalText = text.toString();

    const merged = Y.encodeStateAsUpdate(local);
    const floor = time(repeats, () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, merged);
      doc.destroy();
    });

    const cookie = `${sessionCookieName}=${(await server.domain.sessions.create(writer.user.id)).token}`;
    const get = async (path: string) => {
      const response = await fetch(server.url + path, { headers: { cookie } });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return response.json();
    };
    const contributionsCold = await timeAsync(1, () => get(`/api/docs/${docId}/contributions`));
    const contributionsWarm = await timeAsync(repeats, () => get(`/api/docs/${docId}/contributions`));
    const version = await timeAsync(repeats, () => get(`/api/docs/${docId}/versions/${midVersionId}`));
    const { lastUpdateId } = await get(`/api/docs/${docId}/versions/${midVersionId}`);
    const moment = await timeAsync(repeats, () => get(`/api/docs/${docId}/timeline/at?updateId=${lastUpdateId - 1000}`));

    const { contributors } = await get(`/api/docs/${docId}/contributions`);
    const surviving = contributors[0]?.surviving;

    // Each early version once against the current text (a comparison is cached once made), then restored:
    // every restore is a forward edit, so the next one spans the history again, one row longer.
    let next = 0;
    const compareWhole = await timeAsync(repeats, () => get(`/api/docs/${docId}/compare?from=${earlyVersionIds[next++]}&to=current`));
    const post = async (path: string) => {
      const response = await fetch(server.url + path, { method: 'POST', headers: { cookie, origin: server.url } });
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return response.json();
    };
    next = 0;
    const restoreWhole = await timeAsync(repeats, () => post(`/api/docs/${docId}/versions/${earlyVersionIds[next++]}/restore`));

    const row = (scenario: string, samples: number[]): BenchRow => {
      const sorted = [...samples].sort((a, b) => a - b);
      const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
      return { bench: 'history', scenario, requests: samples.length, p50: at(0.5), p95: at(0.95), max: round(sorted.at(-1)!) };
    };
    return {
      rows: [
        row('floor: Yjs applies the merged update', floor),
        row('GET contributions (first, surviving computed)', contributionsCold),
        row('GET contributions (cached)', contributionsWarm),
        row('GET a version (half way)', version),
        row('GET the document at a moment', moment),
        row('GET compare: an early version with the current text', compareWhole),
        row('POST restore an early version', restoreWhole),
      ],
      notes: [
        `history: ${edits.toLocaleString('en-US')} edits stored as individual attributed updates in ${ingestSeconds.toFixed(1)} s ` +
          `(${Math.round(edits / ingestSeconds).toLocaleString('en-US')} updates/s through the sync path with group commit); ` +
          `its history state caught up ${settleSeconds.toFixed(1)} s later.`,
        `history: final document ${finalText.length.toLocaleString('en-US')} characters; contributions report ${surviving?.toLocaleString('en-US')} surviving.`,
      ],
    };
  } finally {
    await server.close();
  }
}

function time(count: number, work: () => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function timeAsync(count: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
