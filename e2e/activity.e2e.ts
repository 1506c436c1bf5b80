import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { anchorOnText } from '../server/features/activity/test-activity';
import { mentionToken } from '../shared/mentions';
import { connectStockClient, waitFor } from '../server/sync/test-clients';
import { createTestDoc, type TestUser } from '../server/testing/test-server';
import { openContext, openPage, screenshot, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

// Editing sessions end after 1.5 s without an edit (not 10 minutes), so that they reach the feed during the test.
const app = useApp({ EDIT_SESSION_GAP_MS: '1500' });

/** Comments on `text` of the document as `user`, through the API (as the threads panel would). */
async function comment(docId: string, user: TestUser, text: string, body: string): Promise<void> {
  const client = connectStockClient(app.server.url, docId, user);
  try {
    await client.synced;
    const response = await app.server.api('POST', `/api/docs/${docId}/threads`, {
      as: user,
      body: { kind: 'comment', body, anchor: anchorOnText(client.doc, text) },
    });
    expect(response.status).toBe(201);
  } finally {
    client.destroy();
  }
}

/** Opens the document and waits until the visit is recorded ("changes since your last visit" reads, then records). */
async function visit(context: BrowserContext, docId: string): Promise<Page> {
  const recorded = context.waitForEvent('response', (response) => response.url().endsWith(`/api/docs/${docId}/visit`) && response.ok());
  const page = await openPage(context, `/docs/${docId}`);
  await recorded;
  return page;
}

const digest = (page: Page) => page.locator('.activity-digest');

describe('while you were away', () => {
  it('B comes back to a digest of A’s editing and comments, sees new ones live, marks all read, and steps through the changes', async () => {
    const ines = await app.server.createUser('Ines Instructor');
    const ana = await app.server.createUser('Ana');
    const ben = await app.server.createUser('Ben');
    const { docId } = await createTestDoc(app.server, [
      { member: ines, role: 'instructor' },
      { member: ana, role: 'member' },
      { member: ben, role: 'member' },
    ]);
    expect((await app.server.api('PATCH', `/api/docs/${docId}`, { as: ines, body: { title: 'Final report' } })).status).toBe(200);

    // Ben has opened the document before, written a line, has read everything, and signs out.
    const benBefore = await openContext(app, ben);
    const benPage = await visit(benBefore, docId);
    await waitForSyncStatus(benPage, 'saved');
    await typeAtEnd(benPage, 'Ben drafted the outline.');
    await benPage.keyboard.press('Enter');
    await waitForSyncStatus(benPage, 'saved');
    await benBefore.close();
    expect((await app.server.api('POST', '/api/feed/seen', { as: ben, body: {} })).body).toEqual({ unread: 0 });

    // Ana writes two sections, then leaves (her editing session ends 1.5 s later).
    const anaContext = await openContext(app, ana);
    const anaPage = await openPage(anaContext, `/docs/${docId}`);
    await waitForSyncStatus(anaPage, 'saved');
    await typeAtEnd(anaPage, '## Methods');
    await anaPage.keyboard.press('Enter');
    await anaPage.keyboard.type('We sampled twelve schools in three regions.');
    await anaPage.keyboard.press('Enter');
    await anaPage.keyboard.type('## Results');
    await anaPage.keyboard.press('Enter');
    await anaPage.keyboard.type('Most schools improved their reading scores.');
    await waitForSyncStatus(anaPage, 'saved');
    expect(await anaPage.locator('.ProseMirror h2').allInnerTexts()).toEqual(['Methods', 'Results']);
    await anaContext.close();

    // …and comments, mentioning Ben.
    await comment(docId, ana, 'twelve schools', `${mentionToken(ben.user)} can you check the numbers?`);
    await waitFor(
      'Ana’s editing session in Ben’s feed',
      async () => {
        const { body } = await app.server.api('GET', '/api/feed', { as: ben });
        return body.items.some((item: { type: string }) => item.type === 'edit-session');
      },
      15_000,
    );

    // Ben signs in: the digest names Ana, the document and the sections; the mention comes first.
    const benContext = await openContext(app, ben);
    const home = await openPage(benContext, '/');
    const summary = digest(home).locator('.digest-summary');
    await summary.waitFor();
    const sentences = await summary.locator('p').allInnerTexts();
    // (The server counts the "##" of the heading shortcut, typed then replaced by the heading, as words added and removed.)
    expect(sentences[0]).toMatch(/^Ana edited Final report: \+\d+ words( and -\d+ words)?, in (Methods and Results|Results and Methods)\.$/);
    expect(sentences[1]).toBe('1 new comment, which mentions you.');
    const items = digest(home).locator('.feed-item');
    expect(await items.first().getAttribute('data-needs-you')).toBe('mention');
    expect(await items.first().innerText()).toContain('Mentions you');
    expect(await items.first().locator('a').innerText()).toContain('can you check the numbers?');
    expect(await items.first().locator('a').getAttribute('href')).toMatch(new RegExp(`^/docs/${docId}\\?thread=`));
    expect(await digest(home).locator('.unread-count').getAttribute('data-unread')).toBe('2');
    expect(await digest(home).locator('.unread-count').innerText()).toBe('2 unread');
    // The header's badge shows the same count.
    expect(await home.getByRole('link', { name: 'Activity: 2 unread' }).innerText()).toContain('2');
    // The editing session is listed under its document and links to its section.
    const editItem = digest(home).locator('.digest-place', { hasText: 'Final report' }).locator('[data-item-type="edit-session"] a');
    expect(await editItem.getAttribute('href')).toMatch(new RegExp(`^/docs/${docId}\\?section=(Methods|Results)$`));

    // A new comment by Ana arrives while Ben's page is open, marked new and announced.
    await home.locator('.activity-digest[data-live-status="live"]').waitFor();
    await comment(docId, ana, 'reading scores', 'Which test were the scores from?');
    const fresh = digest(home).locator('.feed-item-new', { hasText: 'Which test were the scores from?' });
    await fresh.waitFor();
    expect(await fresh.innerText()).toContain('New');
    await home.getByRole('status').filter({ hasText: 'New activity: ' }).waitFor({ state: 'attached' });
    await digest(home).locator('.unread-count[data-unread="3"]').waitFor();
    // The summary follows once the items stop arriving.
    await summary.locator('p', { hasText: '2 new comments, one mentions you.' }).waitFor();
    await screenshot(home, 'activity-digest');

    // "Mark all as read" empties the digest, here and on the server.
    await digest(home).getByRole('button', { name: 'Mark all as read' }).click();
    await digest(home).getByText('Nothing new since your last visit.').waitFor();
    expect(await digest(home).locator('.unread-count').innerText()).toBe('Nothing unread');
    expect(await home.getByRole('link', { name: /^Activity:/ }).count()).toBe(0);
    expect((await app.server.api('GET', '/api/feed', { as: ben })).body.unread).toBe(0);

    // The document offers what changed since Ben's last visit, to step through section by section.
    const doc = await visit(benContext, docId);
    await waitForText(doc, 'Most schools improved');
    const changes = doc.getByRole('region', { name: 'What changed since your last visit' });
    await changes.waitFor();
    // Ana's text is highlighted for Ben; his own line, written after his visit too, is not.
    const highlights = doc.locator('.ProseMirror .since-visit');
    await highlights.first().waitFor();
    const anaText = ['Methods', 'We sampled twelve schools in three regions.', 'Results', 'Most schools improved their reading scores.'];
    const highlighted = await highlights.allInnerTexts();
    for (const text of highlighted) expect(anaText.some((line) => line.includes(text))).toBe(true);
    // (Comment highlights on the same text split it into several elements.)
    expect(highlighted.join('')).toContain('Most schools improved their reading scores.');
    expect(await doc.locator('.ProseMirror p', { hasText: 'Ben drafted the outline.' }).count()).toBe(1);
    expect(await doc.locator('.ProseMirror p', { hasText: 'Ben drafted the outline.' }).locator('.since-visit').count()).toBe(0);
    const line = changes.locator('li', { hasText: 'Ana' });
    expect(await line.innerText()).toMatch(/^Ana \+\d+ words(, −\d+ words)? in (Methods, Results|Results, Methods) · /);
    await changes.getByRole('button', { name: 'Next change' }).click();
    await changes.getByRole('status').filter({ hasText: /^1 of 2: Ana in “(Methods|Results)”$/ }).waitFor();
    await changes.getByRole('button', { name: 'Next change' }).click();
    await changes.getByRole('status').filter({ hasText: /^2 of 2: Ana in / }).waitFor();
    expect(await changes.getByRole('button', { name: 'Next change' }).isDisabled()).toBe(true);
    // The section stepped to is on screen.
    const stepped = (await changes.getByRole('status').innerText()).match(/“(.+)”/)![1]!;
    await doc.waitForFunction((heading) => {
      const box = [...document.querySelectorAll('.ProseMirror h2')].find((h) => h.textContent?.includes(heading))?.getBoundingClientRect();
      return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
    }, stepped);
    await screenshot(doc, 'changes-since-visit');
    // Dismissing the banner clears the highlights.
    await changes.getByRole('button', { name: 'Dismiss' }).click();
    await highlights.first().waitFor({ state: 'detached' });

    // The visit was recorded: opening again shows no changes.
    await doc.reload();
    await waitForSyncStatus(doc, 'saved');
    await waitForText(doc, 'Most schools improved');
    expect(await doc.getByRole('region', { name: 'What changed since your last visit' }).count()).toBe(0);

    // On a phone the learner's own groups and documents come first, the digest after them.
    const phone = await openPage(await openContext(app, ben, { width: 390, height: 844 }), '/');
    await digest(phone).getByText('Nothing new since your last visit.').waitFor();
    const [digestBox, groupBox] = await Promise.all([digest(phone).boundingBox(), phone.locator('.group-card').first().boundingBox()]);
    expect(groupBox!.y).toBeLessThan(digestBox!.y);
    await screenshot(phone, 'activity-phone');
  });
});
