import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, openContext, openPage, screenshot, selectText, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';
import { contrastProblems, hasNoSideways } from './page-checks';

const app = useApp();

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };

/** On a phone the document's first line starts at most this far from the top of the screen (header, title, toolbar included). */
const textStartLimit = 320;

/** The README's pictures (docs/*.png) are refreshed only on request, so that a test run leaves the tree clean. */
async function readmePicture(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  if (process.env.UPDATE_README_SCREENSHOT) {
    await page.screenshot({ path: join(import.meta.dirname, '..', 'docs', `${name}.png`), animations: 'disabled' });
  }
}

/** What a tap on `target` met: the element at its centre, the selection, the focus, the scroll, the thread shown as active. */
async function tapDiagnosis(page: Page, target: Locator): Promise<string> {
  const box = await target.boundingBox();
  return page.evaluate(
    ({ x, y }) =>
      JSON.stringify({
        atCentre: document.elementFromPoint(x, y)?.outerHTML.slice(0, 160) ?? null,
        selection: String(window.getSelection()),
        focus: document.activeElement?.className ?? null,
        scrollY: window.scrollY,
        active: document.querySelector('.threads-panel article.is-active')?.getAttribute('data-thread-id') ?? null,
        drawer: document.querySelector('.threads-panel')?.className ?? null,
      }),
    { x: box ? box.x + box.width / 2 : 0, y: box ? box.y + box.height / 2 : 0 },
  );
}

async function expectNoSideways(page: Page, what: string): Promise<void> {
  const overflow = await hasNoSideways(page);
  expect(overflow, `${what} scrolls sideways`).toEqual({ scrollWidth: overflow.clientWidth, clientWidth: overflow.clientWidth });
}

const title = 'Lab report: how light, water and carbon dioxide become sugar in a leaf';
const paragraphs = [
  'Plants make their own food. In the chloroplasts of a leaf, light energy splits water and the hydrogen it gives up turns carbon dioxide into glucose.',
  'We measured the oxygen given off by pondweed under a lamp at five distances. The closer the lamp, the more bubbles we counted per minute.',
];

/** A group with a learner (Ada), a teammate (Grace) and their instructor, a titled document with two paragraphs and Grace's comment on a phrase. */
async function teamDocument() {
  const ada = await app.server.createUser('Ada Lovelace');
  const grace = await app.server.createUser('Grace Hopper');
  const ivy = await app.server.createUser('Ivy Instructor');
  const doc = await createTestDoc(app.server, [
    { member: ada, role: 'member' },
    { member: grace, role: 'member' },
    { member: ivy, role: 'instructor' },
  ]);
  const { db } = app.server.domain.store;
  await db.updateTable('groups').set({ name: 'Biology 101 · team Otter' }).where('id', '=', doc.groupId).execute();
  await db.updateTable('projects').set({ name: 'Photosynthesis lab' }).where('id', '=', doc.projectId).execute();
  const renamed = await app.server.api('PATCH', `/api/docs/${doc.docId}`, { as: ada, body: { title } });
  expect(renamed.status).toBe(200);

  const adaDesk = await openPage(await openContext(app, ada, desktop), `/docs/${doc.docId}`);
  await waitForSyncStatus(adaDesk, 'saved');
  await typeAtEnd(adaDesk, paragraphs[0]!);
  await adaDesk.keyboard.press('Enter');
  await adaDesk.keyboard.type(paragraphs[1]!);
  await waitForSyncStatus(adaDesk, 'saved');

  const graceDesk = await openPage(await openContext(app, grace, desktop), `/docs/${doc.docId}`);
  await waitForSyncStatus(graceDesk, 'saved');
  await waitForText(graceDesk, 'bubbles we counted');
  await graceDesk.locator('.feed-live').waitFor();
  await selectText(graceDesk, 'five distances');
  await graceDesk.getByRole('toolbar', { name: 'Feedback on the selected text' }).getByRole('button', { name: 'Comment' }).click();
  await graceDesk.getByRole('textbox', { name: 'Comment' }).fill('Which distances? A table would help the reader compare them.');
  await graceDesk.getByRole('button', { name: 'Post comment' }).click();
  await graceDesk.locator('.threads-panel article', { hasText: 'Which distances?' }).waitFor();
  return { ...doc, ada, grace, ivy, adaDesk, graceDesk };
}

describe('layout: desktop, a 390 px phone, and the dark theme', () => {
  it('on a phone: documents first, a compact document head, feedback in a drawer that opens at the tapped highlight; no page scrolls sideways', async () => {
    const team = await teamDocument();
    const { ada, docId, groupId, adaDesk } = team;

    // Desktop: feedback beside the text, and authorship names on hover.
    await adaDesk.locator('.threads-panel article', { hasText: 'Which distances?' }).waitFor();
    const [paper, panel] = await Promise.all([adaDesk.locator('.paper').boundingBox(), adaDesk.locator('.threads-panel').boundingBox()]);
    expect(panel!.x).toBeGreaterThanOrEqual(paper!.x + paper!.width);
    await adaDesk.locator('.thread-highlight', { hasText: 'five distances' }).click();
    await adaDesk.locator('.threads-panel article.is-active', { hasText: 'Which distances?' }).waitFor();
    await readmePicture(adaDesk, 'screenshot-feedback');
    await adaDesk.getByRole('button', { name: 'Show authorship' }).click();
    const adaRun = editorOf(adaDesk).locator(`.authored[data-author-id="${ada.user.id}"]`).first();
    await adaRun.waitFor();
    expect(await adaRun.getAttribute('title')).toBe('Ada Lovelace');
    // From the keyboard (no hover): the author of the text at the caret is named beside the legend.
    await adaRun.click();
    await adaDesk.locator('.caret-author', { hasText: 'Ada Lovelace' }).waitFor();
    await adaDesk.getByRole('button', { name: 'Hide authorship' }).click();

    const adaHome = await openPage(await openContext(app, ada, desktop), '/');
    await adaHome.locator('.group-card').first().waitFor();
    await readmePicture(adaHome, 'screenshot-home');

    // Phone: home puts the learner's own documents before the digest.
    const context = await openContext(app, ada, phone, { hasTouch: true, isMobile: true });
    const home = await openPage(context, '/');
    const groupCard = home.locator('.group-card').first();
    await groupCard.getByRole('link', { name: title }).waitFor();
    const digest = home.locator('.home-activity');
    if ((await digest.count()) > 0) {
      const [groupBox, digestBox] = await Promise.all([groupCard.boundingBox(), digest.first().boundingBox()]);
      expect(groupBox!.y).toBeLessThan(digestBox!.y);
    }
    await expectNoSideways(home, 'home');
    await readmePicture(home, 'screenshot-home-phone');

    // The document: a compact head, the whole title kept, the text near the top.
    const page = await openPage(context, `/docs/${docId}`);
    await waitForSyncStatus(page, 'saved');
    await waitForText(page, 'bubbles we counted');
    await page.locator('.feed-live').waitFor({ state: 'attached' });
    const titleField = page.getByRole('textbox', { name: 'Document title' });
    expect(await titleField.inputValue()).toBe(title);
    expect(await titleField.getAttribute('title')).toBe(title);
    const titleBox = await titleField.boundingBox();
    expect(titleBox!.x).toBeGreaterThanOrEqual(0);
    expect(titleBox!.x + titleBox!.width).toBeLessThanOrEqual(phone.width);
    const firstLine = await editorOf(page).locator('p').first().boundingBox();
    expect(firstLine!.y).toBeLessThanOrEqual(textStartLimit);
    await expectNoSideways(page, 'the document');

    // Feedback waits in a closed drawer; tapping the highlight opens it at that thread, the highlight still in view above it.
    const drawer = page.locator('.threads-panel');
    expect(await drawer.isVisible()).toBe(false);
    const opener = page.getByRole('button', { name: /^Feedback/ });
    await opener.waitFor();
    const highlight = page.locator('.thread-highlight', { hasText: 'five distances' });
    await highlight.tap();
    await page.locator('.threads-panel.is-open').waitFor();
    const card = page.locator('.threads-panel article.is-active', { hasText: 'Which distances?' });
    await card.waitFor();
    await page.waitForFunction(() => {
      const panel = document.querySelector('.threads-panel');
      return panel !== null && getComputedStyle(panel).transform === 'none';
    });
    const [drawerBox, cardBox, highlightBox] = await Promise.all([drawer.boundingBox(), card.boundingBox(), highlight.boundingBox()]);
    expect(drawerBox!.y + drawerBox!.height).toBeLessThanOrEqual(phone.height + 1);
    expect(cardBox!.y).toBeGreaterThanOrEqual(drawerBox!.y);
    expect(cardBox!.y).toBeLessThan(phone.height);
    const toolbarBox = await page.locator('.toolbar').boundingBox();
    expect(highlightBox!.y).toBeGreaterThanOrEqual(toolbarBox!.y + toolbarBox!.height);
    expect(highlightBox!.y + highlightBox!.height).toBeLessThanOrEqual(drawerBox!.y);
    await expectNoSideways(page, 'the document with the feedback drawer');
    await readmePicture(page, 'screenshot-document-phone');

    // Escape closes it; a second tap on the same highlight opens it again; so does the corner button; Close closes it.
    await page.keyboard.press('Escape');
    await page.locator('.threads-panel.is-open').waitFor({ state: 'detached' });
    await opener.waitFor();
    await highlight.tap();
    // Seen once in CI and never here: the drawer did not open again. Should it recur, the failure says what the page looked like.
    await page
      .locator('.threads-panel.is-open')
      .waitFor()
      .catch(async (error: unknown) => {
        await screenshot(page, 'phone-second-tap-failed');
        throw new Error(`The drawer did not open on a second tap; the page then: ${await tapDiagnosis(page, highlight)}`, { cause: error });
      });
    await page.getByRole('button', { name: 'Close feedback' }).click();
    await page.locator('.threads-panel.is-open').waitFor({ state: 'detached' });
    await opener.click();
    await page.locator('.threads-panel.is-open').waitFor();
    await card.waitFor();

    // The history and contributions pages fit the phone too.
    const history = await openPage(context, `/docs/${docId}/history`);
    await history.locator('.history-paper').waitFor();
    await expectNoSideways(history, 'history');
    const contributions = await openPage(context, `/docs/${docId}/contributions`);
    await contributions.locator('.bars-row').first().waitFor();
    await expectNoSideways(contributions, 'the document’s contributions');
    const groupContributions = await openPage(await openContext(app, team.ivy, phone), `/groups/${groupId}/contributions`);
    await groupContributions.locator('.bars-row').first().waitFor();
    await expectNoSideways(groupContributions, 'the group’s contributions');
    // Three people, five pages and two screen sizes: more than the default 90 s on a loaded machine.
  }, 240_000);

  it('the dark theme: the header’s toggle switches it, it is remembered across a reload, and text keeps a contrast of 4.5:1', async () => {
    const { docId, groupId, ada } = await teamDocument();
    const context = await openContext(app, ada, desktop, { colorScheme: 'light' });
    const page = await openPage(context, `/docs/${docId}`);
    await waitForSyncStatus(page, 'saved');
    await page.locator('.threads-panel article').first().waitFor();
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await theme()).toBe('light');
    const light = await background();
    expect(await contrastProblems(page)).toEqual([]);

    const toggle = page.getByRole('button', { name: 'Dark theme' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await theme()).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await background()).not.toBe(light);
    expect(await contrastProblems(page)).toEqual([]);

    // Remembered: set before the app's own script runs, so the page never shows light first.
    await page.reload({ waitUntil: 'domcontentloaded' });
    expect(await theme()).toBe('dark');
    await waitForSyncStatus(page, 'saved');
    await page.locator('.threads-panel article').first().waitFor();
    expect(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).toBe('true');
    await readmePicture(page, 'screenshot-document-dark');

    const home = await openPage(context, '/');
    await home.locator('.group-card').first().waitFor();
    expect(await home.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await contrastProblems(home)).toEqual([]);

    // The other pages keep their contrast in the dark too.
    const pages: [string, string][] = [
      [`/docs/${docId}/history`, '.history-paper .ProseMirror, .history-paper .document-text'],
      [`/docs/${docId}/contributions`, '.bars-row'],
      [`/groups/${groupId}`, '.member'],
    ];
    for (const [path, content] of pages) {
      const other = await openPage(context, path);
      await other.locator(content).first().waitFor();
      await other.waitForFunction(() => document.querySelector('.loading') === null);
      expect(await contrastProblems(other), path).toEqual([]);
    }

    // Without a choice of their own, a reader whose system is dark gets the dark theme.
    const systemDark = await openPage(await openContext(app, ada, desktop, { colorScheme: 'dark' }), '/');
    await systemDark.locator('.group-card').first().waitFor();
    expect(await systemDark.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  }, 180_000);
});
