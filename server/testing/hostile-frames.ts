import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import {
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  messageType,
} from '../sync/protocol';
import { bytesOf, craftedUpdate, hugeNumbers, mutate, pick, randomBytes } from './hostile-updates';

/**
 * Hostile sync frames for socket-fuzz.test.ts, generated from a seeded PRNG
 * (lib0/prng) so that a failing case can be replayed from its seed: random
 * bytes, truncations of valid messages, oversized frames, unknown message
 * types, valid framing around garbage, mutated valid updates, crafted
 * run-length-encoded updates that declare huge counts and lengths (yjs #687)
 * and hostile awareness updates, in turn.
 */

export const categories = [
  'random-bytes',
  'truncated',
  'oversized',
  'wrong-type',
  'framed-garbage',
  'mutated-update',
  'crafted-rle',
  'awareness',
] as const;
export type Category = (typeof categories)[number];

export interface FuzzCase {
  category: Category;
  frame: Uint8Array;
  /** Invalid by construction: accepting it would be a bug. */
  mustClose: boolean;
}

function awarenessFrame(gen: prng.PRNG, knownClients: readonly number[]): Uint8Array {
  const states = [
    'null',
    '{}',
    '{"user":{"name":"Not me","color":"#ff0000"},"cursor":null}',
    '[1,2,3]',
    '"a string"',
    '{not json',
    '{"a":'.repeat(100) + '1' + '}'.repeat(100),
    JSON.stringify({ big: 'x'.repeat(prng.int32(gen, 0, 20_000)) }),
  ];
  const entries = prng.int32(gen, 0, 4);
  return encodeAwareness(
    bytesOf((e) => {
      encoding.writeVarUint(e, prng.int32(gen, 0, 9) === 0 ? pick(gen, hugeNumbers) : entries);
      for (let i = 0; i < entries; i++) {
        encoding.writeVarUint(e, pick(gen, [...knownClients, prng.uint32(gen, 0, 2 ** 32 - 1), 2 ** 40]));
        encoding.writeVarUint(e, pick(gen, [0, 1, prng.int32(gen, 0, 1000), 2 ** 32]));
        encoding.writeVarString(e, pick(gen, states));
      }
    }),
  );
}

function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  return bytesOf((e) => {
    encoding.writeVarUint(e, messageType.sync);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });
}

export interface Sources {
  /** Frames larger than this are refused by the socket itself (MAX_MESSAGE_BYTES). */
  maxMessageBytes: number;
  /** The attacker's own edits (its client id), the last one its whole document. */
  own: Uint8Array[];
  /** Edits written under an honest client's id. */
  forged: Uint8Array[];
  attackerClient: number;
  honestClients: number[];
}

/** The fuzz cases of one seed, in order, starting from valid updates. */
export function* fuzzCases(gen: prng.PRNG, { own, forged, attackerClient, honestClients, maxMessageBytes }: Sources): Generator<FuzzCase> {
  const whole = own.at(-1)!;
  const updates = [...own, ...forged];
  // The same document in Yjs' other encoding, which this protocol does not speak.
  const v2 = Y.convertUpdateFormatV1ToV2(whole);
  const validFrames = [
    encodeSyncStep1(Y.encodeStateVectorFromUpdate(whole)),
    ...own.slice(0, 8).map((update) => encodeUpdate(update)),
    encodeSyncStep2(whole),
    encodeAwareness(encodeAwarenessUpdate([{ clientId: attackerClient, clock: 1, state: { cursor: null } }])),
    encodeQueryAwareness(),
  ];
  for (let i = 0; ; i++) {
    const category = categories[i % categories.length]!;
    switch (category) {
      case 'random-bytes':
        yield { category, frame: randomBytes(gen, pick(gen, [4, 64, 1024])), mustClose: false };
        break;
      case 'truncated': {
        const frame = pick(gen, validFrames);
        yield { category, frame: frame.subarray(0, prng.int32(gen, 0, frame.length - 1)), mustClose: true };
        break;
      }
      case 'oversized': {
        const size = maxMessageBytes + 1 + prng.int32(gen, 0, maxMessageBytes);
        const frame = prng.bool(gen) ? prng.uint8Array(gen, size) : encodeUpdate(new Uint8Array(size));
        yield { category, frame, mustClose: true };
        break;
      }
      case 'wrong-type': {
        const frame = prng.bool(gen)
          ? bytesOf((e) => {
              encoding.writeVarUint(e, pick(gen, [messageType.auth, 4, 5, 99, 127, 128, 300, 2 ** 31, ...hugeNumbers]));
              encoding.writeUint8Array(e, randomBytes(gen, 32));
            })
          : syncFrame(pick(gen, [3, 4, 100, 2 ** 32, Number.MAX_SAFE_INTEGER]), randomBytes(gen, 32));
        yield { category, frame, mustClose: true };
        break;
      }
      case 'framed-garbage': {
        const payload = prng.bool(gen) ? randomBytes(gen, 64) : v2;
        const frame = prng.int32(gen, 0, 3) === 0 ? encodeAwareness(payload) : syncFrame(prng.int32(gen, 0, 2), payload);
        yield { category, frame, mustClose: false };
        break;
      }
      case 'mutated-update': {
        const update = mutate(gen, pick(gen, updates));
        yield { category, frame: prng.int32(gen, 0, 3) === 0 ? encodeSyncStep2(update) : encodeUpdate(update), mustClose: false };
        break;
      }
      case 'crafted-rle': {
        const { update, mustClose } = craftedUpdate(gen, attackerClient);
        yield { category, frame: prng.bool(gen) ? encodeUpdate(update) : encodeSyncStep2(update), mustClose };
        break;
      }
      case 'awareness':
        yield { category, frame: awarenessFrame(gen, [attackerClient, ...honestClients]), mustClose: false };
        break;
    }
  }
}
