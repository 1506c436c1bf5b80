import { type StockClient, type StockClientPool, waitFor } from '../../sync/test-clients';
import { createTestDoc, type TestServer, type TestUser } from '../../testing/test-server';
import type { Role } from '../../../shared/permissions';
import { addParagraph, paragraphs } from '../versions/test-editing';

/**
 * A document of `members` where `writer` wrote `sentence` as its first
 * paragraph, open in the writer's and the reader's stock editors once the
 * reader has it: where suggestions on someone's sentence start.
 */
export async function sentenceInEditors(
  server: TestServer,
  pool: StockClientPool,
  members: readonly { member: TestUser; role: Role }[],
  sentence: string,
  [writer, reader]: readonly [TestUser, TestUser],
): Promise<{ docId: string; a: StockClient; b: StockClient }> {
  const { docId } = await createTestDoc(server, [...members]);
  const a = pool.connect(server.url, docId, writer);
  const b = pool.connect(server.url, docId, reader);
  await Promise.all([a.synced, b.synced]);
  addParagraph(a.doc, sentence);
  await waitFor(`${reader.user.name}’s editor has ${writer.user.name}’s sentence`, () => paragraphs(b.doc)[0] === sentence);
  return { docId, a, b };
}
