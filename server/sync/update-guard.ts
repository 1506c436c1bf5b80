import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { maxClientId } from './protocol';

/**
 * Checks a client's Yjs update (v1 encoding, as y-websocket sends it) before
 * the document applies it, in two passes:
 *
 * 1. A bounded look at the header. A v1 update starts with `varUint clients`,
 *    then per client `varUint structs, varUint client, varUint clock`. A tiny
 *    run-length-encoded update can declare millions of structs (yjs issue
 *    #687), and lib0 reads single bytes past the end as `undefined` instead of
 *    throwing, so counts that the bytes cannot possibly hold are refused here,
 *    before Y allocates or loops for them.
 * 2. Y.decodeUpdate lists every struct and deletion, and each is checked:
 *    client ids are uint32, clocks stay far below the float precision limit,
 *    no struct is empty (Yjs never writes one; they break its clock
 *    arithmetic), no sub-documents (the product has none; each would be a
 *    whole Y.Doc in server memory).
 *
 * The result says which clock ranges the update writes per client id, which
 * is what attribution (`claimsFor`) needs.
 */

/** The smallest struct in a v1 update takes two bytes: an info byte and a length or content byte. */
const minStructBytes = 2;
/** The smallest client section: struct count, client id and clock, a byte each. */
const minClientSectionBytes = 3;
/**
 * Clocks count characters a client ever wrote; 2^32 leaves room for any real
 * document while keeping every sum of clocks exact in a double.
 */
export const maxClock = 2 ** 32;

export type UpdateRejection = 'malformed' | 'hostile' | 'forged-client-id';

export class RejectedUpdate extends Error {
  override name = 'RejectedUpdate';
  constructor(
    readonly reason: UpdateRejection,
    message: string,
  ) {
    super(message);
  }
}

export interface UpdateSummary {
  /** Per client id, the clock range [from, to) of the structs the update carries. */
  writes: Map<number, { from: number; to: number }>;
  structs: number;
  deletions: number;
  /** The update as Yjs decoded it, for contribution accounting (edit-tally.ts). */
  decoded: ReturnType<typeof Y.decodeUpdate>;
}

export function inspectUpdate(update: Uint8Array): UpdateSummary {
  checkHeader(update);

  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    throw new RejectedUpdate('malformed', `update does not decode: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (decoded.structs.length * minStructBytes > update.length) {
    throw new RejectedUpdate('hostile', 'update holds more structs than its bytes allow');
  }

  const writes = new Map<number, { from: number; to: number }>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    checkRange(client, clock, struct.length);
    if (struct instanceof Y.Skip) continue;
    if (struct instanceof Y.Item) checkItem(struct);
    const range = writes.get(client);
    const end = clock + struct.length;
    if (range) {
      range.from = Math.min(range.from, clock);
      range.to = Math.max(range.to, end);
    } else {
      writes.set(client, { from: clock, to: end });
    }
  }

  let deletions = 0;
  for (const [client, items] of decoded.ds.clients) {
    for (const item of items) checkRange(client, item.clock, item.len, true);
    deletions += items.length;
  }
  return { writes, structs: decoded.structs.length, deletions, decoded };
}

/**
 * A write under a client id the writer may not own, judged only once the
 * document has caught up with storage. Several instances serving one
 * document each hold their own copy, and a copy may lag what storage holds:
 * another instance stored the structs (with their owner's claim) and died
 * before its relay reached this one. A client that received them there
 * resends them here in its sync step 2, stock y-websocket clients with
 * every reconnection. Judged against the lagging copy, such a resend would
 * look like a forgery (an owner known here) or, worse, a new claim (an
 * owner not known here) that takes the id from its owner for good. Nothing
 * has changed when this is thrown.
 */
export class OwnerInDoubt extends Error {
  override name = 'OwnerInDoubt';
}

/**
 * The client ids an accepted update would newly claim for `userId`, or a
 * RejectedUpdate when it writes new structs (beyond what the document
 * already holds for that client) under a client id another user owns.
 * Structs the document already has are a harmless resend; deletions of
 * anyone's text are ordinary edits.
 *
 * With `held` (the client ids the writer's connection holds in awareness:
 * its own), a new write under any other id not known to be the writer's
 * throws OwnerInDoubt instead, for the caller to catch up with storage and
 * judge again without `held`.
 */
export function claimsFor(
  summary: UpdateSummary,
  documentState: (client: number) => number,
  owners: ReadonlyMap<number, string>,
  userId: string,
  held: ReadonlySet<number> | null = null,
): number[] {
  const claims: number[] = [];
  for (const [client, range] of summary.writes) {
    if (range.to <= documentState(client)) continue;
    const owner = owners.get(client);
    if (owner === userId) continue;
    if (held && !(owner === undefined && held.has(client))) throw new OwnerInDoubt(`client id ${client} may be another user’s`);
    if (owner === undefined) claims.push(client);
    else throw new RejectedUpdate('forged-client-id', `client id ${client} belongs to another user`);
  }
  return claims;
}

/**
 * Refuses an item that continues a struct the document holds as a GC (the
 * rest of a struct whose type is gone) yet would land in a live type.
 *
 * Yjs integrates the part of an item beyond the clocks the document holds
 * after the document's own struct at the clock before (Item.integrate with
 * an offset): the same id always names the same struct, so its neighbour is
 * its own beginning. Honestly, when that beginning is a GC its type is gone
 * and the rest resolves to no type either, becoming a GC too. A hostile
 * "resend" that names a live type instead (say a root type, by name) makes
 * Yjs walk the GC as if it were an item and throw half way through applying
 * the update (found by socket-fuzz.test.ts). Called with the document the
 * update is about to be applied to; an item whose place the document cannot
 * tell yet (a dependency it lacks) is refused too, as no honest one is
 * among these.
 */
export function checkContinuations(summary: UpdateSummary, store: Y.Doc['store']): void {
  for (const struct of summary.decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const { client, clock } = struct.id;
    const state = Y.getState(store, client);
    if (clock >= state || clock + struct.length <= state) continue;
    if (structAt(store, Y.createID(client, state - 1)) instanceof Y.GC && !landsInNoType(struct, store)) {
      throw new RejectedUpdate('hostile', `struct ${client}:${clock} continues a collected struct in a live type`);
    }
  }
}

/** The document's struct holding `id`, or null when the document does not hold it yet. */
function structAt(store: Y.Doc['store'], id: Y.ID): Y.Item | Y.GC | null {
  if (id.clock >= Y.getState(store, id.client)) return null;
  // Typed as Item, but a collected id is held by a GC.
  const struct: Y.Item | Y.GC = Y.getItem(store, id);
  return struct;
}

/** Whether Yjs would find `item` no type to live in (Item.getMissing), judged from the document alone. */
function landsInNoType(item: Y.Item, store: Y.Doc['store']): boolean {
  const neighbours = [item.origin, item.rightOrigin].flatMap((id) => (id ? [structAt(store, id)] : []));
  if (neighbours.includes(null)) return false;
  if (neighbours.some((neighbour) => neighbour instanceof Y.GC)) return true;
  // Without a parent of its own it lives in its neighbour's type, which is live.
  if (!(item.parent instanceof Y.ID)) return false;
  const parent = structAt(store, item.parent);
  return parent instanceof Y.GC || (parent instanceof Y.Item && !(parent.content instanceof Y.ContentType));
}

function checkHeader(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  try {
    const clients = decoding.readVarUint(decoder);
    if (clients * minClientSectionBytes > update.length) {
      throw new RejectedUpdate('hostile', `update declares ${clients} clients in ${update.length} bytes`);
    }
    if (clients === 0) return;
    const structs = decoding.readVarUint(decoder);
    if (structs * minStructBytes > update.length) {
      throw new RejectedUpdate('hostile', `update declares ${structs} structs in ${update.length} bytes`);
    }
  } catch (err) {
    if (err instanceof RejectedUpdate) throw err;
    throw new RejectedUpdate('malformed', 'update header is truncated');
  }
}

function checkRange(client: number, clock: number, length: number, isDeletion = false): void {
  if (!Number.isInteger(client) || client < 0 || client > maxClientId) {
    throw new RejectedUpdate('hostile', `client id ${client} is not a uint32`);
  }
  if (!Number.isInteger(length) || length < 1 || clock + length > maxClock) {
    throw new RejectedUpdate('hostile', `${isDeletion ? 'deletion' : 'struct'} ${client}:${clock}+${length} is out of range`);
  }
}

function checkItem(item: Y.Item): void {
  if (item.content instanceof Y.ContentDoc) {
    throw new RejectedUpdate('hostile', 'sub-documents are not supported');
  }
  for (const id of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
    if (id && (id.client > maxClientId || id.clock >= maxClock)) {
      throw new RejectedUpdate('hostile', 'struct refers to an id out of range');
    }
    // An item's neighbours and parent existed when it was written, so one of
    // its own client's is always earlier. Yjs relies on that (Item.getMissing
    // never waits for its own client) and throws in the middle of
    // integrating one that points forward; stored, such an update would
    // break every later load of the document (found by socket-fuzz.test.ts).
    if (id && id.client === item.id.client && id.clock >= item.id.clock) {
      throw new RejectedUpdate('hostile', 'struct refers to a later struct of its own client');
    }
  }
}
