import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ChangesSinceVisitResponse, InsertedRange } from '../../../shared/schemas/activity';
import { connectStockClient, waitFor } from '../../sync/test-clients';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { block, createTeam, endSessions } from './test-activity';

/**
 * Editing sessions: one user's editing of one document until ten
 * minutes pass without an edit, measured from the update log: characters
 * and words added and removed, and the headings under which they landed.
 * Then "what changed since your last visit".
 */
describe('editing sessions', () => {
  let server: TestServer;
  const gap = 10 * 60 * 1000;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const sessionEvents = (docId: string) =>
    server.domain.store.db.selectFrom('events').selectAll().where('doc_id', '=', docId).where('type', '=', 'edit-session').orderBy('id').execute();

  it('ends after ten minutes without an edit, and not before', async () => {
    const t = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
    ]);
    const start = Date.now();
    const ana = t.people.Ana!;
    await t.writers.edit(ana, (f) => f.insert(0, [block('paragraph', 'One two')]), start);
    // Nine minutes later: the same session.
    await t.writers.edit(ana, (f) => ((f.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(7, ' three'), start + 9 * 60 * 1000);
    await server.domain.editSessions.sweep(start + 9 * 60 * 1000 + gap);
    expect(await sessionEvents(t.docId)).toEqual([]);

    // Eleven minutes after that: a new session; the first has ended.
    const later = start + 20 * 60 * 1000;
    await t.writers.edit(ana, (f) => ((f.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(13, ' four'), later);
    await server.domain.editSessions.sweep(later + 1);
    const [first, ...rest] = await sessionEvents(t.docId);
    expect(rest).toEqual([]);
    expect(JSON.parse(first!.payload)).toMatchObject({ charsAdded: 13, wordsAdded: 3, startedAt: start, endedAt: start + 9 * 60 * 1000 });

    await server.domain.editSessions.sweep(later + gap + 1);
    const [, second] = await sessionEvents(t.docId);
    expect(JSON.parse(second!.payload)).toMatchObject({ charsAdded: 5, wordsAdded: 1, wordsRemoved: 0, startedAt: later, endedAt: later });
    // Recorded once, however often the sweep runs.
    await server.domain.editSessions.sweep(later + 2 * gap);
    expect(await sessionEvents(t.docId)).toHaveLength(2);
  });

  it('counts removed characters and words in the section where they were removed, whoever wrote them', async () => {
    const t = await createTeam(
      server,
      [
        ['Ines', 'instructor'],
        ['Ana', 'member'],
        ['Ben', 'member'],
      ],
      { title: 'Final report' },
    );
    const { Ana, Ben } = t.people;
    await t.writers.edit(Ana!, (f) =>
      f.insert(0, [
        block('heading', 'Methods'),
        block('paragraph', 'We sampled twelve schools across three regions.'),
        block('heading', 'Results'),
        block('paragraph', 'Most schools improved.'),
      ]),
    );
    await endSessions(server);
    // Ben deletes "twelve " in Methods, and writes " Clearly." at the end of Results.
    await t.writers.edit(Ben!, (f) => {
      const methods = (f.get(1) as Y.XmlElement).get(0) as Y.XmlText;
      methods.delete('We sampled '.length, 'twelve '.length);
      const results = (f.get(3) as Y.XmlElement).get(0) as Y.XmlText;
      results.insert(results.length, ' Clearly.');
    });
    await endSessions(server);

    const feed = await server.api('GET', '/api/feed', { as: t.people.Ines });
    const ben = feed.body.items.find((item: { actor: { name: string } }) => item.actor.name === 'Ben');
    expect(ben.edit).toMatchObject({
      charsAdded: 9,
      charsRemoved: 7,
      wordsAdded: 1,
      wordsRemoved: 1,
      sections: [
        { heading: 'Results', chars: 9 },
        { heading: 'Methods', chars: 7 },
      ],
    });
    expect(ben.text).toBe('Ben edited Final report: +1 word and -1 word, in Results and Methods.');
    expect(ben.link).toBe(`/docs/${t.docId}?section=Results`);
  });

  it('follows edits stored by the sync server from a real client', async () => {
    const t = await createTeam(server, [
      ['Ines', 'instructor'],
      ['Ana', 'member'],
    ]);
    const client = connectStockClient(server.url, t.docId, t.people.Ana!);
    try {
      await client.synced;
      client.doc.getXmlFragment('default').insert(0, [block('heading', 'Introduction'), block('paragraph', 'Typed live over the socket.')]);
      const { db } = server.domain.store;
      await waitFor('the edit to be stored', async () => (await db.selectFrom('doc_updates').select('id').where('doc_id', '=', t.docId).execute()).length > 0);
    } finally {
      client.destroy();
    }
    await endSessions(server);
    const feed = await server.api('GET', '/api/feed', { as: t.people.Ines });
    expect(feed.body.sentences).toEqual(['Ana edited Test document: +6 words, in Introduction.']);
  });

  describe('changes since your last visit', () => {
    it('lists what others did since the visit: ongoing editing, ended sessions, and the rows to highlight', async () => {
      const t = await createTeam(
        server,
        [
          ['Ines', 'instructor'],
          ['Ana', 'member'],
          ['Cy', 'reviewer'],
        ],
        { title: 'Final report' },
      );
      const { Ana, Cy, Ines } = t.people;
      const changes = async (): Promise<ChangesSinceVisitResponse> => {
        const response = await server.api('GET', `/api/docs/${t.docId}/changes-since-last-visit`, { as: Cy });
        expect(response.status).toBe(200);
        return response.body;
      };

      // Never visited: nothing to compare with.
      expect(await changes()).toEqual({ since: null, changes: [], ongoing: [], updates: null, inserted: [] });

      await t.writers.edit(Ana!, (f) => f.insert(0, [block('heading', 'Methods'), block('paragraph', 'Before the visit.')]));
      await endSessions(server);
      const visit = await server.api('POST', `/api/docs/${t.docId}/visit`, { as: Cy });
      expect(visit.status).toBe(200);
      const lastRow = await server.domain.store.db.selectFrom('doc_updates').select('id').where('doc_id', '=', t.docId).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(visit.body.visit).toEqual({ at: expect.any(Number), updateId: Number(lastRow.id) });
      expect(await changes()).toEqual({ since: visit.body.visit, changes: [], ongoing: [], updates: null, inserted: [] });

      // Ana and Ines write after the visit; Ana's editing is still going on.
      await t.writers.edit(Ines!, (f) => f.insert(2, [block('heading', 'Results'), block('paragraph', 'Ines added results.')]));
      await endSessions(server);
      await t.writers.edit(Ana!, (f) => f.insert(2, [block('paragraph', 'Ana goes on.')]));
      const during = await changes();
      expect(during.changes.map((c) => c.text)).toEqual(['Ines edited Final report: +4 words, in Results.']);
      expect(during.ongoing).toEqual([
        {
          user: { id: Ana!.user.id, name: 'Ana' },
          startedAt: expect.any(Number),
          lastEditAt: expect.any(Number),
          fromUpdateId: Number(lastRow.id) + 2,
          toUpdateId: Number(lastRow.id) + 2,
        },
      ]);
      expect(during.updates).toEqual({ from: Number(lastRow.id) + 1, to: Number(lastRow.id) + 2 });
      // The text to highlight: what Ines and Ana inserted since the visit, not what was there before.
      expect(textIn(t.writers.replica(Cy!), during.inserted)).toEqual(['Ana goes on.', 'Results', 'Ines added results.']);

      await endSessions(server);
      const after = await changes();
      expect(after.changes.map((c) => c.text)).toEqual([
        'Ines edited Final report: +4 words, in Results.',
        'Ana edited Final report: +3 words, in Methods.',
      ]);
      expect(after.changes[1]!.edit).toMatchObject({ fromUpdateId: Number(lastRow.id) + 2, toUpdateId: Number(lastRow.id) + 2 });
      expect(after.ongoing).toEqual([]);

      // A new visit starts again from there.
      await server.api('POST', `/api/docs/${t.docId}/visit`, { as: Cy });
      expect(await changes()).toMatchObject({ changes: [], ongoing: [], updates: null, inserted: [] });
    });
  });
});

/** The text of `doc`'s string items (or parts of them) within `ranges`, block by block in document order. */
function textIn(doc: Y.Doc, ranges: readonly InsertedRange[]): string[] {
  const found: string[] = [];
  for (const child of doc.getXmlFragment('default').toArray()) {
    for (const inline of (child as Y.XmlElement).toArray()) {
      if (!(inline instanceof Y.XmlText)) continue;
      let text = '';
      for (let item = inline._start; item !== null; item = item.right) {
        if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
        const { client, clock } = item.id;
        for (let i = 0; i < item.length; i++) {
          if (ranges.some((r) => r.client === client && r.clock <= clock + i && clock + i < r.clock + r.len)) text += item.content.str[i];
        }
      }
      if (text) found.push(text);
    }
  }
  return found;
}
