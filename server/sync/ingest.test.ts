import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ingest } from './ingest';
import { RejectedUpdate } from './update-guard';

/** Ingesting one update into a bare Y.Doc: no server, no storage. */

/** A writer's Y.Doc whose updates are collected as it edits. */
function writer(clientId: number, from?: Y.Doc) {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  if (from) Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, text: doc.getText('t'), updates };
}

const origin = Symbol('test');
const listeners = (doc: Y.Doc) => (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;

describe('ingest', () => {
  it('applies a new update, returns it as one row to store and relay, and claims its client id for the writer', () => {
    const server = new Y.Doc();
    const owners = new Map<number, string>();
    const alice = writer(1);
    alice.text.insert(0, 'hello world');

    const result = ingest(server, owners, 'alice', alice.updates[0]!, origin);

    expect(server.getText('t').toString()).toBe('hello world');
    expect(result.failure).toBeNull();
    expect(result.claims).toEqual([1]);
    expect(owners.get(1)).toBe('alice');
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.relay).toBe(true);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, result.rows[0]!.data);
    expect(copy.getText('t').toString()).toBe('hello world');
    expect(result.measure.inserted.get(1)).toEqual({ chars: 11, words: 2 });
    expect(result.measure.deleted).toBe(0);
  });

  it('measures what an update deletes, whoever wrote it, and claims nothing for deleting alone', () => {
    const server = new Y.Doc();
    const owners = new Map<number, string>();
    const alice = writer(1);
    alice.text.insert(0, 'hello world');
    ingest(server, owners, 'alice', alice.updates[0]!, origin);

    const bob = writer(2, server);
    bob.text.delete(0, 6);
    const result = ingest(server, owners, 'bob', bob.updates[0]!, origin);

    expect(server.getText('t').toString()).toBe('world');
    expect(result.measure.deleted).toBe(6);
    expect(result.claims).toEqual([]);
    expect(owners.has(2)).toBe(false);
    expect(result.rows).toHaveLength(1);
  });

  it('returns no rows for a resend of what the document holds, and withdraws its claims', () => {
    const server = new Y.Doc();
    const owners = new Map<number, string>();
    const alice = writer(1);
    alice.text.insert(0, 'once');
    ingest(server, owners, 'alice', alice.updates[0]!, origin);

    const result = ingest(server, owners, 'alice', alice.updates[0]!, origin);
    expect(result.rows).toEqual([]);
    expect(result.claims).toEqual([]);
    expect(owners.get(1)).toBe('alice');
  });

  it('refuses new structs under another user’s client id before changing anything', () => {
    const server = new Y.Doc();
    const owners = new Map<number, string>([[1, 'alice']]);
    const forger = writer(1);
    forger.text.insert(0, 'not really alice');
    const before = Y.encodeStateAsUpdate(server);

    expect(() => ingest(server, owners, 'bob', forger.updates[0]!, origin)).toThrow(RejectedUpdate);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
    expect([...owners]).toEqual([[1, 'alice']]);
  });

  it('refuses bytes that are no update', () => {
    const server = new Y.Doc();
    expect(() => ingest(server, new Map(), 'alice', new Uint8Array([5, 200, 1]), origin)).toThrow(RejectedUpdate);
  });

  it('stores, without relaying, an update whose dependencies are missing, as received', () => {
    const server = new Y.Doc();
    const owners = new Map<number, string>();
    const alice = writer(1);
    alice.text.insert(0, 'abc');
    alice.text.insert(3, 'def');
    const [first, second] = alice.updates as [Uint8Array, Uint8Array];

    const waiting = ingest(server, owners, 'alice', second, origin);
    expect(server.getText('t').toString()).toBe('');
    expect(waiting.rows).toEqual([{ data: second, relay: false }]);
    expect(waiting.claims).toEqual([1]);

    const completing = ingest(server, owners, 'alice', first, origin);
    expect(server.getText('t').toString()).toBe('abcdef');
    expect(completing.rows.every((row) => row.relay)).toBe(true);
    const copy = new Y.Doc();
    for (const row of completing.rows) Y.applyUpdate(copy, row.data);
    expect(copy.getText('t').toString()).toBe('abcdef');
  });

  it('integrates at once what a differing resend holds past the document, as loading it again from storage would', () => {
    const server = new Y.Doc();
    const owners = new Map<number, string>();
    const alice = writer(1);
    alice.text.insert(0, 'abc');
    ingest(server, owners, 'alice', alice.updates[0]!, origin);

    // The same client id, clocks 0-4 at once, placed after text of a client
    // the server never saw: only a hostile client sends this. Yjs waits for
    // the missing text; trimming the clocks the server holds leaves clocks
    // 3-4 placed after clock 2, which it does hold.
    const stranger = writer(2);
    stranger.text.insert(0, 'zz');
    const hostile = writer(1, stranger.doc);
    hostile.text.insert(2, 'vwxyz');
    const resend = Y.encodeStateAsUpdate(hostile.doc, Y.encodeStateVector(stranger.doc));

    const taken = ingest(server, owners, 'alice', resend, origin);
    expect(Y.getState(server.store, 1)).toBe(5);
    expect(taken.rows.some((row) => row.relay)).toBe(true);
    // A newcomer's sync step 2 (and a checkpoint) is the document's state
    // merged with what it holds pending; the stored rows replay the same.
    const newcomer = new Y.Doc();
    Y.applyUpdate(newcomer, Y.encodeStateAsUpdate(server));
    const replayed = new Y.Doc();
    for (const update of [alice.updates[0]!, ...taken.rows.map((row) => row.data)]) Y.applyUpdate(replayed, update);
    for (const copy of [newcomer, replayed]) {
      expect(copy.getText('t').toString()).toBe(server.getText('t').toString());
      expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(server));
    }
  });

  it('applies with the given origin and leaves no listener behind', () => {
    const server = new Y.Doc();
    const origins: unknown[] = [];
    server.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const alice = writer(1);
    alice.text.insert(0, 'x');
    ingest(server, new Map(), 'alice', alice.updates[0]!, origin);
    expect(origins).toEqual([origin]);
    expect(listeners(server).has('update')).toBe(false);
    expect(listeners(server).get('afterTransaction')?.size).toBe(1);
  });
});
