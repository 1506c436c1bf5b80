import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorFromRange } from '../../../shared/anchors';
import { type StockClient, stockClientPool, waitFor } from '../../sync/test-clients';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { agree, paragraphText, paragraphs } from '../versions/test-editing';
import { sentenceInEditors } from './test-sentence';

/**
 * "Accept all" and "Reject all": Ada writes, Ben suggests several changes
 * in one sentence, Ada decides them at once. Each is decided as a single
 * PATCH would decide it, so every accepted text is in the shared document.
 */
let server: TestServer;
let ada: TestUser;
let ben: TestUser;
let rex: TestUser;
let out: TestUser;
const pool = stockClientPool();

beforeAll(async () => {
  server = await startTestServer();
  [ada, ben, rex, out] = await server.createUsers('Ada', 'Ben', 'Rex', 'Out');
});

afterAll(async () => {
  pool.destroyAll();
  await server?.close();
});

const sentence = 'Photo 51 shows an X-shaped pattern.';

/** A document where Ada wrote the sentence, open in Ada's and Ben's editors. */
function adasSentence(): Promise<{ docId: string; a: StockClient; b: StockClient }> {
  const members = [
    { member: ada, role: 'member' },
    { member: ben, role: 'member' },
    { member: rex, role: 'reviewer' },
  ] as const;
  return sentenceInEditors(server, pool, members, sentence, [ada, ben]);
}

/** A suggestion by `as` to replace `words` (empty: insert before `words`). */
async function suggest(docId: string, doc: Y.Doc, as: TestUser, words: string, replacement: string, insertBefore = false): Promise<string> {
  const at = 1 + sentence.indexOf(words);
  const anchor = insertBefore ? anchorFromRange(doc, at, at) : anchorFromRange(doc, at, at + words.length);
  const created = await server.api('POST', `/api/docs/${docId}/threads`, { as, body: { kind: 'suggestion', replacement, anchor } });
  expect(created.status).toBe(201);
  return created.body.thread.id;
}

const decide = (docId: string, as: TestUser, body: object) => server.api('POST', `/api/docs/${docId}/suggestions/decide`, { as, body });

describe('deciding many suggestions at once', () => {
  it('accepts every open suggestion: each text is in the shared document and each status is accepted', async () => {
    const { docId, a, b } = await adasSentence();
    const ids = [
      await suggest(docId, a.doc, ben, 'Photo', 'The photo'),
      await suggest(docId, a.doc, ben, 'X-shaped ', ''),
      await suggest(docId, a.doc, rex, 'pattern', 'clear ', true),
      await suggest(docId, a.doc, rex, 'pattern.', 'pattern!'),
    ];
    const accepted = await decide(docId, ada, { status: 'accepted' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.skipped).toEqual([]);
    expect(accepted.body.decided.map((t: { id: string }) => t.id).sort()).toEqual([...ids].sort());
    expect(accepted.body.decided.every((t: { status: string }) => t.status === 'accepted')).toBe(true);
    const expected = 'The photo 51 shows an clear pattern!';
    await waitFor('both editors hold every accepted text', () => paragraphs(a.doc)[0] === expected && agree([a, b]));
    const list = await server.api('GET', `/api/docs/${docId}/threads?kind=suggestion&status=open`, { as: ada });
    expect(list.body.threads).toEqual([]);
  });

  it('writes two insertions at the same point both, the older first', async () => {
    const { docId, a, b } = await adasSentence();
    await suggest(docId, a.doc, ben, 'X-shaped', 'very ', true);
    await suggest(docId, a.doc, rex, 'X-shaped', 'clear ', true);
    const accepted = await decide(docId, ada, { status: 'accepted' });
    expect(accepted.body).toMatchObject({ skipped: [] });
    expect(accepted.body.decided).toHaveLength(2);
    await waitFor('both insertions are in', () => paragraphs(a.doc)[0] === 'Photo 51 shows an very clear X-shaped pattern.' && agree([a, b]));
  });

  it('skips, with its reason, a suggestion whose text was deleted, and decides only the listed ones', async () => {
    const { docId, a, b } = await adasSentence();
    const gone = await suggest(docId, a.doc, ben, 'X-shaped', 'cross-like');
    const kept = await suggest(docId, a.doc, ben, 'pattern', 'image');
    const unlisted = await suggest(docId, a.doc, ben, 'Photo', 'Picture');
    paragraphText(a.doc, 0).delete(sentence.indexOf('X-shaped '), 'X-shaped '.length);
    await waitFor('Ben sees the deletion', () => paragraphs(b.doc)[0] === 'Photo 51 shows an pattern.');

    const response = await decide(docId, ada, { status: 'accepted', threadIds: [gone, kept, 'nosuchthreadaaaa'] });
    expect(response.status).toBe(200);
    expect(response.body.decided.map((t: { id: string }) => t.id)).toEqual([kept]);
    expect(response.body.skipped).toEqual(
      expect.arrayContaining([
        { threadId: gone, reason: expect.stringMatching(/no longer in the document/) },
        { threadId: 'nosuchthreadaaaa', reason: expect.any(String) },
      ]),
    );
    await waitFor('the kept one is in the text', () => paragraphs(b.doc)[0] === 'Photo 51 shows an image.');
    const statuses = await server.api('GET', `/api/docs/${docId}/threads?kind=suggestion`, { as: ada });
    const byId = Object.fromEntries(statuses.body.threads.map((t: { id: string; status: string }) => [t.id, t.status]));
    expect(byId).toEqual({ [gone]: 'open', [kept]: 'accepted', [unlisted]: 'open' });

    // Rejecting all needs no text: the rest are rejected, the text unchanged.
    const rejected = await decide(docId, ada, { status: 'rejected' });
    expect(rejected.body.decided.map((t: { id: string }) => t.id).sort()).toEqual([gone, unlisted].sort());
    expect(paragraphs(a.doc)[0]).toBe('Photo 51 shows an image.');
  });

  it('is refused to a reviewer (403) and to a non-member (404), changing nothing', async () => {
    const { docId, a } = await adasSentence();
    const id = await suggest(docId, a.doc, ben, 'Photo', 'Picture');
    expect((await decide(docId, rex, { status: 'accepted' })).status).toBe(403);
    expect((await decide(docId, out, { status: 'rejected' })).status).toBe(404);
    expect((await decide(docId, ada, { status: 'maybe' })).status).toBe(400);
    const thread = await server.api('GET', `/api/threads/${id}`, { as: ada });
    expect(thread.body.thread.status).toBe('open');
    expect(paragraphs(a.doc)[0]).toBe(sentence);
  });
});
