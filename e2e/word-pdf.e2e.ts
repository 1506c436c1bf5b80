import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { storeTestImage, testPng, writeTestContent } from '../server/features/export/test-documents';
import { sampleWordFile, wordType } from '../server/features/import/test-docx';
import { editorOf, openContext, openPage, screenshot, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp(() => ({ FILES_DIR: join(mkdtempSync(join(tmpdir(), 'commonplace-e2e-files-')), 'files') }));

const text = (value: string) => ({ type: 'text', text: value });
const paragraph = (value: string) => ({ type: 'paragraph', content: [text(value)] });
const cell = (type: string, value: string) => ({ type, content: [paragraph(value)] });

/** Clicks a link of the document's Download menu and returns the downloaded file's bytes. */
async function download(page: Page, link: string): Promise<Buffer> {
  const menu = page.locator('.doc-tools .export-menu');
  if (!(await menu.evaluate((details) => (details as HTMLDetailsElement).open))) await menu.getByText('Download', { exact: true }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), menu.getByRole('link', { name: link }).click()]);
  return readFileSync((await file.path())!);
}

describe('Word and PDF', () => {
  it('exports a document to Word and PDF from its page, and starts one from a Word file on the home page', async () => {
    const member = await app.server.createUser('Mia Member');
    const place = await createTestDoc(app.server, [{ member, role: 'member' }]);
    const src = await storeTestImage(app.server, place, member.user.id, testPng(40, 30), { width: 40, height: 30 });
    await writeTestContent(app.server, place.docId, member.user.id, [
      { type: 'heading', attrs: { level: 1 }, content: [text('Osmosis results')] },
      paragraph('Potato cores lose mass in salt water.'),
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', 'Solution'), cell('tableHeader', 'Mass change')] },
          { type: 'tableRow', content: [cell('tableCell', '0.5 M'), cell('tableCell', '-12%')] },
        ],
      },
      { type: 'image', attrs: { src, alt: 'Potato cores', caption: 'Figure 1' } },
    ]);

    const context = await openContext(app, member);
    const page = await openPage(context, `/docs/${place.docId}`);
    await waitForSyncStatus(page, 'saved');
    await waitForText(page, 'Potato cores lose mass');

    // Word, with the comments option ticked: read back as Word would open it.
    await page.locator('.doc-tools .export-menu summary').click();
    await page.getByLabel('Include comments in the Word file').check();
    await screenshot(page, 'export-menu');
    const docx = await download(page, 'Word (.docx)');
    const { value: html } = await mammoth.convertToHtml({ buffer: docx });
    expect(html).toContain('<h1>Osmosis results</h1>');
    expect(html).toMatch(/<table>.*Solution.*Mass change.*-12%.*<\/table>/s);
    expect(html).toMatch(/<img alt="Potato cores" src="data:image\/png;base64,/);

    // PDF: the text is in it, with page numbers.
    const pdf = await download(page, 'PDF');
    const { text: pages } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
    const all = (pages as string[]).join('\n');
    expect(all).toContain('Osmosis results');
    expect(all).toContain('Potato cores lose mass in salt water.');
    expect(all).toContain('Mass change');
    expect(all).toContain(`Page 1 of ${pages.length}`);

    // Import: pick a .docx on the home page; the new document opens with its content.
    const home = await openPage(context, '/');
    const [chooser] = await Promise.all([home.waitForEvent('filechooser'), home.getByRole('button', { name: 'Import a Word file' }).click()]);
    await chooser.setFiles({ name: 'Field notes.docx', mimeType: wordType, buffer: Buffer.from(await sampleWordFile()) });
    await home.waitForURL(/\/docs\/[a-z2-7]+$/);
    await waitForText(home, 'Imported results');
    await expect.poll(() => editorOf(home).locator('table').count()).toBe(1);
    await expect.poll(() => editorOf(home).locator('img').count()).toBe(1);
    await expect.poll(() => editorOf(home).locator('a[href="https://example.org/safe"]').count()).toBe(1);
    expect(await editorOf(home).locator('a[href^="javascript"]').count()).toBe(0);
    await screenshot(home, 'imported-word-file');
    await context.close();
  });
});
