import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../../../shared/seeded-random';
import type { DocNode } from '../../../shared/document-nodes';
import { type StockClient, stockClientPool, waitFor } from '../../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { compareMoments, snapshotsView } from './compare';
import { DocHistory } from './history';
import { type Deletion, HistoryStates } from './history-states';
import { treeFor } from './presenter';
import { restoringUpdate } from './restore';
import { addParagraph, agree, fragmentOf, paragraphText, paragraphs } from './test-editing';

/**
 * Compare and restore start from a stored history state instead of
 * replaying the log. Whatever row that state holds (none yet, a row
 * before the moments compared, or the log's end), they must answer exactly
 * what a replay of the log answers: checked here against that replay, over
 * a seeded history of three people inserting, deleting and formatting.
 */

let server: TestServer;
let users: readonly TestUser[];
const pool = stockClientPool();

beforeAll(async () => {
  server = await startTestServer({ CHECKPOINT_EVERY_UPDATES: '25' });
  users = await server.createUsers('Ada', 'Ben', 'Cy');
});

// Each test's clients end with it: a stock client holds its socket and a
// process exit listener (to clear its awareness) until it is destroyed.
afterEach(() => pool.destroyAll());

afterAll(async () => {
  await server?.close();
});

const db = () => server.domain.store.db;
const history = () => new DocHistory(db());

async function forget(docId: string): Promise<void> {
  await db().deleteFrom('doc_history_states').where('doc_id', '=', docId).execute();
  await db().deleteFrom('doc_deletions').where('doc_id', '=', docId).execute();
}

async function latestRow(docId: string): Promise<number> {
  await server.domain.sync.committed(docId);
  return history().latestUpdateId(docId);
}

/** A seeded history; returns the document and a row after every few edits. */
async function writeHistory(seed: number, rounds: number): Promise<{ docId: string; moments: number[]; clients: StockClient[] }> {
  const { docId } = await createTestDoc(server, users.map((member) => ({ member, role: 'member' as const })));
  const clients = users.map((member) => pool.connect(server.url, docId, member));
  await Promise.all(clients.map((client) => client.synced));
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const words = ['river', 'stone', 'light', 'cell', 'map', 'north', 'tide'];
  const moments: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const client = clients[pick(clients.length)]!;
    const count = fragmentOf(client.doc).length;
    const roll = random();
    if (count === 0 || roll < 0.15) {
      addParagraph(client.doc, `${words[pick(words.length)]} ${words[pick(words.length)]}`);
    } else {
      const text = paragraphText(client.doc, pick(count));
      const length = text.length;
      if (roll < 0.55 || length < 2) text.insert(pick(length + 1), ` ${words[pick(words.length)]}`);
      else if (roll < 0.85) {
        const at = pick(length - 1);
        text.delete(at, 1 + pick(Math.min(6, length - at - 1)));
      } else {
        const at = pick(length - 1);
        text.format(at, 1 + pick(length - at - 1), { bold: true });
      }
    }
    await waitFor('every client holds the edit', () => agree(clients), 10_000);
    if (round % 6 === 5) moments.push(await latestRow(docId));
  }
  return { docId, moments, clients };
}

/** Owners known (none): a tree keeps who deleted what only for a reader allowed to see who wrote what. */
const everyone = new Map<number, string>();

/** The comparison as replaying the log makes it: what compare did before history states, kept here as the reference. */
async function replayedComparison(docId: string, older: number, newer: number): Promise<DocNode[]> {
  const doc = await history().build(docId, older, { gc: false });
  const before = Y.snapshot(doc);
  const deletions = new Map<number, Deletion[]>();
  await history().replay(doc, docId, older, newer, (row, transaction) => {
    for (const [client, ranges] of transaction.deleteSet.clients) {
      const list = deletions.get(client) ?? [];
      for (const range of ranges) list.push({ clock: range.clock, len: range.len, userId: row.userId });
      deletions.set(client, list);
    }
  });
  for (const list of deletions.values()) list.sort((a, b) => a.clock - b.clock);
  const tree = treeFor(doc, everyone, snapshotsView(before, Y.snapshot(doc), deletions));
  doc.destroy();
  return tree;
}

async function comparedFromState(states: HistoryStates, docId: string, older: number, newer: number): Promise<DocNode[]> {
  const comparison = await compareMoments(history(), states, docId, older, newer);
  const tree = treeFor(comparison.doc, everyone, comparison.view);
  comparison.doc.destroy();
  return tree;
}

function deletedBy(nodes: readonly DocNode[]): Set<string> {
  const found = new Set<string>();
  const visit = (node: DocNode) => {
    if ('deletedBy' in node && node.deletedBy) found.add(node.deletedBy);
    if ('content' in node && Array.isArray(node.content)) node.content.forEach(visit);
  };
  nodes.forEach(visit);
  return found;
}

describe('history states', () => {
  it('compare gives what a replay of the log gives, whether the state is missing, behind both moments or past them', async () => {
    const { docId, moments } = await writeHistory(11, 72);
    const latest = await latestRow(docId);
    const states = new HistoryStates(db(), history());
    const deleters = new Set<string>();
    const pairs = moments.flatMap((older, i) => moments.slice(i + 1).map((newer) => [older, newer] as const)).filter((_, i) => i % 3 === 0);
    expect(pairs.length).toBeGreaterThan(15);
    for (const [older, newer] of pairs) {
      const expected = await replayedComparison(docId, older, newer);
      for (const deleter of deletedBy(expected)) deleters.add(deleter);

      await forget(docId);
      expect(await comparedFromState(states, docId, older, newer), `no state, ${older}..${newer}`).toEqual(expected);

      await forget(docId);
      (await states.documentFrom(docId, moments[0]!)).doc.destroy();
      expect(await comparedFromState(states, docId, older, newer), `state behind, ${older}..${newer}`).toEqual(expected);

      (await states.documentFrom(docId, latest)).doc.destroy();
      expect(await comparedFromState(states, docId, older, newer), `state at the end, ${older}..${newer}`).toEqual(expected);
    }
    // The history deletes, and more than one person does: attribution was tested, not only text.
    expect(deleters.size).toBeGreaterThan(1);
  });

  it('restore brings back the version whether the state is missing, behind or at the end', async () => {
    const { docId, moments, clients } = await writeHistory(23, 48);
    const latest = await latestRow(docId);
    const states = new HistoryStates(db(), history());
    const version = moments[2]!;
    const atVersion = await history().build(docId, version, { gc: true });
    const expected = paragraphs(atVersion);
    atVersion.destroy();
    expect(expected).not.toEqual(paragraphs(clients[0]!.doc));

    const restoredText = async () => {
      const update = await restoringUpdate(history(), states, docId, version, latest, () => false);
      expect(update).not.toBeNull();
      const doc = await history().build(docId, latest, { gc: true });
      Y.applyUpdate(doc, update!);
      const text = paragraphs(doc);
      doc.destroy();
      return text;
    };
    await forget(docId);
    expect(await restoredText()).toEqual(expected);
    await forget(docId);
    (await states.documentFrom(docId, moments[0]!)).doc.destroy();
    expect(await restoredText()).toEqual(expected);
    expect(await restoredText()).toEqual(expected);
  });

  it('two instances advancing the same state at once write its deletions once', async () => {
    const { docId } = await writeHistory(5, 36);
    const latest = await latestRow(docId);
    const count = async () =>
      Number((await db().selectFrom('doc_deletions').select((eb) => eb.fn.countAll<number>().as('n')).where('doc_id', '=', docId).executeTakeFirstOrThrow()).n);

    await forget(docId);
    (await new HistoryStates(db(), history()).documentFrom(docId, latest)).doc.destroy();
    const once = await count();
    expect(once).toBeGreaterThan(0);

    await forget(docId);
    const [one, two] = await Promise.all([
      new HistoryStates(db(), history()).documentFrom(docId, latest),
      new HistoryStates(db(), history()).documentFrom(docId, latest),
    ]);
    one.doc.destroy();
    two.doc.destroy();
    expect(await count()).toBe(once);
  });

  it('follows the log in the background once enough rows are past it', async () => {
    const { docId } = await createTestDoc(server, [{ member: users[0]!, role: 'member' }]);
    const client = pool.connect(server.url, docId, users[0]!);
    await client.synced;
    const text = addParagraph(client.doc);
    const checkpointed = async () =>
      Number((await db().selectFrom('doc_checkpoints').select((eb) => eb.fn.max('last_update_id').as('row')).where('doc_id', '=', docId).executeTakeFirst())?.row ?? 0);
    /** Types `chars` characters, then waits for the checkpoint after them and for what it started. */
    const type = async (chars: number) => {
      const before = await checkpointed();
      for (let i = 0; i < chars; i++) text.insert(text.length, 'x');
      await latestRow(docId);
      await waitFor('a checkpoint of them', async () => (await checkpointed()) > before);
      await new Promise((resolve) => setImmediate(resolve));
      await server.domain.versions.states.settled(docId);
    };
    const stateRow = async () =>
      (await db().selectFrom('doc_history_states').select('last_update_id').where('doc_id', '=', docId).executeTakeFirst())?.last_update_id;

    // A short log gets no state in the background: a compare replays it in no time.
    await type(60);
    expect(await stateRow()).toBeUndefined();
    // Past five hundred rows, the next checkpoint (every 25 rows here) starts one.
    await type(460);
    await waitFor('a state', async () => (await stateRow()) !== undefined);
    const first = Number(await stateRow());
    expect(first).toBeGreaterThan(0);
    // A few rows more are not worth decoding and storing the state again.
    await type(100);
    expect(Number(await stateRow())).toBe(first);
    // Five hundred more are.
    await type(500);
    await waitFor('the state advanced', async () => Number(await stateRow()) > first + 500);
  });
});
