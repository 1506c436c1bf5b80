import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { anchorFromRange } from '../../../shared/anchors';
import { closeCodes } from '../../../shared/close-codes';
import { pasteThreshold } from '../../sync/edit-tally';
import { encodeUpdate } from '../../sync/protocol';
import { type StockClient, connectRawClient, stockClientPool, waitFor } from '../../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { addParagraph, agree, fragmentOf, paragraphText, paragraphs, typeInto } from '../versions/test-editing';
import { csvLines } from '../../testing/csv-rows';

/**
 * Contributions: exact figures for three people writing, deleting
 * each other's text and editing at the same moment through real sockets
 * with the stock y-websocket client, and a fourth who forges a client id.
 */
let server: TestServer;
let ada: TestUser;
let ben: TestUser;
let cy: TestUser;
let dee: TestUser;
let ivy: TestUser;
let rex: TestUser;
const pool = stockClientPool();

beforeAll(async () => {
  server = await startTestServer();
  [ada, ben, cy, dee, ivy, rex] = await server.createUsers('Ada', 'Ben', 'Cy', 'Dee', 'Ivy', 'Rex');
});

afterAll(async () => {
  pool.destroyAll();
  await server?.close();
});

const connect = (docId: string, member: TestUser): StockClient => pool.connect(server.url, docId, member);

describe('contributions', () => {
  it('credits insertions, deletions, pastes and surviving text exactly, and no credit to a forger', async () => {
    const { docId, groupId } = await createTestDoc(server, [
      { member: ivy, role: 'instructor' },
      { member: ada, role: 'member' },
      { member: ben, role: 'member' },
      { member: cy, role: 'member' },
      { member: dee, role: 'member' },
      { member: rex, role: 'reviewer' },
    ]);
    const started = Date.now();
    const a = connect(docId, ada);
    const b = connect(docId, ben);
    const c = connect(docId, cy);
    await Promise.all([a.synced, b.synced, c.synced]);
    const everyone = [a, b, c];

    // Ada types a paragraph, key by key: 11 characters, 2 words.
    typeInto(addParagraph(a.doc), 0, 'Hello world');
    await waitFor('all see Ada’s paragraph', () => agree(everyone) && paragraphs(c.doc)[0] === 'Hello world');

    // At the same moment: Ada goes on typing in hers while Ben starts his own.
    const bensText = addParagraph(b.doc);
    const adasText = paragraphText(a.doc, 0);
    const more = ' again';
    const his = 'Ben here';
    for (let i = 0; i < Math.max(more.length, his.length); i++) {
      if (i < more.length) adasText.insert(11 + i, more[i]!);
      if (i < his.length) bensText.insert(i, his[i]!);
    }
    await waitFor('both paragraphs everywhere', () => agree(everyone) && paragraphs(a.doc).join('|') === 'Hello world again|Ben here');

    // Cy pastes 260 characters (40 words) as a new paragraph: one update.
    const paste = 'pasted words '.repeat(20);
    expect(paste.length).toBeGreaterThanOrEqual(pasteThreshold);
    addParagraph(c.doc, paste);
    await waitFor('the paste everywhere', () => agree(everyone) && paragraphs(a.doc).length === 3);

    // At the same moment, each deletes someone else's text: Ben "world " from Ada's, Ada "pasted " from Cy's.
    paragraphText(b.doc, 0).delete(6, 6);
    paragraphText(a.doc, 2).delete(0, 7);
    await waitFor('both deletions everywhere', () => agree(everyone) && paragraphs(c.doc)[0] === 'Hello again' && paragraphs(c.doc)[2]!.length === 253);

    // At the same moment: Ben deletes his whole paragraph while Ada writes into it.
    // Ada's three characters are inserted (hers) but deleted by no one: Ben never saw them.
    fragmentOf(b.doc).delete(1, 1);
    paragraphText(a.doc, 1).insert(0, 'XYZ');
    await waitFor('the paragraph is gone everywhere', () => agree(everyone) && paragraphs(a.doc).length === 2);

    // Cy deletes the last 13 characters of the paste.
    const cysText = paragraphText(c.doc, 1);
    cysText.delete(cysText.length - 13, 13);
    await waitFor('Cy’s deletion everywhere', () => agree(everyone) && paragraphs(a.doc)[1]!.length === 240);

    // Dee forges an update under Ada's client id that writes and deletes: refused whole.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(a.doc));
    forged.clientID = a.doc.clientID;
    const before = Y.encodeStateVector(forged);
    forged.transact(() => {
      paragraphText(forged, 0).insert(5, ' stolen');
      paragraphText(forged, 1).delete(0, 10);
    });
    const raw = connectRawClient(server.url, docId, dee);
    await raw.opened;
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(forged, before)));
    expect((await raw.closed).code).toBe(closeCodes.clientIdForged);

    const response = await server.api('GET', `/api/docs/${docId}/contributions`, { as: ivy });
    expect(response.status).toBe(200);
    const finished = Date.now();
    const byName = Object.fromEntries(response.body.contributors.map((entry: any) => [entry.user.name, entry]));
    expect(Object.keys(byName).sort()).toEqual(['Ada', 'Ben', 'Cy']);
    const figures = (name: string) => {
      const { inserted, words, pasted, pastes, deleted, surviving, edits, sessions } = byName[name];
      return { inserted, words, pasted, pastes, deleted, surviving, edits, sessions };
    };
    // Ada: 11 + 6 + 3 typed; "Hello", "world", "again", "XYZ"; 7 deleted; "Hello again" survives.
    // Edits: her paragraph, 17 keys, "XYZ" and one deletion.
    expect(figures('Ada')).toEqual({ inserted: 20, words: 4, pasted: 0, pastes: 0, deleted: 7, surviving: 11, edits: 20, sessions: 1 });
    // Ben: "Ben here"; "world " and his own 8 characters deleted; nothing of his survives.
    expect(figures('Ben')).toEqual({ inserted: 8, words: 2, pasted: 0, pastes: 0, deleted: 14, surviving: 0, edits: 11, sessions: 1 });
    // Cy: the paste; 13 deleted; 260 - 7 - 13 survive.
    expect(figures('Cy')).toEqual({ inserted: 260, words: 40, pasted: 260, pastes: 1, deleted: 13, surviving: 240, edits: 2, sessions: 1 });
    expect(response.body.documentCharacters).toBe(251);
    expect(response.body.pasteThreshold).toBe(pasteThreshold);
    for (const entry of response.body.contributors) {
      expect(entry.activeMinutes).toBeGreaterThanOrEqual(1);
      expect(entry.activeMinutes).toBeLessThanOrEqual(Math.floor(finished / 60_000) - Math.floor(started / 60_000) + 1);
      expect(entry.firstActivity).toBeGreaterThanOrEqual(started);
      expect(entry.lastActivity).toBeGreaterThanOrEqual(entry.firstActivity);
      expect(entry.lastActivity).toBeLessThanOrEqual(finished);
      expect(entry.feedbackGiven).toBe(0);
      expect(entry.feedbackReceived).toBe(0);
    }

    // Members see what instructors see; reviewers see none of it.
    const asMember = await server.api('GET', `/api/docs/${docId}/contributions`, { as: ben });
    expect(asMember.body).toEqual(response.body);
    expect((await server.api('GET', `/api/docs/${docId}/contributions`, { as: rex })).status).toBe(403);

    // The group report sums the same figures, with every member (Dee and the instructor with zeros).
    const group = await server.api('GET', `/api/groups/${groupId}/contributions`, { as: ivy });
    expect(group.status).toBe(200);
    const member = (name: string) => group.body.members.find((m: any) => m.user.name === name);
    expect(member('Ada')).toMatchObject({ role: 'member', inserted: 20, deleted: 7, surviving: 11, pasted: 0 });
    expect(member('Cy')).toMatchObject({ inserted: 260, pasted: 260, surviving: 240 });
    expect(member('Dee')).toMatchObject({ inserted: 0, deleted: 0, surviving: 0, firstActivity: null });
    expect(member('Ivy')).toMatchObject({ role: 'instructor', inserted: 0 });
    expect(group.body.documents).toHaveLength(1);
    expect(group.body.documents[0].contributors).toEqual(response.body.contributors);
    const days = group.body.activity.filter((day: any) => day.userId === ada.user.id);
    expect(days.reduce((sum: number, day: any) => sum + day.edits, 0)).toBe(20);
    expect(days.reduce((sum: number, day: any) => sum + day.inserted, 0)).toBe(20);

    const csv = await server.api('GET', `/api/groups/${groupId}/contributions?format=csv`, { as: ben });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csvLines(csv.body as string);
    expect(lines[0]).toMatch(/^document,project,member,email,role,surviving,inserted/);
    expect(lines).toContainEqual(expect.stringMatching(/^All documents,,Cy,[^,]+,member,240,260,40,260,13,2,1,/));
    expect(lines).toContainEqual(expect.stringMatching(/^Test document,Test project,Ada,[^,]+,member,11,20,4,0,7,20,1,/));

    // The authorship view: the document now, coloured by author.
    const authorship = await server.api('GET', `/api/docs/${docId}/authorship`, { as: ada });
    expect(authorship.status).toBe(200);
    expect(authorship.body.authors.map((x: any) => [x.user.name, x.characters])).toEqual([
      ['Cy', 240],
      ['Ada', 11],
    ]);
    expect(authorship.body.content[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Hello again', author: ada.user.id }] });
    const authors = await server.api('GET', `/api/docs/${docId}/authors`, { as: ada });
    const adasIds = authors.body.authors.find((x: any) => x.user.id === ada.user.id).clientIds;
    expect(adasIds).toContain(a.doc.clientID);

    // Activity per day for the heatmap, in the reader's time zone.
    const activity = await server.api('GET', `/api/docs/${docId}/activity?utcOffset=0`, { as: cy });
    expect(activity.status).toBe(200);
    const today = new Date(started).toISOString().slice(0, 10);
    expect(activity.body.days).toContainEqual({ date: today, userId: cy.user.id, edits: 2, inserted: 260, deleted: 13 });
  });

  it('counts feedback given and received, private feedback only for those who may read it', async () => {
    const { docId, groupId } = await createTestDoc(server, [
      { member: ivy, role: 'instructor' },
      { member: ada, role: 'member' },
      { member: ben, role: 'member' },
    ]);
    const a = connect(docId, ada);
    await a.synced;
    addParagraph(a.doc, 'Some text to discuss');
    const watcher = connect(docId, ben);
    await waitFor('the text is stored', () => paragraphs(watcher.doc)[0] === 'Some text to discuss');
    // On Ada's "Some" (ProseMirror positions: the paragraph's text starts at 1).
    const anchor = anchorFromRange(a.doc, 1, 5);

    const comment = await server.api('POST', `/api/docs/${docId}/threads`, { as: ben, body: { kind: 'comment', body: 'Why?', anchor } });
    expect(comment.status).toBe(201);
    expect((await server.api('POST', `/api/threads/${comment.body.thread.id}/replies`, { as: ada, body: { body: 'Because.' } })).status).toBe(201);
    const suggestion = await server.api('POST', `/api/docs/${docId}/threads`, { as: ben, body: { kind: 'suggestion', replacement: 'Any', anchor } });
    expect(suggestion.status).toBe(201);
    expect((await server.api('PATCH', `/api/threads/${suggestion.body.thread.id}`, { as: ada, body: { status: 'accepted' } })).status).toBe(200);
    const [tag] = (await server.api('GET', `/api/groups/${groupId}/tags`, { as: ben })).body.tags;
    const annotation = await server.api('POST', `/api/docs/${docId}/threads`, { as: ben, body: { kind: 'annotation', tag: tag.id, anchor } });
    expect(annotation.status).toBe(201);
    const secret = await server.api('POST', `/api/docs/${docId}/threads`, { as: ivy, body: { kind: 'comment', body: 'For instructors', anchor, visibility: 'instructors' } });
    expect(secret.status).toBe(201);

    const feedbackSeenBy = async (reader: TestUser) => {
      const response = await server.api('GET', `/api/docs/${docId}/contributions`, { as: reader });
      expect(response.status).toBe(200);
      for (const c of response.body.contributors) {
        expect(c.feedbackGiven).toBe(c.feedback.threads + c.feedback.replies);
        expect(c.feedbackReceived).toBe(c.feedback.received);
      }
      return Object.fromEntries(response.body.contributors.map((c: any) => [c.user.name, c.feedback]));
    };
    // Ben's three threads start in Ada's text; Ada replied to Ben; Ada accepted Ben's suggestion.
    expect(await feedbackSeenBy(ivy)).toEqual({
      Ada: { threads: 0, replies: 1, annotations: 0, suggestions: 0, suggestionsAccepted: 0, received: 4 },
      Ben: { threads: 3, replies: 0, annotations: 1, suggestions: 1, suggestionsAccepted: 1, received: 1 },
      Ivy: { threads: 1, replies: 0, annotations: 0, suggestions: 0, suggestionsAccepted: 0, received: 0 },
    });
    // A member sees the same report without the private thread.
    expect(await feedbackSeenBy(ben)).toEqual({
      Ada: { threads: 0, replies: 1, annotations: 0, suggestions: 0, suggestionsAccepted: 0, received: 3 },
      Ben: { threads: 3, replies: 0, annotations: 1, suggestions: 1, suggestionsAccepted: 1, received: 1 },
    });
  });
});
