import * as Y from 'yjs';
import { stockClientPool, waitFor } from '../server/sync/test-clients';
import type { TestServer, TestUser } from '../server/testing/test-server';

/**
 * Writes `count` paragraphs into a document through stock y-websocket
 * clients, one per member in turn (line i by members[i % members.length]),
 * and returns once the server has stored them all: a fresh reader gets
 * every line, and the server sends only what it has committed. Answers
 * the size of the stored document, encoded as one update, in bytes.
 */
export async function writeLines(server: TestServer, docId: string, members: TestUser[], count: number, line: (index: number) => string): Promise<number> {
  const pool = stockClientPool();
  try {
    const writers = members.map((member) => pool.connect(server.url, docId, member));
    await Promise.all(writers.map((writer) => writer.synced));
    for (let index = 0; index < count; index++) {
      const writer = writers[index % writers.length]!;
      writer.doc.transact(() => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(line(index))]);
        writer.doc.getXmlFragment('default').push([paragraph]);
      });
    }
    const reader = pool.connect(server.url, docId, members[0]!);
    await reader.synced;
    await waitFor('every line stored', () => reader.doc.getXmlFragment('default').length === count, 30_000);
    return Y.encodeStateAsUpdate(reader.doc).byteLength;
  } finally {
    pool.destroyAll();
  }
}
