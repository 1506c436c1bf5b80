import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Logger } from '../logger';
import type { DocChannelListener, Relay } from './relay';

/**
 * Catching up from the database, periodically, for what no relay message
 * announced: an instance killed after storing an update and before
 * publishing it, or a message lost some other way, would otherwise leave the
 * other instances' copies behind until a client resyncs.
 *
 * Wraps the relay: every document listened on gets a marker, the id of the
 * newest update row it was known to hold when it started listening (its
 * floor), the newest row id seen since and how many rows were seen since.
 * Every `periodMs` one grouped query per batch of documents compares, from
 * the index alone, the newest row id and the row count above each floor with
 * the marker; nothing else is read for a document that did not change. For
 * one that did, only the rows above the newest id seen are read, and handed
 * to the listener as if relayed (an update already held is a no-op). A
 * count that does not add up means a row committed late below an id already
 * seen: the listener then catches up by state vector from the whole stored
 * document (relay.ts, `resync`).
 */
export interface CatchUpOptions {
  periodMs: number;
  logger: Logger;
}

interface Marker {
  listener: DocChannelListener;
  /** Rows at or below this id were stored before listening began; null until read. */
  floor: number | null;
  newest: number;
  /** Rows above the floor seen so far. */
  seen: number;
}

/** Documents asked about in one query. */
const batchSize = 200;

export class CatchingUpRelay implements Relay {
  readonly #markers = new Map<string, Set<Marker>>();
  readonly #timer: NodeJS.Timeout;
  #round: Promise<void> | null = null;

  constructor(
    private readonly relay: Relay,
    private readonly db: Kysely<Database>,
    private readonly options: CatchUpOptions,
  ) {
    this.#timer = setInterval(() => void this.catchUp(), options.periodMs);
    this.#timer.unref();
  }

  publishUpdate(docId: string, update: Uint8Array): void {
    this.relay.publishUpdate(docId, update);
  }

  publishAwareness(docId: string, update: Uint8Array): void {
    this.relay.publishAwareness(docId, update);
  }

  join(docId: string, listener: DocChannelListener): () => void {
    const leave = this.relay.join(docId, listener);
    const marker: Marker = { listener, floor: null, newest: 0, seen: 0 };
    let markers = this.#markers.get(docId);
    if (!markers) this.#markers.set(docId, (markers = new Set()));
    markers.add(marker);
    // Read before the room loads (it joins first), so that the load holds every row at or below the floor.
    void this.#newestRow(docId).then(
      (newest) => {
        marker.floor = newest;
        marker.newest = newest;
      },
      (err: unknown) => this.options.logger.warn({ err, docId }, 'reading where a document stands failed'),
    );
    return () => {
      leave();
      markers.delete(marker);
      if (markers.size === 0 && this.#markers.get(docId) === markers) this.#markers.delete(docId);
    };
  }

  /** One round over every document listened on; a round asked for during one waits for it. */
  catchUp(): Promise<void> {
    this.#round ??= this.#catchUpAll()
      .catch((err: unknown) => this.options.logger.warn({ err }, 'catching up from the database failed'))
      .finally(() => (this.#round = null));
    return this.#round;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #catchUpAll(): Promise<void> {
    const docs: [string, Marker[]][] = [];
    for (const [docId, markers] of this.#markers) {
      const read = [...markers].filter((marker) => marker.floor !== null);
      if (read.length > 0) docs.push([docId, read]);
    }
    for (let at = 0; at < docs.length; at += batchSize) {
      const batch = docs.slice(at, at + batchSize);
      const stands = await this.#stands(batch.map(([docId, markers]) => ({ docId, floor: Math.min(...markers.map((m) => m.floor!)) })));
      for (const [docId, markers] of batch) {
        const stand = stands.get(docId);
        if (stand) for (const marker of markers) await this.#catchUpDoc(docId, marker, stand);
      }
    }
  }

  async #catchUpDoc(docId: string, marker: Marker, stand: Stand): Promise<void> {
    const floor = marker.floor!;
    // Two rooms of one document (one unloading) may have different floors: then the count says nothing of this one.
    const unchanged = stand.newest <= marker.newest && stand.floor === floor && stand.count === marker.seen;
    if (unchanged) return;
    const rows = await this.db
      .selectFrom('doc_updates')
      .select(['id', 'data'])
      .where('doc_id', '=', docId)
      .where('id', '>', marker.newest)
      .orderBy('id')
      .execute();
    for (const row of rows) marker.listener.update(new Uint8Array(row.data));
    for (const row of rows) marker.newest = Math.max(marker.newest, Number(row.id));
    marker.seen += rows.length;
    const stored = await this.#count(docId, floor, marker.newest);
    if (stored !== marker.seen) {
      // A row committed below an id already seen: read back the whole document.
      marker.seen = stored;
      marker.listener.resync();
    }
  }

  async #newestRow(docId: string): Promise<number> {
    const row = await this.db.selectFrom('doc_updates').select((eb) => eb.fn.max('id').as('newest')).where('doc_id', '=', docId).executeTakeFirst();
    return Number(row?.newest ?? 0);
  }

  /** Rows of `docId` with `floor` < id <= `newest`. */
  async #count(docId: string, floor: number, newest: number): Promise<number> {
    const row = await this.db
      .selectFrom('doc_updates')
      .select((eb) => eb.fn.countAll().as('rows'))
      .where('doc_id', '=', docId)
      .where('id', '>', floor)
      .where('id', '<=', newest)
      .executeTakeFirst();
    return Number(row?.rows ?? 0);
  }

  /** Per document: the newest row id and the number of rows above `floor`. */
  async #stands(docs: { docId: string; floor: number }[]): Promise<Map<string, Stand>> {
    const rows = await this.db
      .selectFrom('doc_updates')
      .select((eb) => ['doc_id', eb.fn.max('id').as('newest'), eb.fn.countAll().as('rows')])
      .where((eb) => eb.or(docs.map(({ docId, floor }) => eb.and([eb('doc_id', '=', docId), eb('id', '>', floor)]))))
      .groupBy('doc_id')
      .execute();
    const floors = new Map(docs.map(({ docId, floor }) => [docId, floor]));
    return new Map(rows.map((row) => [row.doc_id, { floor: floors.get(row.doc_id)!, newest: Number(row.newest), count: Number(row.rows) }]));
  }
}

interface Stand {
  /** The floor the count is from. */
  floor: number;
  newest: number;
  /** Rows above `floor`. */
  count: number;
}
