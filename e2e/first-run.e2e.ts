import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, openContext, openPage, screenshot, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

/** Signs up from the landing page at `/`, by clicks and form fields only. */
async function signUpFromLanding(page: Page, name: string, email: string): Promise<void> {
  await page.getByRole('heading', { name: 'Learn by making something together' }).waitFor();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.waitForURL('**/signup');
  // The sign-up page says what the product is, too.
  await page.getByText(/Commonplace is a real-time workspace for learning/).waitFor();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Hello, ${name.split(' ')[0]}` }).waitFor();
}

describe('the first run', () => {
  it('a learner starts a team project from an empty home and writes; a second joins with a pasted link; Share invites a third by email as reviewer', async () => {
    // A new learner finds what Commonplace is at `/`, signs up and starts a team project: no URL typed.
    const ada = await openPage(await openContext(app), '/');
    await ada.getByText(/Commonplace is a real-time workspace for learning/).waitFor();
    await screenshot(ada, 'landing');
    // On a phone the landing page fits the width.
    await ada.setViewportSize({ width: 390, height: 844 });
    expect(await ada.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(ada, 'landing-phone');
    await ada.setViewportSize({ width: 1200, height: 750 });
    await signUpFromLanding(ada, 'Ada Learner', 'ada@example.test');
    const start = ada.getByRole('region', { name: 'Start a team project' });
    await start.getByLabel('Team or class').fill('Team Otter');
    await start.getByLabel('Project').fill('Lab report');
    await start.getByLabel('First document').fill('Draft one');
    await screenshot(ada, 'home-first-run');
    await start.getByRole('button', { name: 'Start writing' }).click();
    await ada.waitForURL('**/docs/*');
    const docPath = new URL(ada.url()).pathname;
    await waitForSyncStatus(ada, 'saved');
    await typeAtEnd(ada, 'Our hypothesis is that otters share.');
    await waitForText(ada, 'Our hypothesis is that otters share.');
    await waitForSyncStatus(ada, 'saved');

    // Share on the document page: a dialog that holds focus and makes a member link.
    const shareButton = ada.getByRole('button', { name: 'Share' });
    await shareButton.click();
    const dialog = ada.getByRole('dialog', { name: 'Share “Draft one”' });
    await dialog.waitFor();
    for (let i = 0; i < 12; i++) {
      await ada.keyboard.press('Tab');
      expect(await ada.evaluate(() => document.activeElement?.closest('dialog') != null)).toBe(true);
    }
    await dialog.getByLabel('Role for new link').selectOption('member');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = dialog.getByRole('textbox', { name: 'Member invite link' });
    await link.waitFor();
    const inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${app.server.url}/invite/[a-z2-7]+$`));
    // Escape closes it and gives focus back to the Share button.
    await ada.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await shareButton.evaluate((button) => button === document.activeElement)).toBe(true);

    // A second learner signs up and pastes the link into "Join with an invite link" on home.
    const ben = await openPage(await openContext(app), '/');
    await signUpFromLanding(ben, 'Ben Learner', 'ben@example.test');
    const join = ben.getByRole('region', { name: 'Join with an invite link' });
    // A paste that is not an invite says so, beside the field, and joins nothing.
    await join.getByLabel('Invite link or code').fill(`${app.server.url}/docs/not-an-invite`);
    await join.getByRole('button', { name: 'Join' }).click();
    await join.getByText('That is not an invite link.', { exact: false }).waitFor();
    await join.getByLabel('Invite link or code').fill(`  ${inviteUrl} `);
    await join.getByRole('button', { name: 'Join' }).click();
    await ben.waitForURL(`**${docPath}`);
    await waitForText(ben, 'Our hypothesis is that otters share.');
    expect(await editorOf(ben).getAttribute('aria-readonly')).toBe('false');

    // Share invites a third person, who has an account already, by email as reviewer.
    const theo = await app.server.createUser('Theo Third');
    await shareButton.click();
    await dialog.waitFor();
    await dialog.getByLabel('Email', { exact: true }).fill('not an address');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    await dialog.getByText('Enter a valid email address').waitFor();
    await dialog.getByLabel('Email', { exact: true }).fill(theo.user.email);
    await dialog.getByLabel('Role', { exact: true }).selectOption('reviewer');
    await dialog.getByRole('button', { name: 'Invite', exact: true }).click();
    const invited = dialog.getByRole('list', { name: 'Invited' });
    await invited.getByText(/Added Theo Third .* as reviewer/).waitFor();
    await invited.getByText(/see it on their home page next time they sign in/).waitFor();
    await screenshot(ada, 'share');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The third finds the group on their home and reads the document, without editing it.
    const theoPage = await openPage(await openContext(app, theo), '/');
    await theoPage.getByRole('link', { name: 'Team Otter' }).waitFor();
    await theoPage.getByRole('link', { name: /^Draft one/ }).click();
    await theoPage.waitForURL(`**${docPath}`);
    await waitForText(theoPage, 'Our hypothesis is that otters share.');
    await theoPage.getByText('Read-only.').waitFor();
    expect(await editorOf(theoPage).getAttribute('aria-readonly')).toBe('true');
  });

  it('someone who never signed in opens a document link a teammate sent: asked to sign in, not told a session ended, nothing of the page read', async () => {
    const owner = await app.server.createUser('Olive Owner');
    const { docId } = await createTestDoc(app.server, [{ member: owner, role: 'instructor' }]);
    for (const [path, shown] of [
      [`/docs/${docId}`, (page: Page) => page.getByRole('button', { name: 'Sign in' })],
      ['/', (page: Page) => page.getByRole('heading', { name: 'Learn by making something together' })],
    ] as const) {
      const context = await openContext(app);
      const read: string[] = [];
      context.on('request', (request) => {
        const { pathname } = new URL(request.url());
        if (pathname.startsWith('/api/')) read.push(pathname);
      });
      const page = await openPage(context, path);
      await shown(page).waitFor();
      await page.waitForLoadState('networkidle');
      // Nothing said of a session: there was none.
      expect(await page.getByText(/session ended/i).count()).toBe(0);
      // Only who is signed in (no one) and how one may sign in were asked: no document, no feedback, no home.
      expect(read.length).toBeGreaterThan(0);
      expect(read.filter((asked) => !asked.startsWith('/api/auth/'))).toEqual([]);
      await context.close();
    }
  });
});
