import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ContributionsResponse } from '../shared/schemas/history';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, editorText, openContext, openPage, screenshot, selectText, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

const sentence = 'Photo 51 shows a blurry X pattern.';
const accepted = 'Photo 51 shows a sharp X pattern.';

/** Opens the document for `who` and waits until it is saved and its feedback is live. */
async function openDoc(who: Parameters<typeof openContext>[1], docId: string): Promise<Page> {
  const page = await openPage(await openContext(app, who), `/docs/${docId}`);
  await waitForSyncStatus(page, 'saved');
  await page.locator('.feed-live').waitFor();
  return page;
}

/** The text of the editor's runs tinted as `userId`'s in the authorship view. */
async function authoredBy(page: Page, userId: string): Promise<string> {
  return (await editorOf(page).locator(`.authored[data-author-id="${userId}"]`).allTextContents()).join('');
}

describe('credit for an accepted suggestion', () => {
  it('is the suggester’s: their colour in the authorship view, their surviving text in the contributions, as the server counts it', async () => {
    const ada = await app.server.createUser('Ada Author');
    const ben = await app.server.createUser('Ben Suggester');
    const { docId } = await createTestDoc(app.server, [
      { member: ada, role: 'member' },
      { member: ben, role: 'member' },
    ]);

    // Ada writes; Ben, another member, suggests a better word.
    const adaPage = await openDoc(ada, docId);
    await typeAtEnd(adaPage, sentence);
    await waitForSyncStatus(adaPage, 'saved');
    const benPage = await openDoc(ben, docId);
    await waitForText(benPage, sentence);
    await selectText(benPage, 'blurry');
    await benPage.getByRole('toolbar', { name: 'Feedback on the selected text' }).getByRole('button', { name: 'Suggest' }).click();
    await benPage.getByRole('textbox', { name: 'Replace with' }).fill('sharp');
    await benPage.getByRole('button', { name: 'Suggest edit' }).click();

    // Ada accepts it: both editors change.
    const card = adaPage.locator('.threads-panel article').filter({ hasText: 'blurry' });
    await card.getByRole('button', { name: 'Accept' }).click();
    await card.getByText('Accepted by you').waitFor();
    await waitForText(benPage, accepted);
    await waitForText(adaPage, accepted);
    expect(await editorText(adaPage)).toBe(accepted);

    // The authorship view in Ada's editor: "sharp" is Ben's, in his colour; the rest is still Ada's.
    await adaPage.getByRole('button', { name: 'Show authorship' }).click();
    await adaPage.waitForFunction((id) => document.querySelector(`.ProseMirror .authored[data-author-id="${id}"]`) !== null, ben.user.id);
    expect(await authoredBy(adaPage, ben.user.id)).toBe('sharp');
    expect(await authoredBy(adaPage, ada.user.id)).toBe('Photo 51 shows a  X pattern.');
    const colour = (userId: string) =>
      editorOf(adaPage)
        .locator(`.authored[data-author-id="${userId}"]`)
        .first()
        .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(await colour(ben.user.id)).not.toBe(await colour(ada.user.id));
    await adaPage.getByRole('list', { name: 'Authors of the text' }).getByText('Ben Suggester').waitFor();
    await screenshot(adaPage, 'suggestion-credit-authorship');

    // The server's figures: Ben wrote the 5 characters and removed the 6 they replaced; Ada, who accepted, deleted nothing.
    const report = await app.server.api<ContributionsResponse>('GET', `/api/docs/${docId}/contributions`, { as: ada });
    expect(report.status).toBe(200);
    const figures = new Map(report.body.contributors.map((c) => [c.user.id, c]));
    expect(figures.get(ben.user.id)).toMatchObject({ inserted: 5, deleted: 6, surviving: 5 });
    expect(figures.get(ada.user.id)).toMatchObject({ inserted: sentence.length, deleted: 0, surviving: sentence.length - 'blurry'.length });

    // The contributions page shows the same.
    await adaPage.getByRole('link', { name: 'Contributions' }).click();
    await adaPage.getByRole('heading', { name: 'Who wrote what' }).waitFor();
    const table = adaPage.locator('table.figures').first();
    for (const [userId, figure] of figures) {
      const row = table.locator(`tr[data-user-id="${userId}"]`);
      expect(await row.locator('[data-measure="surviving"]').textContent()).toContain(figure.surviving.toLocaleString('en-US'));
      expect(await row.locator('[data-measure="deleted"]').textContent()).toBe(String(figure.deleted));
    }
    expect(await table.locator(`tr[data-user-id="${ben.user.id}"] [data-measure="surviving"]`).textContent()).toContain('5');
  });
});
