import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Connection, type SyncPeer } from './connection';
import { awarenessState, decodeAwarenessUpdate, encodeAwarenessUpdate, ProtocolError } from './protocol';
import { RoomAwareness, relayDelayMs } from './room-awareness';

/**
 * Awareness relays are batched per turn of the event loop, and arrivals and
 * renewals wait a little longer: the stock y-websocket client echoes every
 * relay it receives, so relaying each change on its own costs a room of N
 * clients N echoes per change. The clock is faked, so waits take no time.
 */
describe('RoomAwareness relays', () => {
  const relayed: Uint8Array[] = [];
  const published: Uint8Array[] = [];
  const doc = new Y.Doc();
  let awareness: RoomAwareness;
  /** Runs what is due within `ms` (0: the end of this turn). */
  const nextTurn = (ms = 0) => vi.advanceTimersByTime(ms);

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'performance'] });
  });

  afterEach(() => {
    awareness.destroy();
    relayed.length = 0;
    published.length = 0;
    vi.useRealTimers();
  });

  const connection = (userId: string) => {
    const peer: SyncPeer = { docId: 'd', groupId: 'g', userId, userName: userId, sessionId: userId, role: 'member', canWrite: true };
    return new Connection(peer, { send: () => {}, close: () => {}, bufferedAmount: 0 }, 1 << 20, { closed: () => {}, rejected: () => {} });
  };
  const state = (clientId: number, clock: number, cursor: number) => encodeAwarenessUpdate([{ clientId, clock, state: { cursor } }]);
  /** The client ids and cursors one relayed message carries (awareness message: type 1, then the update). */
  const carried = (message: Uint8Array) => {
    const decoder = decoding.createDecoder(message);
    expect(decoding.readVarUint(decoder)).toBe(1);
    return decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)).map((entry) => [entry.clientId, (awarenessState(entry) as { cursor: number }).cursor]);
  };

  it('sends the changes of one turn as one message, each client once with its latest state, and a later change on its own', () => {
    awareness = new RoomAwareness(doc, { of: () => undefined, claim: () => {} }, (m) => relayed.push(m), () => {}, (u) => published.push(u));
    const alice = connection('alice');
    const bob = connection('bob');
    awareness.receive(alice, state(11, 1, 1));
    awareness.receive(bob, state(22, 1, 1));
    awareness.receive(alice, state(11, 2, 5));
    expect(relayed).toHaveLength(0);

    nextTurn();
    expect(relayed).toHaveLength(1);
    expect(carried(relayed[0]!)).toEqual([
      [11, 5],
      [22, 1],
    ]);
    expect(published).toHaveLength(1);

    awareness.receive(bob, state(22, 2, 9));
    nextTurn();
    expect(relayed.map(carried)).toEqual([
      [
        [11, 5],
        [22, 1],
      ],
      [[22, 9]],
    ]);
  });

  it('relays nothing for echoes of states it already has', () => {
    awareness = new RoomAwareness(doc, { of: () => undefined, claim: () => {} }, (m) => relayed.push(m), () => {}, (u) => published.push(u));
    const alice = connection('alice');
    const bob = connection('bob');
    awareness.receive(alice, state(11, 1, 1));
    nextTurn(relayDelayMs.arrival);
    expect(relayed).toHaveLength(1);
    // Bob's stock client echoes what it was sent.
    awareness.receive(bob, state(11, 1, 1));
    nextTurn(relayDelayMs.renewal);
    expect(relayed).toHaveLength(1);
  });

  it('gathers arrivals for a quarter of a second, and a changed state sends what waits at once', () => {
    awareness = new RoomAwareness(doc, { of: () => undefined, claim: () => {} }, (m) => relayed.push(m), () => {}, (u) => published.push(u));
    const alice = connection('alice');
    awareness.receive(alice, state(11, 1, 1));
    nextTurn(relayDelayMs.arrival / 2);
    awareness.receive(connection('bob'), state(22, 1, 1));
    nextTurn(relayDelayMs.arrival / 2 - 1);
    expect(relayed).toHaveLength(0);
    nextTurn(1);
    expect(relayed.map(carried)).toEqual([
      [
        [11, 1],
        [22, 1],
      ],
    ]);

    awareness.receive(connection('carol'), state(33, 1, 1));
    awareness.receive(alice, state(11, 2, 7));
    nextTurn();
    expect(relayed.map(carried).slice(1)).toEqual([
      [
        [33, 1],
        [11, 7],
      ],
    ]);
    expect(published).toHaveLength(2);
  });

  it('holds renewals (the same state under a newer clock) until the next relay, for at most the renewal delay', () => {
    awareness = new RoomAwareness(doc, { of: () => undefined, claim: () => {} }, (m) => relayed.push(m), () => {}, (u) => published.push(u));
    const alice = connection('alice');
    const bob = connection('bob');
    awareness.receive(alice, state(11, 1, 1));
    awareness.receive(bob, state(22, 1, 1));
    nextTurn(relayDelayMs.arrival);
    relayed.length = 0;

    awareness.receive(alice, state(11, 2, 1));
    nextTurn(relayDelayMs.renewal - 1);
    expect(relayed).toHaveLength(0);
    nextTurn(1);
    expect(relayed.map(carried)).toEqual([[[11, 1]]]);

    awareness.receive(alice, state(11, 3, 1));
    awareness.receive(bob, state(22, 2, 4));
    nextTurn();
    expect(relayed.map(carried).slice(1)).toEqual([
      [
        [11, 1],
        [22, 4],
      ],
    ]);
    nextTurn(relayDelayMs.renewal);
    expect(relayed).toHaveLength(2);
  });

  it('publishes, when asked, the states its own connections hold and none it heard from other instances', () => {
    awareness = new RoomAwareness(doc, { of: () => undefined, claim: () => {} }, (m) => relayed.push(m), () => {}, (u) => published.push(u));
    awareness.receive(connection('alice'), state(11, 1, 4));
    awareness.receiveRelayed(state(77, 1, 8));
    nextTurn();
    published.length = 0;
    awareness.publishHeld();
    expect(published.map((update) => decodeAwarenessUpdate(update).map((entry) => [entry.clientId, (awarenessState(entry) as { cursor: number }).cursor]))).toEqual([[[11, 4]]]);
  });

  it('skips an echo on its clock alone, without reading its state; a new state must be JSON', () => {
    awareness = new RoomAwareness(doc, { of: () => undefined, claim: () => {} }, (m) => relayed.push(m), () => {}, (u) => published.push(u));
    const alice = connection('alice');
    const bob = connection('bob');
    awareness.receive(alice, state(11, 3, 1));
    const unreadable = (clientId: number, clock: number) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, clientId);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, '{');
      return encoding.toUint8Array(e);
    };
    // An echo is never parsed, so what it holds cannot matter.
    expect(() => awareness.receive(bob, unreadable(11, 3))).not.toThrow();
    expect(() => awareness.receive(bob, unreadable(11, 4))).toThrow(ProtocolError);
    expect(() => awareness.receive(bob, unreadable(33, 1))).toThrow(ProtocolError);
  });
});
