import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Moving this device's unacknowledged edits to fresh Yjs client ids.
 *
 * A Yjs client id belongs to the user whose connection first announced it or
 * wrote with it; the server closes a socket that writes under someone else's
 * with `clientIdForged` (shared/close-codes.ts). When that happens to an
 * honest client (another member wrote under its id first, or two ids
 * collided), the ids it holds the edits under now name other structs on the
 * server, so resending them can never succeed. What the client does instead:
 *
 * 1. Syncs a new, empty Y.Doc (with its own random client id) with the
 *    server: the server's document as it is (`serverCopy`).
 * 2. Finds, per client id, where the device's copy stops agreeing with the
 *    server's: the first clock at which the two hold a different struct, or
 *    the end of what the server holds. What the device holds from there on
 *    under that id was never stored; what comes before was (`unacknowledged`).
 * 3. Re-authors exactly that part under a fresh client id per moved id,
 *    clocks shifted to start at 0, with every reference to a moved struct
 *    (left and right origins, parents, deletions) shifted alike, and applies
 *    it to the server's copy (`moveUnacknowledged`). The structs keep their
 *    anchors, so the text lands where it was typed, next to concurrent edits
 *    by others rather than over them, and nothing already stored is written
 *    twice.
 *
 * The caller then sends it (the provider does, as a local change) and keeps
 * the server's copy as the document from now on.
 */

/** Where one client id's structs stop being the server's: re-authored under `to` from `from` on. */
export interface ClientIdMove {
  client: number;
  /** The first clock the server does not hold as this device does. */
  from: number;
  /** Clocks this device holds under `client` (its state). */
  until: number;
  /** The fresh client id the structs from `from` move to. */
  to: number;
}

/** The Yjs origin of the re-authored edits, so that a provider sends them like a local change. */
export const clientIdMoveOrigin = Symbol('client-id-move');

/** A random client id that neither document uses (Yjs's own are random 32-bit numbers too). */
export function freshClientId(...docs: Y.Doc[]): number {
  const taken = (id: number) => docs.some((doc) => doc.clientID === id || doc.store.clients.has(id));
  for (;;) {
    const id = crypto.getRandomValues(new Uint32Array(1))[0]!;
    if (!taken(id)) return id;
  }
}

/**
 * The client ids whose structs on this device (`local`) go beyond what the
 * server (`server`) holds as this device does, each with where that starts
 * and the fresh id it moves to.
 */
export function unacknowledged(local: Y.Doc, server: Y.Doc): ClientIdMove[] {
  const localStructs = structsByClient(local);
  const serverStructs = structsByClient(server);
  const moves: ClientIdMove[] = [];
  const fresh = new Set<number>();
  for (const [client, until] of Y.decodeStateVector(Y.encodeStateVector(local))) {
    const from = firstDifference(client, localStructs.get(client) ?? [], serverStructs.get(client) ?? [], until, Y.getState(server.store, client));
    if (from >= until) continue;
    let to = freshClientId(local, server);
    while (fresh.has(to)) to = freshClientId(local, server);
    fresh.add(to);
    moves.push({ client, from, until, to });
  }
  return moves;
}

/**
 * Applies to `server` what `local` holds beyond it, with the structs of each
 * move re-authored under its fresh id. Returns the moves made (none when the
 * device holds nothing the server lacks).
 */
export function moveUnacknowledged(local: Y.Doc, server: Y.Doc): ClientIdMove[] {
  const moves = unacknowledged(local, server);
  const target = Y.decodeStateVector(Y.encodeStateVector(server));
  for (const move of moves) target.set(move.client, move.from);
  const encodedTarget = encodeStateVector(target);
  const update = Y.encodeStateAsUpdate(local, encodedTarget);
  Y.applyUpdate(server, reauthor(update, moves), clientIdMoveOrigin);
  return moves;
}

/** `update` (v1) with the structs and deletions of each move under its fresh id. */
export function reauthor(update: Uint8Array, moves: readonly ClientIdMove[]): Uint8Array {
  const byClient = new Map(moves.map((move) => [move.client, move]));
  const mapId = (id: Y.ID): Y.ID => {
    const move = byClient.get(id.client);
    return move && id.clock >= move.from ? Y.createID(move.to, id.clock - move.from) : id;
  };
  const { structs, ds } = Y.decodeUpdate(update);

  const groups = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const struct of structs) {
    if (struct instanceof Y.Item) {
      if (struct.origin) struct.origin = mapId(struct.origin);
      if (struct.rightOrigin) struct.rightOrigin = mapId(struct.rightOrigin);
      if (struct.parent instanceof Y.ID) struct.parent = mapId(struct.parent);
    }
    const client = mapId(struct.id).client;
    const group = groups.get(client) ?? [];
    group.push(struct);
    groups.set(client, group);
  }

  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, groups.size);
  for (const [client, group] of groups) {
    encoding.writeVarUint(encoder.restEncoder, group.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, mapId(group[0]!.id).clock);
    for (const struct of group) struct.write(encoder, 0);
  }

  const deletions = new Map<number, { clock: number; len: number }[]>();
  const deleted = (client: number, clock: number, len: number) => {
    if (len <= 0) return;
    const ranges = deletions.get(client) ?? [];
    ranges.push({ clock, len });
    deletions.set(client, ranges);
  };
  for (const [client, ranges] of ds.clients) {
    const move = byClient.get(client);
    for (const { clock, len } of ranges) {
      if (!move) {
        deleted(client, clock, len);
        continue;
      }
      const split = Math.min(Math.max(move.from, clock), clock + len);
      deleted(client, clock, split - clock);
      deleted(move.to, split - move.from, clock + len - split);
    }
  }
  encoding.writeVarUint(encoder.restEncoder, deletions.size);
  for (const [client, ranges] of deletions) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const { clock, len } of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
  return encoder.toUint8Array();
}

type Struct = Y.Item | Y.GC | Y.Skip;

function structsByClient(doc: Y.Doc): Map<number, Struct[]> {
  const byClient = new Map<number, Struct[]>();
  for (const struct of Y.decodeUpdate(Y.encodeStateAsUpdate(doc)).structs) {
    const list = byClient.get(struct.id.client) ?? [];
    list.push(struct);
    byClient.set(struct.id.client, list);
  }
  return byClient;
}

/**
 * The first clock under `client` at which the two copies hold different
 * structs, or the end of the shorter. Compared one clock at a time (a struct
 * may be split differently on each side): the same origins, parent and kind
 * of content, and the same character of text. A struct collected on either
 * side (GC, its content gone) or deleted there cannot be told apart beyond
 * its origins, and counts as the same.
 */
function firstDifference(client: number, local: Struct[], server: Struct[], localState: number, serverState: number): number {
  const end = Math.min(localState, serverState);
  const l = new Cursor(local);
  const s = new Cursor(server);
  for (let clock = 0; clock < end; clock++) {
    const a = l.at(clock);
    const b = s.at(clock);
    if (!a || !b) return clock;
    if (!sameUnit(client, clock, a, b)) return clock;
  }
  return end;
}

/** Walks one client's structs in clock order, answering the struct and offset that hold a clock. */
class Cursor {
  #index = 0;
  constructor(private readonly structs: Struct[]) {}

  at(clock: number): { struct: Struct; offset: number } | null {
    while (this.#index < this.structs.length) {
      const struct = this.structs[this.#index]!;
      if (clock < struct.id.clock) return null;
      if (clock < struct.id.clock + struct.length) return { struct, offset: clock - struct.id.clock };
      this.#index += 1;
    }
    return null;
  }
}

function sameUnit(client: number, clock: number, a: { struct: Struct; offset: number }, b: { struct: Struct; offset: number }): boolean {
  if (!(a.struct instanceof Y.Item) || !(b.struct instanceof Y.Item)) return !(a.struct instanceof Y.Skip || b.struct instanceof Y.Skip);
  const x = a.struct;
  const y = b.struct;
  const originOf = (item: Y.Item, offset: number) => (offset > 0 ? Y.createID(client, clock - 1) : item.origin);
  const origin = originOf(x, a.offset);
  if (!sameId(origin, originOf(y, b.offset)) || !sameId(x.rightOrigin, y.rightOrigin)) return false;
  // The parent is written (and decoded) only for a struct with neither origin: the origins place the rest.
  if (origin === null && x.rightOrigin === null && (!sameParent(x.parent, y.parent) || x.parentSub !== y.parentSub)) return false;
  if (x.content instanceof Y.ContentDeleted || y.content instanceof Y.ContentDeleted) return true;
  if (x.content.getRef() !== y.content.getRef()) return false;
  return contentKey(x.content, a.offset) === contentKey(y.content, b.offset);
}

function sameId(a: Y.ID | null, b: Y.ID | null): boolean {
  return a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);
}

function sameParent(a: unknown, b: unknown): boolean {
  if (a instanceof Y.ID && b instanceof Y.ID) return sameId(a, b);
  return a === b;
}

/** What one clock of content holds, enough to tell two authors' structs apart. */
function contentKey(content: Y.Item['content'], offset: number): string {
  if (content instanceof Y.ContentString) return content.str[offset] ?? '';
  if (content instanceof Y.ContentType) return content.type instanceof Y.XmlElement ? `<${content.type.nodeName}>` : content.type.constructor.name;
  if (content instanceof Y.ContentFormat) return `${content.key}=${JSON.stringify(content.value)}`;
  if (content instanceof Y.ContentEmbed) return JSON.stringify(content.embed);
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) return JSON.stringify(content.getContent()[offset]);
  if (content instanceof Y.ContentDoc) return content.doc?.guid ?? '';
  return '';
}

function encodeStateVector(state: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, state.size);
  for (const [client, clock] of state) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Edits made on the old document after the move (its editor shows it until
 * it is rebound to the new one) follow onto the new document, re-authored
 * the same way. Returns what stops following.
 */
export function followLaterEdits(local: Y.Doc, doc: Y.Doc, moves: readonly ClientIdMove[]): () => void {
  const onUpdate = (update: Uint8Array) => Y.applyUpdate(doc, reauthor(update, moves), clientIdMoveOrigin);
  local.on('update', onUpdate);
  return () => local.off('update', onUpdate);
}

/** What `moveToFreshClientIds` needs of a provider: the stock y-websocket one has it. */
export interface SyncingProvider {
  readonly synced: boolean;
  on(event: 'sync', listener: (synced: boolean) => void): void;
  off(event: 'sync', listener: (synced: boolean) => void): void;
  destroy(): void;
}

/**
 * The whole move: a new document synced with the server through the
 * provider `connect` opens on it, then this device's unacknowledged edits
 * (`local`'s) re-authored onto it, sent by that provider as a local change.
 * `beforeMove` runs once the server's state is in and before the edits are,
 * to watch the new document (a sync tracker, a device copy). The old
 * document is left as it is (the caller drops it).
 */
export async function moveToFreshClientIds<P extends SyncingProvider>(
  local: Y.Doc,
  connect: (doc: Y.Doc) => P,
  beforeMove: (doc: Y.Doc, provider: P) => void | Promise<void> = () => {},
): Promise<{ doc: Y.Doc; provider: P; moves: ClientIdMove[] }> {
  const doc = new Y.Doc({ gc: local.gc });
  doc.clientID = freshClientId(local);
  const provider = connect(doc);
  try {
    await whenSynced(provider);
    await beforeMove(doc, provider);
    return { doc, provider, moves: moveUnacknowledged(local, doc) };
  } catch (err) {
    provider.destroy();
    doc.destroy();
    throw err;
  }
}

function whenSynced(provider: SyncingProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => {
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}
