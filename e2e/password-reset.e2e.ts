import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMailServer, type TestMailServer } from '../server/testing/test-mail-server';
import { openContext, openPage, screenshot, useApp } from './harness';

// The mail server starts first, so the app's server can be told where it is.
let mail: TestMailServer;
beforeAll(async () => {
  mail = await startTestMailServer();
});
afterAll(async () => {
  await mail?.close();
});
const app = useApp(() => ({ SMTP_URL: mail.url }));

describe('password reset through the pages and a real mail', () => {
  it('someone who forgot their password asks for a link, opens it from the mail, chooses a new one and is home; the other device is signed out', async () => {
    const email = 'ada@example.test';
    const signup = await app.server.api('POST', '/api/auth/signup', { body: { email, password: 'the password I forgot', name: 'Ada' } });
    expect(signup.status).toBe(201);
    // Another device stays signed in until the reset.
    const laptopCookie = signup.headers.getSetCookie()[0]!.split(';')[0]!;

    const page = await openPage(await openContext(app), '/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByRole('heading', { name: 'Check your mail' }).waitFor();
    await screenshot(page, 'forgot-password-sent');

    const received = await mail.waitFor((m) => m.to.includes(email));
    const link = new RegExp(`${app.server.url}/reset-password/[a-z2-7]+`).exec(received.text)?.[0];
    expect(link, received.text).toBeTruthy();

    await page.goto(link!);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    // The page checked the link and names its account, for the person and for a password manager.
    await page.getByText(`For ${email}: it replaces the old password`).waitFor();
    expect(await page.locator('form input[autocomplete="username"]').inputValue()).toBe(email);
    await page.getByLabel('New password', { exact: true }).fill('a brand new password');
    await page.getByLabel('Repeat the new password').fill('a brand new password');
    await screenshot(page, 'reset-password');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByRole('heading', { name: 'Hello, Ada' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await app.server.api('GET', '/api/auth/me', { headers: { cookie: laptopCookie } })).status).toBe(401);

    // The link worked once: opened again, it says so at once and offers a new one, with no form to fill in vain.
    await page.goto(link!);
    await page.getByText('This reset link was used already.').waitFor();
    await page.getByRole('link', { name: 'Get a new link' }).waitFor();
    expect(await page.getByLabel('New password', { exact: true }).count()).toBe(0);
  });
});
