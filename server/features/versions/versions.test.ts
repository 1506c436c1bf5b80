import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type StockClient, stockClientPool, waitFor } from '../../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { addParagraph, agree, fragmentOf, paragraphText, paragraphs, typeInto } from './test-editing';

/**
 * Versions: the document rebuilt at a moment equals what a client
 * held then; restoring is a forward edit credited to the restorer; compare
 * marks insertions and deletions by author; deadlines lock.
 */
let server: TestServer;
let ada: TestUser;
let ben: TestUser;
let cy: TestUser;
let ivy: TestUser;
let rex: TestUser;
const pool = stockClientPool();

beforeAll(async () => {
  // Checkpoints every 20 updates, so that rebuilding starts from them.
  server = await startTestServer({ CHECKPOINT_EVERY_UPDATES: '20' });
  [ada, ben, cy, ivy, rex] = await server.createUsers('Ada', 'Ben', 'Cy', 'Ivy', 'Rex');
});

afterAll(async () => {
  pool.destroyAll();
  await server?.close();
});

const connect = (docId: string, member: TestUser): StockClient => pool.connect(server.url, docId, member);

async function newDoc() {
  return createTestDoc(server, [
    { member: ivy, role: 'instructor' },
    { member: ada, role: 'member' },
    { member: ben, role: 'member' },
    { member: cy, role: 'member' },
    { member: rex, role: 'reviewer' },
  ]);
}

/** What a client holds now, and when: captured once nothing is in flight. */
async function capture(client: StockClient) {
  const seen = { xml: fragmentOf(client.doc).toString(), text: paragraphs(client.doc).join('\n'), at: Date.now() };
  // Whatever is written next is stamped later than this moment.
  await waitFor('the clock moves on', () => Date.now() > seen.at);
  return seen;
}

function xmlOfState(base64: string): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(base64, 'base64'));
  return fragmentOf(doc).toString();
}

async function contributionsOf(docId: string) {
  const response = await server.api('GET', `/api/docs/${docId}/contributions`, { as: ivy });
  expect(response.status).toBe(200);
  return Object.fromEntries(response.body.contributors.map((c: any) => [c.user.name, c]));
}

describe('versions', () => {
  it('rebuilds the document at any moment as a client saw it, compares, and restores as a forward edit', async () => {
    const { docId } = await newDoc();
    const a = connect(docId, ada);
    const b = connect(docId, ben);
    await Promise.all([a.synced, b.synced]);

    typeInto(addParagraph(a.doc), 0, 'First draft');
    await waitFor('Ben has the draft', () => agree([a, b]) && paragraphs(b.doc)[0] === 'First draft');
    const first = await capture(b);
    const named = await server.api('POST', `/api/docs/${docId}/versions`, { as: ada, body: { name: 'Draft 1' } });
    expect(named.status).toBe(201);
    expect(named.body.version).toMatchObject({ kind: 'named', name: 'Draft 1', locked: false, scheduled: false, createdBy: { id: ada.user.id } });

    // Ben rewrites: deletes "First ", appends " by Ben", formats, adds a paragraph; Ada types more.
    const bens = paragraphText(b.doc, 0);
    bens.delete(0, 6);
    typeInto(bens, 5, ' by Ben');
    bens.format(0, 5, { bold: {} });
    await waitFor('Ada has Ben’s changes', () => agree([a, b]) && paragraphs(a.doc)[0] === 'draft by Ben');
    const second = await capture(a);

    typeInto(addParagraph(a.doc), 0, 'A second paragraph, typed key by key.');
    await waitFor('Ben has the second paragraph', () => agree([a, b]) && paragraphs(b.doc).length === 2);
    const latest = await capture(b);
    const checkpoints = await server.domain.store.db.selectFrom('doc_checkpoints').select('id').where('doc_id', '=', docId).execute();
    expect(checkpoints.length).toBeGreaterThan(0);

    // The document at each captured moment is exactly what the client held then.
    for (const seen of [first, second, latest]) {
      const at = await server.api('GET', `/api/docs/${docId}/timeline/at?time=${seen.at}`, { as: rex });
      expect(at.status).toBe(200);
      expect(at.body.text).toBe(seen.text);
      expect(xmlOfState(at.body.state)).toBe(seen.xml);
      // A reviewer sees the history, not who wrote it.
      expect(at.body.authors).toEqual([]);
    }
    const view = await server.api('GET', `/api/docs/${docId}/versions/${named.body.version.id}`, { as: ben });
    expect(view.status).toBe(200);
    expect(view.body.text).toBe('First draft');
    expect(xmlOfState(view.body.state)).toBe(first.xml);
    expect(view.body.content).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'First draft', author: ada.user.id }] }]);
    expect(view.body.html).toBe('<p>First draft</p>');
    expect(view.body.authors.map((u: any) => u.name)).toEqual(['Ada']);

    // The timeline lists minutes with edits; its last step opens the latest document.
    const timeline = await server.api('GET', `/api/docs/${docId}/timeline`, { as: ivy });
    expect(timeline.status).toBe(200);
    const steps = timeline.body.steps;
    expect(steps.reduce((sum: number, step: any) => sum + step.edits, 0)).toBe(
      (await server.domain.store.db.selectFrom('doc_updates').select('id').where('doc_id', '=', docId).execute()).length,
    );
    const lastStep = await server.api('GET', `/api/docs/${docId}/timeline/at?updateId=${steps.at(-1).lastUpdateId}`, { as: ivy });
    expect(lastStep.body.text).toBe(latest.text);

    // Compare Draft 1 with now: Ben deleted Ada's "First ", wrote " by Ben", Ada wrote the second paragraph.
    const compared = await server.api('GET', `/api/docs/${docId}/compare?from=${named.body.version.id}&to=current`, { as: ivy });
    expect(compared.status).toBe(200);
    expect(compared.body.content[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'First ', author: ada.user.id, change: 'delete', deletedBy: ben.user.id },
        { type: 'text', text: 'draft', author: ada.user.id, marks: [{ type: 'bold' }] },
        { type: 'text', text: ' by Ben', author: ben.user.id, change: 'insert' },
      ],
    });
    expect(compared.body.content[1]).toMatchObject({ type: 'paragraph', change: 'insert' });
    expect(compared.body.changes).toEqual(
      expect.arrayContaining([
        { userId: ben.user.id, inserted: 7, deleted: 6 },
        { userId: ada.user.id, inserted: 37, deleted: 0 },
      ]),
    );

    // Restore Draft 1, by Cy, who never wrote a word here.
    const before = await contributionsOf(docId);
    const rowsBefore = await server.domain.store.db.selectFrom('doc_updates').select(['id', 'user_id']).where('doc_id', '=', docId).orderBy('id').execute();
    const restored = await server.api('POST', `/api/docs/${docId}/versions/${named.body.version.id}/restore`, { as: cy });
    expect(restored.status).toBe(200);
    await waitFor('the open clients get the restored text', () => agree([a, b]) && paragraphs(a.doc).join('\n') === 'First draft');

    // A forward edit: the log only grew, with Cy's rows at its end.
    const rowsAfter = await server.domain.store.db.selectFrom('doc_updates').select(['id', 'user_id']).where('doc_id', '=', docId).orderBy('id').execute();
    expect(rowsAfter.slice(0, rowsBefore.length)).toEqual(rowsBefore);
    expect(rowsAfter.length).toBeGreaterThan(rowsBefore.length);
    expect(rowsAfter.slice(rowsBefore.length).every((row) => row.user_id === cy.user.id)).toBe(true);
    expect(restored.body.lastUpdateId).toBe(Number(rowsAfter.at(-1)!.id));

    // Credited to Cy: "First " written again, " by Ben" and the second paragraph deleted.
    // Ada's untouched "draft" is still hers; nobody else's figures moved.
    const after = await contributionsOf(docId);
    expect(after.Cy).toMatchObject({ inserted: 6, deleted: 7 + 37, surviving: 6, pasted: 0 });
    expect(after.Ada).toMatchObject({ inserted: before.Ada.inserted, deleted: before.Ada.deleted, surviving: 5 });
    expect(after.Ben).toMatchObject({ inserted: before.Ben.inserted, deleted: before.Ben.deleted, surviving: 0 });

    // History is not rewritten: earlier moments and versions open as before.
    const again = await server.api('GET', `/api/docs/${docId}/timeline/at?time=${second.at}`, { as: ivy });
    expect(again.body.text).toBe(second.text);
    const viewAgain = await server.api('GET', `/api/docs/${docId}/versions/${named.body.version.id}`, { as: ivy });
    expect(viewAgain.body.text).toBe('First draft');
    expect(xmlOfState(viewAgain.body.state)).toBe(first.xml);

    // A client joining now gets the restored document.
    const late = connect(docId, ivy);
    await late.synced;
    expect(paragraphs(late.doc)).toEqual(['First draft']);
    expect(fragmentOf(late.doc).toString()).toBe(first.xml);
  });

  it('lets editors name, rename and delete versions, and instructors schedule locked deadlines', async () => {
    const { docId } = await newDoc();
    const a = connect(docId, ada);
    await a.synced;
    typeInto(addParagraph(a.doc), 0, 'on time');
    const watcher = connect(docId, ben);
    await waitFor('the text is stored', () => paragraphs(watcher.doc)[0] === 'on time');

    // Reviewers cannot make versions; members cannot schedule deadlines.
    expect((await server.api('POST', `/api/docs/${docId}/versions`, { as: rex, body: { name: 'x' } })).status).toBe(403);
    const soon = Date.now() + 400;
    expect((await server.api('POST', `/api/docs/${docId}/versions`, { as: ada, body: { name: 'Due', at: soon } })).status).toBe(403);

    const deadline = await server.api('POST', `/api/docs/${docId}/versions`, { as: ivy, body: { name: 'Due', at: soon } });
    expect(deadline.status).toBe(201);
    expect(deadline.body.version).toMatchObject({ kind: 'deadline', locked: true, scheduled: true, lastUpdateId: null, createdAt: soon });
    const deadlineId = deadline.body.version.id;
    expect((await server.api('GET', `/api/docs/${docId}/versions/${deadlineId}`, { as: ada })).status).toBe(409);
    expect((await server.api('PATCH', `/api/docs/${docId}/versions/${deadlineId}`, { as: ivy, body: { name: 'Renamed' } })).status).toBe(409);
    // A member cannot cancel it; an instructor can, while it is ahead.
    expect((await server.api('DELETE', `/api/docs/${docId}/versions/${deadlineId}`, { as: ada })).status).toBe(409);
    const cancelled = await server.api('POST', `/api/docs/${docId}/versions`, { as: ivy, body: { name: 'Cancelled', at: soon } });
    expect((await server.api('DELETE', `/api/docs/${docId}/versions/${cancelled.body.version.id}`, { as: ivy })).status).toBe(204);

    // Past the deadline, what is written later is not in it.
    await waitFor('the deadline passes', () => Date.now() > soon);
    typeInto(paragraphText(a.doc, 0), 7, ', and late');
    await waitFor('the late text is stored', () => paragraphs(watcher.doc)[0] === 'on time, and late');
    const passed = await server.api('GET', `/api/docs/${docId}/versions/${deadlineId}`, { as: ada });
    expect(passed.status).toBe(200);
    expect(passed.body.text).toBe('on time');
    expect(passed.body.version).toMatchObject({ scheduled: false, locked: true });
    expect((await server.api('DELETE', `/api/docs/${docId}/versions/${deadlineId}`, { as: ivy })).status).toBe(409);
    expect((await server.api('PATCH', `/api/docs/${docId}/versions/${deadlineId}`, { as: ivy, body: { name: 'x' } })).status).toBe(409);

    // A named version can be renamed and deleted by editors.
    const named = await server.api('POST', `/api/docs/${docId}/versions`, { as: ben, body: { name: 'Draft' } });
    expect(named.body.version.lastUpdateId).toBeGreaterThan(0);
    const renamed = await server.api('PATCH', `/api/docs/${docId}/versions/${named.body.version.id}`, { as: ada, body: { name: 'Draft 2' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.version.name).toBe('Draft 2');
    const list = await server.api('GET', `/api/docs/${docId}/versions`, { as: rex });
    // Oldest first: the deadline's moment came before the named version's.
    expect(list.body.versions.map((v: any) => [v.kind, v.name])).toEqual([
      ['deadline', 'Due'],
      ['named', 'Draft 2'],
    ]);
    expect((await server.api('DELETE', `/api/docs/${docId}/versions/${named.body.version.id}`, { as: ada })).status).toBe(204);
    expect((await server.api('GET', `/api/docs/${docId}/versions/${named.body.version.id}`, { as: ada })).status).toBe(404);
  });

  it('restores a version of a document nobody has open, for whoever opens it next', async () => {
    const { docId } = await newDoc();
    const a = connect(docId, ada);
    await a.synced;
    typeInto(addParagraph(a.doc), 0, 'kept');
    const watcher = connect(docId, ben);
    await waitFor('the text is stored', () => paragraphs(watcher.doc)[0] === 'kept');
    const version = await server.api('POST', `/api/docs/${docId}/versions`, { as: ada, body: { name: 'Kept' } });
    paragraphText(a.doc, 0).insert(0, 'not ');
    await waitFor('the change is stored', () => paragraphs(watcher.doc)[0] === 'not kept');
    const loaded = server.domain.sync.stats().loadedDocs;
    a.destroy();
    watcher.destroy();
    await waitFor('the document unloads', () => server.domain.sync.stats().loadedDocs === loaded - 1);

    const restored = await server.api('POST', `/api/docs/${docId}/versions/${version.body.version.id}/restore`, { as: ben });
    expect(restored.status).toBe(200);
    const next = connect(docId, cy);
    await next.synced;
    expect(paragraphs(next.doc)).toEqual(['kept']);
    const contributions = await contributionsOf(docId);
    expect(contributions.Ben).toMatchObject({ inserted: 0, deleted: 4, surviving: 0 });
    expect(contributions.Ada).toMatchObject({ inserted: 8, deleted: 0, surviving: 4 });
    // Restoring what the document already is changes nothing and stores nothing.
    const rows = await server.domain.store.db.selectFrom('doc_updates').select('id').where('doc_id', '=', docId).execute();
    expect((await server.api('POST', `/api/docs/${docId}/versions/${version.body.version.id}/restore`, { as: ben })).status).toBe(200);
    expect(await server.domain.store.db.selectFrom('doc_updates').select('id').where('doc_id', '=', docId).execute()).toHaveLength(rows.length);
  });
});

describe('automatic versions', () => {
  let quick: TestServer;
  beforeAll(async () => {
    quick = await startTestServer({ EDIT_SESSION_GAP_MS: '300' });
  });
  afterAll(async () => {
    await quick?.close();
  });

  it('makes one at the end of each editing session, noticed by the next edit or by a reader', async () => {
    const writer = await quick.createUser('Writer');
    const { docId } = await createTestDoc(quick, [{ member: writer, role: 'member' }]);
    const client = pool.connect(quick.url, docId, writer);
    await client.synced;
    const text = addParagraph(client.doc, 'one');
    const rows = () => quick.domain.store.db.selectFrom('doc_updates').select(['id', 'created_at']).where('doc_id', '=', docId).orderBy('id').execute();
    await waitFor('the first session is stored', async () => (await rows()).length === 1);
    const [firstRow] = await rows();

    // After the gap, the next edit ends the first session: its version is made with that edit.
    await waitFor('the session gap passes', () => Date.now() > Number(firstRow!.created_at) + 300);
    text.insert(3, ' two');
    await waitFor('the second session is stored', async () => (await rows()).length === 2);
    const versions = await quick.domain.store.db.selectFrom('doc_versions').selectAll().where('doc_id', '=', docId).execute();
    expect(versions).toEqual([expect.objectContaining({ kind: 'auto', last_update_id: firstRow!.id, created_by: null })]);

    // The second session ends with no edit after it: a reader notices.
    const secondRow = (await rows())[1]!;
    await waitFor('the session gap passes again', () => Date.now() > Number(secondRow.created_at) + 300);
    const list = await quick.api('GET', `/api/docs/${docId}/versions`, { as: writer });
    expect(list.body.versions.map((v: any) => [v.kind, v.lastUpdateId])).toEqual([
      ['auto', Number(firstRow!.id)],
      ['auto', Number(secondRow.id)],
    ]);
    const firstVersion = await quick.api('GET', `/api/docs/${docId}/versions/${list.body.versions[0].id}`, { as: writer });
    expect(firstVersion.body.text).toBe('one');
    // Noticed twice, made once.
    expect((await quick.api('GET', `/api/docs/${docId}/versions`, { as: writer })).body.versions).toHaveLength(2);

    // Sessions per person follow the same gap.
    const contributions = await quick.api('GET', `/api/docs/${docId}/contributions`, { as: writer });
    expect(contributions.body.contributors[0]).toMatchObject({ sessions: 2, inserted: 7, surviving: 7 });
  });
});
