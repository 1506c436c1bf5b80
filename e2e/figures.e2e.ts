import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { png } from '../server/features/files/test-images';
import { createTestDoc, type TestUser } from '../server/testing/test-server';
import { editorOf, openContext, openPage, screenshot, typeAtEnd, useApp, waitForSyncStatus } from './harness';

const app = useApp();

/** Pastes a file into the editor as the clipboard would hand it over. */
async function pasteFile(page: Page, name: string, bytes: Uint8Array, type = 'image/png'): Promise<void> {
  await editorOf(page).evaluate(
    (editor, { name, bytes, type }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type }));
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { name, bytes: [...bytes], type },
  );
}

/** Pastes HTML (a table copied from a spreadsheet or a page). */
async function pasteHtml(page: Page, html: string): Promise<void> {
  await editorOf(page).evaluate((editor, html) => {
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', 'table');
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

/** Answers the dialog that asks for an image's description and caption. */
async function describeImage(page: Page, alt: string, caption: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Add an image' });
  await dialog.getByRole('textbox', { name: 'Description (alt text)' }).fill(alt);
  await dialog.getByRole('textbox', { name: /^Caption/ }).fill(caption);
  await dialog.getByRole('button', { name: 'Add image' }).click();
}

/** Waits until the figure described `alt` shows a loaded picture. */
async function waitForLoadedImage(page: Page, alt: string): Promise<void> {
  const image = editorOf(page).locator(`figure img[alt="${alt}"]`);
  await image.waitFor();
  await page.waitForFunction((el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0, await image.elementHandle(), { timeout: 10_000 });
}

async function members(): Promise<{ writer: TestUser; coauthor: TestUser; reviewer: TestUser; docId: string }> {
  const [writer, coauthor, reviewer] = await app.server.createUsers('Marie Curie', 'Pierre Curie', 'Peer Reviewer');
  const { docId } = await createTestDoc(app.server, [
    { member: writer, role: 'member' },
    { member: coauthor, role: 'member' },
    { member: reviewer, role: 'reviewer' },
  ]);
  return { writer, coauthor, reviewer, docId };
}

describe('images and tables in a document', () => {
  it('a pasted image (with its description) and a pasted table reach another member live; a reviewer comments on the image', async () => {
    const { writer, coauthor, reviewer, docId } = await members();
    const writerPage = await openPage(await openContext(app, writer), `/docs/${docId}`);
    const coauthorPage = await openPage(await openContext(app, coauthor), `/docs/${docId}`);
    await waitForSyncStatus(writerPage, 'saved');
    await waitForSyncStatus(coauthorPage, 'saved');
    await typeAtEnd(writerPage, 'Results of the radium measurements.');

    await pasteFile(writerPage, 'chart.png', png({ width: 60, height: 30 }));
    await describeImage(writerPage, 'Bar chart of the measurements', 'Figure 1: measured activity');
    await waitForLoadedImage(writerPage, 'Bar chart of the measurements');

    await typeAtEnd(writerPage, 'The table:');
    await pasteHtml(writerPage, '<table><tr><th>Sample</th><th>Activity</th></tr><tr><td>Pitchblende</td><td>4.2</td></tr></table>');
    await editorOf(writerPage).locator('td', { hasText: 'Pitchblende' }).waitFor();
    await waitForSyncStatus(writerPage, 'saved');

    // The other member sees both, live: the picture loads (with their own session), the caption and the table's cells.
    await waitForLoadedImage(coauthorPage, 'Bar chart of the measurements');
    await editorOf(coauthorPage).locator('figcaption', { hasText: 'Figure 1: measured activity' }).waitFor();
    await editorOf(coauthorPage).locator('th', { hasText: 'Sample' }).waitFor();
    await editorOf(coauthorPage).locator('td', { hasText: 'Pitchblende' }).waitFor();
    await screenshot(coauthorPage, 'figures-coauthor');

    // A reviewer selects the image and comments on it.
    const reviewerPage = await openPage(await openContext(app, reviewer), `/docs/${docId}`);
    await waitForLoadedImage(reviewerPage, 'Bar chart of the measurements');
    await editorOf(reviewerPage).locator('figure img').click();
    await reviewerPage.getByRole('toolbar', { name: /^Feedback on the selected/ }).getByRole('button', { name: 'Comment' }).click({ timeout: 5000 });
    await reviewerPage.getByRole('textbox', { name: 'Comment' }).fill('Label the axes, please.');
    await reviewerPage.getByRole('button', { name: 'Post comment' }).click();
    await writerPage.getByText('Label the axes, please.').waitFor();
  });

  it('an image added offline waits in the browser, others see whose device it waits on, and it uploads on reconnect', async () => {
    const { writer, coauthor, docId } = await members();
    const writerContext = await openContext(app, writer);
    const writerPage = await openPage(writerContext, `/docs/${docId}`);
    const coauthorPage = await openPage(await openContext(app, coauthor), `/docs/${docId}`);
    await waitForSyncStatus(writerPage, 'saved');
    await waitForSyncStatus(coauthorPage, 'saved');
    await typeAtEnd(writerPage, 'Written on the train.');
    await waitForSyncStatus(writerPage, 'saved');

    await writerContext.setOffline(true);
    await pasteFile(writerPage, 'sketch.png', png({ width: 40, height: 40 }));
    await describeImage(writerPage, 'Sketch of the apparatus', '');
    // The writer sees it from this browser's copy while it waits.
    const waiting = editorOf(writerPage).locator('figure img.is-waiting[alt="Sketch of the apparatus"]');
    await waiting.waitFor();
    expect(await waiting.evaluate((img) => (img as HTMLImageElement).src.startsWith('blob:'))).toBe(true);

    // Back online, but the upload still fails (the server unreachable for it): the node syncs, the file waits.
    await writerContext.route('**/api/docs/*/files', (route) => route.abort('internetdisconnected'));
    await writerContext.setOffline(false);
    await waitForSyncStatus(writerPage, 'saved');
    await editorOf(coauthorPage).getByRole('img', { name: /Image uploading from Marie Curie’s device…/ }).waitFor();
    await screenshot(coauthorPage, 'figures-waiting-placeholder');

    // The next reconnect uploads it; everyone sees the picture.
    await writerContext.unroute('**/api/docs/*/files');
    await writerContext.setOffline(true);
    await writerContext.setOffline(false);
    await waitForLoadedImage(coauthorPage, 'Sketch of the apparatus');
    await waitForLoadedImage(writerPage, 'Sketch of the apparatus');
    expect(await editorOf(writerPage).locator('figure img.is-waiting').count()).toBe(0);
  });

  it('an image picked with the toolbar and refused by the server is told, and nothing is inserted', async () => {
    const { writer, docId } = await members();
    const writerPage = await openPage(await openContext(app, writer), `/docs/${docId}`);
    await waitForSyncStatus(writerPage, 'saved');
    await typeAtEnd(writerPage, 'A fake picture follows.');
    // A text file dressed as a PNG, picked with the toolbar's button: the server reads the content and refuses it.
    const chooser = writerPage.waitForEvent('filechooser');
    await writerPage.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Insert image' }).click();
    await (await chooser).setFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
    await describeImage(writerPage, 'Fake', '');
    const refusal = writerPage.getByRole('alertdialog', { name: 'Image not added' });
    await refusal.getByText(/fake\.png.*not added.*PNG, JPEG, GIF and WebP/).waitFor();
    await refusal.getByRole('button', { name: 'OK' }).click();
    expect(await editorOf(writerPage).locator('figure').count()).toBe(0);
  });
});
