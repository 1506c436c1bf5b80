import { describe, expect, it } from 'vitest';
import type { ContributionsResponse } from '../shared/schemas/history';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, openContext, openPage, screenshot, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

const adaText = 'Ada wrote the opening line.';
const graceText = ' Grace added a second thought.';
const laterText = ' Typed after the draft.';

describe('contributions and history', () => {
  it('shows each member’s figures, scrubs back to earlier text, and colours the editor by author', async () => {
    const instructor = await app.server.createUser('Grace Hopper');
    const member = await app.server.createUser('Ada Lovelace');
    const { docId, groupId } = await createTestDoc(app.server, [
      { member: instructor, role: 'instructor' },
      { member, role: 'member' },
    ]);

    // Two people write, one after the other.
    const adaPage = await openPage(await openContext(app, member), `/docs/${docId}`);
    await waitForSyncStatus(adaPage, 'saved');
    await typeAtEnd(adaPage, adaText);
    await waitForSyncStatus(adaPage, 'saved');
    const gracePage = await openPage(await openContext(app, instructor), `/docs/${docId}`);
    await waitForText(gracePage, adaText);
    await waitForSyncStatus(gracePage, 'saved');
    await typeAtEnd(gracePage, graceText);
    await waitForSyncStatus(gracePage, 'saved');
    await waitForText(adaPage, graceText.trim());

    // The authorship view: each author's text in their own colour, with a legend.
    await gracePage.getByRole('button', { name: 'Show authorship' }).click();
    const adaSpan = editorOf(gracePage).locator(`.authored[data-author-id="${member.user.id}"]`);
    const graceSpan = editorOf(gracePage).locator(`.authored[data-author-id="${instructor.user.id}"]`);
    await adaSpan.first().waitFor();
    await graceSpan.first().waitFor();
    expect((await adaSpan.allTextContents()).join('')).toBe(adaText);
    expect((await graceSpan.allTextContents()).join('')).toBe(graceText);
    const background = (span: typeof adaSpan) => span.first().evaluate((element) => getComputedStyle(element).backgroundColor);
    const [adaColour, graceColour] = [await background(adaSpan), await background(graceSpan)];
    expect(adaColour).not.toBe(graceColour);
    expect(adaColour).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
    const legend = gracePage.getByRole('list', { name: 'Authors of the text' });
    await legend.getByText('Ada Lovelace').waitFor();
    await legend.getByText('Grace Hopper').waitFor();
    // It follows live edits: Ada's new words are hers at once in Grace's view.
    await typeAtEnd(adaPage, ' Live.');
    await waitForSyncStatus(adaPage, 'saved');
    await gracePage.waitForFunction(
      (id) => [...document.querySelectorAll(`.ProseMirror .authored[data-author-id="${id}"]`)].some((span) => span.textContent?.includes('Live.')),
      member.user.id,
    );
    await screenshot(gracePage, 'authorship');

    // The contributions page: bars and a table with each member's figures, the same as the API's.
    const report = await app.server.api<ContributionsResponse>('GET', `/api/docs/${docId}/contributions`, { as: instructor });
    expect(report.status).toBe(200);
    const figures = new Map(report.body.contributors.map((c) => [c.user.id, c]));
    expect(figures.get(member.user.id)?.inserted).toBe(adaText.length + ' Live.'.length);
    expect(figures.get(instructor.user.id)?.inserted).toBe(graceText.length);
    await gracePage.getByRole('link', { name: 'Contributions' }).click();
    await gracePage.getByRole('heading', { name: 'Who wrote what' }).waitFor();
    const table = gracePage.locator('table.figures').first();
    for (const [userId, figure] of figures) {
      const row = table.locator(`tr[data-user-id="${userId}"]`);
      expect(await row.locator('[data-measure="inserted"]').textContent()).toBe(figure.inserted.toLocaleString('en-US'));
      expect(await row.locator('[data-measure="surviving"]').textContent()).toContain(figure.surviving.toLocaleString('en-US'));
      expect(await row.locator('[data-measure="deleted"]').textContent()).toBe(String(figure.deleted));
      // One bar row per member, drawn.
      expect(await gracePage.locator(`.bars-chart .bars-row[data-user-id="${userId}"] rect.measure-inserted`).count()).toBe(1);
    }
    expect(await gracePage.locator('.heatmap rect.heat:not(.heat-0)').count()).toBeGreaterThanOrEqual(2);
    await screenshot(gracePage, 'contributions');

    // A named version, then more typing: the timeline scrubs back to the text as it was.
    await gracePage.getByRole('link', { name: 'History' }).click();
    await gracePage.getByLabel('Name this version').fill('Draft 1 submitted');
    await gracePage.getByRole('button', { name: 'Save version' }).click();
    await gracePage.getByRole('status').filter({ hasText: 'Saved "Draft 1 submitted"' }).waitFor();
    await typeAtEnd(adaPage, laterText);
    await waitForSyncStatus(adaPage, 'saved');
    await gracePage.reload();
    const view = gracePage.getByRole('document', { name: /read-only/ });
    await view.filter({ hasText: laterText.trim() }).waitFor();
    await gracePage.getByRole('button', { name: 'Go to Draft 1 submitted' }).click();
    await gracePage.locator('.timeline-now').filter({ hasText: 'Draft 1 submitted' }).waitFor();
    await gracePage.waitForFunction(
      (later) => {
        const text = document.querySelector('.history-paper[aria-busy="false"] .document-view')?.textContent ?? '';
        return text.includes('Live.') && !text.includes(later);
      },
      laterText.trim(),
    );
    expect(await view.textContent()).toBe(`${adaText}${graceText} Live.`);
    await screenshot(gracePage, 'history');
    // The slider goes back to the very start (an empty document) with the keyboard.
    const slider = gracePage.getByRole('slider', { name: 'Timeline' });
    await slider.focus();
    await gracePage.keyboard.press('Home');
    await view.filter({ hasText: 'The document was empty.' }).waitFor();
    await gracePage.keyboard.press('End');
    await view.filter({ hasText: laterText.trim() }).waitFor();

    // Compare the draft with now: Ada's later text is marked as inserted, in her colour.
    await gracePage
      .locator('.version')
      .filter({ hasText: 'Draft 1 submitted' })
      .getByRole('button', { name: 'Compare with now' })
      .click();
    const inserted = gracePage.locator(`ins.change-insert[data-user-id="${member.user.id}"]`);
    await inserted.waitFor();
    expect(await inserted.textContent()).toBe(laterText);
    await gracePage.getByRole('list', { name: 'Who changed what' }).getByText('Ada Lovelace').waitFor();
    await screenshot(gracePage, 'history-compare');

    // The group report, linked from the group page, has both members and a CSV export.
    await gracePage.goto(`/groups/${groupId}`);
    await gracePage.getByRole('link', { name: 'Contributions' }).click();
    await gracePage.getByRole('heading', { name: 'Who wrote what' }).waitFor();
    for (const userId of [member.user.id, instructor.user.id]) {
      await gracePage.locator(`table.figures tr[data-user-id="${userId}"]`).waitFor();
    }
    const csvHref = await gracePage.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await gracePage.evaluate(async (href) => (await fetch(href!)).text(), csvHref);
    expect(csv).toContain('Ada Lovelace');
    const phone = await openPage(await openContext(app, instructor, { width: 390, height: 844 }), `/groups/${groupId}/contributions`);
    await phone.getByRole('heading', { name: 'Who wrote what' }).waitFor();
    await screenshot(phone, 'contributions-phone');
  });
});
