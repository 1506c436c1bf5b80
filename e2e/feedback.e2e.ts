import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import {
  editorOf,
  editorText,
  openContext,
  openPage,
  screenshot,
  selectText,
  typeAtEnd,
  useApp,
  waitForSyncStatus,
  waitForText,
} from './harness';

const app = useApp();

/** A thread in the feedback panel, found by text it shows. */
const threadCard = (page: Page, text: string) => page.locator('.threads-panel article').filter({ hasText: text });

/** Chooses `action` in a thread's menu of other actions (resolve, reopen, re-attach, edit, delete). */
async function chooseInMenu(card: Locator, action: string): Promise<void> {
  await card.getByRole('button', { name: /^More actions on this/ }).click();
  await card.getByRole('menuitem', { name: action }).click();
}

/** Selects `text` in the document and chooses Comment, Annotate or Suggest in the selection bubble. */
async function startFeedback(page: Page, text: string, kind: 'Comment' | 'Annotate' | 'Suggest'): Promise<void> {
  await selectText(page, text);
  await page.getByRole('toolbar', { name: 'Feedback on the selected text' }).getByRole('button', { name: kind }).click();
}

/** Opens the document for `who` and waits until its text is there. */
async function openDoc(who: Parameters<typeof openContext>[1], docId: string, text?: string, viewport?: { width: number; height: number }) {
  const page = await openPage(await openContext(app, who, viewport), `/docs/${docId}`);
  await waitForSyncStatus(page, 'saved');
  if (text) await waitForText(page, text);
  // Attached, not visible: on a phone the feedback waits in a closed drawer.
  await page.locator('.feed-live').waitFor({ state: 'attached' });
  return page;
}

/** A member who has written `text` and a reviewer who sees `shown` of it, each on the document page. */
async function authorAndReviewer(text: string, shown: string) {
  const author = await app.server.createUser('Rosalind Franklin');
  const reviewer = await app.server.createUser('Peer Reviewer');
  const { docId } = await createTestDoc(app.server, [
    { member: author, role: 'member' },
    { member: reviewer, role: 'reviewer' },
  ]);
  const authorPage = await openDoc(author, docId);
  await typeAtEnd(authorPage, text);
  await waitForSyncStatus(authorPage, 'saved');
  const reviewerPage = await openDoc(reviewer, docId, shown);
  return { author, reviewer, docId, authorPage, reviewerPage };
}

describe('feedback on a document', () => {
  it('a reviewer comments on selected text; a member replies and resolves, and the reviewer sees it live', async () => {
    const { authorPage, reviewerPage } = await authorAndReviewer('Photo 51 shows an X-shaped diffraction pattern.', 'X-shaped');

    // The reviewer's editor is read-only, but selecting text offers feedback.
    expect(await editorOf(reviewerPage).getAttribute('contenteditable')).toBe('false');
    await startFeedback(reviewerPage, 'X-shaped diffraction pattern', 'Comment');
    await reviewerPage.getByRole('textbox', { name: 'Comment' }).fill('Which wavelength was used?');
    await reviewerPage.getByRole('button', { name: 'Post comment' }).click();
    await threadCard(reviewerPage, 'Which wavelength was used?').waitFor();
    expect(await reviewerPage.locator('.thread-highlight').innerText()).toBe('X-shaped diffraction pattern');

    // The author sees it without reloading, highlighted in the text; the document itself is unchanged.
    const card = threadCard(authorPage, 'Which wavelength was used?');
    await card.waitFor();
    await authorPage.locator('.ProseMirror .thread-highlight', { hasText: 'X-shaped diffraction pattern' }).waitFor();
    expect(await editorText(authorPage)).toBe('Photo 51 shows an X-shaped diffraction pattern.');
    expect(await editorOf(authorPage).locator('mark').count()).toBe(0);

    // Clicking the highlight selects its thread; the thread's quote brings back its highlight.
    await authorPage.locator('.ProseMirror .thread-highlight').click();
    await authorPage.locator('.threads-panel article.is-active', { hasText: 'Which wavelength' }).waitFor();
    await authorPage.locator('.ProseMirror p').click({ position: { x: 2, y: 2 } });
    await authorPage.locator('.threads-panel article.is-active').waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Show “X-shaped diffraction pattern” in the document' }).click();
    await authorPage.locator('.ProseMirror .thread-highlight.is-active').waitFor();

    // The author replies; the reviewer sees the reply live.
    await card.getByRole('button', { name: 'Reply' }).click();
    await card.getByRole('textbox', { name: 'Reply to Peer Reviewer' }).fill('Copper K-alpha X-rays, 1.54 Å.');
    await card.getByRole('button', { name: 'Send reply' }).click();
    const reviewerCard = threadCard(reviewerPage, 'Which wavelength was used?');
    await reviewerCard.getByText('Copper K-alpha X-rays, 1.54 Å.').waitFor();

    // The author edits the reply: everyone sees the new text, marked edited.
    await card.getByRole('button', { name: 'More actions on Rosalind Franklin’s reply' }).click();
    await card.getByRole('menuitem', { name: 'Edit reply' }).click();
    await card.getByRole('textbox', { name: 'Edit your reply' }).fill('Copper K-alpha X-rays (1.54 Å).');
    await card.getByRole('button', { name: 'Save' }).click();
    await reviewerCard.getByText('Copper K-alpha X-rays (1.54 Å).').waitFor();
    await reviewerCard.getByText('edited', { exact: false }).waitFor();

    // The author resolves it; the reviewer sees who did, live, and the highlight goes.
    await chooseInMenu(card, 'Resolve');
    await reviewerCard.getByText('Resolved by Rosalind Franklin').waitFor();
    await reviewerPage.locator('.ProseMirror .thread-highlight').waitFor({ state: 'detached' });
    await card.getByText('Resolved by you').waitFor();
    await screenshot(reviewerPage, 'feedback-thread');

    // Reopening brings it back for both.
    await chooseInMenu(card, 'Reopen');
    await reviewerCard.getByText('Reopened by Rosalind Franklin').waitFor();
    await reviewerPage.locator('.ProseMirror .thread-highlight').waitFor();
  });

  it('a reviewer suggests a rewrite and an author accepts it: the text changes for everyone', async () => {
    const { authorPage, reviewerPage } = await authorAndReviewer('Photo 51 shows a blurry X pattern.', 'blurry');

    await startFeedback(reviewerPage, 'blurry', 'Suggest');
    const replacement = reviewerPage.getByRole('textbox', { name: 'Replace with' });
    expect(await replacement.inputValue()).toBe('blurry');
    await replacement.fill('sharp');
    await reviewerPage.getByRole('textbox', { name: 'Note (optional)' }).fill('The pattern is very clear.');
    await reviewerPage.getByRole('button', { name: 'Suggest edit' }).click();

    // The author sees it inline, live: the words struck through, the proposal beside them.
    const card = threadCard(authorPage, 'The pattern is very clear.');
    await card.waitFor();
    await authorPage.locator('.ProseMirror del.suggestion-deletion', { hasText: 'blurry' }).waitFor();
    await authorPage.locator('.ProseMirror ins.suggestion-insertion', { hasText: 'sharp' }).waitFor();
    expect(await editorText(authorPage)).toBe('Photo 51 shows a blurry X pattern.');
    await screenshot(authorPage, 'feedback-suggestion');

    // A reviewer may suggest but not decide.
    const reviewerCard = threadCard(reviewerPage, 'The pattern is very clear.');
    await reviewerCard.waitFor();
    expect(await reviewerCard.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    expect(await reviewerCard.getByRole('button', { name: 'Reject' }).count()).toBe(0);

    // The author accepts: the text changes in both editors, and the thread says who accepted it.
    await card.getByRole('button', { name: 'Accept' }).click();
    await waitForText(reviewerPage, 'Photo 51 shows a sharp X pattern.');
    await reviewerCard.getByText('Accepted by Rosalind Franklin').waitFor();
    await waitForSyncStatus(authorPage, 'saved');
    expect(await editorText(authorPage)).toBe('Photo 51 shows a sharp X pattern.');
    expect(await editorText(reviewerPage)).toBe('Photo 51 shows a sharp X pattern.');
    expect(await authorPage.locator('.ProseMirror .suggestion-insertion, .ProseMirror .suggestion-deletion').count()).toBe(0);
    // The suggester is still its author.
    expect(await card.locator('.message-author').first().innerText()).toBe('Peer Reviewer');
  });

  it('a reviewer suggests an insertion at the caret and a member accepts it: the text is inserted there for everyone', async () => {
    const { authorPage, reviewerPage } = await authorAndReviewer('Photo 51 shows the pattern.', 'the pattern');

    // The reviewer's editor is read-only, yet a click places the caret: just after "the".
    expect(await editorOf(reviewerPage).getAttribute('contenteditable')).toBe('false');
    await selectText(reviewerPage, 'the');
    const end = await reviewerPage.evaluate(() => {
      const box = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
      return { x: box.right - 1, y: box.top + box.height / 2 };
    });
    await reviewerPage.mouse.click(end.x, end.y);
    await reviewerPage.waitForFunction(() => window.getSelection()?.isCollapsed === true);

    await reviewerPage.getByRole('button', { name: 'Suggest insertion' }).click();
    await reviewerPage.getByText('At the caret, after “…Photo 51 shows the”').waitFor();
    await reviewerPage.getByRole('textbox', { name: 'Insert' }).fill(' diffraction');
    await reviewerPage.getByRole('button', { name: 'Suggest insertion' }).last().click();

    // The author sees the proposal inline, live, at that place; the document itself is unchanged.
    const card = threadCard(authorPage, 'Insert diffraction');
    await card.waitFor();
    await authorPage.locator('.ProseMirror ins.suggestion-insertion', { hasText: 'diffraction' }).waitFor();
    expect(await authorPage.locator('.ProseMirror p').innerText()).toBe('Photo 51 shows the diffraction pattern.');
    expect(await editorText(authorPage)).toBe('Photo 51 shows the pattern.');
    expect(await authorPage.locator('.ProseMirror .suggestion-deletion').count()).toBe(0);

    // The member accepts: both editors hold the inserted text at that place.
    await card.getByRole('button', { name: 'Accept' }).click();
    await waitForText(reviewerPage, 'Photo 51 shows the diffraction pattern.');
    await threadCard(reviewerPage, 'Insert diffraction').getByText('Accepted by Rosalind Franklin').waitFor();
    await waitForSyncStatus(authorPage, 'saved');
    expect(await editorText(authorPage)).toBe('Photo 51 shows the diffraction pattern.');
    expect(await editorText(reviewerPage)).toBe('Photo 51 shows the diffraction pattern.');
    expect(await authorPage.locator('.ProseMirror .suggestion-insertion').count()).toBe(0);
  });

  it('a mention shows up for the mentioned member; private feedback stays with instructors and its author', async () => {
    const instructor = await app.server.createUser('Ada Lovelace');
    const writer = await app.server.createUser('Grace Hopper');
    const reviewer = await app.server.createUser('Peer Reviewer');
    const { docId } = await createTestDoc(app.server, [
      { member: instructor, role: 'instructor' },
      { member: writer, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    const writerPage = await openDoc(writer, docId);
    await typeAtEnd(writerPage, 'Enzymes lower the activation energy of reactions.');
    await waitForSyncStatus(writerPage, 'saved');
    const instructorPage = await openDoc(instructor, docId, 'Enzymes');
    const reviewerPage = await openDoc(reviewer, docId, 'Enzymes');

    // Private feedback first: for instructors (and its author) only.
    await startFeedback(writerPage, 'activation energy', 'Comment');
    await writerPage.getByRole('textbox', { name: 'Comment' }).fill('Is this the right term?');
    await writerPage.getByRole('checkbox', { name: 'Only instructors and you' }).check();
    await writerPage.getByRole('button', { name: 'Post comment' }).click();
    await threadCard(instructorPage, 'Is this the right term?').getByText('Private: instructors and Grace Hopper').waitFor();
    await threadCard(writerPage, 'Is this the right term?').getByText('Private: instructors and you').waitFor();

    // Then a comment for the group that mentions the reviewer, chosen from the list.
    await startFeedback(writerPage, 'Enzymes', 'Comment');
    const field = writerPage.getByRole('textbox', { name: 'Comment' });
    await field.pressSequentially('Can you check this, @Pee');
    await writerPage.getByRole('listbox', { name: 'People to mention' }).getByRole('option', { name: /Peer Reviewer/ }).waitFor();
    await field.press('Enter');
    await field.pressSequentially('please?');
    // The field shows the name, marked as a mention, never the token it sends.
    expect(await field.inputValue()).toBe('Can you check this, @Peer Reviewer please?');
    expect(await writerPage.locator('.new-thread .mention-chip').allInnerTexts()).toEqual(['@Peer Reviewer']);
    await writerPage.getByRole('button', { name: 'Post comment' }).click();

    // The reviewer sees the mention of them, marked as theirs.
    const mentioned = threadCard(reviewerPage, 'Can you check this');
    await mentioned.waitFor();
    expect(await mentioned.locator('.mention.mention-you').innerText()).toContain('@Peer Reviewer');
    await mentioned.getByText('Mentions you').waitFor();
    // For the writer it is a mention of someone else.
    const written = threadCard(writerPage, 'Can you check this');
    expect(await written.locator('.mention').innerText()).toBe('@Peer Reviewer');
    expect(await written.locator('.mention-you').count()).toBe(0);
    // The private comment came before it on the stream, yet never reached the reviewer.
    expect(await threadCard(reviewerPage, 'Is this the right term?').count()).toBe(0);
    await screenshot(reviewerPage, 'feedback-mention');
  });

  it('annotations carry the group’s tags, counted per tag, and an instructor can add a tag', async () => {
    const instructor = await app.server.createUser('Ada Lovelace');
    const reviewer = await app.server.createUser('Peer Reviewer');
    const { docId, groupId } = await createTestDoc(app.server, [
      { member: instructor, role: 'instructor' },
      { member: reviewer, role: 'reviewer' },
    ]);
    // The instructor adds a tag on the group page.
    const groupPage = await openPage(await openContext(app, instructor), `/groups/${groupId}`);
    const tags = groupPage.getByRole('region', { name: 'Annotation tags' });
    await tags.getByText('Needs evidence').waitFor();
    await tags.getByRole('button', { name: 'Add a tag' }).click();
    await tags.getByRole('textbox', { name: 'Tag name' }).fill('Great example');
    await tags.getByRole('button', { name: 'Add tag' }).click();
    await tags.getByText('Great example').waitFor();

    const instructorPage = await openDoc(instructor, docId);
    await typeAtEnd(instructorPage, 'Mitochondria are the powerhouse of the cell. Ribosomes build proteins.');
    await waitForSyncStatus(instructorPage, 'saved');
    const reviewerPage = await openDoc(reviewer, docId, 'Ribosomes');

    const annotate = async (text: string, tag: string) => {
      await startFeedback(reviewerPage, text, 'Annotate');
      await reviewerPage.getByRole('combobox', { name: 'Tag', exact: true }).selectOption({ label: tag });
      await reviewerPage.getByRole('button', { name: 'Add annotation' }).click();
      await reviewerPage.locator('.thread-draft').waitFor({ state: 'detached' });
    };
    await annotate('powerhouse', 'Unclear');
    await annotate('Ribosomes build proteins', 'Great example');
    await annotate('Mitochondria', 'Unclear');

    // Counts per tag, live for the instructor; filtering by a tag keeps its annotations only.
    const tagFilter = instructorPage.getByRole('combobox', { name: 'Filter by tag' });
    await instructorPage.locator('.threads-panel article').nth(2).waitFor();
    await instructorPage.locator('option', { hasText: 'Unclear (2)' }).waitFor({ state: 'attached' });
    await instructorPage.locator('option', { hasText: 'Great example (1)' }).waitFor({ state: 'attached' });
    await tagFilter.selectOption({ label: 'Great example (1)' });
    await instructorPage.locator('.threads-panel article').nth(1).waitFor({ state: 'detached' });
    expect(await instructorPage.locator('.threads-panel article .kind-badge').allInnerTexts()).toEqual(['Great example']);
    expect(await instructorPage.locator('.ProseMirror .thread-highlight').allInnerTexts()).toEqual(['Ribosomes build proteins']);
    await tagFilter.selectOption({ label: 'All tags' });
    // In the order of their text.
    await instructorPage.locator('.threads-panel article').nth(2).waitFor();
    expect(await instructorPage.locator('.threads-panel article .thread-quote').allInnerTexts()).toEqual([
      '“Mitochondria”',
      '“powerhouse”',
      '“Ribosomes build proteins”',
    ]);
  });

  it('a thread whose text is deleted is listed as detached, with its quote, and an editor re-attaches it', async () => {
    const { authorPage, reviewerPage } = await authorAndReviewer('Keep this sentence. Delete these words now.', 'Delete these');
    await startFeedback(reviewerPage, 'these words', 'Comment');
    await reviewerPage.getByRole('textbox', { name: 'Comment' }).fill('Why these words?');
    await reviewerPage.getByRole('button', { name: 'Post comment' }).click();
    await authorPage.locator('.ProseMirror .thread-highlight', { hasText: 'these words' }).waitFor();

    // The author deletes the sentence: the thread stays, listed apart with what it was about.
    await selectText(authorPage, ' Delete these words now.');
    await authorPage.keyboard.press('Backspace');
    const detached = reviewerPage.getByRole('region', { name: /Detached/ });
    await detached.getByText('It was about “these words”').waitFor();
    await authorPage.getByRole('region', { name: /Detached/ }).waitFor();
    expect(await reviewerPage.locator('.ProseMirror .thread-highlight').count()).toBe(0);

    // The author re-attaches it to other text; everyone sees it there again.
    await selectText(authorPage, 'this sentence');
    await chooseInMenu(authorPage.getByRole('region', { name: /Detached/ }).locator('article').filter({ hasText: 'Why these words?' }), 'Re-attach to selected text');
    await reviewerPage.locator('.ProseMirror .thread-highlight', { hasText: 'this sentence' }).waitFor();
    await threadCard(reviewerPage, 'Why these words?').getByText('Re-attached by Rosalind Franklin').waitFor();
    expect(await reviewerPage.getByRole('region', { name: /Detached/ }).count()).toBe(0);
  });

  it('markup in bodies, suggestions and names stays inert text', async () => {
    const imgName = '<img src=x onerror="window.__xss=1">';
    const scriptName = '<script>window.__xss=1</script>';
    const writer = await app.server.createUser(imgName);
    const reader = await app.server.createUser(scriptName);
    const { docId } = await createTestDoc(app.server, [
      { member: writer, role: 'member' },
      { member: reader, role: 'reviewer' },
    ]);
    const writerPage = await openDoc(writer, docId);
    await typeAtEnd(writerPage, 'Plain words to comment on.');
    await waitForSyncStatus(writerPage, 'saved');
    const readerPage = await openDoc(reader, docId, 'Plain words');

    const body = `${scriptName} and ${imgName} see https://example.org/notes?q=1 not javascript:window.__xss=1`;
    await startFeedback(writerPage, 'Plain words', 'Comment');
    const field = writerPage.getByRole('textbox', { name: 'Comment' });
    await field.fill(`${body} `);
    await field.pressSequentially('@<scr');
    await field.press('Enter');
    await writerPage.getByRole('button', { name: 'Post comment' }).click();
    await startFeedback(writerPage, 'comment on', 'Suggest');
    await writerPage.getByRole('textbox', { name: 'Replace with' }).fill(imgName);
    await writerPage.getByRole('button', { name: 'Suggest edit' }).click();

    const card = threadCard(readerPage, 'see https://example.org');
    await card.waitFor();
    // Every payload shows as the characters typed: in the body, the author's name, the mention and the inline suggestion.
    expect(await card.locator('.feedback-text').innerText()).toContain(body);
    expect(await card.locator('.message-author').first().innerText()).toBe(imgName);
    expect(await card.locator('.mention-you').innerText()).toContain(`@${scriptName}`);
    await readerPage.locator('.ProseMirror ins.suggestion-insertion', { hasText: imgName }).waitFor();
    await threadCard(readerPage, 'Replace').getByText(imgName).first().waitFor();
    // The web address is a link, opening apart and without referrer; the script address is not.
    const link = card.getByRole('link');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://example.org/notes?q=1');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    for (const page of [writerPage, readerPage]) {
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(await page.locator('.threads-panel img, .threads-panel script, .ProseMirror img').count()).toBe(0);
    }
    await screenshot(readerPage, 'feedback-xss');
  });

  it('on a phone the feedback opens in a drawer over the text', async () => {
    const author = await app.server.createUser('Rosalind Franklin');
    const { docId } = await createTestDoc(app.server, [{ member: author, role: 'member' }]);
    const page = await openDoc(author, docId, undefined, { width: 390, height: 844 });
    await typeAtEnd(page, 'Short note on a small screen.');
    // From the keyboard: Ctrl+Alt+M comments on the selection.
    await selectText(page, 'small screen');
    await page.keyboard.press('Control+Alt+KeyM');
    await page.getByRole('textbox', { name: 'Comment' }).fill('Fits on a phone.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await threadCard(page, 'Fits on a phone.').waitFor();
    // The drawer holds the form and then the new thread, at the bottom of the screen and within its width.
    const panel = await page.locator('.threads-panel.is-drawer.is-open').boundingBox();
    expect(panel!.y + panel!.height).toBeLessThanOrEqual(844 + 1);
    expect(panel!.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'feedback-phone');
  });
});
