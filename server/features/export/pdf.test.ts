import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { storeTestImage, testPng, writeTestContent } from './test-documents';

/**
 * PDF export: a title page, then the content (text in any script DejaVu
 * covers, lists, tables, images), and "Page N of M" on every page.
 */
let server: TestServer;
let member: TestUser;
let docId: string;

const text = (value: string) => ({ type: 'text', text: value });
const paragraph = (value: string) => ({ type: 'paragraph', content: [text(value)] });

async function pdfPages(query: string): Promise<string[]> {
  const response = await fetch(`${server.url}/api/docs/${docId}/export?${query}`, { headers: { cookie: member.cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const proxy = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  return (await extractText(proxy, { mergePages: false })).text as string[];
}

beforeAll(async () => {
  server = await startTestServer({ FILES_DIR: join(mkdtempSync(join(tmpdir(), 'commonplace-files-')), 'files') });
  member = await server.createUser('Mia Member');
  const place = await createTestDoc(server, [{ member, role: 'member' }]);
  docId = place.docId;
  await server.domain.store.db.updateTable('documents').set({ title: 'Zoë’s lab report' }).where('id', '=', docId).execute();
  const src = await storeTestImage(server, place, member.user.id, testPng(80, 40), { width: 80, height: 40 });
  await writeTestContent(server, docId, member.user.id, [
    { type: 'heading', attrs: { level: 1 }, content: [text('Osmosis results')] },
    paragraph('Παρατήρηση: Привет, naïve café.'),
    { type: 'orderedList', content: [{ type: 'listItem', content: [paragraph('Weigh the cores')] }] },
    {
      type: 'table',
      content: [
        { type: 'tableRow', content: [{ type: 'tableHeader', content: [paragraph('Solution')] }, { type: 'tableHeader', content: [paragraph('Mass change')] }] },
        { type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph('0.5 M')] }, { type: 'tableCell', content: [paragraph('-12%')] }] },
      ],
    },
    { type: 'image', attrs: { src, alt: 'Cores', caption: 'Figure 1: the cores' } },
    { type: 'image', attrs: { src: '/api/files/aaaaaaaaaaaaaaaa', alt: 'A missing picture' } },
    // Enough paragraphs to fill a few pages.
    ...Array.from({ length: 120 }, (_, i) => paragraph(`Line ${i + 1} of the discussion.`)),
  ]);
}, 30_000);

afterAll(async () => {
  await server?.close();
});

describe('PDF export', () => {
  it('prints a title page, the content in any script, and page numbers', async () => {
    const pages = await pdfPages('format=pdf');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[0]).toContain('Zoë’s lab report');
    expect(pages[0]).toContain('Test group · Test project');
    const all = pages.join('\n');
    expect(all).toContain('Osmosis results');
    expect(all).toContain('Παρατήρηση: Привет, naïve café.');
    expect(all).toContain('Weigh the cores');
    expect(all).toContain('Mass change');
    expect(all).toContain('-12%');
    expect(all).toContain('Figure 1: the cores');
    expect(all).toContain('[image: A missing picture]');
    expect(all).toContain('Line 120 of the discussion.');
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
  });
});
