import { randomInt } from 'node:crypto';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { closeCodes } from '../../shared/close-codes';
import { reportFigures } from '../testing/figures';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../testing/test-server';
import { latestCheckpoint } from './checkpoints';
import { categories, fuzzCases, type Category, type FuzzCase, type Sources } from '../testing/hostile-frames';
import { editsBy } from '../testing/hostile-updates';
import { settlePending } from './pending-structs';
import { decodeClientMessage, encodeSyncStep1, messageType } from './protocol';
import { connectRawClient, stockClientPool, waitFor, type StockClient } from './test-clients';

/**
 * Socket fuzzing: hostile input must never get past the one connection it
 * came on. Thousands of generated frames, each on its own raw connection of
 * a member (server/testing/hostile-frames.ts): random bytes, truncations of
 * valid messages, oversized frames, unknown message types, valid framing
 * around garbage, mutated valid updates, crafted run-length-encoded updates
 * that declare huge counts and lengths (yjs #687), and hostile awareness.
 *
 * Every case must close only its own connection with a protocol close code,
 * or, when the bytes happen to be a valid message, be answered like any
 * client (a sync step 2 to the probe that follows it). Throughout, honest
 * clients on the fuzzed document and a bystander document keep syncing;
 * at the end the fuzzed document, unloaded and loaded again from storage,
 * holds exactly what the honest clients and the accepted cases wrote.
 *
 * Reproducible: the cases come from one seeded PRNG (lib0/prng). The seed is
 * printed; FUZZ_SEED=<seed> replays a run, FUZZ_CASES=<n> runs more cases.
 */
const seed = Number(process.env.FUZZ_SEED ?? randomInt(2 ** 31));
const caseCount = Number(process.env.FUZZ_CASES ?? 4000);
const maxMessageBytes = 64 * 1024;
const checkpointEvery = 40;
/** Honest and bystander clients write and check after every this many cases. */
const roundEvery = 50;
/** How long one case may take before its connection counts as hung: generous, the machine is shared. */
const caseDeadlineMs = 15_000;
/** A few milliseconds a case on a quiet machine (the figures say); ten times that on a busy one. */
const testTimeoutMs = 60_000 + caseCount * 50;

/** Same integrated structs and deletions (a snapshot: state vector and delete set). */
function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}

/** Where two documents' snapshots differ, per client id, for a failure message. */
function stateDifference(actual: Y.Doc, expected: Y.Doc): string {
  const [a, e] = [Y.snapshot(actual), Y.snapshot(expected)];
  const clients = new Set([...a.sv.keys(), ...e.sv.keys(), ...a.ds.clients.keys(), ...e.ds.clients.keys()]);
  const ranges = (s: Y.Snapshot, client: number) => JSON.stringify((s.ds.clients.get(client) ?? []).map((r) => [r.clock, r.len]));
  return [...clients]
    .filter((client) => a.sv.get(client) !== e.sv.get(client) || ranges(a, client) !== ranges(e, client))
    .map((client) => `client ${client}: clock ${a.sv.get(client)} vs ${e.sv.get(client)}, deleted ${ranges(a, client)} vs ${ranges(e, client)}`)
    .join('; ');
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 48)).toString('hex') + (bytes.length > 48 ? `… (${bytes.length} bytes)` : '');

function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no close and no answer within ${caseDeadlineMs} ms (a hung connection)`)), caseDeadlineMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

type Outcome = { accepted: true } | { accepted: false; code: number };

describe(`socket fuzz (seed ${seed}, ${caseCount} cases)`, () => {
  let server: TestServer;
  let attacker: TestUser;
  let newcomer: TestUser;
  let fuzzedDoc: string;
  let bystanderDoc: string;
  const clients = stockClientPool();
  let alice: StockClient;
  let bob: StockClient;
  let carol: StockClient;
  let dave: StockClient;
  /** What the fuzzed document must hold: the honest clients' edits and every accepted case's update. */
  const reference = new Y.Doc();
  let bystanderText = '';
  const gen = prng.create(seed);

  beforeAll(async () => {
    console.log(`[socket-fuzz] seed ${seed}, ${caseCount} cases; replay with FUZZ_SEED=${seed} FUZZ_CASES=${caseCount}`);
    // Small limits, so that oversized frames are cheap and checkpoints merge fuzzed rows too.
    server = await startTestServer({ MAX_MESSAGE_BYTES: String(maxMessageBytes), CHECKPOINT_EVERY_UPDATES: String(checkpointEvery), LOG_LEVEL: process.env.FUZZ_LOG ?? 'silent' });
    const [a, b, c, d] = await Promise.all(['Alice', 'Bob', 'Carol', 'Dave'].map((name) => server.createUser(name)));
    attacker = await server.createUser('Mallory');
    newcomer = await server.createUser('Newcomer');
    ({ docId: fuzzedDoc } = await createTestDoc(server, [
      { member: a!, role: 'member' },
      { member: b!, role: 'member' },
      { member: attacker, role: 'member' },
      { member: newcomer, role: 'member' },
    ]));
    // Mallory is not in the bystander's group.
    ({ docId: bystanderDoc } = await createTestDoc(server, [
      { member: c!, role: 'member' },
      { member: d!, role: 'member' },
    ]));
    const connect = (member: TestUser, docId: string) => {
      const doc = new Y.Doc();
      doc.clientID = prng.uint32(gen, 1, 2 ** 32 - 1);
      return clients.connect(server.url, docId, member, { doc });
    };
    [alice, bob] = [connect(a!, fuzzedDoc), connect(b!, fuzzedDoc)];
    [carol, dave] = [connect(c!, bystanderDoc), connect(d!, bystanderDoc)];
    for (const honest of [alice, bob]) {
      honest.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== honest.provider) Y.applyUpdate(reference, update);
      });
    }
    await Promise.all([alice, bob, carol, dave].map((client) => client.synced));
    alice.doc.getText('t').insert(0, 'Alice wrote this. ');
    bob.doc.getText('t').insert(0, 'Bob wrote this. ');
    await waitFor('the honest clients to converge', () => sameState(alice.doc, reference) && sameState(bob.doc, reference));
  });

  afterAll(async () => {
    clients.destroyAll();
    await server?.close();
  });

  /** One case on its own connection: closed by the server, or answered after a probe (sync step 1 -> step 2). */
  async function attack(fuzzCase: FuzzCase, what: string): Promise<Outcome> {
    const raw = connectRawClient(server.url, fuzzedDoc, attacker);
    await withDeadline(raw.opened, `${what}: opening`);
    const outcome = new Promise<Outcome>((resolve) => {
      raw.socket.on('message', (data: Buffer, isBinary) => {
        // The only step 2 the server sends answers a step 1: the case's own, or the probe.
        if (isBinary && data[0] === messageType.sync && data[1] === 1) resolve({ accepted: true });
      });
      void raw.closed.then(({ code }) => resolve({ accepted: false, code }));
    });
    raw.send(fuzzCase.frame);
    raw.send(encodeSyncStep1(Y.encodeStateVector(reference)));
    const result = await withDeadline(outcome, what);
    if (result.accepted) {
      raw.socket.close();
      await withDeadline(raw.closed, `${what}: closing`);
    }
    return result;
  }

  /** Honest clients on both documents write; each sees the other's edit; the server answers. */
  async function round(n: number): Promise<void> {
    const [writer, reader] = n % 2 ? [alice, bob] : [bob, alice];
    await waitFor(`round ${n}: the writer holds every accepted case`, () => sameState(writer.doc, reference), caseDeadlineMs);
    writer.doc.getText('t').insert(writer.text().length, `[${n}]`);
    await waitFor(`round ${n}: the reader holds the same document`, () => sameState(reader.doc, reference), caseDeadlineMs);

    const marker = `[${n}]`;
    carol.doc.getText('t').insert(carol.text().length, marker);
    bystanderText += marker;
    await waitFor(`round ${n}: the bystander document syncs`, () => dave.text() === bystanderText, caseDeadlineMs);
    expect(carol.text()).toBe(bystanderText);
    expect(carol.provider.wsconnected && dave.provider.wsconnected && alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
    expect((await server.api('GET', '/api/health')).status).toBe(200);
  }

  it('closes every hostile case’s own connection, answers valid ones, and never disturbs anyone else', async () => {
    const ownClient = prng.uint32(gen, 1, 2 ** 32 - 1);
    const honestClients = [alice.doc.clientID, bob.doc.clientID];
    const sources: Sources = {
      maxMessageBytes,
      own: editsBy(gen, ownClient, 'fuzz'),
      forged: editsBy(gen, alice.doc.clientID, 't'),
      attackerClient: ownClient,
      honestClients,
    };
    const perCategory = new Map<Category, { cases: number; accepted: number }>(categories.map((c) => [c, { cases: 0, accepted: 0 }]));
    const closes = new Map<number, number>();
    const started = performance.now();
    let slowestMs = 0;
    const cases = fuzzCases(gen, sources);

    for (let i = 0; i < caseCount; i++) {
      const fuzzCase = cases.next().value as FuzzCase;
      const what = `case ${i} (${fuzzCase.category}, seed ${seed}): ${hex(fuzzCase.frame)}`;
      const caseStarted = performance.now();
      const outcome = await attack(fuzzCase, what);
      slowestMs = Math.max(slowestMs, performance.now() - caseStarted);
      const tally = perCategory.get(fuzzCase.category)!;
      tally.cases += 1;
      if (outcome.accepted) {
        expect(fuzzCase.mustClose, `${what} was accepted`).toBe(false);
        tally.accepted += 1;
        const message = decodeClientMessage(fuzzCase.frame);
        if (message.kind === 'update' || message.kind === 'sync-step2') {
          // As the server applies it: Yjs, keeping pending structs clear of what the document holds.
          Y.applyUpdate(reference, message.update);
          settlePending(reference);
        }
      } else {
        const expected = fuzzCase.category === 'oversized' ? [closeCodes.messageTooBig] : [closeCodes.badMessage, closeCodes.clientIdForged];
        expect(expected, `${what} closed with ${outcome.code}`).toContain(outcome.code);
        closes.set(outcome.code, (closes.get(outcome.code) ?? 0) + 1);
      }
      if ((i + 1) % roundEvery === 0) await round(i + 1);
    }
    await round(caseCount + 1);
    const seconds = (performance.now() - started) / 1000;
    await waitFor('only the honest connections remain', () => server.domain.sync.stats().connections === 4, caseDeadlineMs);

    const accepted = [...perCategory.values()].reduce((sum, t) => sum + t.accepted, 0);
    reportFigures('socket-fuzz', {
      seed,
      cases: caseCount,
      ...Object.fromEntries([...perCategory].map(([category, t]) => [`cases ${category}`, t.cases])),
      ...Object.fromEntries([...closes].sort(([a], [b]) => a - b).map(([code, n]) => [`closed ${code}`, n])),
      accepted,
      ...Object.fromEntries([...perCategory].filter(([, t]) => t.accepted > 0).map(([category, t]) => [`accepted ${category}`, t.accepted])),
      seconds: Math.round(seconds * 10) / 10,
      'cases per second': Math.round(caseCount / seconds),
      'slowest case ms': Math.round(slowestMs),
    });
    expect(accepted + [...closes.values()].reduce((sum, n) => sum + n, 0)).toBe(caseCount);
    // Every refusal was the decoder's or the guard's decision: nothing got as far
    // as Yjs throwing half way through applying it ('failed'), and storage never failed.
    const refused = await server.domain.metrics.rejectedMessages.get();
    const byReason = (reason: string) => refused.values.find((v) => v.labels.reason === reason)?.value ?? 0;
    expect(byReason('failed'), `seed ${seed}: updates that Yjs failed to apply`).toBe(0);
    expect(byReason('storage-failed')).toBe(0);
  }, testTimeoutMs);

  it('keeps the fuzzed document whole: loaded again from storage, a newcomer gets exactly what was written', async () => {
    alice.destroy();
    bob.destroy();
    await waitFor('the fuzzed document to unload', () => server.domain.sync.stats().loadedDocs === 1, caseDeadlineMs);
    const fresh = clients.connect(server.url, fuzzedDoc, newcomer);
    await fresh.synced;
    expect(fresh.text()).toBe(reference.getText('t').toString());
    expect(fresh.doc.getText('fuzz').toString()).toBe(reference.getText('fuzz').toString());
    expect(stateDifference(fresh.doc, reference), `seed ${seed}: the stored document differs from what was written`).toBe('');
    // Checkpoints kept merging the log, fuzzed rows and all: the tail after the newest is short.
    const checkpoint = await latestCheckpoint(server.domain.store.db, fuzzedDoc);
    const { tail } = await server.domain.store.db
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.countAll<number>().as('tail'))
      .where('doc_id', '=', fuzzedDoc)
      .where('id', '>', checkpoint?.lastUpdateId ?? 0)
      .executeTakeFirstOrThrow();
    expect(Number(tail)).toBeLessThanOrEqual(2 * checkpointEvery);
    // The bystander document holds its writers' text and nothing else.
    expect(dave.text()).toBe(bystanderText);
  });
});
