import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import type { TestUser } from '../server/testing/test-server';
import { openContext, openPage, screenshot, selectText, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

/**
 * Feedback people can trust: an annotation says what its author chose, a
 * mention notifies whoever it names however it was written, and an invite
 * link offered for copying still lets someone in.
 */

const app = useApp();

const threadCard = (page: Page, text: string) => page.locator('.threads-panel article').filter({ hasText: text });

async function startFeedback(page: Page, text: string, kind: 'Comment' | 'Annotate'): Promise<void> {
  await selectText(page, text);
  await page.getByRole('toolbar', { name: 'Feedback on the selected text' }).getByRole('button', { name: kind }).click();
}

async function openDoc(who: TestUser, docId: string, text?: string): Promise<Page> {
  const page = await openPage(await openContext(app, who), `/docs/${docId}`);
  await waitForSyncStatus(page, 'saved');
  if (text) await waitForText(page, text);
  await page.locator('.feed-live').waitFor();
  return page;
}

/** The reader's feed items that are mentions of them, as the feed words them. */
async function mentionsIn(who: TestUser): Promise<string[]> {
  const feed = await app.server.api('GET', '/api/feed', { as: who });
  expect(feed.status).toBe(200);
  return (feed.body.items as { needsYou: string | null; text: string }[]).filter((item) => item.needsYou === 'mention').map((item) => item.text);
}

describe('feedback you can trust', () => {
  it('an annotation needs a tag its author chose; without one it can go as a comment', async () => {
    const writer = await app.server.createUser('Wren Writer');
    const reviewer = await app.server.createUser('Peer Reviewer');
    const { docId } = await createTestDoc(app.server, [
      { member: writer, role: 'member' },
      { member: reviewer, role: 'reviewer' },
    ]);
    const writerPage = await openDoc(writer, docId);
    await typeAtEnd(writerPage, 'The sample boiled at 90 degrees. Water boils at 100 degrees.');
    await waitForSyncStatus(writerPage, 'saved');
    const page = await openDoc(reviewer, docId, 'Water boils');

    // No tag is chosen for the reviewer: sending asks for one, and nothing is posted.
    await startFeedback(page, '90 degrees', 'Annotate');
    const tag = page.getByRole('combobox', { name: 'Tag', exact: true });
    expect(await tag.inputValue()).toBe('');
    await page.getByRole('textbox', { name: 'Note (optional)' }).fill('At what altitude?');
    await page.getByRole('button', { name: 'Add annotation' }).click();
    await page.locator('.new-thread .field-error', { hasText: 'Choose a tag, or post it as a comment' }).waitFor();
    expect(await tag.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.threads-panel article').count()).toBe(0);

    // "No tag": the same words go as a plain comment.
    await page.getByRole('button', { name: 'No tag — post as a comment' }).click();
    await page.getByRole('heading', { name: 'New comment' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Comment' }).inputValue()).toBe('At what altitude?');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const comment = threadCard(page, 'At what altitude?');
    await comment.waitFor();
    expect(await comment.locator('.kind-badge').innerText()).toBe('Comment');

    // With a tag chosen, the annotation carries that tag and no other.
    await startFeedback(page, '100 degrees', 'Annotate');
    await page.getByRole('combobox', { name: 'Tag', exact: true }).selectOption({ label: 'Question' });
    await page.getByRole('button', { name: 'Add annotation' }).click();
    await page.locator('.threads-panel article .kind-badge', { hasText: 'Question' }).waitFor();
    const threads = await app.server.api('GET', `/api/docs/${docId}/threads`, { as: writer });
    expect(threads.body.threads.map((t: { kind: string; tag: { name: string } | null }) => [t.kind, t.tag?.name ?? null])).toEqual([
      ['comment', null],
      ['annotation', 'Question'],
    ]);

    // The header and each card keep their buttons on one line at the panel's width.
    const header = page.locator('.threads-head');
    const suggest = header.getByRole('button', { name: 'Suggest insertion' });
    const heading = await header.getByRole('heading', { name: 'Feedback' }).boundingBox();
    const button = await suggest.boundingBox();
    expect(button!.height).toBeLessThan(44);
    expect(Math.abs(button!.y + button!.height / 2 - (heading!.y + heading!.height / 2))).toBeLessThan(12);
    const row = threadCard(page, 'At what altitude?').locator('.thread-actions');
    const tops = await row.locator(':scope > button, :scope > .action-menu').evaluateAll((items) => items.map((item) => Math.round(item.getBoundingClientRect().top)));
    expect(tops.length).toBeGreaterThan(0);
    expect(new Set(tops).size).toBe(1);
    await screenshot(page, 'feedback-annotation-tag');
  });

  it('a mention typed by hand and one picked from the list both notify, shown as names while typing', async () => {
    const [ana, ben, chloe, other] = await Promise.all(
      ['Ana Writer', 'Ben Member', 'Chloe Member', 'Chloe Second'].map((name) => app.server.createUser(name)),
    );
    const { docId } = await createTestDoc(
      app.server,
      [ana!, ben!, chloe!, other!].map((member) => ({ member, role: 'member' as const })),
    );
    const page = await openDoc(ana!, docId);
    await typeAtEnd(page, 'Glaciers carve valleys over thousands of years.');
    await waitForSyncStatus(page, 'saved');

    // Typed by hand, without the list: the field marks it as a mention and says who will be told.
    await startFeedback(page, 'Glaciers', 'Comment');
    const field = page.getByRole('textbox', { name: 'Comment' });
    await field.pressSequentially('Typed: @Ben Member');
    await page.locator('.new-thread .mention-chip', { hasText: '@Ben Member' }).waitFor();
    await page.locator('.new-thread .mention-summary', { hasText: 'Will notify Ben Member.' }).waitFor();
    await field.pressSequentially(' please check. And @Chloe ');
    // A first name two members share names no one, and the field says so.
    await page.locator('.new-thread .mention-summary', { hasText: '“@Chloe” could be 2 people: choose one from the list.' }).waitFor();
    await field.press('Backspace');
    await field.pressSequentially('?');
    expect(await page.getByRole('listbox', { name: 'People to mention' }).count()).toBe(0);
    const sent = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith(`/api/docs/${docId}/threads`));
    await page.getByRole('button', { name: 'Post comment' }).click();
    // The server, not the page, turns the typed name into a mention: it was sent as typed.
    expect((await sent).postDataJSON().body).toBe('Typed: @Ben Member please check. And @Chloe?');
    const typed = threadCard(page, 'Typed:');
    await typed.waitFor();
    expect(await typed.locator('.mention').allInnerTexts()).toEqual(['@Ben Member']);

    // Picked from the list: the field shows the name, never the token it stands for.
    await startFeedback(page, 'valleys', 'Comment');
    await field.pressSequentially('Picked: @Chl');
    await page.getByRole('listbox', { name: 'People to mention' }).getByRole('option', { name: /Chloe Member/ }).waitFor();
    await field.press('Enter');
    await field.pressSequentially('what do you think?');
    expect(await field.inputValue()).toBe('Picked: @Chloe Member what do you think?');
    expect(await page.locator('.new-thread .mention-chip').allInnerTexts()).toEqual(['@Chloe Member']);
    await screenshot(page, 'feedback-mention-typing');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const picked = threadCard(page, 'Picked:');
    await picked.waitFor();
    expect(await picked.locator('.mention').allInnerTexts()).toEqual(['@Chloe Member']);

    // Both reach the person named, and no one else.
    expect(await mentionsIn(ben!)).toEqual([expect.stringContaining('“Typed: @Ben Member please check. And @Chloe?”')]);
    expect(await mentionsIn(chloe!)).toEqual([expect.stringContaining('“Picked: @Chloe Member what do you think?”')]);
    expect(await mentionsIn(other!)).toEqual([]);
    // Ben sees it as a mention of him in the document too.
    const benPage = await openDoc(ben!, docId, 'Glaciers');
    await threadCard(benPage, 'Typed:').locator('.mention.mention-you').waitFor();
  });

  it('a used single-use invite link shows as used, after the live ones, with nothing to copy', async () => {
    const teacher = await app.server.createUser('Tess Teacher');
    const student = await app.server.createUser('Sid Student');
    const { groupId } = await createTestDoc(app.server, [{ member: teacher, role: 'instructor' }]);
    const page = await openPage(await openContext(app, teacher), `/groups/${groupId}`);

    await page.getByLabel('Role for new link').selectOption('member');
    await page.getByRole('checkbox', { name: 'For one person only' }).check();
    await page.getByRole('button', { name: 'Create link' }).click();
    const link = page.getByRole('textbox', { name: 'Member invite link' });
    await link.waitFor();
    const code = (await link.inputValue()).split('/invite/')[1]!;
    expect((await app.server.api('POST', `/api/invites/${code}/accept`, { as: student })).status).toBe(200);

    // A new link for everyone; then the page as the teacher finds it later.
    await page.getByRole('checkbox', { name: 'For one person only' }).uncheck();
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.reload();
    const rows = page.locator('.invite-list > li');
    await rows.nth(1).waitFor();
    expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-state')))).toEqual(['live', 'used']);

    const used = page.getByRole('listitem', { name: 'Used member invite link' });
    await used.getByText('Used', { exact: true }).waitFor();
    expect(await used.innerText()).toContain('1 of 1 used');
    expect(await used.getByRole('button', { name: /Copy/ }).count()).toBe(0);
    expect(await used.getByRole('textbox').count()).toBe(0);
    expect(await used.innerText()).not.toContain(code);
    // The live link is the one offered, with its copy button.
    expect(await page.getByRole('button', { name: /Copy .* invite link/ }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Member invite link' }).inputValue()).not.toContain(code);
    await screenshot(page, 'invite-links');
  });
});
