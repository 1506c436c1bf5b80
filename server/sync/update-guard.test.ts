import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RejectedUpdate, checkContinuations, claimsFor, inspectUpdate, maxClock, type UpdateRejection } from './update-guard';

function rejection(update: Uint8Array): UpdateRejection | null {
  try {
    inspectUpdate(update);
    return null;
  } catch (err) {
    if (err instanceof RejectedUpdate) return err.reason;
    throw err;
  }
}

/** A hand-written v1 update with one client and the structs `write` encodes. */
function v1Update(client: number, clock: number, structs: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, structs);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  write(e);
  encoding.writeVarUint(e, 0); // empty delete set
  return encoding.toUint8Array(e);
}

/** A root-level string item: info 4 (ContentString, no origins), parent by key, the text. */
function stringItem(text: string) {
  return (e: encoding.Encoder) => {
    encoding.writeUint8(e, 4);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, 't');
    encoding.writeVarString(e, text);
  };
}

describe('inspectUpdate', () => {
  it('lists the clock ranges an honest update writes, and its deletions', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    const sv = Y.encodeStateVector(doc);
    doc.getText('t').insert(5, ' world');
    doc.getText('t').delete(0, 2);
    const summary = inspectUpdate(Y.encodeStateAsUpdate(doc, sv));
    expect(summary.writes.get(doc.clientID)).toEqual({ from: 5, to: 11 });
    expect(summary.deletions).toBe(1);
    expect(inspectUpdate(v1Update(7, 0, 1, stringItem('abc'))).writes.get(7)).toEqual({ from: 0, to: 3 });
  });

  it('refuses a header that declares more structs than the bytes can hold (yjs #687) before Y decodes it', () => {
    const started = performance.now();
    expect(rejection(v1Update(1, 0, 1_000_000_000, stringItem('x')))).toBe('hostile');
    const clients = encoding.createEncoder();
    encoding.writeVarUint(clients, 4_000_000);
    expect(rejection(encoding.toUint8Array(clients))).toBe('hostile');
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('refuses empty structs, which Yjs never writes', () => {
    expect(rejection(v1Update(7, 0, 1, stringItem('')))).toBe('hostile');
  });

  it('refuses client ids beyond uint32 and clocks near the precision limit', () => {
    expect(rejection(v1Update(2 ** 33, 0, 1, stringItem('x')))).toBe('hostile');
    expect(rejection(v1Update(7, maxClock, 1, stringItem('x')))).toBe('hostile');
  });

  it('refuses sub-documents', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('sub', new Y.Doc());
    expect(rejection(Y.encodeStateAsUpdate(doc))).toBe('hostile');
  });

  it('calls truncated or garbled updates malformed', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello world');
    const update = Y.encodeStateAsUpdate(doc);
    expect(rejection(update.subarray(0, update.length - 5))).toBe('malformed');
    expect(rejection(new Uint8Array([]))).toBe('malformed');
  });
});

describe('checkContinuations', () => {
  /** What the guard decides about `update` for `doc`, then whether Yjs applies it (to a copy) without throwing. */
  function judge(doc: Y.Doc, update: Uint8Array): { rejection: UpdateRejection | null; applies: boolean } {
    let result: UpdateRejection | null = null;
    try {
      checkContinuations(inspectUpdate(update), doc.store);
    } catch (err) {
      if (!(err instanceof RejectedUpdate)) throw err;
      result = err.reason;
    }
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    try {
      Y.applyUpdate(copy, update);
      return { rejection: result, applies: true };
    } catch {
      return { rejection: result, applies: false };
    }
  }

  it('refuses an item continuing a collected struct in a root type, which Yjs throws on (socket-fuzz seed 369538023, case 510)', () => {
    // The document holds client 2650796602's clocks [0, 2^31) as one GC run (an earlier accepted case)...
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Buffer.from('0101bae4ffef09000080808080080000', 'hex'));
    expect(Y.getState(doc.store, 2650796602)).toBe(2 ** 31);
    // ...then a deleted-content item of the same client at clock 0, length 2^32, in the root type 'fuzz'.
    const hostile = Buffer.from('0101bae4ffef090001010466757a7a808080801000', 'hex');
    expect(judge(doc, hostile)).toEqual({ rejection: 'hostile', applies: false });
  });

  it('accepts an honest resend that runs past what the document holds, and the rest of a struct whose type is gone', () => {
    const writer = new Y.Doc();
    writer.clientID = 7;
    const text = writer.getMap('m').set('note', new Y.Text());
    text.insert(0, 'ab');
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(writer));
    text.insert(2, 'c'); // merged with "ab": one item 7:1..4
    const resend = Y.encodeStateAsUpdate(writer);
    expect(judge(server, resend)).toEqual({ rejection: null, applies: true });

    // Someone removes the note: its characters are collected into a GC; the writer still continues them.
    const remover = new Y.Doc();
    Y.applyUpdate(remover, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(remover);
    remover.getMap('m').delete('note');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(remover, before));
    expect(Y.getItem(server.store, Y.createID(7, 2))).toBeInstanceOf(Y.GC);
    expect(judge(server, resend)).toEqual({ rejection: null, applies: true });
  });
});

describe('claimsFor', () => {
  const alice = 'alice';
  const bob = 'bob';
  const state = new Map([[1, 10]]);
  const stateOf = (client: number) => state.get(client) ?? 0;

  it('claims a client id nobody owns yet, and nothing for one the user owns', () => {
    const summary = inspectUpdate(v1Update(2, 0, 1, stringItem('new')));
    expect(claimsFor(summary, stateOf, new Map(), alice)).toEqual([2]);
    expect(claimsFor(summary, stateOf, new Map([[2, alice]]), alice)).toEqual([]);
  });

  it('refuses new structs under a client id another user owns', () => {
    const summary = inspectUpdate(v1Update(1, 10, 1, stringItem('more')));
    expect(() => claimsFor(summary, stateOf, new Map([[1, alice]]), bob)).toThrow(RejectedUpdate);
  });

  it('lets anyone resend structs the document already holds, and delete anyone’s', () => {
    const resend = inspectUpdate(v1Update(1, 0, 1, stringItem('0123456789')));
    expect(claimsFor(resend, stateOf, new Map([[1, alice]]), bob)).toEqual([]);

    const doc = new Y.Doc();
    doc.clientID = 1;
    doc.getText('t').insert(0, '0123456789');
    const sv = Y.encodeStateVector(doc);
    const deleter = new Y.Doc();
    Y.applyUpdate(deleter, Y.encodeStateAsUpdate(doc));
    deleter.getText('t').delete(0, 4);
    const deletion = inspectUpdate(Y.encodeStateAsUpdate(deleter, sv));
    expect(deletion.deletions).toBe(1);
    expect(claimsFor(deletion, stateOf, new Map([[1, alice]]), bob)).toEqual([]);
  });
});
