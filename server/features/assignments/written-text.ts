import type { Kysely } from 'kysely';
import type * as Y from 'yjs';
import { documentTree } from '../../../shared/document-tree';
import { type DocNode, isTextNode } from '../../../shared/document-nodes';
import type { Database } from '../../db/schema';
import { clientOwners } from '../contributions/people';
import { survivingByClient } from '../contributions/surviving';
import type { DocHistory } from '../versions/history';

/**
 * What a document's text comes to now, per author: characters (the
 * contributions report's "surviving") and words. Counting needs the whole
 * Yjs document, too slow to rebuild for sixty copies on every look at the
 * class, so the figures are kept in `doc_written_text`, each row saying the
 * last update row it reflects. A read compares that with the document's
 * last row (one index lookup per document) and rebuilds only the documents
 * written since: the work of a request is bounded by what changed, and a
 * class nobody wrote in since the last look costs two indexed queries.
 *
 * Refreshing on read rather than in a commit hook keeps the cost off the
 * sync path, where every update is committed before it is relayed; a commit
 * hook has the update's rows but not the document, and would rebuild it on
 * every keystroke's commit.
 */
export interface WrittenText {
  /** The last update row the figures include (0: the document has none). */
  lastUpdateId: number;
  characters: number;
  words: number;
  authors: Map<string, { characters: number; words: number }>;
}

/** Characters and words per author of a document, through the ownership of its Yjs client ids. */
export function measureWrittenText(doc: Y.Doc, owners: ReadonlyMap<number, string>): Omit<WrittenText, 'lastUpdateId'> {
  const authors = new Map<string, { characters: number; words: number }>();
  const of = (userId: string) => {
    let found = authors.get(userId);
    if (!found) authors.set(userId, (found = { characters: 0, words: 0 }));
    return found;
  };
  const byClient = survivingByClient(doc);
  let characters = 0;
  for (const [client, chars] of byClient) {
    characters += chars;
    const owner = owners.get(client);
    if (owner !== undefined) of(owner).characters += chars;
  }
  const counted = wordsByAuthor(documentTree(doc, { authorOf: (client) => owners.get(client) ?? null }));
  for (const [userId, words] of counted.byAuthor) of(userId).words = words;
  return { characters, words: counted.total, authors };
}

/**
 * Words in a document tree, and per author the words that start in their
 * text: a word starts at a non-space character after a space, or at the
 * start of a block (as the contribution ledger counts words typed).
 */
export function wordsByAuthor(nodes: readonly DocNode[]): { total: number; byAuthor: Map<string, number> } {
  const byAuthor = new Map<string, number>();
  let total = 0;
  let previous: string | null = null;
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (isTextNode(node)) {
        for (const char of node.text) {
          if (!isSpace(char) && (previous === null || isSpace(previous))) {
            total += 1;
            if (node.author !== null) byAuthor.set(node.author, (byAuthor.get(node.author) ?? 0) + 1);
          }
          previous = char;
        }
      } else {
        // An element (a block, or an inline node such as a hard break) separates words.
        previous = null;
        visit(node.content);
        previous = null;
      }
    }
  };
  visit(nodes);
  return { total, byAuthor };
}

function isSpace(char: string): boolean {
  const code = char.charCodeAt(0);
  // Printable ASCII, most of any text, without the regular expression.
  if (code > 32 && code < 127) return false;
  return /\s/u.test(char);
}

export class WrittenTexts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly history: Pick<DocHistory, 'build'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The figures of each document, refreshed first where the document was written since they were kept. */
  async forDocs(docIds: readonly string[]): Promise<Map<string, WrittenText>> {
    const found = new Map<string, WrittenText>();
    if (docIds.length === 0) return found;
    const rows = await this.db
      .selectFrom('documents')
      .leftJoin('doc_written_text', 'doc_written_text.doc_id', 'documents.id')
      .select([
        'documents.id',
        'doc_written_text.last_update_id',
        'doc_written_text.characters',
        'doc_written_text.words',
        'doc_written_text.authors',
        // The max of an indexed (doc_id, id) range: one lookup, however long the log.
        (eb) => eb.selectFrom('doc_updates').select((u) => u.fn.max('doc_updates.id').as('id')).whereRef('doc_updates.doc_id', '=', 'documents.id').as('latest'),
      ])
      .where('documents.id', 'in', [...docIds])
      .execute();
    for (const row of rows) {
      const latest = Number(row.latest ?? 0);
      if (row.last_update_id !== null && Number(row.last_update_id) === latest) {
        found.set(row.id, {
          lastUpdateId: latest,
          characters: Number(row.characters),
          words: Number(row.words),
          authors: parseAuthors(row.authors ?? '{}'),
        });
      } else {
        found.set(row.id, await this.#refresh(row.id, latest));
      }
    }
    return found;
  }

  async #refresh(docId: string, latest: number): Promise<WrittenText> {
    if (latest === 0) return { lastUpdateId: 0, characters: 0, words: 0, authors: new Map() };
    const owners = await clientOwners(this.db, docId);
    const doc = await this.history.build(docId, latest, { gc: true });
    let measured: Omit<WrittenText, 'lastUpdateId'>;
    try {
      measured = measureWrittenText(doc, owners);
    } finally {
      doc.destroy();
    }
    const values = {
      last_update_id: latest,
      characters: measured.characters,
      words: measured.words,
      authors: JSON.stringify(Object.fromEntries([...measured.authors].map(([userId, a]) => [userId, [a.characters, a.words]]))),
      refreshed_at: this.now(),
    };
    // Two readers refreshing at once write the same figures; an older reading never replaces a newer one.
    await this.db
      .insertInto('doc_written_text')
      .values({ doc_id: docId, ...values })
      .onConflict((oc) => oc.column('doc_id').doUpdateSet(values).where('doc_written_text.last_update_id', '<', latest))
      .execute();
    return { lastUpdateId: latest, ...measured };
  }
}

function parseAuthors(json: string): WrittenText['authors'] {
  const parsed = JSON.parse(json) as Record<string, [number, number]>;
  return new Map(Object.entries(parsed).map(([userId, [characters, words]]) => [userId, { characters, words }]));
}
