import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, editorText, openContext, openPage, screenshot, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

describe('two people co-editing one document', () => {
  it('each sees the other’s text and caret with their name; undo takes back only one’s own typing', async () => {
    const ada = await app.server.createUser('Ada Lovelace');
    const grace = await app.server.createUser('Grace Hopper');
    const { docId } = await createTestDoc(app.server, [
      { member: ada, role: 'instructor' },
      { member: grace, role: 'member' },
    ]);
    const adaPage = await openPage(await openContext(app, ada), `/docs/${docId}`);
    const gracePage = await openPage(await openContext(app, grace), `/docs/${docId}`);
    await waitForSyncStatus(adaPage, 'saved');
    await waitForSyncStatus(gracePage, 'saved');
    // The editor has an accessible name and is editable for both.
    expect(await editorOf(adaPage).getAttribute('aria-label')).toContain('document text');
    expect(await editorOf(gracePage).getAttribute('contenteditable')).toBe('true');

    // Ada writes a heading (markdown shortcut) and a paragraph with bold text (shortcut).
    await typeAtEnd(adaPage, '## Why leaves are green');
    await adaPage.keyboard.press('Enter');
    await adaPage.keyboard.type('Photosynthesis turns ');
    await adaPage.keyboard.press('Control+b');
    await adaPage.keyboard.type('light');
    await adaPage.keyboard.press('Control+b');
    await adaPage.keyboard.type(' into chemical energy.');
    await waitForText(gracePage, 'Photosynthesis turns light into chemical energy.');
    expect(await gracePage.locator('.ProseMirror h2').innerText()).toBe('Why leaves are green');
    expect(await gracePage.locator('.ProseMirror strong').innerText()).toBe('light');

    // Grace writes a sentence and takes it back: her undo removes her typing, never Ada's.
    await typeAtEnd(gracePage, '');
    await gracePage.keyboard.press('Enter');
    await gracePage.keyboard.type('A sentence to take back.');
    await waitForText(adaPage, 'A sentence to take back.');
    await gracePage.keyboard.press('Control+z');
    await adaPage.locator('.ProseMirror', { hasNotText: 'A sentence to take back.' }).waitFor();
    expect(await editorText(adaPage)).toBe('Why leaves are green\nPhotosynthesis turns light into chemical energy.');

    // Grace adds a task list below, through the toolbar.
    await typeAtEnd(gracePage, '');
    await gracePage.getByRole('button', { name: 'Task list' }).click();
    await gracePage.keyboard.type('Check the absorption spectrum');
    await waitForText(adaPage, 'Check the absorption spectrum');
    expect(await adaPage.locator('.ProseMirror ul[data-type="taskList"] li').count()).toBe(1);

    // Each page shows the other person's caret labelled with their name, and lists them as present.
    await adaPage.locator('.collaboration-carets__label', { hasText: 'Grace Hopper' }).waitFor();
    await gracePage.locator('.collaboration-carets__label', { hasText: 'Ada Lovelace' }).waitFor();
    await adaPage.getByRole('button', { name: 'Go to Grace Hopper’s cursor' }).click();
    await gracePage.getByRole('button', { name: 'Go to Ada Lovelace’s cursor' }).waitFor();

    await waitForSyncStatus(adaPage, 'saved');
    await waitForSyncStatus(gracePage, 'saved');
    const adaText = await editorText(adaPage);
    expect(adaText).toBe('Why leaves are green\nPhotosynthesis turns light into chemical energy.\nCheck the absorption spectrum');
    expect(await editorText(gracePage)).toBe(adaText);

    // An editor renames the document from its title field.
    const title = adaPage.getByRole('textbox', { name: 'Document title' });
    await title.fill('Lab report: photosynthesis');
    await title.press('Enter');
    await adaPage.waitForFunction(() => document.title.startsWith('Lab report: photosynthesis'));
    const { body } = await app.server.api('GET', `/api/docs/${docId}`, { as: grace });
    expect(body.doc.title).toBe('Lab report: photosynthesis');

    await adaPage.locator('.ProseMirror h2').click();
    await adaPage.locator('.collaboration-carets__label', { hasText: 'Grace Hopper' }).waitFor();
    await screenshot(adaPage, 'document');
    // The README's picture is refreshed only on request, so a test run leaves the tree clean.
    if (process.env.UPDATE_README_SCREENSHOT) {
      await adaPage.screenshot({ path: join(import.meta.dirname, '..', 'docs', 'screenshot-document.png'), animations: 'disabled' });
    }

    // The same page at phone width.
    await gracePage.setViewportSize({ width: 390, height: 844 });
    await screenshot(gracePage, 'document-phone');
  });
});
