import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorFromRange } from '../../../shared/anchors';
import { type StockClient, stockClientPool, waitFor } from '../../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { addParagraph, agree, fragmentOf, paragraphText, paragraphs } from '../versions/test-editing';
import { sentenceInEditors } from './test-sentence';

/**
 * An accepted suggestion is written by the server as the suggester's edit:
 * Ada writes, Ben suggests, Ada accepts. Through real sockets (the stock
 * y-websocket client) both editors receive the change, and every figure
 * credits Ben with his words and with removing the words they replace; Ada,
 * who only decided, neither wrote nor deleted anything in accepting.
 */
let server: TestServer;
let ivy: TestUser;
let ada: TestUser;
let ben: TestUser;
let rex: TestUser;
const pool = stockClientPool();

beforeAll(async () => {
  server = await startTestServer();
  [ivy, ada, ben, rex] = await server.createUsers('Ivy', 'Ada', 'Ben', 'Rex');
});

afterAll(async () => {
  pool.destroyAll();
  await server?.close();
});

const sentence = 'Photo 51 shows an X-shaped pattern.';

/** A document where Ada wrote the sentence, open in Ada's and Ben's editors. */
function adasSentence(): Promise<{ docId: string; a: StockClient; b: StockClient }> {
  const members = [
    { member: ivy, role: 'instructor' },
    { member: ada, role: 'member' },
    { member: ben, role: 'member' },
    { member: rex, role: 'reviewer' },
  ] as const;
  return sentenceInEditors(server, pool, members, sentence, [ada, ben]);
}

/** Ben's suggestion to replace `words` of Ada's sentence (as his editor would anchor it). */
async function bensSuggestion(docId: string, doc: Y.Doc, words: string, replacement: string): Promise<string> {
  const at = 1 + sentence.indexOf(words);
  const anchor = anchorFromRange(doc, at, at + words.length);
  const created = await server.api('POST', `/api/docs/${docId}/threads`, { as: ben, body: { kind: 'suggestion', replacement, anchor } });
  expect(created.status).toBe(201);
  return created.body.thread.id;
}

const accept = (threadId: string, as: TestUser) => server.api('PATCH', `/api/threads/${threadId}`, { as, body: { status: 'accepted' } });

async function contributions(docId: string) {
  const response = await server.api('GET', `/api/docs/${docId}/contributions`, { as: ivy });
  expect(response.status).toBe(200);
  const byName = (name: string) => response.body.contributors.find((c: { user: { name: string } }) => c.user.name === name);
  return { ada: byName('Ada'), ben: byName('Ben') };
}

describe('accepting a suggestion', () => {
  it('writes the suggested text as the suggester’s edit: every editor gets it, and every figure credits the suggester', async () => {
    const { docId, a, b } = await adasSentence();
    const threadId = await bensSuggestion(docId, a.doc, 'X-shaped', 'cross-like');

    // A reviewer may not accept, and the document stays as it was.
    expect((await accept(threadId, rex)).status).toBe(403);

    const accepted = await accept(threadId, ada);
    expect(accepted.status).toBe(200);
    expect(accepted.body.thread).toMatchObject({ status: 'accepted', author: { id: ben.user.id }, statusChange: { by: { id: ada.user.id } } });
    const expected = 'Photo 51 shows an cross-like pattern.';
    await waitFor('both editors hold the accepted text', () => paragraphs(a.doc)[0] === expected && agree([a, b]));

    // Ben wrote the 10 new characters and removed the 8 they replace; Ada's part is her own sentence, less those 8.
    const figures = await contributions(docId);
    expect(figures.ben).toMatchObject({ inserted: 10, deleted: 8, surviving: 10 });
    expect(figures.ada).toMatchObject({ inserted: sentence.length, deleted: 0, surviving: sentence.length - 8 });

    // Authorship colours: the new words are Ben's, the rest of the sentence still Ada's.
    const authorship = await server.api('GET', `/api/docs/${docId}/authorship`, { as: ivy });
    expect(authorship.body.content[0].content.map((node: { text: string; author: string }) => [node.text, node.author])).toEqual([
      ['Photo 51 shows an ', ada.user.id],
      ['cross-like', ben.user.id],
      [' pattern.', ada.user.id],
    ]);
    // History: the minute of the acceptance has Ben as its editor.
    const timeline = await server.api('GET', `/api/docs/${docId}/timeline`, { as: ivy });
    const editors = timeline.body.steps.flatMap((step: { editors: { userId: string }[] }) => step.editors.map((e) => e.userId));
    expect(editors).toContain(ben.user.id);

    // In the editors' replicas too, the new words are under a client id of Ben's own, made for this edit (not his editor's).
    const written = clientIdOf(paragraphText(b.doc, 0), 'cross-like');
    const owners = await server.api('GET', `/api/docs/${docId}/authors`, { as: ivy });
    const bensIds: number[] = owners.body.authors.find((x: { user: { id: string } }) => x.user.id === ben.user.id).clientIds;
    expect(bensIds).toContain(written);
    expect(written).not.toBe(b.doc.clientID);
  });

  it('turns line breaks into hard breaks, in the formatting of the replaced text', async () => {
    const { docId, a, b } = await adasSentence();
    paragraphText(a.doc, 0).format(sentence.indexOf('X-shaped'), 'X-shaped'.length, { bold: {} });
    await waitFor('Ben sees the bold', () => JSON.stringify(paragraphText(b.doc, 0).toDelta()).includes('bold'));
    const threadId = await bensSuggestion(docId, a.doc, 'X-shaped', 'cross\nshaped');
    expect((await accept(threadId, ada)).status).toBe(200);
    await waitFor('both editors hold the hard break', () => agree([a, b]) && (fragmentOf(b.doc).get(0) as Y.XmlElement).length === 3);

    const paragraph = fragmentOf(b.doc).get(0) as Y.XmlElement;
    const [before, lineBreak, after] = paragraph.toArray();
    expect(lineBreak).toBeInstanceOf(Y.XmlElement);
    expect((lineBreak as Y.XmlElement).nodeName).toBe('hardBreak');
    expect((before as Y.XmlText).toDelta()).toEqual([{ insert: 'Photo 51 shows an ' }, { insert: 'cross', attributes: { bold: {} } }]);
    expect((after as Y.XmlText).toDelta()).toEqual([{ insert: 'shaped', attributes: { bold: {} } }, { insert: ' pattern.' }]);
    // Ada deleted nothing in accepting; the new words are Ben's, the start of her sentence still hers. (The rest
    // of her line moves into a new Yjs text after the break, written with it, as typing a line break there would.)
    expect((await contributions(docId)).ada.deleted).toBe(0);
    const authorship = await server.api('GET', `/api/docs/${docId}/authorship`, { as: ivy });
    const authors = authorship.body.content[0].content.map((node: { type: string; text?: string; author?: string }) => [node.text ?? node.type, node.author]);
    expect(authors.slice(0, 3)).toEqual([
      ['Photo 51 shows an ', ada.user.id],
      ['cross', ben.user.id],
      ['hardBreak', undefined],
    ]);
    expect(authors[3]).toEqual(['shaped', ben.user.id]);
  });

  it('refuses, with a clear reason and nothing changed, a suggestion whose text is gone', async () => {
    const { docId, a, b } = await adasSentence();
    const threadId = await bensSuggestion(docId, a.doc, 'X-shaped', 'cross-like');
    // Ada deletes the words the suggestion is about.
    paragraphText(a.doc, 0).delete(sentence.indexOf('X-shaped '), 'X-shaped '.length);
    const without = 'Photo 51 shows an pattern.';
    await waitFor('Ben sees the deletion', () => paragraphs(b.doc)[0] === without);
    const stateBefore = Y.encodeStateVector(b.doc);

    const refused = await accept(threadId, ada);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/no longer in the document/);
    const thread = await server.api('GET', `/api/threads/${threadId}`, { as: ada });
    expect(thread.body.thread.status).toBe('open');
    // Nothing was written: the server's copy (a fresh editor's sync) holds exactly what it held.
    const c = pool.connect(server.url, docId, ivy);
    await c.synced;
    expect(paragraphs(c.doc)[0]).toBe(without);
    expect(Y.encodeStateVector(c.doc)).toEqual(stateBefore);
    expect((await contributions(docId)).ben.inserted).toBe(0);
  });
});

describe('accepting a suggestion whose edit cannot be stored', () => {
  it('leaves it open: a suggestion is accepted only with its text in place', async () => {
    const own = await startTestServer();
    try {
      const [writer, suggester] = await own.createUsers('Wes', 'Sue');
      const { docId } = await createTestDoc(own, [
        { member: writer!, role: 'member' },
        { member: suggester!, role: 'member' },
      ]);
      const w = pool.connect(own.url, docId, writer!);
      await w.synced;
      addParagraph(w.doc, sentence);
      const at = 1 + sentence.indexOf('X-shaped');
      const anchor = anchorFromRange(w.doc, at, at + 'X-shaped'.length);
      await waitFor('the sentence is stored', async () => (await own.api('GET', `/api/docs/${docId}/contributions`, { as: writer })).body.contributors.length > 0);
      const created = await own.api('POST', `/api/docs/${docId}/threads`, { as: suggester, body: { kind: 'suggestion', replacement: 'cross-like', anchor } });
      expect(created.status).toBe(201);
      // The document's rooms shut down (as when the server is stopping): the edit cannot go through them.
      await own.domain.sync.stop();

      const refused = await own.api('PATCH', `/api/threads/${created.body.thread.id}`, { as: writer, body: { status: 'accepted' } });
      expect(refused.status).toBe(503);
      const thread = await own.api('GET', `/api/threads/${created.body.thread.id}`, { as: writer });
      expect(thread.body.thread).toMatchObject({ status: 'open', statusChange: null });
    } finally {
      await own.close();
    }
  });
});

/** The Yjs client id of the item holding exactly `text` in `xmlText`. */
function clientIdOf(xmlText: Y.XmlText, text: string): number | null {
  for (let item = xmlText._start; item; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentString && item.content.str === text) return item.id.client;
  }
  return null;
}
