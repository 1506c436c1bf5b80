import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseConfig } from '../config';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { startServer, type RunningServer } from '../server';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { connectStockClient, waitFor, type StockClient } from './test-clients';
import { historySpacingRows } from './checkpoints';
import { UpdateLog } from './update-log';

/**
 * A document with thousands of updates is checkpointed in the background and
 * loads (checkpoint + tail) to exactly the state its writer has, after an
 * unload and after a restart.
 */
const edits = 3000;
const every = 500;
let server: TestServer;
let restarted: RunningServer | null = null;
let writer: TestUser;
let reader: TestUser;
let docId: string;
let writerClient: StockClient;

beforeAll(async () => {
  server = await startTestServer({ CHECKPOINT_EVERY_UPDATES: String(every) });
  writer = await server.createUser('Writer');
  reader = await server.createUser('Reader');
  ({ docId } = await createTestDoc(server, [
    { member: writer, role: 'member' },
    { member: reader, role: 'member' },
  ]));
});

afterAll(async () => {
  writerClient?.destroy();
  await restarted?.stop();
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
});

async function freshState(url: string): Promise<Uint8Array> {
  const client = connectStockClient(url, docId, reader);
  await client.synced;
  const state = Y.encodeStateAsUpdate(client.doc);
  client.destroy();
  return state;
}

describe('checkpoints', () => {
  it('checkpoints a document of 3000 small edits and reloads it to the writer’s exact state', async () => {
    writerClient = connectStockClient(server.url, docId, writer);
    const observer = connectStockClient(server.url, docId, reader);
    await Promise.all([writerClient.synced, observer.synced]);

    const text = writerClient.doc.getText('t');
    for (let i = 0; i < edits; i++) {
      // Mostly typing, with some deletions so that garbage collection has work.
      if (i % 10 === 9) text.delete(Math.floor(text.length / 2), 1);
      else text.insert(text.length === 0 ? 0 : (i * 7) % text.length, String.fromCharCode(97 + (i % 26)));
    }
    await waitFor('the observer has every edit', () => observer.text() === writerClient.text(), 20_000);
    observer.destroy();

    const { db } = server.domain.store;
    const rows = await db.selectFrom('doc_updates').select('id').where('doc_id', '=', docId).execute();
    expect(rows.length).toBe(edits);
    await waitFor('checkpoints stored', async () => {
      const newest = await db
        .selectFrom('doc_checkpoints')
        .select('last_update_id')
        .where('doc_id', '=', docId)
        .orderBy('last_update_id', 'desc')
        .executeTakeFirst();
      const lastRow = Math.max(...rows.map((r) => Number(r.id)));
      return !!newest && lastRow - Number(newest.last_update_id) < every;
    });
    const checkpoints = await db.selectFrom('doc_checkpoints').selectAll().where('doc_id', '=', docId).execute();
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    // Older ones are thinned to one per historySpacingRows rows (kept for history).
    expect(checkpoints.length).toBeLessThanOrEqual(2 + Math.ceil(edits / historySpacingRows));
    expect(checkpoints.length).toBeLessThan(edits / every);

    // What a load reads: the newest checkpoint and a short tail, which
    // together are exactly the writer's document.
    const stored = await new UpdateLog(db, createMetrics()).load(docId);
    expect(stored.checkpoint).not.toBeNull();
    expect(stored.tail.length).toBeLessThan(every);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, stored.checkpoint!.data);
    for (const row of stored.tail) Y.applyUpdate(rebuilt, row.data);
    const expected = Y.encodeStateAsUpdate(writerClient.doc);
    expect(Y.encodeStateAsUpdate(rebuilt)).toEqual(expected);

    // After the document unloads (last client gone, DOC_UNLOAD_DELAY_MS=0).
    writerClient.provider.disconnect();
    await waitFor('the document unloads', () => server.domain.sync.stats().loadedDocs === 0);
    expect(await freshState(server.url)).toEqual(expected);

    // After a restart on the same database file.
    await server.stop();
    restarted = await startServer(
      parseConfig({ DATABASE_URL: server.databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      createLogger('silent'),
    );
    expect(await freshState(restarted.url)).toEqual(expected);
  });
});
