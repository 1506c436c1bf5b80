import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, openContext, openPage, selectText, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Formatting' });
const tool = (page: Page, label: string) => toolbar(page).getByRole('button', { name: label, exact: true });

/** From the text, Alt+F10 reaches the toolbar; the arrow keys move along it (one tab stop, WAI-ARIA toolbar) until `label` has the focus; Enter presses it. */
async function pressTool(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Alt+F10');
  await toolbar(page).locator('button:focus').waitFor();
  const wanted = tool(page, label);
  for (let step = 0; step < 40; step++) {
    if (await wanted.evaluate((button) => button === document.activeElement)) {
      await page.keyboard.press('Enter');
      // The tool hands the focus back to the text on the next frame (Tiptap's focus command), well before a person
      // types on. Keys pressed sooner reach the tool's button, where a space presses it again: in CI, on a busy
      // machine, "Read more here" typed after the rule lost its "more".
      await page.locator('.ProseMirror:focus').waitFor();
      return;
    }
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`The arrow keys never reached "${label}"`);
}

async function openDoc(who: Parameters<typeof openContext>[1], docId: string): Promise<Page> {
  const page = await openPage(await openContext(app, who), `/docs/${docId}`);
  await waitForSyncStatus(page, 'saved');
  await page.locator('.feed-live').waitFor({ state: 'attached' });
  return page;
}

/** The text of the block the editor's caret is in. */
const caretBlock = (page: Page) =>
  editorOf(page).evaluate((element) => (element as unknown as { editor: { state: { selection: { $from: { parent: { textContent: string } } } } } }).editor.state.selection.$from.parent.textContent);

describe('document content', () => {
  it('builds a table, code, a quote, a rule and a link from the toolbar; contents list the headings; another member sees and comments on a cell and an image', async () => {
    const author = await app.server.createUser('Ada Author');
    const teammate = await app.server.createUser('Tim Teammate');
    const { docId } = await createTestDoc(app.server, [
      { member: author, role: 'member' },
      { member: teammate, role: 'member' },
    ]);
    const page = await openDoc(author, docId);

    // A heading and a paragraph, then a table from the toolbar (mouse).
    await editorOf(page).click();
    await tool(page, 'Heading 1').click();
    await page.keyboard.type('Lab report');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Results below.');
    await page.keyboard.press('Enter');
    await tool(page, 'Insert table').click();
    const table = editorOf(page).locator('table');
    await table.waitFor();
    expect(await table.locator('tr').count()).toBe(3);
    expect(await table.locator('tr').first().locator('th').count()).toBe(3);
    await page.keyboard.type('Sample');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Mass');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Note');
    await page.keyboard.press('Tab');
    await page.keyboard.type('A1');

    // The table's own group appears while the caret is in it: a row (mouse), a column (keyboard).
    await toolbar(page).getByRole('group', { name: 'Table' }).waitFor();
    await tool(page, 'Add row below').click();
    expect(await table.locator('tr').count()).toBe(4);
    await pressTool(page, 'Add column after');
    await page.waitForFunction(() => document.querySelectorAll('.ProseMirror table tr:first-child > *').length === 4);

    // Header row: on for a new table, toggled off and on again.
    const header = tool(page, 'Header row');
    expect(await header.getAttribute('aria-pressed')).toBe('true');
    await header.click();
    await page.waitForFunction(() => document.querySelectorAll('.ProseMirror table th').length === 0);
    expect(await header.getAttribute('aria-pressed')).toBe('false');
    await header.click();
    await page.waitForFunction(() => document.querySelectorAll('.ProseMirror table tr:first-child th').length === 4);

    // Merging two cells: Shift+Right from an empty cell selects it and the next one.
    expect(await tool(page, 'Merge cells').isDisabled()).toBe(true);
    await table.locator('tr').nth(2).locator('td').first().click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.locator('.ProseMirror .selectedCell').nth(1).waitFor();
    await tool(page, 'Merge cells').click();
    await table.locator('td[colspan="2"]').waitFor();

    // After the table: a quote, a rule (keyboard), a link (an unsafe one refused), a second heading, a code block.
    await page.keyboard.press('Control+End');
    await page.keyboard.type('Quoted words');
    await tool(page, 'Quote').click();
    await editorOf(page).locator('blockquote', { hasText: 'Quoted words' }).waitFor();
    expect(await tool(page, 'Quote').getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await pressTool(page, 'Horizontal rule');
    await editorOf(page).locator('hr').waitFor();
    await page.keyboard.type('Read more here');
    await selectText(page, 'more');
    const messages: string[] = [];
    page.on('dialog', (dialog) => {
      messages.push(dialog.message());
      void dialog.accept(messages.length === 1 ? 'javascript:alert(1)' : 'https://example.org/more');
    });
    await tool(page, 'Link').click();
    await editorOf(page).locator('a[href="https://example.org/more"]', { hasText: 'more' }).waitFor();
    expect(messages[1]).toContain('That link was not added: Only web (http, https) and email (mailto) links are allowed.');
    expect(await editorOf(page).locator('a[href^="javascript"]').count()).toBe(0);
    page.removeAllListeners('dialog');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await tool(page, 'Heading 2').click();
    await page.keyboard.type('Method');
    await page.keyboard.press('Enter');
    await tool(page, 'Code block').click();
    await page.keyboard.type('mass = weigh(sample)');
    await editorOf(page).locator('pre code', { hasText: 'mass = weigh(sample)' }).waitFor();

    // The table of contents lists both headings and moves the caret to the one chosen.
    const contents = page.getByRole('navigation', { name: 'Table of contents' });
    await contents.locator('summary').click();
    await contents.getByRole('link', { name: 'Method' }).waitFor();
    expect(await contents.getByRole('link').allInnerTexts()).toEqual(['Lab report', 'Method']);
    await contents.getByRole('link', { name: 'Lab report' }).click();
    await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror'));
    expect(await caretBlock(page)).toBe('Lab report');

    // An image, as the editor's image command adds it (its upload is another page's concern).
    await editorOf(page).evaluate((element) => {
      const editor = (element as unknown as { editor: { commands: { insertContentAt: (pos: number, content: unknown) => boolean } } }).editor;
      editor.commands.insertContentAt(0, { type: 'image', attrs: { src: '/api/files/none', alt: 'Balance readout' } });
    });
    await waitForSyncStatus(page, 'saved');

    // The teammate sees the table live, merged cell and all.
    const other = await openDoc(teammate, docId);
    await waitForText(other, 'Quoted words');
    await other.locator('.ProseMirror table td[colspan="2"]').waitFor();
    expect(await other.locator('.ProseMirror table tr').count()).toBe(4);
    await typeAtEnd(page, ' Live.');
    await waitForText(other, 'Live.');

    // The teammate comments on a table cell: a caret in it offers feedback on the cell.
    await other.locator('.ProseMirror table th', { hasText: 'Mass' }).click();
    const cellBubble = other.getByRole('toolbar', { name: 'Feedback on the table cell' });
    await cellBubble.getByRole('button', { name: 'Comment on cell' }).click();
    await other.getByRole('textbox', { name: 'Comment' }).fill('Which unit?');
    await other.getByRole('button', { name: 'Post comment' }).click();
    await other.locator('.threads-panel article', { hasText: 'Which unit?' }).waitFor();
    await other.locator('.ProseMirror th.thread-node', { hasText: 'Mass' }).waitFor();
    await page.locator('.ProseMirror th.thread-node', { hasText: 'Mass' }).waitFor();

    // And on the image: selecting it offers feedback on the image, quoted by its alt text.
    await editorOf(other).getByRole('img', { name: 'Balance readout' }).click();
    const imageBubble = other.getByRole('toolbar', { name: 'Feedback on the selected image' });
    await imageBubble.getByRole('button', { name: 'Comment on image' }).click();
    await other.getByRole('textbox', { name: 'Comment' }).fill('Add a scale bar.');
    await other.getByRole('button', { name: 'Post comment' }).click();
    const imageCard = other.locator('.threads-panel article', { hasText: 'Add a scale bar.' });
    await imageCard.waitFor();
    expect(await imageCard.innerText()).toContain('[Image: Balance readout]');
    await page.locator('.ProseMirror .thread-node img[alt="Balance readout"], .ProseMirror img.thread-node').waitFor();
  });
});
