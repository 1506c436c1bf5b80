import * as Y from 'yjs';

/**
 * Characters in a document now per Yjs client id: every text item that is
 * not deleted, whatever type holds it (a deleted paragraph deletes its text
 * too, so nothing hidden is counted). One pass over the document's items.
 */
export function survivingByClient(doc: Y.Doc): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    let chars = 0;
    for (const struct of structs) {
      if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentString) chars += struct.length;
    }
    if (chars > 0) counts.set(client, chars);
  }
  return counts;
}

/** The same, per user, through the ownership map. */
export function survivingByUser(doc: Y.Doc, owners: ReadonlyMap<number, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [client, chars] of survivingByClient(doc)) {
    const owner = owners.get(client);
    if (owner !== undefined) counts.set(owner, (counts.get(owner) ?? 0) + chars);
  }
  return counts;
}
