import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';

/**
 * Hostile Yjs updates for the socket fuzz (hostile-frames.ts), from a seeded
 * PRNG (lib0/prng): honest edits to start from, those edits mutated, and
 * crafted run-length-encoded updates that declare huge counts and lengths
 * (yjs #687).
 */

/** Values that break naive arithmetic or allocation when read as counts, lengths or clocks. */
export const hugeNumbers = [2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 1e9, Number.MAX_SAFE_INTEGER];

export const bytesOf = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};
export const randomBytes = (gen: prng.PRNG, max: number) => prng.uint8Array(gen, prng.int32(gen, 0, max));
export const pick = <T>(gen: prng.PRNG, values: readonly T[]): T => prng.oneOf(gen, values as T[]);

/** Updates a client could send: random edits of text, formatting, XML, maps and nested types by `clientId`. */
export function editsBy(gen: prng.PRNG, clientId: number, rootName: string): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText(rootName);
  const xml = doc.getXmlFragment(`${rootName}-xml`);
  const map = doc.getMap(`${rootName}-map`);
  for (let i = 0; i < 40; i++) {
    const at = prng.int32(gen, 0, text.length);
    switch (prng.int32(gen, 0, 4)) {
      case 0:
        text.insert(at, prng.word(gen, 1, 12) + ' ');
        break;
      case 1:
        text.delete(at, Math.min(prng.int32(gen, 1, 5), text.length - at));
        break;
      case 2:
        text.format(0, Math.min(4, text.length), { bold: true });
        break;
      case 3: {
        const element = new Y.XmlElement('paragraph');
        element.setAttribute('level', String(i));
        element.insert(0, [new Y.XmlText(prng.word(gen, 1, 8))]);
        xml.insert(prng.int32(gen, 0, xml.length), [element]);
        break;
      }
      default:
        map.set(prng.word(gen, 1, 4), pick(gen, [i, prng.word(gen), { nested: [i, true, null] }, new Uint8Array([i]), new Y.Array<number>()]));
    }
  }
  updates.push(Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return updates;
}

/** Writes a varUint at `at` in place of the one there: a count, length or clock changed. */
function replaceVarUint(bytes: Uint8Array, at: number, value: number): Uint8Array {
  let end = at;
  while (end < bytes.length && bytes[end]! >= 0x80) end++;
  return new Uint8Array([...bytes.subarray(0, at), ...bytesOf((e) => encoding.writeVarUint(e, value)), ...bytes.subarray(end + 1)]);
}

export function mutate(gen: prng.PRNG, source: Uint8Array): Uint8Array {
  let bytes: Uint8Array = source.slice();
  for (let n = prng.int32(gen, 1, 3); n > 0 && bytes.length > 0; n--) {
    const at = prng.int32(gen, 0, bytes.length - 1);
    switch (prng.int32(gen, 0, 5)) {
      case 0:
        bytes[at] = bytes[at]! ^ (1 << prng.int32(gen, 0, 7));
        break;
      case 1:
        bytes[at] = prng.int32(gen, 0, 255);
        break;
      case 2:
        bytes = new Uint8Array([...bytes.subarray(0, at), prng.int32(gen, 0, 255), ...bytes.subarray(at)]);
        break;
      case 3:
        bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + 1)]);
        break;
      case 4:
        bytes = replaceVarUint(bytes, at, pick(gen, [0, 1, 2, 127, 128, bytes.length, ...hugeNumbers]));
        break;
      default:
        bytes = bytes.subarray(0, at);
    }
  }
  return bytes;
}

/** A v1 update's header for one client section: `clients, structs, client, clock`. */
function writeHeader(e: encoding.Encoder, clients: number, structs: number, client: number, clock: number): void {
  for (const value of [clients, structs, client, clock]) encoding.writeVarUint(e, value);
}

/**
 * Run-length-encoded updates whose few bytes declare huge counts or lengths
 * (yjs #687) or ids out of range: `mustClose` when the bytes cannot hold
 * what they declare; some others are valid (a long GC or deleted run) and
 * may be accepted.
 */
export function craftedUpdate(gen: prng.PRNG, attackerClient: number): { update: Uint8Array; mustClose: boolean } {
  const huge = pick(gen, hugeNumbers);
  const client = pick(gen, [attackerClient, prng.uint32(gen, 0, 2 ** 32 - 1)]);
  const rootItem = (e: encoding.Encoder, contentRef: number) => {
    encoding.writeUint8(e, contentRef); // no origins: the parent follows
    encoding.writeVarUint(e, 1); // parent is a root type, by name
    encoding.writeVarString(e, 'fuzz');
  };
  switch (prng.int32(gen, 0, 8)) {
    case 0: // a billion clients in a handful of bytes
      return {
        update: bytesOf((e) => {
          encoding.writeVarUint(e, huge);
          encoding.writeUint8Array(e, randomBytes(gen, 8));
        }),
        mustClose: true,
      };
    case 1: // the #687 shape: one client declaring a billion structs, holding one
      return {
        update: bytesOf((e) => {
          writeHeader(e, 1, huge, client, 0);
          encoding.writeUint8(e, pick(gen, [0, 10])); // GC or Skip...
          encoding.writeVarUint(e, 1); // ...of length 1
          encoding.writeVarUint(e, 0);
        }),
        mustClose: true,
      };
    case 2: // thousands of clients declared, a few present
      return {
        update: bytesOf((e) => {
          encoding.writeVarUint(e, prng.int32(gen, 1000, 100_000));
          for (let i = prng.int32(gen, 1, 3); i > 0; i--) {
            writeHeader(e, 1, 1, prng.uint32(gen, 0, 2 ** 31), 0);
          }
        }),
        mustClose: true,
      };
    case 3: // one GC or Skip run of huge length, or at a huge clock
      return {
        update: bytesOf((e) => {
          const atHugeClock = prng.bool(gen);
          writeHeader(e, 1, 1, client, atHugeClock ? huge : 0);
          encoding.writeUint8(e, pick(gen, [0, 10]));
          encoding.writeVarUint(e, atHugeClock ? 1 : huge);
          encoding.writeVarUint(e, 0);
        }),
        mustClose: false,
      };
    case 4: // an item whose content declares a huge count or length: deleted, JSON, binary, string, embed, any, type ref
      return {
        update: bytesOf((e) => {
          writeHeader(e, 1, 1, client, 0);
          rootItem(e, pick(gen, [1, 2, 3, 4, 5, 7, 8]));
          encoding.writeVarUint(e, huge);
          encoding.writeUint8Array(e, randomBytes(gen, 6));
          encoding.writeVarUint(e, 0);
        }),
        mustClose: false,
      };
    case 5: // a delete set of huge declared size, or with a huge range
      return {
        update: bytesOf((e) => {
          encoding.writeVarUint(e, 0); // no structs
          const hugeRange = prng.bool(gen);
          encoding.writeVarUint(e, hugeRange ? 1 : huge); // clients
          encoding.writeVarUint(e, client);
          encoding.writeVarUint(e, hugeRange ? 1 : huge); // ranges
          encoding.writeVarUint(e, hugeRange ? pick(gen, [0, huge]) : 0); // clock
          encoding.writeVarUint(e, hugeRange ? huge : 1); // length
        }),
        mustClose: false,
      };
    case 6: // an item whose origin is an id out of range
      return {
        update: bytesOf((e) => {
          writeHeader(e, 1, 1, client, 0);
          encoding.writeUint8(e, 0x80 | 4); // left origin, string content
          encoding.writeVarUint(e, pick(gen, [client, huge]));
          encoding.writeVarUint(e, huge);
          encoding.writeVarString(e, 'x');
          encoding.writeVarUint(e, 0);
        }),
        mustClose: false,
      };
    case 7: // a sub-document
      return {
        update: bytesOf((e) => {
          writeHeader(e, 1, 1, client, 0);
          rootItem(e, 9);
          encoding.writeVarString(e, 'guid');
          encoding.writeAny(e, {});
          encoding.writeVarUint(e, 0);
        }),
        mustClose: false,
      };
    default: // more structs declared than written, by one
      return {
        update: bytesOf((e) => {
          const structs = prng.int32(gen, 2, 40);
          writeHeader(e, 1, structs, client, 0);
          for (let i = 0; i < structs - 1; i++) {
            rootItem(e, 4);
            encoding.writeVarString(e, prng.letter(gen));
          }
        }),
        mustClose: false,
      };
  }
}
