import * as Y from 'yjs';
import { measureDeletions, measureInsertions, type UpdateMeasure } from './edit-tally';
import { settlePending } from './pending-structs';
import { checkContinuations, claimsFor, inspectUpdate } from './update-guard';

/**
 * Taking one writer's update into a document: the step between a message
 * and the rows to store, over a bare Y.Doc and its client-id owners, with no
 * connection, storage or clock in sight (the room stores and relays what it
 * returns).
 *
 * 1. The update guard inspects the update and refuses it, by throwing a
 *    RejectedUpdate, before anything changes (update-guard.ts).
 * 2. The client ids it writes new structs under are claimed for the writer
 *    in `owners` at once, so that another update in the same tick is judged
 *    against them; the claims are stored with the update's rows.
 * 3. The text it inserts is measured before it is applied, what it deletes as
 *    it is applied (before garbage collection empties the deleted items), for
 *    contribution totals (edit-tally.ts).
 * 4. It is applied; what was new to the document (the effective update Yjs
 *    reports) becomes the rows to store and relay. Structs whose
 *    dependencies are missing wait in Yjs's pending store, outside the
 *    effective update, yet the document holds them (and a sync step 2 sends
 *    them): then the update as received is stored too, not relayed, so that
 *    storage matches memory.
 *
 * If applying throws half way, what it applied is still returned as rows
 * (the document holds it) along with the `failure`. Claims that end up with
 * no rows are withdrawn from `owners` and not returned.
 */
export interface IngestedRow {
  data: Uint8Array;
  /** Sent to the other connections once stored (false: stored only). */
  relay: boolean;
}

export interface Ingested {
  rows: IngestedRow[];
  /** Client ids claimed for the writer, to store with the rows. */
  claims: number[];
  measure: UpdateMeasure;
  /** What applying threw, or null when the update applied whole. */
  failure: unknown;
}

/** `held`: the client ids the writer's connection holds, when claims by anyone else's are to be doubted (update-guard.ts OwnerInDoubt). */
export function ingest(
  doc: Y.Doc,
  owners: Map<number, string>,
  userId: string,
  update: Uint8Array,
  origin: unknown,
  held: ReadonlySet<number> | null = null,
): Ingested {
  const { store } = doc;
  const summary = inspectUpdate(update);
  // Refused before Yjs would throw half way through applying it.
  checkContinuations(summary, store);
  const claims = claimsFor(summary, (client) => Y.getState(store, client), owners, userId, held);
  for (const clientId of claims) owners.set(clientId, userId);

  const { pendingStructs, pendingDs } = store;
  const measure: UpdateMeasure = { inserted: measureInsertions(summary.decoded, store), deleted: 0 };
  const measureDeleted = (transaction: Y.Transaction) => (measure.deleted += measureDeletions(transaction, summary.decoded.ds));
  const { effective, failure } = applyCapturing(doc, update, origin, measureDeleted);

  const rows: IngestedRow[] = effective.map((data) => ({ data, relay: true }));
  const nowPending =
    (store.pendingStructs !== null && store.pendingStructs !== pendingStructs) || (store.pendingDs !== null && store.pendingDs !== pendingDs);
  if (nowPending && failure === null) rows.push({ data: update, relay: false });
  if (rows.length > 0) return { rows, claims, measure, failure };
  for (const clientId of claims) owners.delete(clientId);
  return { rows, claims: [], measure, failure };
}

/**
 * Applies `update` to `doc` and returns what was new to it (the effective
 * updates Yjs reports, usually one) and what applying threw, if anything.
 * The listeners live only for this call: `afterTransaction`, if given, runs
 * before garbage collection, as Yjs orders it. Pending structs are settled
 * after (pending-structs.ts).
 */
export function applyCapturing(
  doc: Y.Doc,
  update: Uint8Array,
  origin: unknown,
  afterTransaction?: (transaction: Y.Transaction) => void,
): { effective: Uint8Array[]; failure: unknown } {
  const effective: Uint8Array[] = [];
  const capture = (data: Uint8Array) => void effective.push(data);
  doc.on('update', capture);
  if (afterTransaction) doc.on('afterTransaction', afterTransaction);
  let failure: unknown = null;
  try {
    Y.applyUpdate(doc, update, origin);
  } catch (err) {
    failure = err;
  } finally {
    // Settled while still capturing: what settling integrates is new to the document too.
    try {
      settlePending(doc);
    } catch (err) {
      failure ??= err;
    }
    doc.off('update', capture);
    if (afterTransaction) doc.off('afterTransaction', afterTransaction);
  }
  return { effective, failure };
}
