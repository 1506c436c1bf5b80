import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { nameVersion, suggestOn, writtenDoc } from './a11y-fixtures';
import { editorText, openContext, openPage, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

/**
 * The whole of writing, commenting, replying, accepting a suggestion and
 * reading history with the keyboard alone: page.keyboard only, never the
 * mouse. At each stop the focused control must show that it has focus.
 */

/** What has focus now: its accessible name as a person hears it (label, else text), and whether focus is visible on it. */
function focused(page: Page): Promise<{ name: string; tag: string; visible: boolean; editor: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { name: '', tag: 'body', visible: false, editor: false };
    const labelled = element.getAttribute('aria-labelledby');
    const name =
      element.getAttribute('aria-label') ||
      (labelled && document.getElementById(labelled)?.textContent) ||
      (element as HTMLInputElement).labels?.[0]?.textContent ||
      element.textContent ||
      '';
    const ring = (target: Element) => {
      const style = getComputedStyle(target);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      return outline || (style.boxShadow !== 'none' && style.boxShadow !== '');
    };
    // The editor's text area shows its focus on its frame (the paper), as a field shows it on its box.
    const frame = element.closest('.paper');
    const editor = element.classList.contains('ProseMirror');
    const visible = ring(element) || (editor && frame !== null && frame.matches(':focus-within') && ring(frame));
    return { name: name.trim().replace(/\s+/g, ' '), tag: element.tagName.toLowerCase(), visible, editor };
  });
}

/** Asserts that focus is on something and visibly so; returns what. */
async function expectVisibleFocus(page: Page, step: string) {
  const now = await focused(page);
  expect(now.visible, `${step}: focus on <${now.tag}> “${now.name}” is not visible`).toBe(true);
  return now;
}

/**
 * Presses Tab (or Shift+Tab) until the focused control's name matches
 * `name` (or the editor's text, for 'editor'), checking at that stop that
 * focus is visible. Fails after `limit` presses.
 */
async function tabTo(page: Page, name: RegExp | 'editor', { back = false, limit = 80 } = {}): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (name === 'editor' ? now.editor : name.test(now.name)) {
      await expectVisibleFocus(page, `Tab to ${String(name)}`);
      return;
    }
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

/** Selects the `count` characters before the caret with Shift+Left, as a person would. */
async function selectBack(page: Page, count: number, expected: string): Promise<void> {
  for (let i = 0; i < count; i += 1) await page.keyboard.press('Shift+ArrowLeft');
  await page.waitForFunction((wanted) => window.getSelection()?.toString() === wanted, expected);
}

/** Opens a document and goes to its text from the top of the page: the skip link, then Tab. */
async function openAndReachText(page: Page): Promise<void> {
  await waitForSyncStatus(page, 'saved');
  await page.keyboard.press('Tab');
  expect((await expectVisibleFocus(page, 'the skip link')).name).toBe('Skip to content');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  await tabTo(page, 'editor');
}

const announced = (page: Page, text: string | RegExp) => page.locator('[data-live-announcer]').filter({ hasText: text }).waitFor({ state: 'attached' });

describe('the keyboard alone', () => {
  it('a member writes, selects and comments; another replies; the author accepts a suggestion; both read the history', async () => {
    const [ada, ben] = await app.server.createUsers('Ada Lovelace', 'Ben Babbage');
    const { docId } = await writtenDoc(
      app.server,
      [
        { member: ada, role: 'member' },
        { member: ben, role: 'member' },
      ],
      ['The engine weaves patterns.'],
    );

    // Ada writes at the end of the text and selects the last word with Shift+Left.
    const adaPage = await openPage(await openContext(app, ada), `/docs/${docId}`);
    await waitForText(adaPage, 'weaves');
    await openAndReachText(adaPage);
    await adaPage.keyboard.press('Control+End');
    await adaPage.keyboard.type(' Keyboards reach every page');
    await waitForText(adaPage, 'Keyboards reach every page');
    await selectBack(adaPage, 4, 'page');

    // The feedback toolbar follows the text in the tab order; Shift+Tab goes back to the selection.
    await adaPage.keyboard.press('Tab');
    expect((await expectVisibleFocus(adaPage, 'the selection’s toolbar')).name).toMatch(/^Comment/);
    await adaPage.keyboard.press('Shift+Tab');
    expect((await focused(adaPage)).editor).toBe(true);
    await adaPage.waitForFunction(() => window.getSelection()?.toString() === 'page');

    // Ctrl+Alt+M opens the comment form with its field focused; Tab reaches Post.
    await adaPage.keyboard.press('Control+Alt+KeyM');
    await adaPage.getByRole('textbox', { name: 'Comment' }).waitFor();
    await adaPage.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    await expectVisibleFocus(adaPage, 'the comment field');
    await adaPage.keyboard.type('Does every page have a skip link?');
    await tabTo(adaPage, /^Post comment$/);
    await adaPage.keyboard.press('Enter');
    const adaThread = adaPage.locator('.threads-panel article').filter({ hasText: 'Does every page have a skip link?' });
    await adaThread.waitFor();

    // Ben, in his own browser, hears of it and replies with the keyboard.
    const benPage = await openPage(await openContext(app, ben), `/docs/${docId}`);
    await waitForText(benPage, 'Keyboards reach every page');
    await waitForSyncStatus(benPage, 'saved');
    const benThread = benPage.locator('.threads-panel article').filter({ hasText: 'Does every page have a skip link?' });
    await benThread.waitFor();
    await tabTo(benPage, /^Reply$/);
    await benPage.keyboard.press('Enter');
    await benPage.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    await expectVisibleFocus(benPage, 'the reply field');
    await benPage.keyboard.type('Yes, and it is the first stop.');
    await tabTo(benPage, /^Send reply$/);
    await benPage.keyboard.press('Enter');
    await adaThread.getByText('Yes, and it is the first stop.').waitFor();
    // Ada's screen reader is told, politely, once.
    await announced(adaPage, 'New reply from Ben Babbage');

    // Ben suggests a word (through the API: not under test); Ada accepts it from the keyboard.
    await suggestOn(app.server, docId, ben, 'weaves', 'knits', 'A homelier verb.');
    await adaPage.locator('.threads-panel article').filter({ hasText: 'A homelier verb.' }).waitFor();
    await announced(adaPage, 'New suggestion from Ben Babbage');
    await tabTo(adaPage, /^Accept$/);
    await adaPage.keyboard.press('Enter');
    await waitForText(benPage, 'The engine knits patterns.');
    await waitForSyncStatus(adaPage, 'saved');
    expect(await editorText(adaPage)).toBe('The engine knits patterns. Keyboards reach every page');

    // The history: a version chosen, then compared with now, all from the keyboard.
    await nameVersion(app.server, docId, ada, 'Before the last word');
    await adaPage.goto(`/docs/${docId}/history`);
    await adaPage.getByRole('document', { name: /read-only/ }).filter({ hasText: 'knits' }).waitFor();
    await tabTo(adaPage, /^Go to Before the last word$/);
    await adaPage.keyboard.press('Enter');
    await adaPage.locator('.timeline-now').filter({ hasText: 'Before the last word' }).waitFor();
    await expectVisibleFocus(adaPage, 'after choosing a version');
    await tabTo(adaPage, /^Compare with now$/);
    await adaPage.keyboard.press('Enter');
    await adaPage.locator('#compare-section').waitFor();
    await expectVisibleFocus(adaPage, 'after comparing');
  });
});
