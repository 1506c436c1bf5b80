import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../server/features/auth/password';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, openContext, openPage, screenshot, selectText, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

const password = 'glacier lake password';
const sentence = 'Glaciers carve wide valleys, Lea wrote.';
const comment = 'Lea asks: how wide is wide?';

describe('a learner’s own data', () => {
  it('a learner downloads their data, then deletes their account; a teammate still sees their text, by “Former member”', async () => {
    const [ines, lea, tom] = await app.server.createUsers('Ines Instructor', 'Lea Learner', 'Tom Teammate');
    await app.server.domain.store.db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', lea.user.id).execute();
    const { docId } = await createTestDoc(app.server, [
      { member: ines, role: 'instructor' },
      { member: lea, role: 'member' },
      { member: tom, role: 'member' },
    ]);

    // Lea writes a sentence and comments on it.
    const leaPage = await openPage(await openContext(app, lea), `/docs/${docId}`);
    await waitForSyncStatus(leaPage, 'saved');
    await typeAtEnd(leaPage, sentence);
    await waitForSyncStatus(leaPage, 'saved');
    await leaPage.locator('.feed-live').waitFor({ state: 'attached' });
    await selectText(leaPage, 'wide valleys');
    await leaPage.getByRole('toolbar', { name: 'Feedback on the selected text' }).getByRole('button', { name: 'Comment' }).click();
    await leaPage.getByRole('textbox', { name: 'Comment' }).fill(comment);
    await leaPage.getByRole('button', { name: 'Post comment' }).click();
    await leaPage.locator('.threads-panel article').filter({ hasText: comment }).waitFor();

    // Her account page, from the header: the download holds her comment and her text.
    await leaPage.getByRole('link', { name: 'Your account' }).click();
    await leaPage.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
    await screenshot(leaPage, 'account-page');
    const [download] = await Promise.all([leaPage.waitForEvent('download'), leaPage.getByRole('link', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^commonplace-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = await JSZip.loadAsync(readFileSync((await download.path())!), { checkCRC32: true });
    const feedback = JSON.parse(await zip.file('feedback.json')!.async('string'));
    expect(feedback.threads).toEqual([expect.objectContaining({ body: comment })]);
    const ownText = zip.file(/\/your-text\.md$/);
    expect(ownText).toHaveLength(1);
    expect(await ownText[0]!.async('string')).toContain(sentence);
    expect(JSON.parse(await zip.file('account.json')!.async('string'))).toMatchObject({ name: 'Lea Learner', email: lea.user.email });

    // She deletes her account: the dialog says what goes and what stays, and asks for her password.
    await leaPage.getByRole('button', { name: 'Delete account…' }).click();
    const dialog = leaPage.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByText('Kept, as “Former member”').waitFor();
    await dialog.getByLabel('Your password').fill('not my password');
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await dialog.getByText('Not your current password').waitFor();
    await screenshot(leaPage, 'account-delete-dialog');
    await dialog.getByLabel('Your password').fill(password);
    await dialog.getByRole('button', { name: 'Delete my account' }).click();
    await leaPage.waitForURL('**/login');
    await leaPage.getByRole('status').filter({ hasText: 'Your account was deleted.' }).waitFor();
    expect((await app.server.api('GET', '/api/auth/me', { as: lea })).status).toBe(401);

    // Tom's page: her text and her comment stay, by "Former member".
    const tomPage = await openPage(await openContext(app, tom), `/docs/${docId}`);
    await waitForSyncStatus(tomPage, 'saved');
    await waitForText(tomPage, sentence);
    const card = tomPage.locator('.threads-panel article').filter({ hasText: comment });
    await card.getByText('Former member').first().waitFor();
    await tomPage.getByRole('button', { name: 'Show authorship' }).click();
    await tomPage.waitForFunction((id) => document.querySelector(`.ProseMirror .authored[data-author-id="${id}"]`) !== null, lea.user.id);
    expect((await editorOf(tomPage).locator(`.authored[data-author-id="${lea.user.id}"]`).allTextContents()).join('')).toBe(sentence);
    await tomPage.getByRole('list', { name: 'Authors of the text' }).getByText('Former member').waitFor();
    expect(await tomPage.locator('body').textContent()).not.toContain('Lea Learner');
    await screenshot(tomPage, 'account-deleted-former-member');
  });
});
