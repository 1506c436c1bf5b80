import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

/**
 * The y-websocket wire protocol (github.com/yjs/y-websocket, on y-protocols):
 * every frame is one binary message, `varUint messageType` then its body.
 *
 *   sync (0):            varUint syncType, varUint8Array payload
 *                        step1 (0) = state vector, step2 (1) and update (2) = v1 update
 *   awareness (1):       varUint8Array awareness update
 *   auth (2):            only ever sent by servers; a client sending it breaks the protocol
 *   queryAwareness (3):  no body
 *
 * This is the one file that knows the byte layout. Decoding is strict: any
 * unknown type, truncation or trailing byte is a ProtocolError, which closes
 * the sending connection.
 */
export const messageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/** Yjs client ids are random uint32s (lib0/random.uint32); anything larger is not a client. */
export const maxClientId = 0xffff_ffff;

export function decodeClientMessage(data: Uint8Array): ClientMessage {
  return strictly(data, (decoder) => {
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case messageType.sync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        switch (syncType) {
          case syncProtocol.messageYjsSyncStep1:
            decodeStateVector(payload); // validated here, used by Y later
            return { kind: 'sync-step1', stateVector: payload };
          case syncProtocol.messageYjsSyncStep2:
            return { kind: 'sync-step2', update: payload };
          case syncProtocol.messageYjsUpdate:
            return { kind: 'update', update: payload };
          default:
            throw new ProtocolError(`unknown sync message type ${syncType}`);
        }
      }
      case messageType.awareness:
        return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case messageType.queryAwareness:
        return { kind: 'query-awareness' };
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  });
}

/** A state vector: `varUint count`, then `count` pairs of varUint client and clock. */
export function decodeStateVector(bytes: Uint8Array): Map<number, number> {
  return strictly(bytes, (decoder) => {
    const count = decoding.readVarUint(decoder);
    // Each pair takes at least two bytes: refuse a count the bytes cannot hold
    // before looping over it.
    if (count * 2 > bytes.length) throw new ProtocolError('state vector declares more entries than it holds');
    const vector = new Map<number, number>();
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      if (client > maxClientId) throw new ProtocolError('client id out of range');
      vector.set(client, clock);
    }
    return vector;
  });
}

/** One client's entry of an awareness update as received: its state still JSON text (awarenessState reads it). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  json: string;
}

/** One client's state to send; null means the client left. */
export interface AwarenessState {
  clientId: number;
  clock: number;
  state: unknown;
}

/**
 * An awareness update: `varUint count`, then per client varUint id, varUint
 * clock, JSON string. The states are left unread: the stock client echoes
 * every update it hears, so most entries a room receives are states it
 * already holds, skipped on their clock alone.
 */
export function decodeAwarenessUpdate(bytes: Uint8Array): AwarenessEntry[] {
  return strictly(bytes, (decoder) => {
    const count = decoding.readVarUint(decoder);
    if (count * 3 > bytes.length) throw new ProtocolError('awareness update declares more entries than it holds');
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (clientId > maxClientId) throw new ProtocolError('client id out of range');
      entries.push({ clientId, clock, json });
    }
    return entries;
  });
}

/** The entry's state, parsed; null when the client left. Throws ProtocolError when it is not JSON. */
export function awarenessState(entry: AwarenessEntry): unknown {
  try {
    return JSON.parse(entry.json);
  } catch {
    throw new ProtocolError('awareness state is not JSON');
  }
}

/**
 * An awareness update from states already encoded as UTF-8 JSON (a room
 * keeps each client's, encoded once per change): each written as the var
 * string it is on the wire, its length then its bytes.
 */
export function encodeEncodedAwareness(entries: readonly { clientId: number; clock: number; utf8: Uint8Array }[]): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarUint8Array(encoder, entry.utf8);
  }
  return encoding.toUint8Array(encoder);
}

const utf8 = new TextEncoder();

/** An awareness update from parsed states, each written as JSON. */
export function encodeAwarenessUpdate(entries: readonly AwarenessState[]): Uint8Array<ArrayBuffer> {
  return encodeEncodedAwareness(entries.map((entry) => ({ clientId: entry.clientId, clock: entry.clock, utf8: utf8.encode(JSON.stringify(entry.state)) })));
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array<ArrayBuffer> {
  return syncMessage(syncProtocol.messageYjsSyncStep1, stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array<ArrayBuffer> {
  return syncMessage(syncProtocol.messageYjsSyncStep2, update);
}

export function encodeUpdate(update: Uint8Array): Uint8Array<ArrayBuffer> {
  return syncMessage(syncProtocol.messageYjsUpdate, update);
}

export function encodeAwareness(update: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeQueryAwareness(): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageType.queryAwareness);
  return encoding.toUint8Array(encoder);
}

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageType.sync);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/**
 * Runs a decoder over all of `bytes`: lib0 throws plain errors (or, for
 * single bytes, reads `undefined`) at the end of the input, and a message with
 * bytes left over is as broken as a truncated one.
 */
function strictly<T>(bytes: Uint8Array, read: (decoder: decoding.Decoder) => T): T {
  const decoder = decoding.createDecoder(bytes);
  let value: T;
  try {
    value = read(decoder);
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`truncated or malformed message: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the message');
  return value;
}
