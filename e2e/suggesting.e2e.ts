import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestDoc, type TestUser } from '../server/testing/test-server';
import { editorOf, editorText, openContext, openPage, screenshot, selectText, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

/**
 * Suggesting mode: what a member types, deletes or replaces becomes
 * suggestion threads shown inline to everyone, and "Accept all" writes them
 * into the shared text.
 */

const app = useApp();

async function openDoc(who: TestUser, docId: string, text?: string) {
  const context = await openContext(app, who);
  const page = await openPage(context, `/docs/${docId}`);
  await waitForSyncStatus(page, 'saved');
  if (text) await waitForText(page, text);
  await page.locator('.feed-live').waitFor();
  return { context, page };
}

async function suggestingMode(page: Page): Promise<void> {
  await page.getByRole('radiogroup', { name: 'Mode' }).getByRole('radio', { name: 'Suggesting' }).check();
}

/** Puts the caret just before (or after) the first `text`. */
async function caretAt(page: Page, text: string, where: 'before' | 'after'): Promise<void> {
  await selectText(page, text);
  await page.keyboard.press(where === 'before' ? 'ArrowLeft' : 'ArrowRight');
}

const inserted = (page: Page) => page.locator('.ProseMirror .suggestion-insertion');
const struck = (page: Page) => page.locator('.ProseMirror .suggestion-deletion');
const suggestionCards = (page: Page) => page.locator('.threads-panel article');

async function acceptAll(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Accept all/ }).click();
  await page.getByRole('dialog', { name: 'Accept all suggestions?' }).getByRole('button', { name: 'Accept all' }).click();
}

/** A document of people, members unless `reviewers` names some. */
async function writersDoc(names: string[], reviewers: string[] = []) {
  const people = await Promise.all(names.map((name) => app.server.createUser(name)));
  const { docId } = await createTestDoc(
    app.server,
    people.map((member, i) => ({ member, role: reviewers.includes(names[i]!) ? ('reviewer' as const) : ('member' as const) })),
  );
  return { people, docId };
}

describe('suggesting mode', () => {
  it('turns a member’s insertion, deletion and replacement into suggestions the author sees live and accepts all at once', async () => {
    const { people, docId } = await writersDoc(['Ada Author', 'Ben Suggester']);
    const a = await openDoc(people[0]!, docId);
    await typeAtEnd(a.page, 'The cat sat on the mat.');
    await waitForSyncStatus(a.page, 'saved');
    const b = await openDoc(people[1]!, docId, 'the mat.');

    await suggestingMode(b.page);
    await caretAt(b.page, 'cat', 'before');
    await b.page.keyboard.type('big ');
    await inserted(b.page).filter({ hasText: 'big' }).waitFor();
    await selectText(b.page, 'sat ');
    await b.page.keyboard.press('Backspace');
    await selectText(b.page, 'mat');
    await b.page.keyboard.type('rug');

    // Undo takes back one's own last suggestion step: a suggestion just made is deleted again.
    await caretAt(b.page, 'the', 'after');
    await b.page.keyboard.type('!');
    await expect.poll(() => suggestionCards(a.page).count(), { timeout: 10_000 }).toBe(4);
    await b.page.keyboard.press('Control+z');
    await expect.poll(() => inserted(b.page).filter({ hasText: '!' }).count()).toBe(0);

    // The shared text is unchanged; A sees the three suggestions inline and as threads.
    await expect.poll(() => suggestionCards(a.page).count(), { timeout: 10_000 }).toBe(3);
    await inserted(a.page).filter({ hasText: 'big' }).waitFor();
    await inserted(a.page).filter({ hasText: 'rug' }).waitFor();
    await struck(a.page).filter({ hasText: 'sat' }).waitFor();
    expect(await editorText(a.page)).toBe('The cat sat on the mat.');
    expect(await editorText(b.page)).toBe('The cat sat on the mat.');
    await screenshot(a.page, 'suggesting-inline');

    await acceptAll(a.page);
    const final = 'The big cat on the rug.';
    await expect.poll(() => editorText(a.page), { timeout: 10_000 }).toBe(final);
    await expect.poll(() => editorText(b.page), { timeout: 10_000 }).toBe(final);
    expect(await inserted(a.page).count()).toBe(0);
    expect(await struck(a.page).count()).toBe(0);
    expect(await inserted(b.page).count()).toBe(0);
    expect(await struck(b.page).count()).toBe(0);
  });

  it('keeps a reviewer’s suggestions made offline in the browser and sends them on reconnect', async () => {
    // A reviewer suggests this way too.
    const { people, docId } = await writersDoc(['Ada Author', 'Ben Traveller'], ['Ben Traveller']);
    const a = await openDoc(people[0]!, docId);
    await typeAtEnd(a.page, 'Water boils at 100 degrees.');
    await waitForSyncStatus(a.page, 'saved');
    const b = await openDoc(people[1]!, docId, '100 degrees');
    // A reviewer starts reading, and has no Editing.
    expect(await b.page.getByRole('radio', { name: 'Viewing' }).isChecked()).toBe(true);
    expect(await b.page.getByRole('radio', { name: 'Editing' }).count()).toBe(0);
    await suggestingMode(b.page);

    await b.context.setOffline(true);
    await caretAt(b.page, '100', 'before');
    await b.page.keyboard.type('about ');
    await b.page.locator('.ProseMirror .suggestion-draft.is-waiting', { hasText: 'about' }).waitFor({ timeout: 10_000 });
    await b.page.getByText('Suggestions waiting to be sent').waitFor();
    expect(await suggestionCards(a.page).count()).toBe(0);
    const kept = await b.page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('commonplace:suggestion-drafts:')).length);
    expect(kept).toBe(1);

    await b.context.setOffline(false);
    await inserted(a.page).filter({ hasText: 'about' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => suggestionCards(a.page).count()).toBe(1);
    await acceptAll(a.page);
    await expect.poll(() => editorText(b.page), { timeout: 10_000 }).toBe('Water boils at about 100 degrees.');
  });

  it('lets two people suggest in the same paragraph at once; accepting all keeps both', async () => {
    const { people, docId } = await writersDoc(['Ada Author', 'Ben One', 'Cy Two']);
    const a = await openDoc(people[0]!, docId);
    await typeAtEnd(a.page, 'The soup is hot today.');
    await waitForSyncStatus(a.page, 'saved');
    const b = await openDoc(people[1]!, docId, 'hot today');
    const c = await openDoc(people[2]!, docId, 'hot today');
    await suggestingMode(b.page);
    await suggestingMode(c.page);

    await caretAt(b.page, 'hot', 'before');
    await caretAt(c.page, 'today', 'after');
    await Promise.all([b.page.keyboard.type('very '), c.page.keyboard.type(' again')]);
    await caretAt(c.page, 'soup', 'after');
    await c.page.keyboard.type(' stock');

    await expect.poll(() => suggestionCards(a.page).count(), { timeout: 10_000 }).toBe(3);
    // Each sees the other's suggestions too, as threads of their own authors.
    await inserted(b.page).filter({ hasText: 'again' }).waitFor();
    await inserted(c.page).filter({ hasText: 'very' }).waitFor();
    expect(await editorText(a.page)).toBe('The soup is hot today.');

    await acceptAll(a.page);
    const final = 'The soup stock is very hot today again.';
    for (const page of [a.page, b.page, c.page]) await expect.poll(() => editorText(page), { timeout: 10_000 }).toBe(final);
    expect(await editorOf(a.page).locator('.suggestion-insertion, .suggestion-deletion').count()).toBe(0);
  });
});
