import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, editorText, openContext, openPage, screenshot, twoWriters, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

/** How opaque the name over `name`'s caret is on `page`: it fades once they have been still a moment. */
function nameOpacity(page: Page, name: string): Promise<string> {
  return page.locator('.collaboration-carets__label', { hasText: name }).evaluate((label) => getComputedStyle(label).opacity);
}

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
    // Once Grace has been still a few seconds, her name fades from over the line above her caret;
    // pointing at her caret shows it, and so does her moving.
    await expect.poll(() => nameOpacity(adaPage, 'Grace Hopper'), { timeout: 10_000 }).toBe('0');
    // The pointer straight to her caret, a 2 px line (Playwright's hover kept waiting for it to be "visible and stable").
    const graceCaret = await adaPage.locator(`.collaboration-carets__caret[data-user-id="${grace.user.id}"]`).boundingBox();
    await adaPage.mouse.move(graceCaret!.x + graceCaret!.width / 2, graceCaret!.y + graceCaret!.height / 2);
    await expect.poll(() => nameOpacity(adaPage, 'Grace Hopper'), { timeout: 10_000 }).toBe('1');
    await adaPage.mouse.move(0, 0);
    await expect.poll(() => nameOpacity(adaPage, 'Grace Hopper'), { timeout: 10_000 }).toBe('0');
    await gracePage.keyboard.press('ArrowLeft');
    await expect.poll(() => nameOpacity(adaPage, 'Grace Hopper'), { timeout: 10_000 }).toBe('1');

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
    await gracePage.keyboard.press('ArrowRight');
    await expect.poll(() => nameOpacity(adaPage, 'Grace Hopper'), { timeout: 10_000 }).toBe('1');
    await screenshot(adaPage, 'document');
    // The README's picture is refreshed only on request, so a test run leaves the tree clean.
    if (process.env.UPDATE_README_SCREENSHOT) {
      await adaPage.screenshot({ path: join(import.meta.dirname, '..', 'docs', 'screenshot-document.png'), animations: 'disabled' });
    }

    // The same page at phone width.
    await gracePage.setViewportSize({ width: 390, height: 844 });
    await screenshot(gracePage, 'document-phone');
  });

  it('a teammate’s name at the end of a line stays on the paper, running leftwards from their caret, on a phone', async () => {
    const { docId, first: ada, second: grace } = await twoWriters(app, ['Ada Lovelace', 'Grace Hopper']);
    await typeAtEnd(ada.page, 'Light energy splits water in the chloroplasts, and the hydrogen it gives up turns carbon dioxide into glucose.');
    await waitForSyncStatus(ada.page, 'saved');
    const phone = await openPage(await openContext(app, ada.user, { width: 390, height: 844 }, { isMobile: true, hasTouch: true }), `/docs/${docId}`);
    await waitForText(phone, 'into glucose');

    // On the phone: where the first line's last word ends, as an offset into the paragraph's text and on screen.
    const lineEnd = await editorOf(phone).evaluate((editor) => {
      const text = editor.querySelector('p')!.firstChild as Text;
      const rectOf = (at: number) => {
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + 1);
        return range.getBoundingClientRect();
      };
      const firstTop = rectOf(0).top;
      let last = 0;
      while (last + 1 < text.length && rectOf(last + 1).top === firstTop) last++;
      while (text.data[last] === ' ') last--;
      return { offset: last + 1, length: text.length, x: rectOf(last).right, right: editor.getBoundingClientRect().right };
    });

    // Grace puts her caret there, from the keyboard: from the end, leftwards.
    await editorOf(grace.page).click();
    await grace.page.keyboard.press('Control+End');
    for (let step = lineEnd.length; step > lineEnd.offset; step--) await grace.page.keyboard.press('ArrowLeft');
    const label = phone.locator('.collaboration-carets__label', { hasText: 'Grace Hopper' });
    await label.waitFor();
    const caret = phone.locator(`.collaboration-carets__caret[data-user-id="${grace.user.user.id}"]`);
    await expect.poll(async () => Math.abs((await caret.boundingBox())!.x - lineEnd.x)).toBeLessThan(3);

    // Running rightwards, her name would pass the paper's edge; it runs leftwards and ends at her caret instead.
    const [labelBox, caretBox, textBox] = await Promise.all([label.boundingBox(), caret.boundingBox(), editorOf(phone).boundingBox()]);
    expect(lineEnd.x + labelBox!.width).toBeGreaterThan(lineEnd.right);
    expect(labelBox!.x).toBeGreaterThanOrEqual(textBox!.x);
    expect(labelBox!.x + labelBox!.width).toBeLessThanOrEqual(textBox!.x + textBox!.width);
    expect(Math.abs(labelBox!.x + labelBox!.width - (caretBox!.x + caretBox!.width))).toBeLessThan(2);
    expect(labelBox!.y + labelBox!.height).toBeLessThanOrEqual(caretBox!.y + 1);

    // After the first word it runs rightwards, as everywhere else.
    for (let step = lineEnd.offset; step > 'Light'.length; step--) await grace.page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Math.abs((await label.boundingBox())!.x - (await caret.boundingBox())!.x)).toBeLessThan(2);
  });
});
