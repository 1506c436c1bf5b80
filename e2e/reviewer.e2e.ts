import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, editorText, openContext, openPage, screenshot, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

describe('a reviewer', () => {
  it('reads the document live but cannot change it, and can still select text', async () => {
    const author = await app.server.createUser('Rosalind Franklin');
    const reviewer = await app.server.createUser('Peer Reviewer');
    const { docId } = await createTestDoc(app.server, [
      { member: author, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    const authorPage = await openPage(await openContext(app, author), `/docs/${docId}`);
    await waitForSyncStatus(authorPage, 'saved');
    await typeAtEnd(authorPage, 'Photo 51 shows an X-shaped diffraction pattern.');
    await waitForSyncStatus(authorPage, 'saved');

    const reviewerPage = await openPage(await openContext(app, reviewer), `/docs/${docId}`);
    await waitForText(reviewerPage, 'Photo 51 shows');
    await waitForSyncStatus(reviewerPage, 'saved');
    const editor = editorOf(reviewerPage);
    expect(await editor.getAttribute('contenteditable')).toBe('false');
    await reviewerPage.getByRole('note').filter({ hasText: 'Read-only' }).waitFor();
    // No formatting toolbar for someone who cannot format.
    expect(await reviewerPage.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);

    // Typing and pasting change nothing, here or for the author.
    await editor.click();
    await reviewerPage.keyboard.press('Control+End');
    await reviewerPage.keyboard.type('Reviewer was here. ');
    await reviewerPage.keyboard.press('Enter');
    await reviewerPage.keyboard.press('Backspace');
    expect(await editorText(reviewerPage)).toBe('Photo 51 shows an X-shaped diffraction pattern.');

    // Text can still be selected (for comments).
    await editor.locator('p').first().click({ clickCount: 3 });
    expect(await reviewerPage.evaluate(() => window.getSelection()?.toString().trim())).toBe(
      'Photo 51 shows an X-shaped diffraction pattern.',
    );
    await screenshot(reviewerPage, 'document-reviewer');

    // The author keeps editing and the reviewer follows live; the author's text never got the reviewer's words.
    await typeAtEnd(authorPage, ' It suggests a helix.');
    await waitForText(reviewerPage, 'It suggests a helix.');
    await waitForSyncStatus(authorPage, 'saved');
    expect(await editorText(authorPage)).toBe('Photo 51 shows an X-shaped diffraction pattern. It suggests a helix.');
    expect(await editorText(reviewerPage)).toBe(await editorText(authorPage));
  });
});
