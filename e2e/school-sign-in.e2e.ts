import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOpenIdProvider, type TestOpenIdProvider } from '../server/testing/test-openid-provider';
import { openContext, openPage, screenshot, useApp } from './harness';

/**
 * School sign-in through the pages, against a real OpenID provider in this
 * process: it answers its own login and consent with the account a test
 * sets, so the browser goes to it and comes back by redirects alone.
 */
let running: TestOpenIdProvider | undefined;
const school = () => {
  if (!running) throw new Error('The test provider starts in beforeAll.');
  return running;
};
// Registered before useApp's hooks: the provider listens before the app reads its address.
beforeAll(async () => {
  running = await startTestOpenIdProvider({ providerId: 'northfield', name: 'Northfield High' });
});
afterAll(async () => {
  await running?.close();
});
const app = useApp(() => ({ OIDC_PROVIDERS: JSON.stringify([school().config]) }));
beforeAll(() => {
  school().allowAppOrigin(app.server.url);
});

/** The signed-in account, as the page's own session sees it. */
const accountOf = (page: Page) => page.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { user: { id: string } }).user.id);

describe('school sign-in through the pages', () => {
  it('a learner signs in with the school, comes back to the same account, and cannot remove their only way in', async () => {
    school().setAccount({ sub: 'ada-1815', email: 'ada@northfield.test', email_verified: true, name: 'Ada Lovelace' });
    const page = await openPage(await openContext(app), '/login');
    const button = page.getByRole('link', { name: 'Sign in with Northfield High' });
    await button.waitFor();
    await screenshot(page, 'school-sign-in');
    await button.click();
    await page.getByRole('heading', { name: 'Hello, Ada' }).waitFor();
    const first = await accountOf(page);

    // Signing out and in again with the school finds the same account, not a new one.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('link', { name: 'Sign in with Northfield High' }).click();
    await page.getByRole('heading', { name: 'Hello, Ada' }).waitFor();
    expect(await accountOf(page)).toBe(first);

    // Settings show the school sign-in; with no password it is the only way in, so it stays.
    await page.getByRole('link', { name: 'Settings' }).click();
    const list = page.getByRole('list', { name: 'Linked sign-ins' });
    await list.getByText('ada@northfield.test').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(1);
    const remove = list.getByRole('button', { name: 'Remove Northfield High (ada@northfield.test)' });
    expect(await remove.isDisabled()).toBe(true);
    await page.getByText('This is your only way to sign in').waitFor();
    expect(await page.getByRole('heading', { name: 'Password' }).count()).toBe(0);
    await screenshot(page, 'settings-linked-sign-ins');
  });

  it('from an invite: a refused sign-in says why, and the next one comes back to the invite to join', async () => {
    const instructor = await app.server.createUser('Mary Somerville');
    const group = await app.server.api('POST', '/api/groups', { as: instructor, body: { name: 'Astronomy 101' } });
    const invite = await app.server.api('POST', `/api/groups/${group.body.group.id}/invites`, { as: instructor, body: { role: 'member' } });
    expect(invite.status).toBe(201);

    school().setAccount({ sub: 'caroline-1750', email: 'caroline@northfield.test', email_verified: true, name: 'Caroline Herschel' });
    const page = await openPage(await openContext(app), `/invite/${invite.body.invite.code}`);
    school().denyNext();
    await page.getByRole('link', { name: 'Sign in with Northfield High' }).click();
    await page.waitForURL('**/login?signInError=*');
    expect(await page.getByRole('alert').textContent()).toContain('Sign-in was cancelled at your school account');
    await screenshot(page, 'school-sign-in-refused');

    await page.goBack();
    await page.getByRole('link', { name: 'Sign in with Northfield High' }).click();
    await page.getByRole('heading', { name: 'Join Astronomy 101' }).waitFor();
    await page.getByRole('button', { name: 'Join Astronomy 101' }).click();
    await page.getByRole('heading', { name: 'Hello, Caroline' }).waitFor();
    await page.getByRole('link', { name: 'Astronomy 101' }).waitFor();
  });
});
