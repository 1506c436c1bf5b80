import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import { parseConfig } from '../config';
import { createLogger } from '../logger';
import { startServer, type RunningServer } from '../server';
import { testMetricsToken } from '../testing/server-metrics';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { encodeUpdate } from './protocol';
import { connectRawClient, type StockClient, stockClientPool, waitFor } from './test-clients';

/**
 * Client-id ownership across instances: a client id claimed on one
 * instance belongs to its claimer on every other, even one that loaded the
 * document before the claim and so never read it. Runs on PostgreSQL and
 * Redis (TEST_DATABASE_URL, TEST_REDIS_URL), as in CI.
 */
const databaseUrl = process.env.TEST_DATABASE_URL ?? '';
const redisUrl = process.env.TEST_REDIS_URL ?? '';

describe.skipIf(!/^postgres(ql)?:\/\//.test(databaseUrl) || !redisUrl)('client ids across instances', () => {
  let a: TestServer;
  let b: RunningServer;
  let filesDir: string;
  let alice: TestUser;
  let bob: TestUser;
  const clients = stockClientPool();
  // Documents stay loaded, so that B keeps the owners it read before Alice's
  // claim, and B does not catch up with storage on its own during a test.
  const env = { REDIS_URL: redisUrl, DOC_UNLOAD_DELAY_MS: '600000', CATCH_UP_MS: '600000' };

  beforeAll(async () => {
    a = await startTestServer(env);
    filesDir = mkdtempSync(join(tmpdir(), 'commonplace-client-ids-'));
    const config = parseConfig({
      DATABASE_URL: a.databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      METRICS_TOKEN: testMetricsToken,
      FILES_DIR: filesDir,
      ...env,
    });
    b = await startServer(config, createLogger(config.logLevel));
    [alice, bob] = await a.createUsers('Alice', 'Bob');
  });
  afterEach(() => clients.destroyAll());
  afterAll(async () => {
    await b?.stop();
    await a?.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const textOf = (doc: Y.Doc) => doc.getText('t').toString();

  /** Where a document's text stands (stored, on each instance, in each client), for a failure to say which step never happened. */
  async function whereTextIs(docId: string, held: Record<string, StockClient>): Promise<string> {
    const stored = await a.domain.store.db.selectFrom('doc_updates').select('id').where('doc_id', '=', docId).execute();
    const probes = { onA: clients.connect(a.url, docId, bob), onB: clients.connect(b.url, docId, bob) };
    await Promise.race([Promise.all(Object.values(probes).map((probe) => probe.synced)), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    const texts = (entries: Record<string, StockClient>) =>
      Object.entries(entries).map(([name, client]) => `${name} ${client.provider.wsconnected ? 'connected' : 'disconnected'}: ${JSON.stringify(textOf(client.doc))}`);
    return [`${stored.length} update row(s) stored`, ...texts(held), ...texts(probes).map((line) => `a new client ${line}`)].join('; ');
  }

  it('refuses, on another instance, a write under a client id whose owner claimed it here, and keeps the owner’s offline edits whole', async () => {
    const { docId } = await createTestDoc(a, [
      { member: alice, role: 'member' },
      { member: bob, role: 'member' },
    ]);
    // Bob is on B first: B loads the document while nobody owns any client id in it.
    const onB = clients.connect(b.url, docId, bob);
    await onB.synced;

    // Alice, on A, announces her client id and writes: her claim is stored by A.
    const owner = clients.connect(a.url, docId, alice);
    await owner.synced;
    // Announced once the document is open (what arrives while it loads is dropped), as the editor does.
    owner.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    owner.doc.getText('t').insert(0, 'Hello');
    const x = owner.doc.clientID;
    // Bob sees her text and her client id in awareness, through B.
    // (Generous limits: a check of who owns what, not of speed, on a shared CI machine.)
    await waitFor('bob to see alice’s text', () => textOf(onB.doc) === 'Hello', 15_000).catch(async (error: Error) => {
      throw new Error(`${error.message}; ${await whereTextIs(docId, { owner, onB })}`);
    });
    await waitFor('bob to see alice’s client id', () => onB.provider.awareness.getStates().has(x), 15_000);

    // She goes offline and types on.
    owner.provider.disconnect();
    owner.doc.getText('t').insert(5, ' from Alice, typed offline');

    // Bob writes one character under her id, on B.
    const squatter = new Y.Doc();
    Y.applyUpdate(squatter, Y.encodeStateAsUpdate(onB.doc));
    squatter.clientID = x;
    const before = Y.encodeStateVector(squatter);
    squatter.getText('t').insert(5, '!');
    const raw = connectRawClient(b.url, docId, bob);
    await raw.opened;
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(squatter, before)));
    const squatted = await Promise.race([
      raw.closed.then(({ code }) => code),
      waitFor('bob’s character to be accepted', () => textOf(onB.doc).includes('!'), 10_000).then(() => 'accepted' as const),
    ]);
    // Not stored: B dropped the document (reloading its owners) or refused it outright.
    expect([closeCodes.storageFailed, closeCodes.clientIdForged]).toContain(squatted);

    // Alice comes back: everything she typed offline is stored, and both instances serve it.
    owner.provider.connect();
    const expected = 'Hello from Alice, typed offline';
    const fromA = clients.connect(a.url, docId, bob);
    const fromB = clients.connect(b.url, docId, bob);
    await waitFor('a to serve all of alice’s text', () => textOf(fromA.doc) === expected, 15_000);
    await waitFor('b to serve all of alice’s text', () => textOf(fromB.doc) === expected, 15_000);
    expect(textOf(owner.doc)).toBe(expected);

    // B now knows whose id it is: Bob's next try is refused at once.
    const again = connectRawClient(b.url, docId, bob);
    await again.opened;
    const retry = new Y.Doc();
    Y.applyUpdate(retry, Y.encodeStateAsUpdate(fromB.doc));
    retry.clientID = x;
    const beforeRetry = Y.encodeStateVector(retry);
    retry.getText('t').insert(0, '?');
    again.send(encodeUpdate(Y.encodeStateAsUpdate(retry, beforeRetry)));
    expect((await again.closed).code).toBe(closeCodes.clientIdForged);
  });

  // B loads the document after Alice's first claim (it knows her id as hers),
  // or before it (it heard her text relayed, but not whose id wrote it).
  it.each([
    ['knows her id as hers', 'after'],
    ['has not read whose id it is', 'before'],
  ] as const)(
    'takes from Bob, on an instance that missed them, Alice’s edits another instance stored, when it %s',
    async (_, bobArrives) => {
      const { docId } = await createTestDoc(a, [
        { member: alice, role: 'member' },
        { member: bob, role: 'member' },
      ]);
      let bobOnB = bobArrives === 'before' ? clients.connect(b.url, docId, bob) : null;
      if (bobOnB) await bobOnB.synced;
      const owner = clients.connect(a.url, docId, alice);
      await owner.synced;
      owner.doc.getText('t').insert(0, 'Hello');
      const fromA = clients.connect(a.url, docId, bob);
      await waitFor('alice’s first words to be stored', () => textOf(fromA.doc) === 'Hello');
      bobOnB ??= clients.connect(b.url, docId, bob);
      await bobOnB.synced;
      await waitFor('b to serve alice’s first words', () => textOf(bobOnB!.doc) === 'Hello');

      // A stores Alice's next words and dies before its relay reaches B:
      // here, her words are written to storage directly, as A would have.
      owner.provider.disconnect();
      const before = Y.encodeStateVector(owner.doc);
      owner.doc.getText('t').insert(5, ' world');
      const stored = Y.encodeStateAsUpdate(owner.doc, before);
      await a.domain.store.db
        .insertInto('doc_updates')
        .values({ doc_id: docId, user_id: alice.user.id, data: stored, size: stored.byteLength, created_at: Date.now() })
        .execute();

      // Bob had received them from A: his client sends them on to B.
      Y.applyUpdate(bobOnB.doc, stored);
      const fresh = clients.connect(b.url, docId, bob);
      await waitFor('b to serve alice’s stored words', () => textOf(fresh.doc) === 'Hello world', 10_000);
      expect(bobOnB.provider.wsconnected).toBe(true);

      // Her id is still hers, on B as well: she writes on there.
      const back = clients.connect(b.url, docId, alice, { doc: owner.doc });
      await back.synced;
      owner.doc.getText('t').insert(11, '!');
      await waitFor('alice’s next word to reach bob through b', () => textOf(bobOnB!.doc) === 'Hello world!', 10_000);
      expect(back.provider.wsconnected).toBe(true);
      expect(bobOnB.provider.wsconnected).toBe(true);
    },
  );
});
