import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ProtocolError,
  awarenessState,
  decodeAwarenessUpdate,
  decodeClientMessage,
  decodeStateVector,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './protocol';

describe('decodeClientMessage', () => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hi');
  const update = Y.encodeStateAsUpdate(doc);

  it('reads every message a y-websocket client sends', () => {
    expect(decodeClientMessage(encodeSyncStep1(Y.encodeStateVector(doc)))).toEqual({
      kind: 'sync-step1',
      stateVector: Y.encodeStateVector(doc),
    });
    expect(decodeClientMessage(encodeSyncStep2(update))).toEqual({ kind: 'sync-step2', update });
    expect(decodeClientMessage(encodeUpdate(update))).toEqual({ kind: 'update', update });
    const states = encodeAwarenessUpdate([{ clientId: 5, clock: 1, state: { user: { name: 'x' } } }]);
    expect(decodeClientMessage(encodeAwareness(states))).toEqual({ kind: 'awareness', update: states });
    expect(decodeClientMessage(encodeQueryAwareness())).toEqual({ kind: 'query-awareness' });
  });

  it('refuses unknown types, truncation and trailing bytes', () => {
    const whole = encodeUpdate(update);
    for (const bad of [
      new Uint8Array([]),
      new Uint8Array([9]),
      new Uint8Array([2]), // auth: servers only
      new Uint8Array([0, 3, 0]),
      whole.subarray(0, whole.length - 1),
      new Uint8Array([...whole, 1]),
      new Uint8Array([0x80, 0x80]),
    ]) {
      expect(() => decodeClientMessage(bad), String(bad)).toThrow(ProtocolError);
    }
  });
});

describe('decodeStateVector', () => {
  it('reads a state vector and refuses a count its bytes cannot hold', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'abc');
    expect(decodeStateVector(Y.encodeStateVector(doc))).toEqual(new Map([[doc.clientID, 3]]));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1_000_000);
    expect(() => decodeStateVector(encoding.toUint8Array(e))).toThrow(ProtocolError);
  });
});

describe('decodeAwarenessUpdate', () => {
  it('round-trips entries and refuses bad JSON', () => {
    const entries = [
      { clientId: 1, clock: 2, state: { cursor: null } },
      { clientId: 3, clock: 4, state: null },
    ];
    const decoded = decodeAwarenessUpdate(encodeAwarenessUpdate(entries));
    expect(decoded.map((entry) => ({ clientId: entry.clientId, clock: entry.clock, state: awarenessState(entry) }))).toEqual(entries);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, '{');
    const [bad] = decodeAwarenessUpdate(encoding.toUint8Array(e));
    expect(() => awarenessState(bad!)).toThrow(ProtocolError);
  });
});
