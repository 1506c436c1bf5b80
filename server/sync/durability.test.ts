import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../shared/close-codes';
import { killed, seedDocument, type SeededDocument } from '../testing/seeded-document';
import type { TestUser } from '../testing/test-server';
import { stockClientPool, waitFor } from './test-clients';

/**
 * The sync contract: an update is stored durably before it is relayed to
 * anyone, so what one client has seen (and may have built on) survives a
 * crash of the server (kill -9). The server runs
 * as a child process; the moment a second client has seen the edits, it is
 * killed with SIGKILL, restarted on the same database, and a fresh client
 * must find every edit.
 */
let seeded: SeededDocument;
let alice: TestUser;
let bob: TestUser;
let docId: string;
const pool = stockClientPool();
const client = pool.connect;

beforeAll(async () => {
  seeded = await seedDocument([
    { name: 'Alice', role: 'member' },
    { name: 'Bob', role: 'member' },
  ]);
  [alice, bob] = seeded.members as [TestUser, TestUser];
  docId = seeded.docId;
});

afterAll(async () => {
  pool.destroyAll();
  await seeded.remove();
});

/** A server process on the test's database; documents stay loaded so that the kill catches them in memory. */
function spawnServer() {
  return seeded.serve({ DOC_UNLOAD_DELAY_MS: '600000' });
}

describe('durability', () => {
  it('keeps every edit a second client has seen across a SIGKILL of the server', async () => {
    const first = await spawnServer();
    const a = client(first.url, docId, alice);
    const b = client(first.url, docId, bob);
    await Promise.all([a.synced, b.synced]);

    // A burst of typing, then the kill at the very moment Bob has seen the last keystroke.
    const text = a.doc.getText('t');
    for (let i = 0; i < 50; i++) text.insert(text.length, `${i} `);
    const expected = a.text();
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
      const check = () => {
        if (b.text() !== expected) return;
        b.doc.off('update', check);
        resolve(killed(first));
      };
      b.doc.on('update', check);
      check();
    });
    expect(signal).toBe('SIGKILL');
    a.destroy();
    b.destroy();

    const second = await spawnServer();
    const fresh = client(second.url, docId, bob);
    await fresh.synced;
    expect(fresh.text()).toBe(expected);
    second.child.kill('SIGTERM');
  });

  it('shuts down on SIGTERM: clients are told to go away, the process exits 0, edits stay', async () => {
    const server = await spawnServer();
    const a = client(server.url, docId, alice);
    const b = client(server.url, docId, bob);
    await Promise.all([a.synced, b.synced]);
    a.doc.getText('t').insert(0, 'before shutdown ');
    const expected = a.text();
    await waitFor('Bob to see the edit', () => b.text() === expected);

    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect((await a.closed).code).toBe(closeCodes.goingAway);
    expect(await exited).toBe(0);

    const restarted = await spawnServer();
    const fresh = client(restarted.url, docId, bob);
    await fresh.synced;
    expect(fresh.text()).toBe(expected);
    restarted.child.kill('SIGTERM');
  });
});
