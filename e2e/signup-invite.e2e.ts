import { describe, expect, it } from 'vitest';
import { openContext, openPage, screenshot, useApp } from './harness';

const app = useApp();

describe('sign-up and invitations through the pages', () => {
  it('an instructor signs up, creates a group and an invite link; a newcomer signs up from the link and joins', async () => {
    // The instructor signs up.
    // Signed out, `/` says what Commonplace is (first-run.e2e.ts); its Sign in leads to the form.
    const instructor = await openPage(await openContext(app), '/');
    await instructor.getByRole('link', { name: 'Sign in' }).first().click();
    await instructor.waitForURL('**/login');
    await screenshot(instructor, 'login');
    await instructor.getByRole('link', { name: 'Create an account' }).click();
    await instructor.getByLabel('Your name').fill('Mary Somerville');
    await instructor.getByLabel('Email').fill('mary@example.test');
    await instructor.getByLabel('Password').fill('short');
    await instructor.getByRole('button', { name: 'Create account' }).click();
    // The shared schema's rule, next to the field, before anything is sent.
    await instructor.getByText('At least 8 characters', { exact: true }).waitFor();
    await screenshot(instructor, 'signup');
    await instructor.getByLabel('Password').fill('a long enough password');
    await instructor.getByRole('button', { name: 'Create account' }).click();
    await instructor.getByRole('heading', { name: 'Hello, Mary' }).waitFor();

    // Creates a group (and lands on its page), then a project and a document from home.
    await instructor.getByRole('button', { name: 'New group' }).click();
    await instructor.getByLabel('Group name').fill('Astronomy 101');
    await instructor.getByRole('button', { name: 'Create group' }).click();
    await instructor.getByRole('heading', { name: 'Astronomy 101' }).waitFor();
    await instructor.getByRole('link', { name: 'Commonplace, home' }).click();
    await instructor.getByRole('button', { name: 'New project' }).click();
    await instructor.getByLabel('Project name').fill('Star charts');
    await instructor.getByRole('button', { name: 'Create project' }).click();
    await instructor.getByRole('heading', { name: 'Star charts' }).waitFor();
    await instructor.getByRole('button', { name: 'New document' }).click();
    await instructor.getByLabel('Document title').fill('Observation log');
    await instructor.getByRole('button', { name: 'Create document' }).click();
    await instructor.waitForURL('**/docs/*');
    await instructor.locator('.ProseMirror').waitFor();
    await instructor.getByRole('link', { name: 'Commonplace, home' }).click();
    await instructor.getByRole('link', { name: /Observation log/ }).waitFor();
    await screenshot(instructor, 'home');
    await instructor.setViewportSize({ width: 390, height: 844 });
    await screenshot(instructor, 'home-phone');
    await instructor.setViewportSize({ width: 1200, height: 750 });

    // Makes a member invite link on the group page.
    await instructor.getByRole('link', { name: 'Astronomy 101' }).click();
    await instructor.getByLabel('Role for new link').selectOption('member');
    await instructor.getByRole('button', { name: 'Create link' }).click();
    const link = instructor.getByRole('textbox', { name: 'Member invite link' });
    await link.waitFor();
    const inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${app.server.url}/invite/[a-z2-7]+$`));
    await screenshot(instructor, 'group');

    // A newcomer opens the link signed out, signs up from it, comes back, sees what it is for, joins.
    const newcomer = await openPage(await openContext(app), inviteUrl);
    await newcomer.getByRole('heading', { name: 'You are invited to a group on Commonplace' }).waitFor();
    await newcomer.getByRole('link', { name: 'Create an account' }).click();
    await newcomer.getByLabel('Your name').fill('Caroline Herschel');
    await newcomer.getByLabel('Email').fill('caroline@example.test');
    await newcomer.getByLabel('Password').fill('comets and nebulae');
    await newcomer.getByRole('button', { name: 'Create account' }).click();
    await newcomer.waitForURL('**/invite/*');
    await newcomer.getByRole('heading', { name: 'Join Astronomy 101' }).waitFor();
    await newcomer.getByText('You are invited as member').waitFor();
    await screenshot(newcomer, 'invite');
    await newcomer.getByRole('button', { name: 'Join Astronomy 101' }).click();
    await newcomer.getByRole('heading', { name: 'Hello, Caroline' }).waitFor();
    await newcomer.getByRole('link', { name: 'Astronomy 101' }).waitFor();
    await newcomer.getByRole('link', { name: /Observation log/ }).waitFor();
    // A member may create content but not manage members.
    await newcomer.getByRole('button', { name: 'New document' }).waitFor();

    // The instructor sees the new member with their role.
    await instructor.reload();
    const row = instructor.locator('.member', { hasText: 'Caroline Herschel' });
    await row.waitFor();
    expect(await row.getByLabel('Role of Caroline Herschel').inputValue()).toBe('member');

    // Signing out ends the session: home is the signed-out landing page again, and a group asks to sign in.
    await newcomer.getByRole('button', { name: 'Sign out' }).click();
    await newcomer.waitForURL('**/login');
    await newcomer.goto('/');
    await newcomer.getByRole('link', { name: 'Create an account' }).waitFor();
    expect(await newcomer.getByRole('heading', { name: 'Hello, Caroline' }).count()).toBe(0);
    // The instructor is on the group's page.
    await newcomer.goto(new URL(instructor.url()).pathname);
    await newcomer.waitForURL('**/login?next=*');
  });

  it('explains an unknown page and a document the visitor may not see, with a way forward', async () => {
    const outsider = await app.server.createUser('Outsider');
    const page = await openPage(await openContext(app, outsider), '/docs/aaaaaaaaaaaaaaaa');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await page.getByRole('link', { name: 'Go to your groups' }).waitFor();
    await page.goto('/no/such/page');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await screenshot(page, 'not-found');
  });
});
